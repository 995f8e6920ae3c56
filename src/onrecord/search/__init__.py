"""Hybrid search over quotes, pledges and documents: BM25 (SQLite FTS5) fused with vectors.

The package holds one concern per module:

- ``query``: the user's words as terms (phrases, stop words, stemming) and the query vector;
- ``filters``: speaker, date and outlet filters as SQL clauses;
- ``people``: who a speaker filter means (a cached ``queries.find_entity``);
- ``fts``: the lexical ranker (BM25) and term statistics;
- ``fusion``: both rankers per kind, reciprocal rank fusion, collapsing copies -> ``search``;
- ``upkeep``: the index step and the per-database cache of the vector index.

``from onrecord.search import ...`` keeps working for every name the single module had.
"""

from onrecord.search.filters import Filters, _marks, make_filters
from onrecord.search.fts import (
    _CONTENT,
    _DF_CACHE,
    COMMON_FRACTION,
    _document_bm25,
    _fts_ranked,
    term_df,
    term_idf,
)
from onrecord.search.fusion import (
    KINDS,
    MAX_LIMIT,
    MIN_SIMILARITY,
    MIN_SIMILARITY_UNSEEN,
    MIN_SPAN_CHARS,
    MODES,
    POOL,
    RRF_K,
    SENTENCE_FTS_MAX_DOCS,
    SENTENCE_POOL,
    Hit,
    _collapse,
    _coverage_factor,
    _drop_overlaps,
    _fallback_span,
    _rrf,
    _search_documents,
    _search_rows,
    _spans_for,
    _vector_ranked,
    search,
)
from onrecord.search.people import NAME_RECHECK_S, resolve_person
from onrecord.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    STOP_WORDS,
    ParsedQuery,
    QueryError,
    QueryVectors,
    _stem,
    fts_query,
    parse_query,
)
from onrecord.search.upkeep import (
    _fallback_sentences,
    _forget,
    _remember,
    _signature,
    clear_cache,
    split_sentences,
    update_index,
    vector_index,
)

__all__ = [
    "COMMON_FRACTION",
    "KINDS",
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "MIN_SIMILARITY",
    "MIN_SIMILARITY_UNSEEN",
    "MIN_SPAN_CHARS",
    "MODES",
    "NAME_RECHECK_S",
    "POOL",
    "RRF_K",
    "SENTENCE_FTS_MAX_DOCS",
    "SENTENCE_POOL",
    "STOP_WORDS",
    "_CONTENT",
    "_DF_CACHE",
    "Filters",
    "Hit",
    "ParsedQuery",
    "QueryError",
    "QueryVectors",
    "_collapse",
    "_coverage_factor",
    "_document_bm25",
    "_drop_overlaps",
    "_fallback_sentences",
    "_fallback_span",
    "_forget",
    "_fts_ranked",
    "_marks",
    "_remember",
    "_rrf",
    "_search_documents",
    "_search_rows",
    "_signature",
    "_spans_for",
    "_stem",
    "_vector_ranked",
    "clear_cache",
    "fts_query",
    "make_filters",
    "parse_query",
    "resolve_person",
    "search",
    "split_sentences",
    "term_df",
    "term_idf",
    "update_index",
    "vector_index",
]
