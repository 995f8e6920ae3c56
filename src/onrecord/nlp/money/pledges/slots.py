"""The other slots of a pledge: recipient, program, purpose, status, period and date said."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from onrecord import lexicon
from onrecord.models import Quote, Timex
from onrecord.nlp.money.pledges.core import (
    _Anchor,
    _Context,
    _entity_label,
    _first_verb,
    _is_verb,
    _lemma,
    _of_objects,
    _program_in,
    _subject,
)
from onrecord.nlp.money.pledges.donors import _noun_phrase, normalize_donor
from onrecord.nlp.money.pledges.lexicon import (
    _DAYLIKE,
    _PERIOD_PREPS,
    _PROGRAM_REF,
    _PURPOSES,
    _RATE,
    _YEARLIKE,
    DELIVERY,
    GOODS_NOUNS,
    PROGRAM_NOUNS,
    RECEIVE_VERBS,
    STATUS_BY_LEMMA,
    SUPPORT_NOUNS,
    VAGUE_OBJECTS,
)
from onrecord.nlp.money.pledges.quantities import EQUIPMENT, IN_KIND


def _text_start(ctx: _Context, sent: Span) -> int:
    """Where the pledge's own words begin: past a dateline and past the previous sentence's
    closing quote mark and line breaks, which the sentence splitter may attach to this one."""
    text = ctx.text
    start = sent.start_char
    for line in ctx.datelines:
        if line.city_start <= start < line.end or (start <= line.city_start < sent.end_char):
            start = max(start, line.end)
    while start < sent.end_char and (text[start].isspace() or text[start] in _CLOSING_MARKS):
        if text[start] in _CLOSING_MARKS and not text[start + 1 : start + 2].isspace():
            break  # an opening quote mark starts the sentence itself: '"We will pay," ...'
        start += 1
    return start


_CLOSING_MARKS = frozenset("\"”’'»")


def _recipient(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    found = _parsed_recipient(ctx, anchor, donors)
    if found is None:
        found = _beneficiary(ctx, anchor, donors)
    if found is None:
        return None
    state = _state_of_organ(found)
    # only another state's forces: "Congress gave the U.S. military $700 billion" stays a
    # budget line (the caller drops it), "Norway pledged aid to the Ukrainian army" is aid
    if state != found and any(lexicon.is_country(d) and d != state for d in donors):
        return state
    return found


_ORGAN = re.compile(
    r"^(?:the\s+)?(?P<state>.+?)(?:'s|’s)?\s+(?:army|military|armed forces|forces|government"
    r"|navy|air force|defen[cs]e forces|troops|soldiers)$",
    re.I,
)


def _state_of_organ(recipient: str) -> str:
    """'the Ukrainian army', "Ukraine's armed forces" -> Ukraine: aid to a state's forces or
    government is aid to the state, and the ledger lists it under that state's name."""
    match = _ORGAN.match(recipient)
    if match is None:
        return recipient
    return lexicon.country(match.group("state"), seats=False) or recipient


# Plurals that say nothing of who receives: "gave $2 million to groups", "into causes".
_EMPTY_PLURALS = frozenset(
    ["groups", "causes", "areas", "organizations", "organisations", "entities", "efforts",
     "others", "recipients", "places", "projects", "programs", "programmes", "things"]
)  # fmt: skip


def vague_recipient(name: str) -> bool:
    """A bare common noun: 'group', 'university', 'continent' stand for one that the
    sentence does not name; 'city museum', 'farmers' or 'U.S. farmers' still tell a reader
    who receives."""
    words = name.split()
    if len(words) != 1 or not name.islower():
        return False
    return name in _EMPTY_PLURALS or not name.endswith("s")


# Words that make the country after them the one helped: "support for Ukraine", "to help
# Ukraine", "a duty to assist Kyiv", "so that Ukraine has what it needs".
_HELPS = re.compile(
    r"(?:support(?:ing|s)?(?: for)?|help(?:ing|s)?|assist(?:ing|s)?|aid(?: for| to)?|arm(?:ing)?"
    r"|assistance (?:for|to)|so that|for|to)\s+(?:the\s+)?$",
    re.I,
)


