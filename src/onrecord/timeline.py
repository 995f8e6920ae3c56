"""A person's statements on a topic, in date order, with stance shifts flagged.

Selection. The speaker's quotes (speaker resolved as ``queries.find_entity`` does, as in search)
are ranked against the topic by the same hybrid search as ``onrecord search``; a quote is *on
topic* when its cosine similarity to the IDF-weighted topic vector reaches ``TOPIC_SIMILARITY``
or when it contains at least ``TOPIC_COVERAGE`` of the topic's IDF-weighted words (IDF over all
quotes, so "Ukraine" in a corpus about Ukraine weighs little and "membership" a lot). Without a
topic every quote of the speaker is listed.

Grouping. Copies of one statement in several outlets are one entry: quotes sharing a
``group_id`` (the quote-group linker), and, within the timeline, quotes at most
``SAME_STATEMENT_DAYS`` apart whose vectors are near-identical (cosine >= ``SAME_STATEMENT``)
or whose words largely coincide — the reported and the direct form of one remark in two
outlets. The direct form, when there is one, stands for the entry (its stance counts).

Stance. Each entry gets a polarity towards the topic from lexical cues, not a trained model:
- commitment cues (+): irreversible, will, committed, promised, guarantee, "future is in",
  remains open, support, "for as long as it takes", ...;
- rejection cues (-): oppose, "out of the question", shelved, cancelled, veto, ...;
- a negator (not, n't, never, no, nobody, no one, none, nothing, without) flips the nearest cue
  after it in the same clause, else the nearest cue just before it ("will not"), else counts as
  a denial on its own ("membership was never part of the deal"); so "nobody ever promised" is
  negative and "no one has a veto over that" positive;
- hedges (if, only after, depends, "when the time is right", "not the topic") halve a clause and
  lean negative on their own (-0.25: a retreat from a commitment, not a rejection);
- after a contrast (but, however, yet) the later clause counts double and the earlier half;
- clauses that mention the topic count fully, the others a quarter (in "Nobody promised
  membership after the war. What we promised is support" the second sentence is not about
  membership).
Scores >= 0.5 are "commits", <= -0.5 "rejects", the rest "hedges" (no clear stance).

Shift. Walking the entries in date order, an entry with a clear stance is a shift when the
latest entry with a clear stance *from an earlier day* had the opposite sign and the two are not
near-identical texts (cosine < ``SAME_STATEMENT``: opposite cues in the same words mean a cue was
misread, not that the speaker moved). Hedging entries are listed but never start or end a shift;
statements of the same day are compared with the previous day, not with each other.

Measured on tests/data/shifts_gold.jsonl (52 pairs written for this purpose, fictional
speakers): see docs/benchmarks.md, "Timelines". Polarity cues catch explicit reversals
("will" -> "will not", "promised" -> "never promised", "committed" -> "shelved"); they miss
reversals carried by antonyms of the topic's own verbs ("keep running" -> "shut down").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from onrecord import embeddings, queries
from onrecord.search import STOP_WORDS, resolve_person, search, vector_index
from onrecord.store import SQLiteStore

TOPIC_SIMILARITY = 0.3
TOPIC_COVERAGE = 0.5
SAME_STATEMENT = 0.9
SAME_WORDS = 0.7  # containment of the shorter quote's words in the longer one, same day
MAX_STATEMENTS = 500
CLEAR = 0.5
OFF_TOPIC_WEIGHT = 0.25
HEDGE_ALONE = 0.25
BARE_DENIAL = 0.4
SAME_STATEMENT_DAYS = 2  # reports of one remark carry dates a day or two apart

# ---- stance cues ----

_POSITIVE = {
    # commitments and affirmations of the proposition
    "irreversible": 1.0,
    "committed": 1.0,
    "commitment": 1.0,
    "commit": 1.0,
    "promise": 1.0,
    "promised": 1.0,
    "promises": 1.0,
    "guarantee": 1.0,
    "guaranteed": 1.0,
    "guarantees": 1.0,
    "certain": 1.0,
    "unavoidable": 1.0,
    "inevitable": 1.0,
    "certainly": 1.0,
    "definitely": 1.0,
    "belongs": 1.0,
    "support": 1.0,
    "supports": 1.0,
    "backing": 1.0,
    "back": 0.5,
    "welcome": 1.0,
    "proud": 1.0,
    "essential": 1.0,
    "agreed": 1.0,
    "approve": 1.0,
    "approved": 1.0,
    "continue": 1.0,
    "continues": 1.0,
    "remains": 0.5,
    "remain": 0.5,
    "stays": 0.5,
    "stay": 0.5,
    "ensure": 1.0,
    "sign": 0.5,
    "will": 0.5,
    "ll": 0.5,
    "shall": 0.5,
    "must": 0.5,
}
_NEGATIVE = {
    # rejections, and a plan being stopped
    "oppose": 1.0,
    "opposed": 1.0,
    "against": 1.0,
    "reject": 1.0,
    "rejected": 1.0,
    "impossible": 1.0,
    "shelved": 1.0,
    "cancelled": 1.0,
    "canceled": 1.0,
    "scrapped": 1.0,
    "abandoned": 1.0,
    "abandon": 1.0,
    "pause": 1.0,
    "pausing": 1.0,
    "paused": 1.0,
    "suspend": 1.0,
    "suspended": 1.0,
    "halt": 1.0,
    "halted": 1.0,
    "postponed": 1.0,
    "veto": 1.0,
    "block": 1.0,
    "blocked": 1.0,
    "waste": 1.0,
    "lift": 1.0,
    "lifted": 1.0,
    "lifting": 1.0,
}
# multi-word cues, matched first: (pattern, kind, weight); kind: pos | neg | hedge
_PHRASES: list[tuple[re.Pattern[str], str, float]] = [
    (re.compile(p), k, w)
    for p, k, w in [
        (r"\bfuture (?:is|lies) (?:in|with)\b", "pos", 1.0),
        (r"\bpath (?:to|towards)\b", "pos", 0.5),
        (r"\b(?:door|doors) (?:is |are |remains? |stays? )?open\b", "pos", 1.0),
        (r"\bfor as long as it takes\b", "pos", 1.0),
        (r"\bhere to stay\b", "pos", 1.0),
        (r"\bon track\b", "pos", 1.0),
        (r"\bgo(?:ing|es)? ahead\b", "pos", 1.0),
        (r"\bgoing to\b", "pos", 0.5),
        (r"\bin place\b", "pos", 0.5),
        (r"\bout of the question\b", "neg", 1.0),
        (r"\bbad idea\b", "neg", 1.0),
        (r"\bon hold\b", "neg", 1.0),
        (r"\bnot (?:the|a) (?:topic|subject|issue|moment|time|day)\b", "hedge", 1.0),
        (r"\bwhen the time is right\b", "hedge", 1.0),
        (r"\b(?:up for negotiation|negotiable)\b", "hedge", 1.0),
        (r"\bonly (?:after|when|if|once)\b", "hedge", 1.0),
        (r"\bfor the time being\b", "hedge", 1.0),
        (r"\b(?:too early|premature|aspiration|depends|conditions?)\b", "hedge", 1.0),
        (r"\b(?:if|unless|maybe|perhaps|might|could)\b", "hedge", 1.0),
    ]
]
_NEGATORS = {
    "not",
    "never",
    "no",
    "nobody",
    "none",
    "nothing",
    "without",
    "neither",
    "nor",
    "cannot",
}
_CONTRAST = {"but", "however", "yet", "nevertheless"}  # what follows outweighs what came before
_CONCESSIVE = {"although", "though", "despite"}  # what follows is the lesser point
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no)\s+(?:\w+\s+)?$")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE = re.compile(
    r"[.;:!?]+|,|\u2014|\s-\s|\s(?=(?:but|however|yet|although|even though|though)\b)"
)


@dataclass
class Stance:
    score: float
    label: str  # commits | rejects | hedges
    cues: list[str] = field(default_factory=list)

    @property
    def sign(self) -> int:
        return 1 if self.label == "commits" else -1 if self.label == "rejects" else 0


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\bno[ -]one\b", "nobody", text)
    text = re.sub(r"\bno longer\b", "not", text)
    text = re.sub(r"\b(can)not\b", r"\1 not", text)
    text = re.sub(r"\bwon't\b", "will not", text)
    text = re.sub(r"\bcan't\b", "can not", text)
    return re.sub(r"n't\b", " not", text)


def _topic_words(topic: str | None) -> list[str]:
    if not topic:
        return []
    return [w for w in _WORD.findall(topic.lower()) if w not in STOP_WORDS and len(w) > 2]


def _mentions_topic(words: list[str], topic_words: list[str]) -> bool:
    # crude stemming: "member" ~ "membership", "Ukraine" ~ "Ukrainian"
    for w in words:
        for t in topic_words:
            n = min(len(t), len(w), 6)
            if n >= 4 and w[:n] == t[:n]:
                return True
    return False


def _clause_score(clause: str) -> tuple[float, bool, list[str]]:
    """(polarity, hedged, cues) of one clause."""
    cues: list[str] = []
    hedged = False
    score = 0.0
    # phrases first; blank them out so their words are not counted again
    marks: list[tuple[int, str, float]] = []  # (char position, kind, weight)
    for pattern, kind, weight in _PHRASES:
        for m in pattern.finditer(clause):
            if kind == "hedge" and _NEGATED_BEFORE.search(clause[: m.start()]):
                # "not up for negotiation", "not conditional": a denied hedge is firmness
                marks.append((m.start(), "pos", weight))
                clause = (
                    _NEGATED_BEFORE.sub(lambda n: " " * len(n.group()), clause[: m.start()])
                    + clause[m.start() :]
                )
            elif kind == "hedge":
                hedged = True
            else:
                marks.append((m.start(), kind, weight))
            cues.append(m.group())
            clause = clause[: m.start()] + " " * (m.end() - m.start()) + clause[m.end() :]
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(clause)]
    items: list[tuple[int, str, float]] = list(marks)  # cue items: (pos, text, signed weight)
    negs: list[int] = []
    for pos, tok in tokens:
        tok = tok.split("'")[0] if tok.endswith("'s") else tok
        if tok in _NEGATORS:
            negs.append(pos)
            cues.append(tok)
        elif tok in _POSITIVE:
            items.append((pos, "pos", _POSITIVE[tok]))
            cues.append(tok)
        elif tok in _NEGATIVE:
            items.append((pos, "neg", _NEGATIVE[tok]))
            cues.append(tok)
    values = {i: (w if k == "pos" else -w) for i, (_, k, w) in enumerate(items)}
    items_by_pos = sorted(range(len(items)), key=lambda i: items[i][0])
    for neg in negs:
        after = [i for i in items_by_pos if items[i][0] > neg]
        before = [i for i in items_by_pos if items[i][0] < neg and neg - items[i][0] <= 20]
        if after:
            values[after[0]] = -values[after[0]]
        elif before:
            values[before[-1]] = -values[before[-1]]
        else:
            # a bare denial ("that was never part of the deal") leans negative; alone it is not
            # a rejection: "talk of membership would not slow deliveries" is not about membership
            score -= BARE_DENIAL
    score += sum(values.values())
    if hedged:
        # a hedge alone leans away from commitment without being a rejection
        score = score * 0.5 if score else -HEDGE_ALONE
    return score, hedged, cues


def stance(text: str, topic: str | None = None) -> Stance:
    """Polarity of a statement towards its topic (see the module docstring for the rules)."""
    norm = _normalise(text)
    topic_words = _topic_words(topic)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", norm) if s.strip()]
    # (clause, role, conditional sentence); role: plain | after (a contrast) | lesser
    pieces: list[tuple[str, str, bool]] = []
    for sent in sentences:
        conditional = bool(re.match(r"\W*(?:if|unless|only if|only when)\b", sent))
        role = "plain"
        for clause in _CLAUSE.split(sent):
            words = _WORD.findall(clause)
            if not words:
                continue
            if words[0] in _CONTRAST:
                # everything said so far is what the contrast qualifies
                pieces = [(c, "plain" if r == "after" else r, k) for c, r, k in pieces]
                role = "after"
                pieces.append((clause, role, conditional))
            elif words[0] in _CONCESSIVE or words[:2] == ["even", "though"]:
                pieces.append((clause, "lesser", conditional))
            else:
                pieces.append((clause, role, conditional))
    any_topic = bool(topic_words) and any(
        _mentions_topic(_WORD.findall(c), topic_words) for c, _, _ in pieces
    )
    total = 0.0
    cues: list[str] = []
    contrast_seen = any(r == "after" for _, r, _ in pieces)
    for clause, role, conditional in pieces:
        score, _, clause_cues = _clause_score(clause)
        weight = 0.5 if role == "lesser" else 1.0
        if contrast_seen:
            weight *= 2.0 if role == "after" else 0.5
        if conditional:
            weight *= 0.5
        if any_topic and not _mentions_topic(_WORD.findall(clause), topic_words):
            weight *= OFF_TOPIC_WEIGHT
        total += weight * score
        cues += clause_cues
    label = "commits" if total >= CLEAR else "rejects" if total <= -CLEAR else "hedges"
    return Stance(round(total, 3), label, cues)


def is_shift(
    a: str, b: str, topic: str | None = None, similarity: float | None = None
) -> tuple[bool, Stance, Stance]:
    """Does statement ``b`` (later) reverse statement ``a``'s stance on ``topic``?"""
    sa, sb = stance(a, topic), stance(b, topic)
    if similarity is None:
        va, vb = embeddings.embed([a, b])
        similarity = float(va @ vb)
    flip = sa.sign != 0 and sb.sign != 0 and sa.sign != sb.sign
    return flip and similarity < SAME_STATEMENT, sa, sb


