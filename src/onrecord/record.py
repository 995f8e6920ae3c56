"""The Python API, which the CLI mirrors (as sqlite-utils does): writes (``ingest``, ``analyze``,
``link``, ``index``) and reads (``quotes``, ``people``, ``pledges``, ``stories``, ``search``,
``timeline``). Each read returns the same dicts as the matching ``onrecord ... --json``, because
the CLI calls these methods, so an analysis in a notebook sees exactly what the command showed.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onrecord import queries
from onrecord.ingest import DEFAULT_MAX_BYTES, iter_documents, skipped_extension, walk
from onrecord.ingest.decode import IngestError
from onrecord.ingest.metadata import Metadata, load_metadata
from onrecord.models import Document, Failure
from onrecord.store import open_store
from onrecord.store.base import Store

BATCH_SIZE = 64
# A claim on a batch of documents older than this is another run's to take: the claiming run
# was killed (a live run renews its claims after every batch it saves).
CLAIM_LEASE_SECONDS = 15 * 60


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


# (event, amount): "source" per input read, "analyzed" per document, "linking" when the corpus
# pass starts and ends, "indexing" when the index update starts, "embedded" per row embedded.
# A callable may also take ``total=`` (the phase's expected amount), sent once when it is known.
Progress = Callable[..., None]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _report(progress: Progress | None, event: str, n: int, total: int | None = None) -> None:
    if progress is None:
        return
    if total is None:
        progress(event, n)
        return
    try:
        progress(event, n, total=total)
    except TypeError:  # a plain (event, n) callback
        progress(event, n)


class Record:
    """``Record(db)`` opens (or creates) the record; ``readonly=True`` only reads an existing one."""

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        store: Store | None = None,
        *,
        readonly: bool = False,
    ):
        self.store = store or open_store(db, readonly=readonly)
        # what the last analyze() could not do in full, per document (also in `failures`)
        self.analysis_notes: list[dict[str, str]] = []

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
        cluster: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Read sources into the store (a transaction per batch), then analyse and link.
        ``cluster``: a Dask scheduler address (``tcp://HOST:PORT``) to analyse on, instead
        of ``workers`` local processes."""
        if cluster and analyze:
            from onrecord.cluster import check_address

            cluster = check_address(cluster)  # a typo fails before anything is read
        report = IngestReport()
        meta: Metadata | None = None
        skip: set[Path] = set()
        if metadata is not None:
            meta = load_metadata(metadata)
            skip.add(Path(metadata).resolve())
            report.notes.extend({"source": str(metadata), "note": w} for w in meta.warnings)
        paths = list(paths)
        if progress is not None:
            # one file is one article in most corpora: the file count is the reading total
            # (the bar drops it if files hold more documents than that)
            _report(
                progress,
                "source",
                0,
                total=sum(1 for _ in walk(paths, skip=skip, follow_symlinks=follow_symlinks)),
            )
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
            report.analyzed = self.analyze(workers=workers, cluster=cluster, progress=progress)
            report.notes.extend(self.analysis_notes)
            report.linked = self.link(progress=progress)
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

    def analyze(
        self, *, workers: int = 1, cluster: str | None = None, progress: Progress | None = None
    ) -> int:
        """Run the NLP pass over every document without a current analysis: in ``workers``
        local processes, or on the Dask cluster at ``cluster`` (``tcp://HOST:PORT``;
        ``onrecord.cluster.ClusterError`` when it cannot be used).

        Work is claimed a batch at a time (a lease in the store), so two runs on one database
        split the documents instead of both analysing all of them. A document whose analysis
        fails is recorded in `failures` and not claimed again for this analysis version."""
        from onrecord.nlp.analyze import ANALYSIS_VERSION, Failed, analyze_stream

        host = socket.gethostname()
        claimant = f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        if cluster:
            from onrecord.cluster import check_address

            cluster = check_address(cluster)  # a typo fails before any work is claimed
        for other in self.store.claimants():
            # a run on this machine that no longer exists (killed): its claims need no lease
            # to expire before they are taken over
            other_host, _, rest = other.partition(":")
            pid = rest.partition(":")[0]
            if other_host == host and pid.isdigit() and not _alive(int(pid)):
                self.store.release_claims(other)
        self.analysis_notes = []
        _report(progress, "analyzed", 0, total=self.store.count_pending(ANALYSIS_VERSION))
        done = 0
        try:
            batches = self._claimed_batches(claimant)
            for results in analyze_stream(batches, workers=workers, cluster=cluster):
                ok = [(i, a) for i, a in results if not isinstance(a, Failed)]
                # one transaction per batch: an interrupted run resumes where it stopped
                self.store.save_analyses(ok, ANALYSIS_VERSION)
                for i, a in results:
                    if isinstance(a, Failed):
                        self.store.record_analysis_failure(i, a.reason, ANALYSIS_VERSION)
                        self.analysis_notes.append(self._about(i, f"analysis failed: {a.reason}"))
                    else:
                        self.analysis_notes.extend(self._about(i, note) for note in a.notes)
                self.store.renew_claims(claimant)
                done += len(ok)
                if progress:
                    progress("analyzed", len(results))
        finally:
            self.store.release_claims(claimant)
        return done

    def _about(self, doc_id: int, note: str) -> dict[str, str]:
        doc = self.store.get_document(doc_id)
        return {"source": doc["source"] if doc else f"document {doc_id}", "note": note}

    def _claimed_batches(self, claimant: str, size: int = 16) -> Iterator[list[Any]]:
        from onrecord.nlp.analyze import ANALYSIS_VERSION, AnalysisInput

        after = 0
        while True:
            rows = self.store.claim_pending(
                ANALYSIS_VERSION, claimant, size, CLAIM_LEASE_SECONDS, after
            )
            if not rows and after:
                # once more from the start: leases that went stale behind us (a killed run's)
                after = 0
                continue
            if not rows:
                return
            after = rows[-1]["id"]
            yield [AnalysisInput(r["id"], r["text"], r["published"]) for r in rows]

    def index(self, *, progress: Progress | None = None) -> dict[str, int]:
        """Bring the search index (FTS rows, sentence vectors, HNSW files) up to date."""
        from onrecord.search import update_index

        _report(progress, "indexing", 0)
        return update_index(self.store, progress)

    def link(self, *, progress: Progress | None = None) -> dict[str, int]:
        from onrecord.link.run import link_corpus

        _report(progress, "linking", 0, total=1)
        linked = link_corpus(self.store)
        _report(progress, "linking", 1)
        return linked

    # ---- reads: the same dicts as the CLI's --json ----

    def quotes(
        self,
        *,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotes, earliest first. ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD (ValueError
        otherwise); an unknown ``speaker`` raises ``queries.UnknownPerson`` with suggestions."""
        lo, hi = date_bounds(since, until)
        ids = queries.check_person(self.store, speaker) if speaker else None
        return queries.quotes(
            self.store,
            speaker=speaker,
            speaker_ids=ids,
            since=lo,
            until=hi,
            kind=kind,
            outlet=outlet,
            limit=limit,
            offset=offset,
        )

    def people(self, *, type: str | None = "PERSON") -> list[dict[str, Any]]:
        """Canonical people (``type=None``: every entity) with aliases and roles over time."""
        return queries.entities(self.store, type=type.upper() if type else None)

    def pledges(
        self, *, donor: str | None = None, recipient: str | None = None, by: str | None = None
    ) -> list[dict[str, Any]]:
        """The ledger of commitments; ``by="donor"`` summarises per donor."""
        rows = queries.pledges(self.store, donor=donor, recipient=recipient)
        if by is None:
            return rows
        if by != "donor":
            raise ValueError('by must be "donor" or None')
        from onrecord.ledger import by_donor

        return by_donor(rows)

    def stories(self) -> list[dict[str, Any]]:
        """Stories (documents about one event), latest first."""
        return queries.stories(self.store)

    def search(
        self,
        q: str,
        *,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        kind: str | None = None,
        limit: int = 10,
        mode: str = "hybrid",
    ) -> list[dict[str, Any]]:
        """Hybrid search with citations (``search.QueryError`` for an empty or bad query)."""
        from onrecord.search import search

        lo, hi = date_bounds(since, until)
        if speaker:  # search resolves the name with the cached index: build it once
            queries.check_person(self.store, speaker, cached=True)
        hits = search(
            self.store,
            q,
            speaker=speaker,
            since=lo,
            until=hi,
            outlet=outlet,
            kind=kind,
            limit=limit,
            mode=mode,
        )
        return [h.to_dict() for h in hits]

    def timeline(self, speaker: str, topic: str | None = None) -> dict[str, Any]:
        """A person's statements in date order, copies folded, stance shifts on ``topic``."""
        from onrecord.timeline import timeline

        queries.check_person(self.store, speaker, cached=True)
        return timeline(self.store, speaker, topic).to_dict()


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Checked ``since``/``until`` (see ``queries.parse_date_bound``); ValueError when bad or
    when ``since`` is after ``until``."""
    lo = queries.parse_date_bound(since, end=False) if since else None
    hi = queries.parse_date_bound(until, end=True) if until else None
    if lo and hi and lo > hi:
        raise ValueError(f"since {since} is after until {until}")
    return lo, hi