def _beneficiary(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    """The country a pledge helps when the clause does not say: the €40bn "so that Ukraine
    has what it needs", or the paragraph's "support for Ukraine" around it. Only a country
    named after a helping word counts; a country merely mentioned nearby does not."""
    sent = anchor.sent
    lo = max(0, sent.start_char - 600)
    hi = sent.end_char  # what follows may be about another pledge; look back only
    best: tuple[int, str] | None = None
    places = {(e[0], e[3]) for e in ctx.entities if e[2] == "GPE"}
    # the small model calls some countries ORG ("Moldova"): a known country name is a place
    places |= {
        (e.start_char, e.text)
        for e in ctx.doc.ents
        if e.label_ == "GPE" or lexicon.country(e.text) is not None
    }
    for start, text in sorted(places):
        if not lo <= start < hi:
            continue
        if any(a <= start < b for a, b in ctx.dateline_chars):
            continue
        before = ctx.text[max(lo, start - 30) : start]
        match = _HELPS.search(before)
        if match is None:
            continue
        inside = sent.start_char <= start < sent.end_char
        if not inside and match.group(0).lower().split()[0] in ("for", "to"):
            continue  # "flew to Brussels" in the next sentence helps nobody
        name = lexicon.country(text) or normalize_donor(text)
        if name in donors:
            continue
        distance = 0 if inside else abs(start - sent.start_char)
        if best is None or distance < best[0]:
            best = (distance, name)
    return best[1] if best else None


def _parsed_recipient(ctx: _Context, anchor: _Anchor, donors: list[str]) -> str | None:
    trigger = anchor.trigger
    verb = trigger if _is_verb(trigger) else _first_verb(trigger)
    if verb is not None and _lemma(verb) in RECEIVE_VERBS - {"go"}:
        subject = _subject(verb)
        if subject is not None and subject.pos_ != "PRON":
            return normalize_donor(_noun_phrase(subject))
    scope: list[Token] = []
    for root in (anchor.amount_root, trigger, verb):
        if root is not None:
            scope.extend(root.children)
    for child in scope:
        if child.dep_ == "dative" or (child.dep_ == "dobj" and _lemma(child) not in SUPPORT_NOUNS):
            if child.dep_ == "dative" and child.lower_ in ("to", "for"):
                pobj = [g for g in child.children if g.dep_ == "pobj"]
                if pobj:
                    child = pobj[0]
            if child.i in ctx.money_tokens or child.pos_ in ("NUM", "PRON"):
                continue
            if anchor.amount_root is not None and anchor.amount_root in child.subtree:
                continue  # the troops sent are what is given, not who receives them
            if _what_is_bought(child):
                continue  # "provide air-defence systems": the thing given, not its receiver
            if child.dep_ == "dobj" and not _recipient_object(ctx, child, verb):
                continue  # "provide two weeks of paid leave to every worker": what is given
            if _lemma(verb) in ("provide", "give", "send", "offer", "grant") if verb else False:
                name = normalize_donor(_noun_phrase(child))
                if name and name not in donors:
                    return name
    for child in scope:
        if child.dep_ == "prep" and child.lower_ in ("to", "for", "into"):
            for pobj in child.children:
                if pobj.dep_ != "pobj" or pobj.i in ctx.money_tokens:
                    continue
                label = _entity_label(ctx, pobj)
                if anchor.unit is not None and label not in ("GPE", "ORG", "NORP"):
                    continue  # troops deployed "to the border" go to a place, not a recipient
                if _what_is_bought(pobj) and label not in ("GPE", "ORG", "NORP", "PERSON"):
                    continue  # "€500 million for coastal radar stations" says what it buys
                if label in ("GPE", "ORG", "NORP", "PERSON") or (
                    pobj.pos_ in ("PROPN", "NOUN")
                    and label not in ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL")
                    and _lemma(pobj) not in SUPPORT_NOUNS | VAGUE_OBJECTS | _TIME_NOUNS
                    and _lemma(pobj) not in PROGRAM_NOUNS
                ):
                    name = normalize_donor(_noun_phrase(pobj))
                    if name and name not in donors:
                        return name
    return None


_TIME_NOUNS = {"year", "month", "week", "day", "time", "period", "season"}


def _recipient_object(ctx: _Context, obj: Token, verb: Token | None) -> bool:
    """The direct object receives only when it names a party ("provide Ukraine with
    ...", "give Moldova 12 howitzers"); otherwise it is the thing given."""
    if _entity_label(ctx, obj) in ("GPE", "ORG", "NORP", "PERSON"):
        return True
    if any(t.pos_ == "PROPN" for t in obj.subtree):
        return True  # "gave the Obama campaign and the party $63,500": a named party
    return verb is not None and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)


def _program(ctx: _Context, sent: Span) -> str | None:
    name = _program_in(sent.text)
    if name:
        return name
    if ctx.last_program is not None and _PROGRAM_REF.search(sent.text):
        start, last = ctx.last_program
        if sent.start - start < 120:
            return last
    return None


