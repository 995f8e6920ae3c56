"""Stance of a statement towards a topic, from lexical cues (not a trained model).

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
Scores >= 0.5 are "commits", <= -0.5 "rejects"; the rest are "hedges" when a hedge cue was
found, else "neutral" (no stance expressed).

Used per timeline entry (onrecord.timeline.assembly) and measured on annotated pairs
(onrecord.timeline.evaluation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from onrecord import embeddings
from onrecord.search import STOP_WORDS

SAME_STATEMENT = 0.9
CLEAR = 0.5
OFF_TOPIC_WEIGHT = 0.25
HEDGE_ALONE = 0.25
BARE_DENIAL = 0.4

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
    label: str  # commits | rejects | hedges | neutral
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
    hedged = False
    cues: list[str] = []
    contrast_seen = any(r == "after" for _, r, _ in pieces)
    for clause, role, conditional in pieces:
        score, clause_hedged, clause_cues = _clause_score(clause)
        hedged = hedged or clause_hedged
        weight = 0.5 if role == "lesser" else 1.0
        if contrast_seen:
            weight *= 2.0 if role == "after" else 0.5
        if conditional:
            weight *= 0.5
        if any_topic and not _mentions_topic(_WORD.findall(clause), topic_words):
            weight *= OFF_TOPIC_WEIGHT
        total += weight * score
        cues += clause_cues
    if total >= CLEAR:
        label = "commits"
    elif total <= -CLEAR:
        label = "rejects"
    else:
        # "hedges" needs a hedge cue: "he's terrible on the border" takes no stance, it hedges
        # nothing. Both carry no sign, so neither starts nor ends a shift.
        label = "hedges" if hedged else "neutral"
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