# ---- timelines ----


@dataclass
class Entry:
    """One statement (possibly carried by several outlets) in a timeline."""

    quote_id: int
    text: str
    said_on: str | None
    said_on_from: str | None
    speaker: str | None
    document_id: int
    document_title: str | None
    outlet: str | None
    start: int
    end: int
    kind: str
    group_id: int | None
    relevance: float | None  # cosine similarity to the topic
    coverage: float | None  # IDF-weighted share of topic words present
    stance: Stance
    copies: list[dict[str, Any]] = field(default_factory=list)
    shift: dict[str, Any] | None = None  # set on the entry where a shift lands

    def citation(self) -> str:
        title = f' "{self.document_title}"' if self.document_title else ""
        return (
            f"{self.outlet or 'unknown outlet'}, {self.said_on or 'undated'}; document "
            f"{self.document_id}{title}, chars {self.start}-{self.end}"
        )


@dataclass
class Timeline:
    speaker: str
    speaker_ids: list[int]
    topic: str | None
    entries: list[Entry]

    @property
    def shifts(self) -> list[dict[str, Any]]:
        return [e.shift for e in self.entries if e.shift]

    def to_dict(self) -> dict[str, Any]:
        entries = []
        for e in self.entries:
            d = asdict(e)
            d["citation"] = e.citation()
            entries.append(d)
        return {
            "speaker": self.speaker,
            "speaker_ids": self.speaker_ids,
            "topic": self.topic,
            "entries": entries,
            "shifts": self.shifts,
        }


