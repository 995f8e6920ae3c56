"""Shared parse helpers and the per-document context every stage reads.

Kept apart so anchors, donors and slots can use the same walk over the dependency tree
without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from onrecord.models import Amount, Mention, Pledge, Quote, Timex
from onrecord.nlp.money.pledges.lexicon import _NOT_PROGRAMS, _PROGRAM_ACRONYM, _PROGRAM_NAME
from onrecord.nlp.time.datelines import find_datelines


@dataclass
class _Anchor:
    sent: Span
    trigger: Token  # the verb or noun that makes this a commitment
    amount: Amount | None = None
    amount_root: Token | None = None
    tokens: set[int] = field(default_factory=set)  # token indices that belong to this anchor
    mention: bool = False  # a bare aid mention: the clause's subject is not its giver
    # a commitment that is not money: "500 troops" -> (500.0, "troops", "personnel")
    quantity: float | None = None
    unit: str | None = None
    kind: str | None = None


class _Context:
    """Per-document lookups shared by all anchors."""

    def __init__(
        self,
        doc: Doc,
        amounts: list[Amount],
        timexes: list[Timex],
        quotes: list[Quote],
        mentions: list[Mention],
        dct: str | None,
    ) -> None:
        self.doc = doc
        # spaCy rebuilds Doc.text from every token on each access: read it once per document
        self.text = doc.text
        self.timexes = timexes
        self.quotes = quotes
        self.dct = dct
        self.money: list[tuple[Amount, Span]] = []
        self.percent_tokens: set[int] = set()
        self.percents: list[tuple[Amount, Span]] = []  # "2 percent of GDP on defense"
        self.money_tokens: dict[int, int] = {}  # token index -> index into self.money
        for amount in _drop_conversions(sorted(amounts, key=lambda a: a.start), self.text):
            span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if amount.unit == "percent":
                self.percent_tokens.update(range(span.start, span.end))
                self.percents.append((amount, span))
                continue
            self.money.append((amount, span))
            for i in range(span.start, span.end):
                self.money_tokens[i] = len(self.money) - 1
        if mentions:
            ents = [(m.start, m.end, m.label, m.text, m.cluster) for m in mentions]
        else:
            ents = [(e.start_char, e.end_char, e.label_, e.text, None) for e in doc.ents]
        self.entities = sorted(ents)
        self.ent_by_token: dict[int, tuple[int, int, str, str, int | None]] = {}
        for ent in self.entities:
            span = doc.char_span(ent[0], ent[1], alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                self.ent_by_token.setdefault(i, ent)
        self.previous: list[tuple[int, Pledge]] = []  # (sentence start token, pledge)
        # "LINDHOLM, Oct. 3, 2024 — Leaders ...": the parser may make the city the subject
        self.datelines = find_datelines(self.text)
        self.dateline_chars = [(d.city_start, d.end) for d in self.datelines]
        self.last_program: tuple[int, str] | None = None  # (sentence start token, name)

    def full_name(self, ent: tuple[int, int, str, str, int | None]) -> str:
        """A person's fullest name in the document ('Quillin' -> 'Patty Quillin')."""
        if ent[2] != "PERSON" or ent[4] is None:
            return ent[3]
        base = unglued(ent[3])
        last = base.split()[-1]
        same = [
            name
            for name in (
                unglued(e[3]) for e in self.entities if e[4] == ent[4] and e[2] == "PERSON"
            )
            if _ends_with(name, last)
        ]
        return max(same, key=len) if same else base

    def note_program(self, sent: Span) -> None:
        name = _program_in(sent.text)
        if name:
            self.last_program = (sent.start, name)


# Headline verbs the tagger reads as part of a name: "Obama Authorizes Deploying Up To 450".
_HEADLINE_VERBS = frozenset(
    [
        "Says",
        "Gives",
        "Sends",
        "Pledges",
        "Announces",
        "Donates",
        "Signs",
        "Vows",
        "Promises",
        "Offers",
        "Unveils",
        "Approves",
        "Orders",
        "Commits",
        "Backs",
        "Funds",
        "Slams",
        "Calls",
        "Urges",
        "Warns",
        "Agrees",
        "Plans",
        "Wants",
    ]
)
_NAME_SUFFIXES = frozenset(["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"])


def unglued(name: str) -> str:
    """A person's name without a headline glued after it: 'Obama Authorizes Deploying' ->
    'Obama'. A later word ending in -izes/-ises, a headline verb, or an -ing word that is not
    the last word (a surname such as 'Manning' is last) starts the headline."""
    words = name.split()
    for i, word in enumerate(words[1:], start=1):
        if (
            word in _HEADLINE_VERBS
            or re.fullmatch(r"[A-Z][a-z]+i[sz]es", word)
            or (word.endswith("ing") and i < len(words) - 1)
        ):
            return " ".join(words[:i])
    return name


def _ends_with(name: str, last: str) -> bool:
    """'Hugh F. Culverhouse Jr.' is a fuller form of 'Culverhouse'; 'Quillin Foundation' is
    not a fuller form of 'Quillin'."""
    words = [w for w in name.split() if w not in _NAME_SUFFIXES]
    return bool(words) and words[-1] == last


def _drop_conversions(amounts: Iterable[Amount], text: str) -> list[Amount]:
    """'3 million euros ($4 million)': the bracketed conversion is not a second amount."""
    kept: list[Amount] = []
    for amount in amounts:
        if kept:
            gap = text[kept[-1].end : amount.start]
            if re.fullmatch(r"\s*\(\s*(?:about|around|roughly|some|or)?\s*", gap):
                continue
        kept.append(amount)
    return kept


def _path_up(token: Token, limit: int = 8) -> list[Token]:
    """The token and its heads up to (and including) the first verb, at most ``limit`` steps."""
    path = [token]
    current = token
    for _ in range(limit):
        if _is_verb(current) and current.i != token.i:
            break
        if current.head.i == current.i:
            break
        current = current.head
        path.append(current)
    return path


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT"


def _complements(token: Token, preps: tuple[str, ...]) -> list[Token]:
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _of_objects(token: Token) -> list[Token]:
    return _complements(token, ("of",))


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _has_percent(ctx: _Context, token: Token) -> bool:
    return any(t.i in ctx.percent_tokens for t in token.subtree)


def _first_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if _is_verb(ancestor):
            return ancestor
    return None


_SHARES = {"third", "thirds", "half", "majority", "most", "all", "dozen", "dozens", "quarter"}


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "agent":
            pobj = [g for g in child.children if g.dep_ == "pobj"]
            if pobj:
                return pobj[0]
    for child in verb.children:
        # "Over half of the Allies have committed": the parser may read 'over' as a preposition
        if child.dep_ == "prep" and child.i < verb.i and child.lower_ in ("over", "nearly"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and (_lemma(pobj) in _SHARES or pobj.pos_ == "NUM"):
                    return pobj
    return None


def _entity_label(ctx: _Context, token: Token) -> str | None:
    ent = ctx.ent_by_token.get(token.i)
    return ent[2] if ent else None


def _program_in(text: str) -> str | None:
    named = _PROGRAM_NAME.search(text)
    if named is not None:
        if named.group(2):
            return named.group(2)
        name = named.group(1).strip()
        if len(name.split()) >= 2:
            return re.sub(r"^(?:The|A)\s+", "", name)
    for match in _PROGRAM_ACRONYM.finditer(text):
        if match.group(1) not in _NOT_PROGRAMS:
            return match.group(1)
    return None
