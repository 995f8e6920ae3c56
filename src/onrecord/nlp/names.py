"""Person names: splitting into parts, and keys under which spelling variants meet.

Used in-document (is "Zelensky" the "Volodymyr Zelenskyy" of the first paragraph?) and
across the corpus (link/entities.py), so both levels agree on what counts as one name.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from onrecord.nlp.roles import HONORIFICS, strip_accents, word_key

# Lower-case particles that belong to the surname: "von der Leyen", "da Silva".
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le"}
    | {"al", "el", "bin", "ben", "ibn", "ter", "ten", "zu", "st"}
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})

_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")

# Transliteration variants of one name (Zelenskyy / Zelensky / Zelenskiy / Zelenskij,
# Andriy / Andrii, Sergey / Sergei, Gaddafi / Qaddafi, Wolodymyr / Volodymyr): rewrite
# each spelling to a shared key. Ordered: multi-letter rules before single letters.
_VARIANT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"[^a-z]", ""),
        (r"tch", "ch"),
        (r"dzh|dj", "j"),
        (r"kh", "h"),
        (r"zh", "j"),
        (r"ph", "f"),
        (r"gh", "g"),
        (r"dh", "d"),
        (r"ck", "k"),
        (r"q", "k"),
        (r"w", "v"),
        (r"ou", "u"),
        (r"y", "i"),
        (r"(?<=i)j$", ""),
        (r"(.)\1+", r"\1"),
    )
)
_VOWELISH = re.compile(r"[aeiouyjh]")
SIMILAR = 0.8  # SequenceMatcher ratio on variant keys, on top of an equal consonant skeleton


def name_parts(text: str) -> list[str]:
    """Words of a person name without honorifics, suffixes or a possessive ending."""
    text = _POSSESSIVE.sub("", text.strip())
    parts = [p for p in text.replace(",", " ").split() if p not in ("-", "\u2013")]
    while parts and word_key(parts[0]) in HONORIFICS:
        parts = parts[1:]
    while parts and word_key(parts[-1]) in SUFFIXES:
        parts = parts[:-1]
    # "Trump Trump": an entity span run over a page's repeated byline or link text.
    return [p for i, p in enumerate(parts) if i == 0 or p.lower() != parts[i - 1].lower()]


def is_initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1


def split_name(parts: list[str]) -> tuple[str | None, str]:
    """(first name or None, surname) of a name's parts; particles stay with the surname."""
    if not parts:
        return None, ""
    i = len(parts) - 1
    while i > 0 and parts[i - 1].lower() in PARTICLES:
        i -= 1
    surname = " ".join(parts[i:])
    first = parts[0] if i > 0 else None
    return first, surname


def variant_key(name: str) -> str:
    """A spelling-insensitive key for one name part: 'Zelenskiy' and 'Zelensky' meet."""
    key = strip_accents(name).lower()
    for pattern, repl in _VARIANT_RULES:
        key = pattern.sub(repl, key)
    return key


def skeleton(key: str) -> str:
    """Consonants only: two variant spellings keep them; 'Johnson' and 'Johnston' do not."""
    return _VOWELISH.sub("", key)


def similar_keys(a: str, b: str) -> bool:
    """Two variant keys for the same name? Equal, or the same consonants and close overall."""
    if a == b:
        return True
    return skeleton(a) == skeleton(b) and SequenceMatcher(None, a, b).ratio() >= SIMILAR
