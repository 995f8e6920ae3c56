"""The search index step and the per-database cache of the vector index.

FTS5 tables follow the data through triggers; what needs a step is embedding new rows,
sentence rows for documents stored without analysis, and the HNSW files (onrecord.vectors).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from onrecord.store import SQLiteStore
from onrecord.vectors import VectorIndex, update_embeddings

_SENT_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])""")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rule-based sentence spans, for documents stored without analysis (--no-analyze)."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SENT_END.finditer(para.group()):
            end = para.start() + m.end()
            spans.append((start, end))
            start = end
        spans.append((start, para.end()))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# Sentence rows for an unanalysed document cover its first 200,000 characters (about 30
# ordinary articles). A document refused analysis (20 M characters) would otherwise be split
# into ~100,000 sentences, each embedded, and stall every later ingest; it stays findable by
# full-text search over its whole text, and the failures list says why it was not analysed.
MAX_FALLBACK_CHARS = 200_000


def _fallback_sentences(conn: sqlite3.Connection) -> int:
    """Sentence rows for documents with neither an analysis nor sentences yet."""
    rows = conn.execute(
        "SELECT d.id, d.text FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM analyses a WHERE a.document_id = d.id) AND NOT EXISTS "
        "(SELECT 1 FROM sentences s WHERE s.document_id = d.id)"
    ).fetchall()
    n = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for doc_id, text in rows:
            spans = [
                (s, e)
                for s, e in split_sentences(text[:MAX_FALLBACK_CHARS])
                if e < MAX_FALLBACK_CHARS or len(text) <= MAX_FALLBACK_CHARS
            ]
            conn.executemany(
                'INSERT INTO sentences (document_id, idx, start, "end") VALUES (?,?,?,?)',
                [(doc_id, i, s, e) for i, (s, e) in enumerate(spans)],
            )
            n += len(spans)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return n


def update_index(
    store: SQLiteStore, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """The search index step, run after analysis and linking (idempotent, incremental).

    FTS5 tables are already current (triggers); this adds sentence rows for unanalysed
    documents, embeds rows that have no vector, and saves the HNSW files next to the database.
    """
    if store.readonly:
        raise ValueError("update_index needs a writable store")
    counts = {"fallback_sentences": _fallback_sentences(store.conn)}
    added = update_embeddings(store.conn, progress)
    counts.update({f"{k}_vectors": v for k, v in added.items()})
    _forget(store.path)
    vindex = VectorIndex.open(store.conn, store.path, writable=True)
    _remember(store, vindex)
    return counts


# ---- the vector index cache (one per database file, shared by threads) ----

_CACHE: dict[str, tuple[tuple[int, ...], VectorIndex]] = {}
_CACHE_LOCK = threading.Lock()


def _signature(conn: sqlite3.Connection) -> tuple[int, ...]:
    """O(1) fingerprint of what the vector index covers: new vectors or new rows change it."""
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'embeddings'").fetchone()
    tops = [
        conn.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
        for t in ("quotes", "sentences", "pledges")
    ]
    return (seq[0] if seq else 0, *tops)


def clear_cache() -> None:
    """Drop every cached vector index (the next search reloads from disk)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _forget(path: Path) -> None:
    with _CACHE_LOCK:
        _CACHE.pop(str(Path(path).resolve()), None)


def _remember(store: SQLiteStore, vindex: VectorIndex) -> None:
    with _CACHE_LOCK:
        _CACHE[str(store.path.resolve())] = (_signature(store.conn), vindex)


def vector_index(store: SQLiteStore) -> VectorIndex:
    key = str(store.path.resolve())
    sig = _signature(store.conn)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == sig:
            return cached[1]
        vindex = VectorIndex.open(store.conn, store.path, writable=not store.readonly)
        _CACHE[key] = (sig, vindex)
        return vindex