def _purpose(anchor: _Anchor) -> str | None:
    sent = anchor.sent
    text = sent.text
    center = (
        anchor.amount_root.idx if anchor.amount_root is not None else anchor.trigger.idx
    ) - sent.start_char
    best: tuple[int, int, str] | None = None  # (priority, distance, label)
    for priority, (pattern, label) in enumerate(_PURPOSES):
        for match in pattern.finditer(text):
            candidate = (priority, abs(match.start() - center), label)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def _status(anchor: _Anchor) -> str:
    trigger = anchor.trigger
    chain = [trigger, *[a for a in trigger.ancestors if _is_verb(a)][:2]]
    for token in chain:
        lemma = _lemma(token)
        if lemma in ("announce", "unveil", "announcement"):
            return "announced"
        if token.i != trigger.i and lemma in ("agree", "approve", "vote", "authorize", "authorise"):
            return "agreed"
        if token.i != trigger.i and lemma in ("pledge", "promise", "vow", "commit"):
            return "pledged"
    lemma = _lemma(trigger)
    if lemma in STATUS_BY_LEMMA:
        return STATUS_BY_LEMMA[lemma]
    if lemma in DELIVERY:
        if _future(trigger):
            return "pledged"
        return "delivered"
    if lemma in ("pledge", "promise"):
        return "pledged"
    return "pledged"


def _future(verb: Token) -> bool:
    for token in [verb, *list(verb.ancestors)[:1]]:
        for child in token.children:
            if child.dep_ == "aux" and _lemma(child) in ("will", "would", "shall"):
                return True
        if token.dep_ == "xcomp" and _lemma(token.head) in ("set", "going", "go", "slate"):
            return True
    return bool(verb.dep_ == "xcomp" and _lemma(verb.head) in ("be",))


def _timexes_in(ctx: _Context, sent: Span) -> list[Timex]:
    return [t for t in ctx.timexes if sent.start_char <= t.start < sent.end_char]


def _period(ctx: _Context, anchor: _Anchor) -> str | None:
    text = ctx.text
    if anchor.amount is not None:
        after = text[anchor.amount.end : anchor.amount.end + 40]
        rate = _RATE.match(after)
        if rate:
            return "a " + rate.group(1) if rate.group(1) else "a year"
    for timex in _timexes_in(ctx, anchor.sent):
        before = text[max(anchor.sent.start_char, timex.start - 10) : timex.start].lower().split()
        prep = before[-1] if before else ""
        if re.match(r"(?:the\s+)?(?:last|past|previous|recent)\b", timex.text, re.I):
            continue  # "in the last few weeks" says when it happened, not for how long
        if prep in _PERIOD_PREPS and (
            timex.type == "DURATION" or re.search(r"\d{4}|year|month", timex.text, re.I)
        ):
            if prep == "by" and timex.type != "DATE":
                continue
            return f"{prep} {timex.text}"
        if timex.type == "DURATION" and re.match(r"(?:a|one|two|three|five|\d+)\b", timex.text):
            return timex.text
        # "an additional $33 billion in defense spending this year"
        near_amount = anchor.amount is not None and 0 <= timex.start - anchor.amount.end <= 60
        if _YEARLIKE.match(timex.value or "") and near_amount:
            return timex.text
    return None


def _said_on(ctx: _Context, anchor: _Anchor, quote: Quote | None) -> str | None:
    verb = anchor.trigger if _is_verb(anchor.trigger) else _first_verb(anchor.trigger)
    text = ctx.text
    for timex in _timexes_in(ctx, anchor.sent):
        if timex.type not in ("DATE", "TIME") or not _DAYLIKE.match(timex.value or ""):
            continue
        before = text[max(anchor.sent.start_char, timex.start - 10) : timex.start].lower().split()
        if before and before[-1] in _PERIOD_PREPS and before[-1] not in ("in",):
            continue
        span = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        governor = _first_verb(span.root)
        if (
            verb is not None
            and governor is not None
            and (governor.i == verb.i or governor.i == verb.head.i or verb.i == governor.head.i)
        ):
            return timex.value
    if quote is not None and quote.said_on:
        return quote.said_on
    return ctx.dct


# Heads of what money buys or what is given, never who receives it.
_THINGS = (
    GOODS_NOUNS
    | EQUIPMENT
    | IN_KIND
    | frozenset(
        [
            "station",
            "defence",
            "defense",
            "infrastructure",
            "project",
            "reconstruction",
            "repair",
            "construction",
            "effort",
            "work",
            "research",
            "study",
            "update",
            "overview",
        ]
    )
)


def _what_is_bought(token: Token) -> bool:
    """'air-defence systems', 'a chain of coastal radar stations'."""
    return _lemma(token) in _THINGS or any(_lemma(g) in _THINGS for g in _of_objects(token))
