"""The lexical ranker and term statistics (IDF) for weighting, asked of the store.

The full-text SQL lives in ``store/`` (FTS5 on SQLite, tsvector on PostgreSQL): the store
answers ``fts_candidates`` and ``term_df``; this module keeps the ranking policy's names.
"""

from __future__ import annotations

import math
from typing import Any

from onrecord.search.query import ParsedQuery
from onrecord.store.base import Store
from onrecord.store.sqlite.fts import _CONTENT, _DF_CACHE, COMMON_FRACTION

__all__ = [
    "COMMON_FRACTION",
    "_CONTENT",
    "_DF_CACHE",
    "_document_bm25",
    "_fts_ranked",
    "term_df",
    "term_idf",
]


def _fts_ranked(
    store: Store, table: str, query: ParsedQuery, filters: Any, limit: int
) -> list[int]:
    """Row ids by BM25, rows with every term first (coordination), then rows with some."""
    return store.fts_candidates(table, query, filters, limit)


def term_df(store: Store, fts_table: str, query: ParsedQuery) -> tuple[int, list[int]]:
    """(rows, rows containing each term) for one FTS table; counts cached per table size."""
    return store.term_df(fts_table, query)


def term_idf(store: Store, fts_table: str, query: ParsedQuery) -> list[float]:
    """BM25-style IDF of each query term over one FTS table."""
    n, dfs = term_df(store, fts_table, query)
    return [math.log(1.0 + (n - df + 0.5) / (df + 0.5)) for df in dfs]


def _document_bm25(store: Store, query: ParsedQuery, filters: Any, pool: int) -> list[int]:
    """Documents by BM25, title words counting double (see the store's ``document_bm25``)."""
    return store.fts_candidates("documents_fts", query, filters, pool)
