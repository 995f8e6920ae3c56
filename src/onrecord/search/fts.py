"""The lexical ranker: BM25 over the FTS5 tables, and term statistics (IDF) for weighting.

The FTS SQL lives here until it moves into store/ (a later issue).
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from onrecord.search.query import ParsedQuery

COMMON_FRACTION = 0.2  # a term in more of the articles than this is "common" (see _document_bm25)


def _fts_ranked(
    conn: sqlite3.Connection,
    table: str,
    join: str,
    query: ParsedQuery,
    where: list[str],
    params: list[Any],
    limit: int,
    rank_expr: str | None = None,
) -> list[int]:
    """Row ids by BM25, rows with every term first (coordination), then rows with some.

    Plain BM25 over OR-ed terms lets a short row with one common word ("NATO") outrank a row
    with all the words; ranking complete matches first is the classic fix.
    """
    rank = rank_expr or f"bm25({table})"
    sql = (
        f"SELECT x.id FROM {table} JOIN {join} ON x.id = {table}.rowid "
        f"JOIN documents d ON d.id = x.document_id WHERE {table} MATCH ?"
        + "".join(f" AND {w}" for w in where)
        + f" ORDER BY {rank} LIMIT ?"
    )
    out: list[int] = []
    for match in (query.all, query.any):
        if match is None:
            continue
        seen = set(out)
        out += [int(r[0]) for r in conn.execute(sql, [match, *params, limit]) if r[0] not in seen]
        if len(out) >= limit:
            break
    return out[:limit]


_DF_CACHE: dict[tuple[str, str, int, tuple[str, ...]], int] = {}
_CONTENT = {
    "quotes_fts": "quotes",
    "pledges_fts": "pledges",
    "documents_fts": "documents",
    "sentences_fts": "sentences",
}


def term_df(conn: sqlite3.Connection, fts_table: str, query: ParsedQuery) -> tuple[int, list[int]]:
    """(rows, rows containing each term) for one FTS table; counts cached per table size."""
    if query.weights_from is not None:
        return term_df(conn, fts_table, query.weights_from)
    content = _CONTENT[fts_table]  # max(rowid) of the content table is O(1); of FTS5 a scan
    n = conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {content}").fetchone()[0] or 1
    db = conn.execute("PRAGMA database_list").fetchone()[2]
    dfs = []
    for term in query.terms:
        key = (db, fts_table, n, term)
        df = _DF_CACHE.get(key)
        if df is None:
            df = conn.execute(
                f"SELECT count(*) FROM {fts_table} WHERE {fts_table} MATCH ?",
                ('"' + " ".join(term) + '"',),
            ).fetchone()[0]
            if len(_DF_CACHE) > 10_000:
                _DF_CACHE.clear()
            _DF_CACHE[key] = df
        dfs.append(df)
    return n, dfs


def term_idf(conn: sqlite3.Connection, fts_table: str, query: ParsedQuery) -> list[float]:
    """BM25-style IDF of each query term over one FTS table."""
    n, dfs = term_df(conn, fts_table, query)
    return [math.log(1.0 + (n - df + 0.5) / (df + 0.5)) for df in dfs]


def _document_bm25(
    conn: sqlite3.Connection, query: ParsedQuery, where: list[str], params: list[Any], pool: int
) -> list[int]:
    """Documents by BM25, title words counting double (a headline states what it is about).

    Terms found in more than ``COMMON_FRACTION`` of all articles ("Trump" in US politics) add
    almost nothing to BM25 yet make FTS5 score thousands of long documents: next to rarer
    terms they are left out; alone, only titles are searched for them.
    """
    n, dfs = term_df(conn, "documents_fts", query)
    rare = [t for t, df in zip(query.terms, dfs, strict=True) if df <= COMMON_FRACTION * n]
    quoted = ['"' + " ".join(t) + '"' for t in (rare or query.terms)]
    match = " OR ".join(quoted)
    if not rare:
        match = "{title} : (" + match + ")"
    sql = (
        "SELECT d.id FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
        "WHERE documents_fts MATCH ?"
        + "".join(f" AND {w}" for w in where)
        + " ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT ?"
    )
    return [int(r[0]) for r in conn.execute(sql, [match, *params, pool])]