_KIND_RANK = {"direct": 0, "mixed": 1, "indirect": 2}


def _as_copy(e: Entry) -> dict[str, Any]:
    return {
        "quote_id": e.quote_id,
        "document_id": e.document_id,
        "document_title": e.document_title,
        "outlet": e.outlet,
        "said_on": e.said_on,
        "start": e.start,
        "end": e.end,
        "text": e.text,
    }


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) - STOP_WORDS


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    if len(a) != 10 or len(b) != 10:  # coarser dates: only an exact match counts
        return 0 if a == b else None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _same_statement(a: Entry, b: Entry, sim: float) -> bool:
    """One remark reported twice: near in time and nearly the same words (or vector)."""
    days = _days_apart(a.said_on, b.said_on)
    if days is None or days > SAME_STATEMENT_DAYS:
        return False
    if sim >= SAME_STATEMENT:
        return True
    wa, wb = _words(a.text), _words(b.text)
    small = min(len(wa), len(wb))
    return small >= 4 and len(wa & wb) / small >= SAME_WORDS


def timeline(
    store: SQLiteStore, speaker: str, topic: str | None = None, *, limit: int = MAX_STATEMENTS
) -> Timeline:
    speaker_ids = resolve_person(store, speaker)
    topic = (topic or "").strip() or None
    relevance: dict[int, float] = {}
    coverage: dict[int, float] = {}
    if topic:
        hits = search(
            store,
            topic,
            speaker=speaker,
            kind="quote",
            limit=200,
            collapse=False,
            min_similarity=TOPIC_SIMILARITY,
        )
        relevance = {h.id: h.similarity or 0.0 for h in hits}
        coverage = {h.id: h.coverage or 0.0 for h in hits}
        keep = [
            h.id
            for h in hits
            if relevance[h.id] >= TOPIC_SIMILARITY or coverage[h.id] >= TOPIC_COVERAGE
        ]
        rows = queries.quotes_by_ids(store, keep) if keep else []
    else:
        rows = queries.quotes(store, speaker=speaker, limit=limit)
    rows.sort(
        key=lambda r: (r["said_on"] or r["published"] or "9999", r["document_id"], r["start"])
    )
    rows = rows[:limit]
    vecs = vector_index(store).vectors_of(store.conn, "quote", [r["id"] for r in rows])
    entries: list[Entry] = []
    entry_vec: list[np.ndarray | None] = []
    by_group: dict[int, Entry] = {}
    for r in rows:
        copy = {
            "quote_id": r["id"],
            "document_id": r["document_id"],
            "document_title": r["document_title"],
            "outlet": r["outlet"],
            "said_on": r["said_on"],
            "start": r["start"],
            "end": r["end"],
            "text": r["text"],
        }
        if r["group_id"] is not None and r["group_id"] in by_group:
            by_group[r["group_id"]].copies.append(copy)
            continue
        entry = Entry(
            quote_id=r["id"],
            text=r["text"],
            said_on=r["said_on"] or r["published"],
            said_on_from=r["said_on_from"] if r["said_on"] else "published",
            speaker=r["speaker"],
            document_id=r["document_id"],
            document_title=r["document_title"],
            outlet=r["outlet"],
            start=r["start"],
            end=r["end"],
            kind=r["kind"],
            group_id=r["group_id"],
            relevance=round(relevance[r["id"]], 4) if r["id"] in relevance else None,
            coverage=round(coverage[r["id"]], 4) if r["id"] in coverage else None,
            stance=stance(r["text"], topic),
        )
        vec = vecs.get(r["id"])
        merged = False
        for back in range(1, min(8, len(entries)) + 1):
            prev, pvec = entries[-back], entry_vec[-back]
            sim = float(vec @ pvec) if vec is not None and pvec is not None else 0.0
            if _same_statement(prev, entry, sim):
                if _KIND_RANK.get(entry.kind, 3) < _KIND_RANK.get(prev.kind, 3):
                    # the speaker's own words stand for the remark, a paraphrase is a copy
                    entry.copies = [*prev.copies, _as_copy(prev)]
                    entries[-back], entry_vec[-back] = entry, vec
                    if prev.group_id is not None:
                        by_group[prev.group_id] = entry
                else:
                    prev.copies.append(copy)
                merged = True
                break
        if merged:
            continue
        if r["group_id"] is not None:
            by_group[r["group_id"]] = entry
        entries.append(entry)
        entry_vec.append(vec)
    if topic:  # without a topic consecutive statements are about different things
        _flag_shifts(entries, entry_vec)
    return Timeline(speaker, speaker_ids, topic, entries)


