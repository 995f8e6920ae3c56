"""Commitments that are not money: troops, equipment, in-kind aid, each with quantity and unit.

"500 more troops will deploy to the border", "keep 3,000 soldiers there through next year",
"delivered 31 Abrams tanks", "sent 2 million vaccine doses", "a team of experts". The anchor is
the counted noun; the commitment word is the verb that governs it, and the same blocks as for
money apply (requests, hypotheticals, negations, statistics). A quantity needs a committing
verb: "3,000 soldiers died" or "the army has 3,000 soldiers" is no pledge.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

# Counted nouns -> kind. Lemmas, lower case.
PERSONNEL = frozenset(
    [
        "troop",
        "soldier",
        "personnel",
        "marine",
        "sailor",
        "airman",
        "paratrooper",
        "adviser",
        "advisor",
        "instructor",
        "trainer",
        "expert",
        "medic",
        "doctor",
        "nurse",
        "peacekeeper",
        "engineer",
        "firefighter",
        "rescuer",
        "guardsman",
        "specialist",
        "militiaman",
    ]
)
EQUIPMENT = frozenset(
    [
        "tank",
        "jet",
        "fighter",
        "missile",
        "drone",
        "howitzer",
        "vehicle",
        "munition",
        "shell",
        "round",
        "rifle",
        "helicopter",
        "aircraft",
        "plane",
        "launcher",
        "battery",
        "interceptor",
        "warship",
        "ship",
        "vessel",
        "artillery",
        "weapon",
        "system",
        "carrier",
    ]
)
IN_KIND = frozenset(
    [
        "dose",
        "vaccine",
        "ventilator",
        "mask",
        "meal",
        "ration",
        "tent",
        "blanket",
        "generator",
        "ton",
        "tonne",
        "barrel",
        "liter",
        "litre",
        "gallon",
        "kit",
        "bed",
        "shelter",
        "truck",
    ]
)
# "a team of experts", "a battalion of marines": the group noun counts one group
GROUPS = frozenset(
    ["team", "unit", "battalion", "brigade", "squadron", "contingent", "company", "convoy"]
)
# Verbs that commit or deliver people and things ("deploy", "station", "keep ... there").
QUANTITY_VERBS = frozenset(
    [
        "pledge",
        "commit",
        "promise",
        "vow",
        "donate",
        "contribute",
        "send",
        "deliver",
        "dispatch",
        "ship",
        "supply",
        "provide",
        "give",
        "deploy",
        "station",
        "keep",
        "transfer",
        "offer",
        "announce",
        "grant",
        "lend",
        "loan",
        "airlift",
        "hand",  # "handed over 14 tanks to Ukraine"
    ]
)
# "equipment" needs a military reading: "systems" alone is too generic
_MILITARY_CONTEXT = re.compile(
    r"\b(?:defen[cs]e|military|air|missile|weapons?|patriot|himars|nasams|iris-t|artillery"
    r"|anti-?tank|armou?red|combat|rocket)\b",
    re.I,
)

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "a": 1, "an": 1,
}  # fmt: skip
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def kind_of(noun: Token) -> str | None:
    lemma = noun.lemma_.lower()
    if lemma not in PERSONNEL | EQUIPMENT | IN_KIND and noun.lower_.endswith("s"):
        lemma = noun.lower_[:-1]  # the lemmatiser makes "doses" "dos"
    if lemma in PERSONNEL:
        return "personnel"
    if lemma in EQUIPMENT:
        if lemma in ("system", "carrier", "battery", "round", "shell", "vehicle") and not (
            _MILITARY_CONTEXT.search(" ".join(t.text for t in noun.subtree))
        ):
            return None  # "three systems", "2,000 rounds of talks"
        return "equipment"
    if lemma in IN_KIND:
        return "in-kind"
    return None


def number_of(noun: Token) -> float | None:
    """The count on a noun: '500 more troops', '3,000 soldiers', '1.5 million doses'."""
    nums = [c for c in noun.children if c.dep_ == "nummod"]
    if not nums:
        return None
    num = nums[0]
    parts = [t for t in num.subtree if t.dep_ in ("compound", "quantmod", "nummod") or t == num]
    parts.sort(key=lambda t: t.i)
    value: float | None = None
    scale = 1.0
    for part in parts:
        text = part.lower_.replace(",", "")
        if text in _SCALE:
            scale *= _SCALE[text]
        elif re.fullmatch(r"\d+(?:\.\d+)?", text):
            value = float(text)
        elif text in _WORDS:
            value = float(_WORDS[text])
    if value is None:
        return None
    return value * scale


def unit_of(noun: Token) -> str:
    """The unit as written, plural and with its noun modifiers ('air defence systems')."""
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i and c.i > 0]
    mods = [m for m in mods if m.lower_ not in ("more", "additional", "extra", "new", "further")]
    words = [*(t.text for t in sorted(mods, key=lambda t: t.i)), noun.text]
    return " ".join(words).lower() if not noun.text[0].isupper() else " ".join(words)


# "hundreds of troops", "thousands of ventilators": a count without a figure
_MAGNITUDES = {"dozens", "hundreds", "thousands", "tens"}


def _vague_count(noun: Token) -> bool:
    """The noun is 'of' a plural magnitude: 'sent hundreds of troops' (quantity unknown)."""
    head = noun.head
    return (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lower_ in _MAGNITUDES
        and not any(c.dep_ == "nummod" for c in head.head.children)
    )


def counted_nouns(tokens: list[Token]) -> list[tuple[Token, float | None, str, str]]:
    """(noun, quantity, unit, kind) for every counted commitment object in ``tokens``; the
    quantity is None for a magnitude without a figure ('hundreds of troops')."""
    out: list[tuple[Token, float | None, str, str]] = []
    for token in tokens:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = token.lemma_.lower()
        if lemma in GROUPS:
            # "a team of experts": one group of the people it is 'of'
            of = [g for c in token.children if c.lower_ == "of" for g in c.children]
            member = next((g for g in of if kind_of(g) == "personnel"), None)
            if member is not None and any(c.lower_ in ("a", "an", "one") for c in token.children):
                unit = f"{token.text.lower()} of {unit_of(member)}"
                out.append((token, 1.0, unit, "personnel"))
            continue
        kind = kind_of(token)
        if kind is None:
            continue
        value = number_of(token)
        if value is None and _vague_count(token):
            out.append((token, None, unit_of(token), kind))
            continue
        if value is None or value <= 0:
            continue
        out.append((token, value, unit_of(token), kind))
    return out
