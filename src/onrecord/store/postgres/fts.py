"""Full-text search on PostgreSQL: tsvector side tables with GIN indexes (002_search.sql keeps
them current through triggers), ranked with ``ts_rank_cd``.

The same methods, and the same ranking policy, as SQLite's FTS5 search (store/sqlite/fts.py):
rows containing every term first (coordination), then rows with some; for documents, terms in
more than COMMON_FRACTION of the articles are left out next to rarer ones and, alone, searched
in titles only; titles weigh double. Each query term (a word or a quoted phrase) becomes a
``phraseto_tsquery``: the server stems it as it stemmed the text, and punctuation or operators
in what the user typed are never tsquery syntax.
"""

from __future__ import annotations

from typing import Any

from onrecord.store.sql.search import _CONTENT, COMMON_FRACTION, FTS_JOIN, filter_sql

# ts_rank_cd weights {D, C, B, A}: the body is D, the title A (twice the body, as bm25 2.0/1.0)
_DOC_WEIGHTS = "{0.5, 0.5, 0.5, 1.0}"
_DF_CACHE: dict[tuple[str, str, int, tuple[str, ...]], int] = {}


def tsquery(terms: list[tuple[str, ...]], op: str) -> tuple[str, list[str]]:
    """A tsquery expression over ``terms`` joined by ``op`` (``&&`` all, ``||`` any)."""
    parts = ["onrecord_tsq(?)"] * len(terms)
    return "(" + f" {op} ".join(parts) + ")", [" ".join(t) for t in terms]


class TsvectorSearch:
    """``fts_candidates`` and ``term_df`` for PostgresStore (needs its executor)."""

    _tuples: Any
    _scalar: Any
    key: str

    def fts_candidates(self, table: str, query: Any, filters: Any, limit: int) -> list[int]:
        """Row ids of ``table`` matching ``query`` (a ``search.ParsedQuery``) under
        ``filters``, best first (see the module docstring)."""
        if not query.terms:
            return []
        if table == "documents_fts":
            return self.document_bm25(query, filters, limit)
        join, kind = FTS_JOIN[table]
        where, params = filter_sql(filters, kind)
        out: list[int] = []
        passes = [("&&", query.terms)] if len(query.terms) > 1 else []
        passes.append(("||", query.terms))
        for op, terms in passes:
            tsq, tparams = tsquery(terms, op)
            sql = (
                f"SELECT x.id FROM {table} f JOIN {join} ON x.id = f.id "
                f"JOIN documents d ON d.id = x.document_id WHERE f.tsv @@ {tsq}"
                + "".join(f" AND {w}" for w in where)
                + f" ORDER BY ts_rank_cd(f.tsv, {tsq}, 1) DESC, x.id LIMIT ?"
            )
            seen = set(out)
            rows = self._tuples(sql, [*tparams, *params, *tparams, limit])
            out += [int(r[0]) for r in rows if r[0] not in seen]
            if len(out) >= limit:
                break
        return out[:limit]

    def document_bm25(self, query: Any, filters: Any, pool: int) -> list[int]:
        """Documents by rank, title words counting double; common terms handled as in FTS5."""
        where, params = filter_sql(filters, "document")
        n, dfs = self.term_df("documents_fts", query)
        rare = [t for t, df in zip(query.terms, dfs, strict=True) if df <= COMMON_FRACTION * n]
        tsq, tparams = tsquery(rare or query.terms, "||")
        column = "f.tsv" if rare else "f.title"
        sql = (
            f"SELECT d.id FROM documents_fts f JOIN documents d ON d.id = f.id "
            f"WHERE {column} @@ {tsq}"
            + "".join(f" AND {w}" for w in where)
            + f" ORDER BY ts_rank_cd(CAST('{_DOC_WEIGHTS}' AS float4[]), f.tsv, {tsq}, 1) DESC, d.id LIMIT ?"
        )
        return [int(r[0]) for r in self._tuples(sql, [*tparams, *params, *tparams, pool])]

    def term_df(self, table: str, query: Any) -> tuple[int, list[int]]:
        """(rows, rows containing each term) for one FTS table; counts cached per table size."""
        if query.weights_from is not None:
            return self.term_df(table, query.weights_from)
        content = _CONTENT[table]  # max(id) is one index probe; count(*) a scan
        n = self._scalar(f"SELECT COALESCE(max(id), 0) FROM {content}") or 1
        found = {t: _DF_CACHE.get((self.key, table, n, t)) for t in query.terms}
        todo = [t for t, df in found.items() if df is None]
        if todo:
            # every uncached term in one statement: one round trip per table, not per term
            counts = self._tuples(
                "SELECT "
                + ", ".join(
                    f"(SELECT count(*) FROM {table} WHERE tsv @@ onrecord_tsq(?))" for _ in todo
                ),
                [" ".join(t) for t in todo],
            )[0]
            if len(_DF_CACHE) > 10_000:
                _DF_CACHE.clear()
            for term, df in zip(todo, counts, strict=True):
                found[term] = _DF_CACHE[(self.key, table, n, term)] = int(df)
        dfs = [int(found[t] or 0) for t in query.terms]
        return n, dfs
