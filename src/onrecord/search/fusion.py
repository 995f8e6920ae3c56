"""Hybrid search over quotes, pledges and documents: BM25 (SQLite FTS5) fused with vectors.

Two rankings per kind, fused with reciprocal rank fusion (RRF, Cormack et al. 2009):
``score = sum(1 / (RRF_K + rank))`` over the lists a row appears in. RRF needs no score
calibration between BM25 and cosine, and a row that both rankers like beats one that only
one ranker loves.

- lexical: FTS5 BM25 over external-content tables kept in sync by triggers (002_search.sql);
  the user's words are OR-ed (minus stop words) so that a paraphrase sharing one rare word
  still surfaces, and BM25 rewards rows matching more, rarer words. "Quoted phrases" stay phrases.
- semantic: cosine similarity of WordLlama vectors (onrecord.embeddings) from the HNSW index
  (onrecord.vectors), or exactly from the stored vectors when filters leave few candidates.
  A row found only by the vector ranker must reach ``MIN_SIMILARITY``: every query has nearest
  neighbours, relevant or not; ``MIN_SIMILARITY_UNSEEN`` when no word of the query occurs in
  the record (nonsense strings have near neighbours too).

Kinds: ``quote`` (a statement, with its speaker), ``pledge``, and ``document`` (an article; its
citation span is its best-matching sentence). Copies of one statement (same quote group) and
syndicated copies of one article collapse into one hit that lists the other outlets.

Every hit carries its citation: outlet, date, document id and title, character span.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from onrecord.search.filters import Filters, filters_of, make_filters
from onrecord.search.fts import _document_bm25, _fts_ranked, term_df, term_idf
from onrecord.search.query import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    QueryError,
    QueryVectors,
    _stem,
    parse_query,
)
from onrecord.search.upkeep import vector_index
from onrecord.store.base import QuoteFilter, Store
from onrecord.vectors import EXACT_LIMIT, VectorIndex

log = logging.getLogger(__name__)

KINDS = ("quote", "pledge", "document")
MODES = ("hybrid", "lexical", "semantic")
MAX_LIMIT = 200
RRF_K = 60
POOL = 100  # candidates taken from each ranker
SENTENCE_POOL = 300  # sentences are many per document: take more to cover enough documents
MIN_SPAN_CHARS = 40  # a sentence shorter than this is not cited for a document
SENTENCE_FTS_MAX_DOCS = 500  # above this many matching documents, no sentence-level BM25
MIN_SIMILARITY = 0.25  # WordLlama cosine below which a vector-only match is noise (see docs)
# The floor for vector-only matches when no word of the query occurs anywhere in the record
# ("zzqxv"). WordLlama still places the sub-word pieces of any string near something: on 2,000
# AllSides articles, 40 random letter strings got vector-only hits up to cosine 0.51 (median of
# their best 0.34), while real queries' vector-only hits reach 0.70 and mostly lie in the same
# 0.3-0.5 band, so cosine alone cannot tell them apart; whether the words exist in the record
# can (none of 40 nonsense queries had one, each of 48 real ones at least one). So the plain
# floor stays for real words, and unseen words need a cosine above the noise's maximum.
# bench/bench_search_floor.py measures it; docs/benchmarks.md, "Search".
MIN_SIMILARITY_UNSEEN = 0.55


@dataclass
class Hit:
    kind: str  # quote | pledge | document
    id: int  # quote id, pledge id or document id
    text: str  # the quote, the pledge sentence, or the document's best-matching sentence
    score: float
    document_id: int
    document_title: str | None
    outlet: str | None
    published: str | None
    date: str | None  # said_on for statements (when known), else the publication date
    start: int  # character span of ``text`` in the document
    end: int
    speaker: str | None = None
    speaker_id: int | None = None
    group_id: int | None = None
    quote_kind: str | None = None  # direct | indirect | mixed
    similarity: float | None = None  # cosine of (IDF-weighted) query vector and text
    coverage: float | None = None  # IDF-weighted share of the query's terms in the text
    fts_rank: int | None = None  # 1-based rank in the BM25 list, None if not matched
    vector_rank: int | None = None
    copies: list[dict[str, Any]] = field(default_factory=list)  # other outlets carrying it

    def citation(self) -> str:
        parts = [self.outlet or "unknown outlet", self.date or self.published or "undated"]
        title = f' "{self.document_title}"' if self.document_title else ""
        return (
            f"{', '.join(parts)}; document {self.document_id}{title}, chars {self.start}-{self.end}"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["citation"] = self.citation()
        return data


def search(
    store: Store,
    query: str,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    min_similarity: float = MIN_SIMILARITY,
    collapse: bool = True,
    mode: str = "hybrid",
    filter: QuoteFilter | None = None,
) -> list[Hit]:
    """Hybrid search. ``kind`` None = quotes and pledges, plus documents unless a speaker is
    given (a speaker filter asks what that person said). ``mode`` "lexical" or "semantic" runs
    one ranker alone (for comparison and benchmarks). ``filter``: a ``QuoteFilter`` (the quote
    listing's) in place of speaker/since/until/outlet."""
    query = (query or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters")
    if not query:
        raise QueryError("empty query")
    if kind is not None and kind not in KINDS:
        raise QueryError(f"kind must be one of {', '.join(KINDS)}")
    if mode not in MODES:
        raise QueryError(f"mode must be one of {', '.join(MODES)}")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    if filter is not None:
        filters = filters_of(store, filter)
        speaker = filter.speaker
    else:
        filters = make_filters(store, speaker=speaker, since=since, until=until, outlet=outlet)
    kinds = [kind] if kind else (["quote", "pledge"] if speaker else list(KINDS))
    parsed = parse_query(query)
    if parsed.terms and not any(term_df(store, "documents_fts", parsed)[1]):
        # none of the words occurs in the record: only a clearly close vector is a match
        min_similarity = max(min_similarity, MIN_SIMILARITY_UNSEEN)
    qvecs: QueryVectors | None = QueryVectors.of(query, parsed) if mode != "lexical" else None
    if mode == "semantic":
        parsed = ParsedQuery([], weights_from=parsed)
    vindex = vector_index(store)
    want = limit + offset
    pool = max(POOL, want * 2)
    hits: list[Hit] = []
    with store.snapshot():  # candidates and their rows from one state of the record
        for k in kinds:
            if k == "document":
                hits += _search_documents(
                    store, vindex, parsed, qvecs, filters, pool, min_similarity, want
                )
            else:
                hits += _search_rows(store, vindex, k, parsed, qvecs, filters, pool, min_similarity)
    order = {"quote": 0, "pledge": 1, "document": 2}
    hits.sort(key=lambda h: (-h.score, order[h.kind], h.date or "", h.id))
    if collapse:
        hits = _collapse(hits)
    if len(kinds) > 1:
        hits = _drop_overlaps(hits)
    return hits[offset : offset + limit]


def _vector_ranked(
    store: Store,
    vindex: VectorIndex,
    kind: str,
    table: str,
    qvec: np.ndarray,
    filters: Filters,
    limit: int,
) -> list[tuple[int, float]]:
    if not filters.active:
        return vindex.knn(store, kind, qvec, limit)
    exact = vindex.exact(store, kind, qvec, filters, limit, max_rows=EXACT_LIMIT)
    if exact is not None:
        return exact
    # Many candidates: over-fetch from the graph, then keep those passing the filters.
    approx = vindex.knn(store, kind, qvec, limit * 10)
    if not approx:
        return []
    keep = store.filtered_ids(kind, filters, [i for i, _ in approx])
    return [(i, s) for i, s in approx if i in keep][:limit]


def _rrf(ranks: Sequence[int | None]) -> float:
    return sum(1.0 / (RRF_K + r) for r in ranks if r is not None)


def _coverage_factor(coverage: float) -> float:
    """0.5-1.0 by the IDF-weighted share of query terms present. RRF gives the top row of every
    list the same score however little of the query it holds, and the vector ranker likes any
    row with the query's most frequent word; this keeps a row holding only "NATO" below one
    holding "membership" when someone asks for "NATO membership"."""
    return 0.5 + 0.5 * coverage


_TABLES = {"quote": ("quotes_fts", "quotes"), "pledge": ("pledges_fts", "pledges")}


def _search_rows(
    store: Store,
    vindex: VectorIndex,
    kind: str,
    query: ParsedQuery,
    qvecs: QueryVectors | None,
    filters: Filters,
    pool: int,
    min_similarity: float,
) -> list[Hit]:
    fts_table, table = _TABLES[kind]
    lexical = _fts_ranked(store, fts_table, query, filters, pool)
    weights = term_idf(store, fts_table, query)
    qvec = qvecs.weighted(weights) if qvecs is not None else None
    semantic = (
        _vector_ranked(store, vindex, kind, table, qvec, filters, pool) if qvec is not None else []
    )
    fts_rank = {i: r for r, i in enumerate(lexical, 1)}
    vec_rank = {i: r for r, (i, _) in enumerate(semantic, 1)}
    sims = dict(semantic)
    ids = [i for i in fts_rank]
    ids += [i for i, s in semantic if i not in fts_rank and s >= min_similarity]
    if not ids:
        return []
    rows = store.search_rows(kind, ids)
    missing = [r["id"] for r in rows if r["id"] not in sims]
    if (
        missing and qvec is not None
    ):  # lexical hits outside the vector pool still get their similarity shown
        for i, v in vindex.vectors_of(store, kind, missing).items():
            sims[i] = float(v @ qvec)
    hits = []
    for r in rows:
        i = r["id"]
        cov = query.coverage(r["text"], weights)
        hits.append(
            Hit(
                kind=kind,
                id=i,
                text=r["text"],
                score=_rrf([fts_rank.get(i), vec_rank.get(i)]) * _coverage_factor(cov),
                document_id=r["document_id"],
                document_title=r["title"],
                outlet=r["outlet"],
                published=r["published"],
                date=r["said_on"] or r["published"],
                start=r["start"],
                end=r["end"],
                speaker=r["speaker"],
                speaker_id=r["speaker_id"],
                group_id=r["group_id"],
                quote_kind=r["quote_kind"],
                similarity=round(sims[i], 4) if i in sims else None,
                coverage=round(cov, 4),
                fts_rank=fts_rank.get(i),
                vector_rank=vec_rank.get(i),
            )
        )
    return hits


def _search_documents(
    store: Store,
    vindex: VectorIndex,
    query: ParsedQuery,
    qvecs: QueryVectors | None,
    filters: Filters,
    pool: int,
    min_similarity: float,
    want: int = 20,
) -> list[Hit]:
    """Documents ranked by whole-text BM25, best sentence BM25 and best sentence similarity."""
    doc_lexical: list[int] = []
    sent_lexical: list[int] = []
    match = query.any
    weights = term_idf(store, "documents_fts", query)
    qvec = qvecs.weighted(weights) if qvecs is not None else None
    if match:
        doc_lexical = _document_bm25(store, query, filters, pool)
        # Sentence-level BM25 finds the exact sentence, but FTS5 scores every matching row
        # (no top-k pruning): affordable for selective queries only. Otherwise the cited
        # sentence is chosen inside each top document (_fallback_span).
        if sum(term_df(store, "documents_fts", query)[1]) <= SENTENCE_FTS_MAX_DOCS:
            sent_lexical = _fts_ranked(store, "sentences_fts", query, filters, SENTENCE_POOL)
    sent_semantic = (
        _vector_ranked(store, vindex, "sentence", "sentences", qvec, filters, SENTENCE_POOL)
        if qvec is not None
        else []
    )
    sent_ids = list(dict.fromkeys(sent_lexical + [i for i, _ in sent_semantic]))
    # Fragments ("Trump said.", a subhead) are the nearest vectors to a short query but
    # cite nothing: they neither rank a document nor serve as its citation.
    sent_doc = store.sentence_documents(sent_ids, MIN_SPAN_CHARS)
    sent_lexical = [i for i in sent_lexical if i in sent_doc]
    sent_semantic = [(i, v) for i, v in sent_semantic if i in sent_doc]
    sims = dict(sent_semantic)
    s_fts = {i: r for r, i in enumerate(sent_lexical, 1)}
    s_vec = {i: r for r, (i, _) in enumerate(sent_semantic, 1)}
    # rank documents by their best sentence in each list
    best_fts: dict[int, int] = {}
    for i in sent_lexical:
        best_fts.setdefault(sent_doc.get(i, -1), s_fts[i])
    best_vec: dict[int, int] = {}
    for i, s in sent_semantic:
        if s >= min_similarity or i in s_fts:
            best_vec.setdefault(sent_doc.get(i, -1), s_vec[i])
    doc_rank = {d: r for r, d in enumerate(doc_lexical, 1)}
    docs = set(doc_rank) | set(best_fts) | set(best_vec)
    docs.discard(-1)
    if not docs:
        return []
    best_sentence: dict[int, tuple[float, int]] = {}
    for i in sent_ids:
        d = sent_doc.get(i)
        if d is None:
            continue
        if not (i in s_fts or sims.get(i, 0.0) >= min_similarity):
            continue
        score = _rrf([s_fts.get(i), s_vec.get(i)])
        if d not in best_sentence or score > best_sentence[d][0]:
            best_sentence[d] = (score, i)
    # Citing a span costs a pass over the document's sentences: do it only for the documents
    # that can still reach the page (the coverage factor at most halves a score).
    raw = {d: _rrf([doc_rank.get(d), best_fts.get(d), best_vec.get(d)]) * 2 / 3 for d in docs}
    doc_list = sorted(sorted(docs, key=lambda d: -raw[d])[: max(want * 2, 20)])
    rows = {r["id"]: r for r in store.search_documents(doc_list)}
    spans = _spans_for(store, [(d, best_sentence[d][1]) for d in doc_list if d in best_sentence])
    fallback = store.documents_texts_sentences(
        [d for d in doc_list if d not in spans], MIN_SPAN_CHARS
    )
    hits = []
    for d in doc_list:
        row = rows[d]
        if d in spans:
            sid, start, end, text = spans[d]
        else:  # matched as a whole only: cite the document's best BM25 sentence, else its lead
            sid, start, end, text = _fallback_span(store, d, query, weights, fallback.get(d))
        cov = query.coverage(f"{row['title'] or ''} {text}", weights)
        hits.append(
            Hit(
                kind="document",
                id=d,
                text=text,
                # three lists here, two for quotes and pledges: raw is scaled by 2/3 so that
                # kinds compete fairly
                score=raw[d] * _coverage_factor(cov),
                document_id=d,
                document_title=row["title"],
                outlet=row["outlet"],
                published=row["published"],
                date=row["published"],
                start=start,
                end=end,
                similarity=round(sims[sid], 4) if sid in sims else None,
                coverage=round(cov, 4),
                fts_rank=doc_rank.get(d) or best_fts.get(d),
                vector_rank=best_vec.get(d),
                group_id=row["duplicate_of"] or d,  # syndicated copies share their original's id
            )
        )
    return hits


def _spans_for(store: Store, pairs: list[tuple[int, int]]) -> dict[int, tuple[int, int, int, str]]:
    if not pairs:
        return {}
    out = {}
    for r in store.sentence_spans([s for _, s in pairs]):
        out[int(r[1])] = (int(r[0]), int(r[2]), int(r[3]), r[4])
    return out


def _fallback_span(
    store: Store,
    doc_id: int,
    query: ParsedQuery,
    weights: Sequence[float],
    prefetched: tuple[str, list[tuple[int, int, int]]] | None = None,
) -> tuple[int, int, int, str]:
    """The document's sentence holding most of the query (IDF-weighted), else its lead.

    Done in Python over the document's own sentences: an FTS5 MATCH cannot be restricted to
    one document and would walk the term's postings across the whole corpus. ``prefetched``:
    the document's text and sentences, read with the other hits' (one round trip)."""
    if prefetched is None:
        prefetched = (
            store.document_text(doc_id) or "",
            store.document_sentences(doc_id, MIN_SPAN_CHARS),
        )
    text, sentences = prefetched
    lowered = text.lower()
    probes = [_stem(t[0]) for t in query.terms]  # cheap substring test before tokenising
    best: tuple[float, int, int, int] | None = None
    if query.terms:
        for sid, start, end in sentences:
            if not any(p in lowered[start:end] for p in probes):
                continue
            cov = query.coverage(text[start:end], weights)
            if cov > 0 and (best is None or cov > best[0]):
                best = (cov, sid, start, end)
    if best is not None:
        _, sid, start, end = best
        return sid, start, end, text[start:end]
    lead = text[:300].split("\n", 1)[0]
    return -1, 0, len(lead), lead


def _collapse(hits: list[Hit]) -> list[Hit]:
    """One hit per quote group / per original article; the others become its ``copies``."""
    out: list[Hit] = []
    first: dict[tuple[str, int], Hit] = {}
    for h in hits:
        key = (h.kind, h.group_id) if h.group_id is not None else None
        if key is not None and key in first:
            first[key].copies.append(
                {
                    "kind": h.kind,
                    "id": h.id,
                    "document_id": h.document_id,
                    "document_title": h.document_title,
                    "outlet": h.outlet,
                    "date": h.date,
                    "start": h.start,
                    "end": h.end,
                }
            )
            continue
        if key is not None:
            first[key] = h
        out.append(h)
    return out


def _drop_overlaps(hits: list[Hit]) -> list[Hit]:
    """In a mixed list, a document hit citing the span of a statement hit adds nothing: the
    statement carries the same words plus who said them."""
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for h in hits:
        if h.kind != "document":
            spans[h.document_id].append((h.start, h.end))
            for c in h.copies:
                spans[c["document_id"]].append((c["start"], c["end"]))
    return [
        h
        for h in hits
        if h.kind != "document"
        or not any(s < h.end and h.start < e for s, e in spans.get(h.document_id, []))
    ]
