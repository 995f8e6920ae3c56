"""The user's words as search terms: parsing, light stemming, and the IDF-weighted query vector.

Kept apart from the rankers because the timeline's topic matching uses the same parsing and
the same stemming: a query and a topic must mean the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from onrecord import embeddings

MAX_QUERY_CHARS = 500
MAX_TERMS = 32

# Function words that would match almost every row; BM25 would weigh them near zero anyway,
# but OR-ing them makes FTS5 walk huge posting lists.
STOP_WORDS = frozenset(
    """a about after all also an and any are as at be been before but by can could did do does
    for from had has have he her his how i if in into is it its me my no nor not of on or our
    out over she so than that the their them then there these they this those to too under up
    us was we were what when where which who whom why will with would you your""".split()  # noqa: SIM905
)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]+)"')


class QueryError(ValueError):
    """A query the search refuses (too long, nothing to search for)."""


@dataclass
class ParsedQuery:
    """The user's words as FTS5 terms: quoted phrases kept, stop words out, operators inert."""

    terms: list[tuple[str, ...]]  # each a word or a phrase (a tuple of words)
    weights_from: ParsedQuery | None = None  # semantic-only: no FTS terms, still IDF weights

    @property
    def any(self) -> str | None:
        return " OR ".join(self._quoted()) if self.terms else None

    @property
    def all(self) -> str | None:
        return " AND ".join(self._quoted()) if len(self.terms) > 1 else None

    def _quoted(self) -> list[str]:
        # quoted: FTS5 operators in user input (NOT, NEAR, *, ^) are just words
        return ['"' + " ".join(t) + '"' for t in self.terms]

    def coverage(self, text: str, weights: Sequence[float] | None = None) -> float:
        """Weighted share of the query's terms found in ``text`` (light stemming, see ``_stem``).
        ``weights`` are per-term IDFs: finding the rare word counts more."""
        if not self.terms:
            return 0.0
        weights = weights or [1.0] * len(self.terms)
        words = [_stem(w) for w in _TOKEN.findall(text.lower())]
        stems = set(words)
        joined = " ".join(words) if any(len(t) > 1 for t in self.terms) else ""
        found = 0.0
        for term, weight in zip(self.terms, weights, strict=True):
            if len(term) == 1:
                hit = _stem(term[0]) in stems
            else:
                hit = " ".join(_stem(w) for w in term) in joined
            found += weight * hit
        return found / (sum(weights) or 1.0)


_SUFFIXES = ("ing", "ed", "es", "s", "e")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """A light suffix stripper: "promised" ~ "promise", "radars" ~ "radar", but "member" is
    not "membership" (a 5-letter prefix would merge them)."""
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass
class QueryVectors:
    """The query's vector, and one per term for IDF weighting.

    WordLlama averages token vectors, so a query's vector leans towards its most common word:
    "NATO membership" sits near every sentence about NATO. Weighting each term's vector by its
    IDF (a smooth-inverse-frequency style embedding, Arora et al. 2017) makes the semantic
    ranker look for what distinguishes the query — here "membership".
    """

    plain: np.ndarray
    terms: np.ndarray | None

    @classmethod
    def of(cls, query: str, parsed: ParsedQuery) -> QueryVectors:
        if len(parsed.terms) < 2:
            return cls(embeddings.embed_one(query), None)
        vecs = embeddings.embed([query, *(" ".join(t) for t in parsed.terms)])
        return cls(vecs[0], vecs[1:])

    def weighted(self, weights: Sequence[float]) -> np.ndarray:
        if self.terms is None:
            return self.plain
        vec = (self.terms * np.asarray(weights, dtype=np.float32)[:, None]).sum(axis=0)
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else self.plain


def parse_query(query: str) -> ParsedQuery:
    terms: list[tuple[str, ...]] = []
    for phrase in _PHRASE.findall(query):
        words = tuple(_TOKEN.findall(phrase.lower()))
        if words and words not in terms:
            terms.append(words)
    rest = _PHRASE.sub(" ", query)
    for word in _TOKEN.findall(rest.lower()):
        # single letters are the tails of "Trump's", "don't": they match nearly every row
        if word in STOP_WORDS or (word,) in terms or (len(word) == 1 and not word.isdigit()):
            continue
        terms.append((word,))
    return ParsedQuery(terms[:MAX_TERMS])


def fts_query(query: str) -> str | None:
    """The FTS5 query that finds rows sharing any term with ``query``."""
    return parse_query(query).any
