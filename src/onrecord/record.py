"""The Python API: ``Record(db).ingest(paths)``, ``.analyze()``, ``.link()``. The CLI mirrors it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord.ingest import DEFAULT_MAX_BYTES, iter_documents, skipped_extension
from onrecord.ingest.decode import IngestError
from onrecord.ingest.metadata import Metadata, load_metadata
from onrecord.models import Document, Failure
from onrecord.store import SQLiteStore, open_store

BATCH_SIZE = 64


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # files a folder walk passed over
    analyzed: int = 0
    linked: dict[str, int] = field(default_factory=dict)
    indexed: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "analyzed": self.analyzed,
            "linked": self.linked,
            "indexed": self.indexed,
            "failures": self.failures,
            "duplicates": self.duplicates,
            "notes": self.notes,
            "skipped": self.skipped,
            "skipped_by_extension": self.skipped_by_extension(),
        }

    def skipped_by_extension(self) -> dict[str, int]:
        """How many skipped files per extension ("(none)" without one), most first."""
        counts = Counter(skipped_extension(s["source"]) for s in self.skipped)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


Progress = Callable[[str, int], None]  # (event, amount): "source" per input, "analyzed" per doc


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Record:
    def __init__(self, db: str | os.PathLike[str] | None = None, store: SQLiteStore | None = None):
        self.store = store or open_store(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Record:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str],
        *,
        metadata: str | os.PathLike[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        allow_private: bool = False,
        timeout: float = 20.0,
        follow_symlinks: bool = False,
        analyze: bool = True,
        workers: int = 1,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Read sources into the store (a transaction per batch), then analyse and link."""
        report = IngestReport()
        meta: Metadata | None = None
        skip: set[Path] = set()
        if metadata is not None:
            meta = load_metadata(metadata)
            skip.add(Path(metadata).resolve())
            report.notes.extend({"source": str(metadata), "note": w} for w in meta.warnings)
        items = iter_documents(
            paths,
            metadata=meta,
            max_bytes=max_bytes,
            allow_private=allow_private,
            timeout=timeout,
            skip=skip,
            follow_symlinks=follow_symlinks,
            on_skip=lambda source, reason: report.skipped.append(
                {"source": source, "reason": reason}
            ),
        )
        for batch in _batched(self._guarded(items), BATCH_SIZE):
            docs = [i for i in batch if isinstance(i, Document)]
            for item in batch:
                if isinstance(item, Failure):
                    report.failed += 1
                    report.failures.append({"source": item.source, "reason": item.reason})
                    self.store.record_failure(item.source, item.reason)
                else:
                    for note in item.notes:
                        self._note(report, item.source, note)
            for res in self.store.add_documents(docs):
                if res.status == "new":
                    report.new += 1
                else:
                    report.duplicate += 1
                    report.duplicates.append(
                        {
                            "source": res.source,
                            "document_id": str(res.document_id),
                            "same_as": res.duplicate_source or "",
                            "status": res.status,
                        }
                    )
            if progress:
                progress("source", len(batch))
        if analyze:
            report.analyzed = self.analyze(workers=workers, progress=progress)
            report.linked = self.link()
            # vectors are computed once, here, for new rows only; searches never embed the corpus
            report.indexed = self.index(progress=progress)
        return report

    @staticmethod
    def _note(report: IngestReport, source: str, note: str) -> None:
        # A field mapping repeats for every file of an export: say it once, with a count.
        if note.startswith("fields used"):
            for existing in report.notes:
                if existing["note"] == note:
                    existing["count"] = str(int(existing.get("count", "1")) + 1)
                    return
        report.notes.append({"source": source, "note": note})

    @staticmethod
    def _guarded(items: Iterator[Document | Failure]) -> Iterator[Document | Failure]:
        """A reader bug on one input must not end the run: report it and go on."""
        while True:
            try:
                item = next(items)
            except StopIteration:
                return
            except IngestError as exc:
                yield Failure("?", str(exc))
                continue
            yield item

    def analyze(self, *, workers: int = 1, progress: Progress | None = None) -> int:
        """Run the NLP pass over every document without a current analysis."""
        from onrecord.nlp.analyze import ANALYSIS_VERSION, AnalysisInput, analyze_stream

        pending = self.store.pending_analysis(ANALYSIS_VERSION)
        if not pending:
            return 0
        inputs = [AnalysisInput(r["id"], r["text"], r["published"]) for r in pending]
        done = 0
        for results in analyze_stream(_batched(inputs, 16), workers=workers):
            # one transaction per batch: an interrupted run resumes where it stopped
            self.store.save_analyses(results, ANALYSIS_VERSION)
            done += len(results)
            if progress:
                progress("analyzed", len(results))
        return done

    def index(self, *, progress: Progress | None = None) -> dict[str, int]:
        """Bring the search index (FTS rows, sentence vectors, HNSW files) up to date."""
        from onrecord.search import update_index

        return update_index(self.store, progress)

    def link(self) -> dict[str, int]:
        from onrecord.link.run import link_corpus

        return link_corpus(self.store)
