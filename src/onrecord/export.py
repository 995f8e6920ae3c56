"""Export the whole record: JSON (one object), JSONL, CSV or Parquet.

Rows are ready for analysis without a join: a quote carries its article's outlet, url, title and
publication date. Dates are stored at the precision the source gave ("2024", "2024-12",
"2024-12-03"), and each date column has a ``*_precision`` twin (year, month, day) so that a
month-precise date is not mistaken for the first of the month. Parquet keeps lists as list
types (aliases, roles, donors, document ids); CSV, which has no lists, holds them as JSON text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from onrecord import __version__, queries
from onrecord.store.base import Store

TABLES = ("documents", "entities", "quotes", "stories", "pledges", "corrections")


def collect(store: Store, *, with_text: bool = False) -> dict[str, list[dict[str, Any]]]:
    return {
        "documents": [
            _with_precision(d, "published") for d in queries.documents(store, with_text=with_text)
        ],
        "entities": queries.entities(store),
        "quotes": [_public_quote(q) for q in queries.quotes(store)],
        "stories": [
            _with_precision(s, "first_published", "last_published") for s in queries.stories(store)
        ],
        "pledges": [_public_pledge(p) for p in queries.pledges(store)],
        "corrections": store.corrections(),  # the user's people corrections, replayed at link
    }


_PRECISION = {4: "year", 7: "month", 10: "day"}


def precision(date: str | None) -> str | None:
    """The precision of a stored ISO date: "year", "month" or "day"; None without a date."""
    if not date:
        return None
    return _PRECISION.get(len(date), "day")


def _with_precision(row: dict[str, Any], *columns: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        out[k] = v
        if k in columns:
            out[f"{k}_precision"] = precision(v)
    return out


def _public_quote(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "document_id", "text", "kind", "speaker", "speaker_id", "speaker_type",
            "speaker_mention", "speaker_confidence", "speaker_evidence",
            "speaker_evidence_document", "cue", "start", "end", "said_on", "said_on_from",
            "group_id", "outlet", "url")  # fmt: skip
    row = {k: q[k] for k in keys}
    row["title"] = q["document_title"]
    row["published"] = q["published"]
    return _with_precision(row, "said_on", "published")


def _public_pledge(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "document_id", "donors", "recipient", "amount", "currency", "qualifier",
            "program", "purpose", "period", "status", "said_on", "speaker", "start", "end",
            "group_id", "text", "outlet", "kind", "quantity", "unit", "announced_by")  # fmt: skip
    row = {k: p[k] for k in keys}
    row["title"] = p["document_title"]
    return _with_precision(row, "said_on")


def to_json(store: Store, *, with_text: bool = False) -> str:
    data: dict[str, Any] = {"onrecord": __version__, **collect(store, with_text=with_text)}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_jsonl(store: Store, *, with_text: bool = False) -> str:
    lines = []
    for table, rows in collect(store, with_text=with_text).items():
        kind = table[:-1] if table != "entities" else "entity"
        lines.extend(json.dumps({"type": kind, **row}, ensure_ascii=False) for row in rows)
    return "\n".join(lines) + ("\n" if lines else "")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in row.items()
    }


def table_to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(_flat(r) for r in rows)
    return buf.getvalue()


# list columns whose item type is known even when every list in a small record is empty
# (pyarrow would infer list<null> from those)
_LIST_TYPES = {"aliases": "string", "donors": "string", "document_ids": "int64"}


def _null_column_type(name: str) -> Any:
    import pyarrow as pa

    if name in ("id", "duplicate_of", "start", "end", "chars", "speaker_evidence_document"):
        return pa.int64()
    if name.endswith("_id"):
        return pa.int64()
    if name in ("amount", "speaker_confidence"):
        return pa.float64()
    return pa.string()


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """Lists stay lists (list<string>, list<int64>, list<struct> for roles and sources);
    a free-form dict (none today) would be stored as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def cell(v: Any) -> Any:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v

    data = [{k: cell(v) for k, v in r.items()} for r in rows]
    if not data:
        pq.write_table(pa.table({}), path)
        return
    table = pa.Table.from_pylist(data)
    fields = []
    for f in table.schema:
        item = _LIST_TYPES.get(f.name)
        if item is not None and pa.types.is_list(f.type):
            f = pa.field(f.name, pa.list_(pa.string() if item == "string" else pa.int64()))
        elif f.name == "sources" and pa.types.is_list(f.type):
            keys = ("source", "outlet", "url", "published", "published_from")
            f = pa.field(f.name, pa.list_(pa.struct([(k, pa.string()) for k in keys])))
        elif pa.types.is_null(f.type):
            # a column empty in this record (no urls yet) keeps the type it has in others
            f = pa.field(f.name, _null_column_type(f.name))
        fields.append(f)
    pq.write_table(table.cast(pa.schema(fields)), path)


def write_tables(store: Store, fmt: str, out_dir: Path, *, with_text: bool = False) -> list[Path]:
    """CSV/Parquet: one file per table in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in collect(store, with_text=with_text).items():
        path = out_dir / f"{table}.{fmt}"
        if fmt == "csv":
            path.write_text(table_to_csv(rows), encoding="utf-8")
        else:
            write_parquet(rows, path)
        written.append(path)
    return written