def _flag_shifts(entries: list[Entry], vecs: list[np.ndarray | None]) -> None:
    last_clear: tuple[Entry, np.ndarray | None] | None = None  # from an earlier day
    day_clear: tuple[Entry, np.ndarray | None] | None = None  # latest of the current day
    day: str | None = None
    for entry, vec in zip(entries, vecs, strict=True):
        if entry.said_on != day:
            if day_clear is not None:
                last_clear = day_clear
            day, day_clear = entry.said_on, None
        if entry.stance.sign == 0:
            continue
        if last_clear is not None and last_clear[0].stance.sign != entry.stance.sign:
            prev, pvec = last_clear
            sim = float(vec @ pvec) if vec is not None and pvec is not None else 0.0
            if sim < SAME_STATEMENT:
                entry.shift = {
                    "from_quote_id": prev.quote_id,
                    "from_date": prev.said_on,
                    "from_stance": prev.stance.label,
                    "from_text": prev.text,
                    "to_quote_id": entry.quote_id,
                    "to_date": entry.said_on,
                    "to_stance": entry.stance.label,
                    "to_text": entry.text,
                    "similarity": round(sim, 4),
                }
        day_clear = (entry, vec)


# ---- evaluation on annotated pairs ----

_NEGATION_WORDS = _NEGATORS | {"nobody"}


