"""One quote carried by many outlets: group the copies and find the earliest source.

Two quotes are copies of one statement when, after normalising typography, punctuation and
case, they are identical, nearly identical (an outlet fixed a word or dropped a filler), or
one is a large contiguous fragment of the other (an outlet quoted only part of it) — and their
speakers agree (same speaker key, or one of them unknown).

Candidate pairs come from an inverted index of word 3-grams (blocking), so the cost grows
with the number of quotes that actually share phrases, not with the square of all quotes.
Phrases so common that they occur in many distinct quotes ("we are going to") are not used
for blocking: they say nothing about which statement a quote is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from onrecord.models import normalize_for_hash

SHINGLE = 3
MIN_GROUP_TOKENS = 3  # "Thank you" twice is not one statement: never group shorter quotes
MIN_FUZZY_TOKENS = 5  # below this only exact (normalised) equality groups quotes
MIN_FRAGMENT_TOKENS = 8  # a fragment must be at least this long to stand for the whole
NEAR_JACCARD = 0.7  # shingle Jaccard for "nearly identical"
FRAGMENT_CONTAINMENT = 0.9  # share of the shorter quote's shingles found in the longer one
MAX_SHINGLE_QUOTES = 500  # a shingle seen in more distinct quotes is not used for blocking

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class QuoteItem:
    """One quote in one document, as the grouping needs it."""

    document_id: int
    index: int  # position of the quote within its document
    text: str
    speaker_key: str | None = None  # canonical speaker (None = unknown)
    published: str | None = None  # YYYY-MM-DD of the document, when known


def normalize_quote(text: str) -> tuple[str, ...]:
    """Tokens of a quote with typography, punctuation, accents' forms and case removed."""
    text = unicodedata.normalize("NFKC", normalize_for_hash(text))
    # "I've" and "I have" stay different words; "don't" -> "don t" matches "don't" anywhere.
    return tuple(_TOKEN.findall(text))


def _shingles(tokens: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    if len(tokens) < SHINGLE:
        return frozenset({tokens})
    return frozenset(tokens[i : i + SHINGLE] for i in range(len(tokens) - SHINGLE + 1))


def _contiguous(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    first = short[0]
    return any(long[i] == first and long[i : i + n] == short for i in range(len(long) - n + 1))


def _same_statement(
    a: tuple[str, ...],
    b: tuple[str, ...],
    sa: frozenset[tuple[str, ...]],
    sb: frozenset[tuple[str, ...]],
) -> bool:
    short, long, s_short, s_long = (a, b, sa, sb) if len(a) <= len(b) else (b, a, sb, sa)
    if len(short) < MIN_FUZZY_TOKENS:
        return False  # exact equality was handled before; short phrases are too generic
    inter = len(s_short & s_long)
    if inter / (len(s_short) + len(s_long) - inter) >= NEAR_JACCARD:
        return True
    if len(short) < MIN_FRAGMENT_TOKENS:
        return False
    if inter / len(s_short) < FRAGMENT_CONTAINMENT:
        return False
    # Nearly all of the short quote's phrases occur in the long one; accept when it is a
    # contiguous run, or when edits are few (an ellipsis, a corrected word).
    if inter < len(s_short):
        return True
    return _contiguous(short, long)


class _Groups:
    """Union-find over texts that refuses to join two different known speakers."""

    def __init__(self, speakers: list[frozenset[str]], rank: list[int]) -> None:
        self.parent = list(range(len(speakers)))
        self.speakers = list(speakers)
        self.rank = rank  # lower = earlier; the root is always the earliest member

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        si, sj = self.speakers[ri], self.speakers[rj]
        if si and sj and si != sj:
            return  # the same words from two different people are two statements
        if self.rank[rj] < self.rank[ri]:
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.speakers[ri] = si | sj


def group_quotes(items: list[QuoteItem]) -> list[int]:
    """A group id per item: the index (in ``items``) of the group's earliest item.

    "Earliest" is by publication date (undated last), then document id, then quote index,
    so the group id points at the first known source of the statement.
    """
    if not items:
        return []
    order = sorted(
        range(len(items)),
        key=lambda i: (
            items[i].published is None,
            items[i].published or "",
            items[i].document_id,
            items[i].index,
        ),
    )
    rank = [0] * len(items)
    for r, i in enumerate(order):
        rank[i] = r

    # Units: one per (normalised text, speaker). Syndicated copies collapse here already.
    unit_of_key: dict[tuple[object, ...], int] = {}
    unit_items: list[list[int]] = []
    unit_tokens: list[tuple[str, ...]] = []
    for i in order:
        toks = normalize_quote(items[i].text)
        key: tuple[object, ...] = (toks, items[i].speaker_key)
        if len(toks) < MIN_GROUP_TOKENS:
            key = (toks, items[i].speaker_key, i)  # a unit of its own
        u = unit_of_key.get(key)
        if u is None:
            u = unit_of_key[key] = len(unit_items)
            unit_items.append([])
            unit_tokens.append(toks)
        unit_items[u].append(i)
    groups = _Groups(
        [frozenset({s}) if (s := items[m[0]].speaker_key) else frozenset() for m in unit_items],
        list(range(len(unit_items))),  # units were created in chronological order
    )

    # Same text, different speaker entries: unknown speaker joins a known one.
    units_of_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for u, toks in enumerate(unit_tokens):
        units_of_text[toks].append(u)
    texts = list(units_of_text)  # unique normalised texts, in chronological order
    for toks, us in units_of_text.items():
        if len(toks) < MIN_GROUP_TOKENS:
            continue
        known = [u for u in us if groups.speakers[u]]
        unknown = [u for u in us if not groups.speakers[u]]
        for u in unknown:
            if len(known) <= 1:  # unambiguous: attach to the single known speaker, if any
                for k in known:
                    groups.union(k, u)

    # Fuzzy matches between distinct texts, via shingle blocking.
    for a, b in _candidate_pairs(texts):
        for ua in units_of_text[texts[a]]:
            for ub in units_of_text[texts[b]]:
                groups.union(ua, ub)

    result = [0] * len(items)
    for u, members in enumerate(unit_items):
        root = groups.find(u)
        first = unit_items[root][0]
        for i in members:
            result[i] = first
    return result


def _candidate_pairs(texts: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Pairs (a < b) of distinct texts that are the same statement, found by blocking."""
    sh = [_shingles(t) for t in texts]
    vocab: dict[tuple[str, ...], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for t, s in enumerate(sh):
        if len(texts[t]) < MIN_FUZZY_TOKENS:
            continue
        for g in s:
            rows.append(t)
            cols.append(vocab.setdefault(g, len(vocab)))
    if not rows:
        return []
    m = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(texts), len(vocab))
    )
    df = np.asarray(m.sum(axis=0)).ravel()
    keep = np.flatnonzero((df >= 2) & (df <= MAX_SHINGLE_QUOTES))
    m = m[:, keep].tocsr()
    overlap = sparse.triu(m @ m.T, k=1).tocoo()
    # Cheap vectorised filter before the exact check: the shorter text must share at least
    # half of its phrases (the exact rules need far more than that).
    sizes = np.array([len(s) for s in sh])
    small = np.minimum(sizes[overlap.row], sizes[overlap.col])
    hit = overlap.data >= 0.5 * small
    pairs = []
    for a, b in zip(overlap.row[hit].tolist(), overlap.col[hit].tolist(), strict=True):
        if _same_statement(texts[a], texts[b], sh[a], sh[b]):
            pairs.append((a, b))
    pairs.sort()
    return pairs
