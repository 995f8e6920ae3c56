"""User-supplied metadata (`--metadata FILE.csv`) attached to files by path or basename."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from onrecord.ingest.dates import normalize_date
from onrecord.ingest.decode import IngestError
from onrecord.models import Document

COLUMNS = ("path", "published", "outlet", "url", "title", "author")


@dataclass
class Metadata:
    base: Path
    by_path: dict[Path, dict[str, str]] = field(default_factory=dict)
    by_name: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def lookup(self, path: Path) -> dict[str, str] | None:
        row = self.by_path.get(path.resolve())
        if row is not None:
            return row
        rows = self.by_name.get(path.name)
        if rows and len(rows) == 1:
            return rows[0]
        return None

    def apply(self, doc: Document, path: Path) -> Document:
        row = self.lookup(path)
        if row is None:
            return doc
        if row.get("published"):
            value = normalize_date(row["published"])
            if value:
                doc.published, doc.published_from = value, "metadata"
            else:
                doc.notes.append(f"metadata date {row['published']!r} is not a full date; ignored")
        for col, attr in (
            ("outlet", "outlet"),
            ("url", "url"),
            ("title", "title"),
            ("author", "byline"),
        ):
            if row.get(col):
                setattr(doc, attr, row[col].strip())
        return doc


def load_metadata(csv_path: str | Path) -> Metadata:
    path = Path(csv_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"cannot read metadata file {path}: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "path" not in fields:
        raise IngestError(f"metadata file {path} needs a 'path' column (has: {', '.join(fields)})")
    meta = Metadata(base=path.parent.resolve())
    for row in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        rel = clean.get("path")
        if not rel:
            continue
        meta.by_path[(meta.base / rel).resolve()] = clean
        meta.by_name.setdefault(Path(rel).name, []).append(clean)
    unknown = [f for f in fields if f not in COLUMNS]
    if unknown:
        meta.warnings.append(f"metadata columns ignored: {', '.join(unknown)}")
    return meta
