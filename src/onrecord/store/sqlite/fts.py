"""Full-text search on SQLite: BM25 over the FTS5 tables (002_search.sql keeps them in step
with their content tables through triggers), and term statistics for IDF weights.

SQLite only: FTS5 MATCH syntax, ``bm25()`` and rowid joins. PostgreSQL answers the same
methods with tsvector columns."""

from __future__ import annotations

from typing import Any

from onrecord.store.sql.search import _CONTENT, COMMON_FRACTION, FTS_JOIN, filter_sql

_DF_CACHE: dict[tuple[str, str, int, tuple[str, ...]], int] = {}


class FTS5Search:
    """``fts_candidates`` and ``term_df`` for SQLiteStore (needs its executor)."""

    _tuples: Any
    _scalar: Any
    key: str

    def fts_candidates(self, table: str, query: Any, filters: Any, limit: int) -> list[int]:
        """Row ids of ``table`` (an FTS table name: quotes_fts, pledges_fts, sentences_fts,
        documents_fts) matching ``query`` (a ``search.ParsedQuery``) under ``filters``, best
        first. Documents: see ``document_bm25``; the others rank rows with every term first
        (coordination), then rows with some.

        Plain BM25 over OR-ed terms lets a short row with one common word ("NATO") outrank a
        row with all the words; ranking complete matches first is the classic fix."""
        if table == "documents_fts":
            return self.document_bm25(query, filters, limit)
        join, kind = FTS_JOIN[table]
        where, params = filter_sql(filters, kind)
        sql = (
            f"SELECT x.id FROM {table} JOIN {join} ON x.id = {table}.rowid "
            f"JOIN documents d ON d.id = x.document_id WHERE {table} MATCH ?"
            + "".join(f" AND {w}" for w in where)
            + f" ORDER BY bm25({table}) LIMIT ?"
        )
        out: list[int] = []
        for match in (query.all, query.any):
            if match is None:
                continue
            seen = set(out)
            out += [
                int(r[0]) for r in self._tuples(sql, [match, *params, limit]) if r[0] not in seen
            ]
            if len(out) >= limit:
                break
        return out[:limit]

    def document_bm25(self, query: Any, filters: Any, pool: int) -> list[int]:
        """Documents by BM25, title words counting double (a headline states what it is about).

        Terms found in more than ``COMMON_FRACTION`` of all articles ("Trump" in US politics)
        add almost nothing to BM25 yet make FTS5 score thousands of long documents: next to
        rarer terms they are left out; alone, only titles are searched for them."""
        where, params = filter_sql(filters, "document")
        n, dfs = self.term_df("documents_fts", query)
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
        return [int(r[0]) for r in self._tuples(sql, [match, *params, pool])]

    def term_df(self, table: str, query: Any) -> tuple[int, list[int]]:
        """(rows, rows containing each term) for one FTS table; counts cached per table size."""
        if query.weights_from is not None:
            return self.term_df(table, query.weights_from)
        content = _CONTENT[table]  # max(rowid) of the content table is O(1); of FTS5 a scan
        n = self._scalar(f"SELECT coalesce(max(rowid), 0) FROM {content}") or 1
        dfs = []
        for term in query.terms:
            key = (self.key, table, n, term)
            df = _DF_CACHE.get(key)
            if df is None:
                df = self._scalar(
                    f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                    ('"' + " ".join(term) + '"',),
                )
                if len(_DF_CACHE) > 10_000:
                    _DF_CACHE.clear()
                _DF_CACHE[key] = df
            dfs.append(df)
        return n, dfs
