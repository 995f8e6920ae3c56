"""The rows one analysis becomes, shared by every backend's write path.

SQLite inserts them with ``executemany`` and PostgreSQL streams them with COPY, but the columns
and the values must be the same on both (parity compares the records), so they are written
down once here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from onrecord.models import Analysis

MENTION_COLUMNS = ("document_id", "idx", "start", "end", "text", "label", "person")
QUOTE_COLUMNS = (
    "document_id",
    "idx",
    "text",
    "kind",
    "speaker",
    "speaker_mention",
    "speaker_person",
    "cue",
    "start",
    "end",
    "said_on",
    "said_on_from",
    "speaker_type",
    "speaker_evidence",
    "speaker_confidence",
)
PLEDGE_COLUMNS = (
    "document_id",
    "idx",
    "text",
    "donors",
    "recipient",
    "amount",
    "currency",
    "qualifier",
    "program",
    "purpose",
    "period",
    "status",
    "said_on",
    "speaker",
    "speaker_person",
    "start",
    "end",
    "kind",
    "quantity",
    "unit",
    "announced_by",
)

Items = Iterable[tuple[int, Analysis]]


def column_list(columns: Sequence[str]) -> str:
    """``a, b, "end"``: ``end`` is a keyword in both dialects."""
    return ", ".join(f'"{c}"' if c == "end" else c for c in columns)


def insert_sql(table: str, columns: Sequence[str]) -> str:
    return (
        f"INSERT INTO {table} ({column_list(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )


def mention_rows(items: Items) -> Iterator[tuple[Any, ...]]:
    for doc_id, a in items:
        for i, m in enumerate(a.mentions):
            yield (doc_id, i, m.start, m.end, m.text, m.label, m.cluster)


def quote_rows(items: Items) -> Iterator[tuple[Any, ...]]:
    for doc_id, a in items:
        for i, q in enumerate(a.quotes):
            yield (
                doc_id,
                i,
                q.text,
                q.kind,
                q.speaker,
                q.speaker_mention,
                q.speaker_cluster,
                q.cue,
                q.start,
                q.end,
                q.said_on,
                q.said_on_from,
                q.speaker_type,
                q.speaker_evidence,
                q.speaker_confidence,
            )


def pledge_rows(items: Items) -> Iterator[tuple[Any, ...]]:
    for doc_id, a in items:
        for i, p in enumerate(a.pledges):
            yield (
                doc_id,
                i,
                p.text,
                json.dumps(p.donors, ensure_ascii=False),
                p.recipient,
                p.amount,
                p.currency,
                p.qualifier,
                p.program,
                p.purpose,
                p.period,
                p.status,
                p.said_on,
                p.speaker,
                p.speaker_cluster,
                p.start,
                p.end,
                p.kind,
                p.quantity,
                p.unit,
                p.announced_by,
            )


# (table, columns, rows) in the order both backends write them
ANALYSIS_TABLES = (
    ("mentions", MENTION_COLUMNS, mention_rows),
    ("quotes", QUOTE_COLUMNS, quote_rows),
    ("pledges", PLEDGE_COLUMNS, pledge_rows),
)