def _negation_parity(text: str) -> int:
    return sum(w in _NEGATION_WORDS for w in _WORD.findall(_normalise(text))) % 2


def evaluate_shifts(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Precision/recall/F1 per split for the detector and two baselines.

    Each row: {"split", "topic", "label": shift|no_shift, "a": {"text"}, "b": {"text"}}.
    Baselines: "negation parity" (a shift when exactly one of the two statements is negated)
    and "dissimilarity" (a shift when the cosine of the two statements is below the threshold
    that maximises F1 on the dev split).
    """
    vecs = embeddings.embed([t for r in rows for t in (r["a"]["text"], r["b"]["text"])])
    sims = [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(rows))]
    gold = [r["label"] == "shift" for r in rows]
    systems: dict[str, list[bool]] = {
        "stance cues + similarity (onrecord)": [
            is_shift(r["a"]["text"], r["b"]["text"], r["topic"], s)[0]
            for r, s in zip(rows, sims, strict=True)
        ],
        "baseline: negation parity": [
            _negation_parity(r["a"]["text"]) != _negation_parity(r["b"]["text"]) for r in rows
        ],
    }
    dev = [i for i, r in enumerate(rows) if r["split"] == "dev"]

    def f1_at(t: float, idx: list[int]) -> float:
        tp = sum(sims[i] < t and gold[i] for i in idx)
        fp = sum(sims[i] < t and not gold[i] for i in idx)
        fn = sum(sims[i] >= t and gold[i] for i in idx)
        return 2 * tp / max(1, 2 * tp + fp + fn)

    best = max((round(x * 0.01, 2) for x in range(101)), key=lambda t: f1_at(t, dev))
    systems[f"baseline: dissimilarity (cos < {best})"] = [s < best for s in sims]
    out: dict[str, dict[str, float]] = {}
    for name, pred in systems.items():
        for split in ("dev", "test", "all"):
            idx = [i for i, r in enumerate(rows) if split == "all" or r["split"] == split]
            tp = sum(pred[i] and gold[i] for i in idx)
            fp = sum(pred[i] and not gold[i] for i in idx)
            fn = sum(gold[i] and not pred[i] for i in idx)
            p = tp / max(1, tp + fp)
            r_ = tp / max(1, tp + fn)
            out[f"{name} | {split}"] = {
                "pairs": len(idx),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(p, 3),
                "recall": round(r_, 3),
                "f1": round(2 * p * r_ / max(1e-9, p + r_), 3),
            }
    return out


def main(argv: list[str] | None = None) -> None:
    """python -m onrecord.timeline tests/data/shifts_gold.jsonl: the table in benchmarks.md."""
    import json
    import sys

    path = (argv or sys.argv[1:] or ["tests/data/shifts_gold.jsonl"])[0]
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    print("| system | split | pairs | P | R | F1 |")
    print("|---|---|---|---|---|---|")
    for key, v in evaluate_shifts(rows).items():
        name, split = key.split(" | ")
        print(
            f"| {name} | {split} | {v['pairs']} | {v['precision']:.2f} | {v['recall']:.2f} | "
            f"{v['f1']:.2f} |"
        )


if __name__ == "__main__":
    main()
