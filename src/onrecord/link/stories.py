"""Stories: the coverage of one real-world event by many outlets, as one cluster of documents.

The hard case is two events of the same kind (NATO foreign ministers meet in Brussels several
times a year; the NATO chief says similar things each time): their articles share vocabulary
and names. What tells them apart is first of all *when*: articles weeks or months apart are
different stories unless one is about the other's dated event. So a document's date is a gate,
not just a feature; text and named entities then decide among the stories the date allows.

The clustering is single-pass and incremental (as in topic detection and tracking): each
document, in a fixed order, joins the most similar open story or starts a new one. Because
``cluster_stories`` is exactly "add every document in order", adding documents later to a
saved ``StoryClusterer`` gives the same stories as a batch run over all of them, provided the
new documents come after the old ones in that order.

Evidence, in order of strength: publication days (a gate: outside a few days of the story, a
document joins only if it names one of the story's days), days inferred from the text (a soft
penalty when they disagree), years mentioned (softer still), then the score: TF-IDF cosine to
the story centroid, entity cosine, and whether the document names the story's key entities.

Cost per document is bounded by blocking: only stories active around the document's date, and
stories sharing one of its distinctive terms or entities (most recent first, capped), are
scored. There is no all-pairs comparison.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

N_FEATURES = 2**20
# Words of 2+ characters, numbers included: magnitudes, tolls, years and model numbers tell
# two events of one kind apart ("4.6 quake", "Macworld 2009").
TOKEN_PATTERN = r"(?u)\b\w[\w'.-]*\w\b"
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^(1[89]|20)\d\d(?!\d)")
_STATE_VERSION = 1


@dataclass
class StoryDoc:
    """A document as story clustering sees it."""

    id: int
    title: str | None
    text: str
    published: str | None = None  # YYYY-MM-DD
    entities: list[str] = field(default_factory=list)  # named entities, repeats allowed
    places: list[str] = field(default_factory=list)  # GPE mentions, repeats allowed
    # Dates mentioned in the text, as TIMEX values: days (YYYY-MM-DD) gate stories; coarser
    # values (YYYY, YYYY-MM) only add soft evidence when no day is known.
    dates: list[str] = field(default_factory=list)
    # Event fingerprints: hashed runs of quoted speech, a pledge's donors+amount. Sharing one
    # is the evidence an undated document needs to join a dated story (and take its date).
    evidence: list[str] = field(default_factory=list)


@dataclass
class Story:
    id: int
    title: str | None
    document_ids: list[int]
    first_published: str | None
    last_published: str | None
    place: str | None
    # Undated members -> the story's date, for the caller to store with published_from="story".
    inherited_dates: dict[int, str] = field(default_factory=dict)


@dataclass
class StoryParams:
    """Tuned by B-cubed F1 on the ECB+ train/dev topics (see docs/benchmarks.md, "Stories")."""

    text_model: str = "tfidf"  # "tfidf" or "wordllama" (static embeddings; worse on ECB+)
    threshold: float = 0.3  # minimum score to join a story
    text_weight: float = 0.85  # score = w * text cosine + (1 - w) * entity cosine + date term
    date_bonus: float = 0.1  # added when the document's day falls within the story's days
    window_days: int = 3  # "same days": distance from the story's date range
    max_span_days: int = 10  # a story never spans more days than this (except dated events)
    inferred_penalty: float = 0.1  # subtracted when only text-inferred days disagree
    year_penalty: float = 0.1  # subtracted when the years mentioned on both sides never meet
    title_repeat: int = 1  # times the title is put before the body in the text vector
    centroid_terms: int = 300  # terms kept per story centroid (bounded memory and state)
    key_entity_weight: float = 0.15  # weight of the share of the story's key entities named
    key_entities: int = 3  # a story's key entities: its highest-weighted ones
    entity_terms: int = 40  # entities kept per document vector
    block_terms: int = 10  # a document's top terms used to find candidate stories
    posting_cap: int = 50  # most recent stories considered per term/entity key


# ---------------------------------------------------------------------------------------------
# helpers


# Dated members must all share one day for it to pass to undated ones. On 603 AllSides
# articles with half the dates withheld (docs/benchmarks.md, Dates) any spread let follow-ups
# inherit the first day: 1 day of spread gave 3 wrong in 25, none gave 1 in 17.
INHERIT_SPREAD_DAYS = 0


def inheritable(text: str, day: str) -> bool:
    """Whether an undated member may take its story's ``day``: not when its own text reports
    as past a later day or year (it was published after them), whatever its story says."""
    from onrecord.ingest.dates import reports_past_after

    return not reports_past_after(text, day)


def _day(value: str | None) -> int | None:
    """Ordinal day of a YYYY-MM-DD(-ish) string, or None when it is not day precision."""
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _text_day(dates: list[str]) -> int | None:
    """The day a text is most likely about: most mentioned, then the latest (news reports
    an event after the background it recalls)."""
    days = Counter(d for d in map(_day, dates) if d is not None)
    if not days:
        return None
    return max(days, key=lambda d: (days[d], d))


_ENT_STRIP = re.compile(r"^(the)\s+|['’]s$")
_WS = re.compile(r"\s+")


def _ent_key(name: str) -> str:
    return _ENT_STRIP.sub("", _WS.sub(" ", name.strip().lower())).strip()


@lru_cache(maxsize=1)
def _hasher() -> HashingVectorizer:
    return HashingVectorizer(
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        stop_words="english",
        token_pattern=TOKEN_PATTERN,
    )


@lru_cache(maxsize=1)
def _wordllama() -> Any:
    import wordllama
    from wordllama import WordLlama

    cache = wordllama.__file__.rsplit("/", 1)[0]
    return WordLlama.load(cache_dir=cache, disable_download=True)


def _counts(texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    m = _hasher().transform(texts).tocsr()
    m.sort_indices()
    return [
        (m.indices[m.indptr[i] : m.indptr[i + 1]].copy(), m.data[m.indptr[i] : m.indptr[i + 1]])
        for i in range(len(texts))
    ]


# ---------------------------------------------------------------------------------------------
# state


@dataclass
class _StoryState:
    id: int
    members: list[int] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    published: dict[int, str | None] = field(default_factory=dict)
    c_idx: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    c_val: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    c_norm: float = 0.0
    emb: np.ndarray | None = None  # sum of member embeddings (wordllama mode)
    ents: dict[str, float] = field(default_factory=dict)  # sum of member entity vectors
    ent_norm2: float = 0.0  # squared norm of ents, kept up to date
    top_ents: list[str] = field(default_factory=list)  # key entities (highest weights)
    places: dict[str, list[Any]] = field(default_factory=dict)  # key -> [docs, mentions, form]
    times: list[int] = field(default_factory=list)  # members' effective days
    pub_times: list[int] = field(default_factory=list)  # members' publication days
    mentioned: dict[int, int] = field(default_factory=dict)  # mentioned day -> count
    years: dict[int, int] = field(default_factory=dict)  # years of members' days/mentions
    evidence: set[str] = field(default_factory=set)  # members' event fingerprints


@dataclass
class _DocFeatures:
    doc: StoryDoc
    time: int | None  # published day, else the day it mentions most
    inferred: bool  # time comes from the text, not from the publication date
    years: set[int]  # years of the document's time and of every date it mentions
    dates: set[int]
    t_idx: np.ndarray
    t_val: np.ndarray
    emb: np.ndarray | None
    ents: dict[str, float]
    block_keys: list[str]
    evidence: set[str] = field(default_factory=set)


class StoryClusterer:
    """Incremental story clustering with savable state (``to_bytes`` / ``from_bytes``)."""

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()
        if self.params.text_model not in ("tfidf", "wordllama"):
            raise ValueError(f"unknown text_model {self.params.text_model!r}")
        self.n_docs = 0
        self.df = np.zeros(N_FEATURES, dtype=np.int64)  # hashed term -> documents
        self.ent_df: dict[str, int] = {}
        self.stories: list[_StoryState] = []
        self.story_of: dict[int, int] = {}
        self.by_day: dict[int, list[int]] = {}  # day -> stories with a member on that day
        self.by_key: dict[str, list[int]] = {}  # term/entity key -> stories (recent last)
        self._buf = np.zeros(N_FEATURES, dtype=np.float64)  # scatter buffer for dot products

    # ---- ordering ----

    @staticmethod
    def order_key(doc: StoryDoc) -> tuple[int, str, int]:
        """Processing order: publication date, then id; undated documents after dated ones,
        ordered by the day their text mentions most (then id), those without any day last."""
        if _day(doc.published) is not None:
            return (0, doc.published or "", doc.id)
        inferred = _text_day(doc.dates)
        if inferred is not None:
            return (1, _iso(inferred), doc.id)
        return (2, "", doc.id)

    # ---- public API ----

    def observe(self, texts: Iterable[str]) -> None:
        """Count term document frequencies from background texts without clustering them.

        Term weights of the first documents of a stream are otherwise poor (every term looks
        rare); a few hundred unrelated articles are enough background.
        """
        texts = list(texts)
        for idx, _ in _counts(texts):
            self.n_docs += 1
            self.df[idx] += 1

    def add(self, doc: StoryDoc) -> int:
        """Assign one document to a story (existing or new); return the story id."""
        return self._add(doc, None)

    def add_many(self, docs: Iterable[StoryDoc]) -> dict[int, int]:
        """Add documents in the deterministic order; return doc id -> story id."""
        ordered = sorted(docs, key=self.order_key)
        embs: list[np.ndarray | None] = [None] * len(ordered)
        if self.params.text_model == "wordllama" and ordered:
            matrix = _wordllama().embed([_doc_text(d, 1) for d in ordered], norm=True)
            embs = [np.asarray(row, dtype=np.float64) for row in matrix]
        return {d.id: self._add(d, e) for d, e in zip(ordered, embs, strict=True)}

    def stories_list(self) -> list[Story]:
        """Every story so far, in creation order (ids are stable: 0, 1, 2, ...)."""
        return [self._story(s) for s in self.stories if s.members]

    # ---- internals: features ----

    def _features(self, doc: StoryDoc, emb: np.ndarray | None) -> _DocFeatures:
        p = self.params
        ((idx, cnt),) = _counts([_doc_text(doc, p.title_repeat)])
        self.n_docs += 1
        self.df[idx] += 1  # indices are unique per document
        idf = self.df[idx].astype(np.float64)
        val = (1.0 + np.log(cnt)) * (np.log((1.0 + self.n_docs) / (1.0 + idf)) + 1.0)
        norm = float(np.sqrt(val @ val)) or 1.0
        val = val / norm

        ent_counts = Counter(k for k in map(_ent_key, doc.entities + doc.places) if k)
        for k in ent_counts:
            self.ent_df[k] = self.ent_df.get(k, 0) + 1
        ents = {
            k: (1.0 + math.log(c)) * (math.log((1.0 + self.n_docs) / (1.0 + self.ent_df[k])) + 1)
            for k, c in ent_counts.items()
        }
        if len(ents) > p.entity_terms:  # the most distinctive ones; bounds the scoring cost
            ents = {k: ents[k] for k in _top(ents, p.entity_terms)}
        en = math.sqrt(sum(v * v for v in ents.values())) or 1.0
        ents = {k: v / en for k, v in ents.items()}

        if p.text_model == "wordllama" and emb is None:
            emb = np.asarray(_wordllama().embed([_doc_text(doc, 1)], norm=True)[0], np.float64)

        dates = {d for d in map(_day, doc.dates) if d is not None}
        time = _day(doc.published)
        inferred = time is None
        if time is None:
            time = _text_day(doc.dates)

        top = np.argsort(-val, kind="stable")[: p.block_terms]
        block = [f"t{int(idx[i])}" for i in top]
        block += [f"e{k}" for k in _top(ents, p.block_terms)]
        years = {int(v[:4]) for v in doc.dates if _YEAR.match(v)}
        if time is not None:
            years.add(date.fromordinal(time).year)
        return _DocFeatures(
            doc, time, inferred, years, dates, idx, val, emb, ents, block, set(doc.evidence)
        )

    # ---- internals: scoring ----

    def _candidates(self, f: _DocFeatures) -> list[int]:
        p = self.params
        found: set[int] = set()
        if f.time is not None:
            reach = p.max_span_days
            for day in range(f.time - reach, f.time + reach + 1):
                found.update(self.by_day.get(day, ()))
        for d in f.dates:
            found.update(self.by_day.get(d, ()))
        # Distinctive terms/entities find stories the day window cannot: any story for an
        # undated document, only undated stories for a dated one (dated stories outside its
        # window are closed to it anyway), which keeps the candidates few.
        dated = f.time is not None and not f.inferred
        for key in f.block_keys:
            for sid in self.by_key.get(key, ())[-p.posting_cap :]:
                if not dated or not self.stories[sid].pub_times:
                    found.add(sid)
        return sorted(found)

    def _date_term(self, f: _DocFeatures, s: _StoryState) -> float | None:
        """Bonus when on the story's days, 0 when dates say nothing, None when they forbid."""
        p = self.params
        if f.time is None and s.pub_times and not f.evidence.intersection(s.evidence):
            # An undated document that joins a dated story takes its date; similar wording
            # alone (the same kind of meeting, months apart) must not give it one.
            return None
        if f.time is None or not s.times:
            # No days to compare: years mentioned on both sides that never meet are a hint
            # that the document is about another occurrence of the same kind of event.
            if f.years and s.years and not f.years.intersection(s.years):
                return -p.year_penalty
            return 0.0
        # Publication dates are facts: they gate. A day inferred from the text may be a
        # background date, so with one on either side a mismatch only costs a penalty.
        strict = not f.inferred and bool(s.pub_times)
        days = s.pub_times if strict else s.times
        lo, hi = min(days), max(days)
        gap = max(lo - f.time, f.time - hi, 0)
        span = max(hi, f.time) - min(lo, f.time)
        if gap <= p.window_days and span <= p.max_span_days:
            return p.date_bonus
        # Far apart, yet about the same dated event: the document names a day of the story,
        # or the story's documents name the document's day.
        if f.dates.intersection(s.times) or f.time in s.mentioned:
            return 0.0
        if any(d in s.mentioned and s.mentioned[d] >= 2 for d in f.dates):
            return 0.0
        return None if strict else -p.inferred_penalty

    def _score(self, f: _DocFeatures, s: _StoryState) -> float | None:
        p = self.params
        dt = self._date_term(f, s)
        if dt is None:
            return None
        if p.text_model == "wordllama" and f.emb is not None and s.emb is not None:
            n = float(np.sqrt(s.emb @ s.emb)) or 1.0
            text = float(f.emb @ s.emb) / n
        else:
            text = float(self._buf[s.c_idx] @ s.c_val) / (s.c_norm or 1.0)
        ent = 0.0
        if f.ents and s.ents:
            get = s.ents.get
            ent = sum(v * get(k, 0.0) for k, v in f.ents.items()) / (math.sqrt(s.ent_norm2) or 1.0)
        # Two events of one kind share vocabulary; who and where differ. A document about the
        # story names the story's central entities.
        key = sum(1 for k in s.top_ents if k in f.ents) / len(s.top_ents) if s.top_ents else 0.0
        return p.text_weight * text + (1.0 - p.text_weight) * ent + dt + p.key_entity_weight * key

    def _add(self, doc: StoryDoc, emb: np.ndarray | None) -> int:
        if doc.id in self.story_of:
            raise ValueError(f"document {doc.id} was already clustered")
        f = self._features(doc, emb)
        self._buf[f.t_idx] = f.t_val
        best: tuple[float, int] | None = None
        candidates = self._candidates(f)
        try:
            for sid in candidates:
                sc = self._score(f, self.stories[sid])
                if (
                    sc is not None
                    and sc >= self.params.threshold
                    and (best is None or sc > best[0])
                ):
                    best = (sc, sid)
        finally:
            self._buf[f.t_idx] = 0.0
        if best is None:
            story = _StoryState(id=len(self.stories))
            self.stories.append(story)
        else:
            story = self.stories[best[1]]
        self._join(story, f)
        return story.id

    def _add_to_centroid(self, s: _StoryState, idx: np.ndarray, val: np.ndarray) -> None:
        idx = np.concatenate([s.c_idx, idx])
        val = np.concatenate([s.c_val, val])
        uniq, inv = np.unique(idx, return_inverse=True)
        summed = np.zeros(len(uniq), dtype=np.float64)
        np.add.at(summed, inv, val)
        if len(uniq) > self.params.centroid_terms:
            keep = np.sort(np.argsort(-summed, kind="stable")[: self.params.centroid_terms])
            uniq, summed = uniq[keep], summed[keep]
        s.c_idx, s.c_val = uniq.astype(np.int64), summed
        s.c_norm = float(np.sqrt(summed @ summed))

    def _join(self, s: _StoryState, f: _DocFeatures) -> None:
        p = self.params
        doc = f.doc
        s.members.append(doc.id)
        s.published[doc.id] = doc.published if _day(doc.published) is not None else None
        if doc.title:
            s.titles[doc.id] = doc.title
        self.story_of[doc.id] = s.id

        self._add_to_centroid(s, f.t_idx, f.t_val)
        if f.emb is not None:
            s.emb = f.emb.copy() if s.emb is None else s.emb + f.emb

        for k, v in f.ents.items():
            old = s.ents.get(k, 0.0)
            s.ents[k] = old + v
            s.ent_norm2 += (old + v) ** 2 - old**2
        s.top_ents = _top(s.ents, p.key_entities)
        place_counts = Counter(_ent_key(pl) for pl in doc.places if _ent_key(pl))
        for pl in doc.places:
            k = _ent_key(pl)
            if k and k not in s.places:
                s.places[k] = [0, 0, pl.strip()]
        for k, c in place_counts.items():
            s.places[k][0] += 1
            s.places[k][1] += c

        if f.time is not None:
            s.times.append(f.time)
            if not f.inferred:
                s.pub_times.append(f.time)
            lst = self.by_day.setdefault(f.time, [])
            if not lst or lst[-1] != s.id:
                lst.append(s.id)
        for d in f.dates:
            s.mentioned[d] = s.mentioned.get(d, 0) + 1
        for y in f.years:
            s.years[y] = s.years.get(y, 0) + 1
        s.evidence.update(f.evidence)
        for key in f.block_keys:
            lst = self.by_key.setdefault(key, [])
            if s.id in lst[-p.posting_cap :]:
                lst.remove(s.id)  # move to the recent end
            lst.append(s.id)

    # ---- internals: output ----

    def _story(self, s: _StoryState) -> Story:
        dated = sorted(d for d in s.published.values() if d)
        inherited: dict[int, str] = {}
        days = [d for d in map(_day, dated) if d is not None]
        # An undated member takes the story's day only when the dated members agree on it (to
        # within INHERIT_SPREAD_DAYS): a story followed over days cannot say on which of them a
        # member appeared, and an unknown date is honest where a guessed one is not.
        if days and max(days) - min(days) <= INHERIT_SPREAD_DAYS:
            freq = Counter(dated)
            story_day = min(freq, key=lambda d: (-freq[d], d))  # most common, then earliest
            inherited = {i: story_day for i in s.members if not s.published.get(i)}
        place = None
        if s.places:
            place = max(s.places.values(), key=lambda v: (v[0], v[1]))[2]
        return Story(
            id=s.id,
            title=self._title(s),
            document_ids=list(s.members),
            first_published=dated[0] if dated else None,
            last_published=dated[-1] if dated else None,
            place=place,
            inherited_dates=inherited,
        )

    def _title(self, s: _StoryState) -> str | None:
        """The member title closest to the story centroid (earliest member on ties)."""
        if not s.titles:
            return None
        ids = [i for i in s.members if i in s.titles]
        best, best_score = ids[0], -1.0
        cent = dict(zip(s.c_idx.tolist(), s.c_val.tolist(), strict=True))
        for i, (idx, cnt) in zip(ids, _counts([s.titles[i] for i in ids]), strict=True):
            w = [
                (1 + math.log(c)) * self._idf(t)
                for t, c in zip(idx.tolist(), cnt.tolist(), strict=True)
            ]
            norm = math.sqrt(sum(x * x for x in w)) or 1.0
            score = sum(x * cent.get(t, 0.0) for t, x in zip(idx.tolist(), w, strict=True)) / norm
            if score > best_score + 1e-12:
                best, best_score = i, score
        return s.titles[best]

    def _idf(self, term: int) -> float:
        return math.log((1.0 + self.n_docs) / (1.0 + int(self.df[term]))) + 1.0

    # ---- persistence ----

    def to_bytes(self) -> bytes:
        """Compressed JSON of the whole state (floats round-trip exactly)."""
        state = {
            "version": _STATE_VERSION,
            "params": asdict(self.params),
            "n_docs": self.n_docs,
            "df": [np.flatnonzero(self.df).tolist(), self.df[self.df > 0].tolist()],
            "ent_df": self.ent_df,
            "by_day": [[k, v] for k, v in self.by_day.items()],
            "by_key": self.by_key,
            "stories": [
                {
                    "id": s.id,
                    "members": s.members,
                    "titles": [[k, v] for k, v in s.titles.items()],
                    "published": [[k, v] for k, v in s.published.items()],
                    "c_idx": s.c_idx.tolist(),
                    "c_val": s.c_val.tolist(),
                    "emb": None if s.emb is None else s.emb.tolist(),
                    "ents": s.ents,
                    "ent_norm2": s.ent_norm2,
                    "places": s.places,
                    "times": s.times,
                    "pub_times": s.pub_times,
                    "mentioned": [[k, v] for k, v in s.mentioned.items()],
                    "years": [[k, v] for k, v in s.years.items()],
                    "evidence": sorted(s.evidence),
                }
                for s in self.stories
            ],
        }
        return zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryClusterer:
        state = json.loads(zlib.decompress(data))
        if state.get("version") != _STATE_VERSION:
            raise ValueError(f"unsupported story state version {state.get('version')}")
        self = cls(StoryParams(**state["params"]))
        self.n_docs = state["n_docs"]
        terms, counts = state["df"]
        self.df[np.array(terms, dtype=np.int64)] = np.array(counts, dtype=np.int64)
        self.ent_df = dict(state["ent_df"])
        self.by_day = {int(k): list(v) for k, v in state["by_day"]}
        self.by_key = {k: list(v) for k, v in state["by_key"].items()}
        for raw in state["stories"]:
            s = _StoryState(
                id=raw["id"],
                members=list(raw["members"]),
                titles={int(k): v for k, v in raw["titles"]},
                published={int(k): v for k, v in raw["published"]},
                c_idx=np.array(raw["c_idx"], dtype=np.int64),
                c_val=np.array(raw["c_val"], dtype=np.float64),
                emb=None if raw["emb"] is None else np.array(raw["emb"], dtype=np.float64),
                ents=dict(raw["ents"]),
                places={k: list(v) for k, v in raw["places"].items()},
                times=list(raw["times"]),
                pub_times=list(raw["pub_times"]),
                mentioned={int(k): int(v) for k, v in raw["mentioned"]},
                years={int(k): int(v) for k, v in raw["years"]},
                evidence=set(raw.get("evidence", [])),
            )
            s.c_norm = float(np.sqrt(s.c_val @ s.c_val))
            s.ent_norm2 = float(raw["ent_norm2"])
            s.top_ents = _top(s.ents, self.params.key_entities)
            self.stories.append(s)
            for i in s.members:
                self.story_of[i] = s.id
        return self


def _top(weights: dict[str, float], n: int) -> list[str]:
    return sorted(weights, key=lambda k: (-weights[k], k))[:n]


def _doc_text(doc: StoryDoc, title_repeat: int) -> str:
    title = (doc.title or "").strip()
    return "\n".join([title] * title_repeat + [doc.text]) if title else doc.text


def cluster_stories(docs: Iterable[StoryDoc], params: StoryParams | None = None) -> list[Story]:
    """Batch clustering: every document added in the deterministic order."""
    clusterer = StoryClusterer(params)
    clusterer.add_many(docs)
    return clusterer.stories_list()
