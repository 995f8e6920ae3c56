"""Export the whole record: JSON (one object), JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from onrecord import __version__, queries
from onrecord.store import SQLiteStore

TABLES = ("documents", "entities", "quotes", "stories", "pledges", "corrections")


def collect(store: SQLiteStore, *, with_text: bool = False) -> dict[str, list[dict[str, Any]]]:
    return {
        "documents": queries.documents(store, with_text=with_text),
        "entities": queries.entities(store),
        "quotes": [_public_quote(q) for q in queries.quotes(store)],
        "stories": queries.stories(store),
        "pledges": [_public_pledge(p) for p in queries.pledges(store)],
        "corrections": store.corrections(),  # the user's people corrections, replayed at link
    }


def _public_quote(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "document_id", "text", "kind", "speaker", "speaker_id", "speaker_mention", "cue",
            "start", "end", "said_on", "said_on_from", "group_id")  # fmt: skip
    return {k: q[k] for k in keys}


def _public_pledge(p: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "document_id", "donors", "recipient", "amount", "currency", "qualifier",
            "program", "purpose", "period", "status", "said_on", "speaker", "start", "end",
            "group_id", "text")  # fmt: skip
    return {k: p[k] for k in keys}


def to_json(store: SQLiteStore, *, with_text: bool = False) -> str:
    data: dict[str, Any] = {"onrecord": __version__, **collect(store, with_text=with_text)}
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_jsonl(store: SQLiteStore, *, with_text: bool = False) -> str:
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


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([_flat(r) for r in rows]), path)


def write_tables(
    store: SQLiteStore, fmt: str, out_dir: Path, *, with_text: bool = False
) -> list[Path]:
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
