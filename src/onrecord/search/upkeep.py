"""The search index step and the per-database cache of the vector index.

FTS5 tables follow the data through triggers; what needs a step is embedding new rows,
sentence rows for documents stored without analysis, and the HNSW files (onrecord.vectors).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from onrecord.store.base import Store
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


def _fallback_sentences(store: Store) -> int:
    """Sentence rows for documents with neither an analysis nor sentences yet."""
    n = 0
    rows: list[tuple[int, int, int, int]] = []
    for doc_id, text in store.iter_unsentenced():
        spans = [
            (s, e)
            for s, e in split_sentences(text[:MAX_FALLBACK_CHARS])
            if e < MAX_FALLBACK_CHARS or len(text) <= MAX_FALLBACK_CHARS
        ]
        rows += [(doc_id, i, s, e) for i, (s, e) in enumerate(spans)]
        n += len(spans)
    store.add_sentences(rows)
    return n


def update_index(
    store: Store, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """The search index step, run after analysis and linking (idempotent, incremental).

    FTS5 tables are already current (triggers); this adds sentence rows for unanalysed
    documents, embeds rows that have no vector, and saves the HNSW files next to the database.
    """
    if store.readonly:
        raise ValueError("update_index needs a writable store")
    counts = {"fallback_sentences": _fallback_sentences(store)}
    added = update_embeddings(store, progress)
    counts.update({f"{k}_vectors": v for k, v in added.items()})
    _forget(store.key)
    vindex = VectorIndex.open(store, store.index_dir, writable=True)
    _remember(store, vindex)
    return counts


# ---- the vector index cache (one per record, by ``store.key``; shared by threads) ----

_CACHE: dict[str, tuple[tuple[int, ...], VectorIndex]] = {}
_CACHE_LOCK = threading.Lock()


def _signature(store: Store) -> tuple[int, ...]:
    """O(1) fingerprint of what the vector index covers: new vectors or new rows change it."""
    return store.vector_signature()


def clear_cache() -> None:
    """Drop every cached vector index (the next search reloads from disk)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _forget(key: str) -> None:
    with _CACHE_LOCK:
        _CACHE.pop(key, None)


def _remember(store: Store, vindex: VectorIndex) -> None:
    with _CACHE_LOCK:
        _CACHE[store.key] = (_signature(store), vindex)


def vector_index(store: Store) -> VectorIndex:
    key = store.key
    sig = _signature(store)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached and cached[0] == sig:
            return cached[1]
        vindex = VectorIndex.open(store, store.index_dir, writable=not store.readonly)
        _CACHE[key] = (sig, vindex)
        return vindex
