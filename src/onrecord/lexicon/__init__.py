"""One shared lexicon of countries, organisations, titles and honorifics.

Pledges, roles and entity linking each kept their own alias tables, and they disagreed
("European" was Europe in one and the European Union in another). The data lives here once,
as small modules of plain rows (``countries``, ``organisations``, ``titles``,
``honorifics``); this module builds the lookups. News outlets are listed too, because they
are named beside the facts they report and must never be taken for an actor.
"""

from __future__ import annotations

import re
from functools import lru_cache

from onrecord.lexicon.bodies import BODIES
from onrecord.lexicon.countries import COUNTRIES, SEAT_ALIASES
from onrecord.lexicon.honorifics import HONORIFICS
from onrecord.lexicon.organisations import (
    GOVERNMENT_HEADS,
    NEWS_OUTLETS,
    ORGANISATIONS,
    US_ADMINISTRATIONS,
)
from onrecord.lexicon.titles import ORG_TITLES, STATE_TITLES

__all__ = [
    "BODIES",
    "COUNTRIES",
    "GOVERNMENT_HEADS",
    "HONORIFICS",
    "NEWS_OUTLETS",
    "ORGANISATIONS",
    "ORG_TITLES",
    "SEAT_ALIASES",
    "STATE_TITLES",
    "US_ADMINISTRATIONS",
    "alias_table",
    "body_name",
    "canonical",
    "country",
    "demonym_of",
    "display_rank",
    "is_country",
    "is_news_outlet",
    "key",
]


def key(text: str) -> str:
    """Lookup key: lower case, curly apostrophes straightened, dots dropped, no leading 'the'."""
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"\.", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.removeprefix("the ")


def _tables() -> tuple[dict[str, str], dict[str, str], set[str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    countries: set[str] = set()
    for rows, is_state in ((COUNTRIES, True), (ORGANISATIONS, False)):
        for canon, aliases, adjectives in rows:
            if is_state:
                countries.add(canon)
            for alias in (canon, *aliases):
                names.setdefault(key(alias), canon)
            for word in adjectives:
                demonyms.setdefault(key(word), canon)
    return names, demonyms, countries


_NAMES, _DEMONYMS, _COUNTRY_SET = _tables()


@lru_cache(maxsize=50_000)
def canonical(name: str) -> str | None:
    """Canonical country or organisation for a name or alias ('U.S.' -> 'United States')."""
    return _NAMES.get(key(name))


def demonym_of(word: str) -> str | None:
    """The country (or organisation) a nationality word belongs to ('German' -> 'Germany')."""
    return _DEMONYMS.get(key(word))


_SEATS = frozenset(key(a) for a in SEAT_ALIASES)


def country(name: str, *, seats: bool = True) -> str | None:
    """A canonical country for a name, alias or demonym; None for organisations.

    ``seats=False``: a capital or seat of government ("Washington", "Kremlin") is a place,
    not the country, as in a role or an entity's name."""
    if not seats and key(name) in _SEATS:
        return None
    found = canonical(name) or demonym_of(name)
    return found if found in _COUNTRY_SET else None


def is_country(name: str) -> bool:
    return name in _COUNTRY_SET


_OUTLETS = frozenset(key(n) for n in NEWS_OUTLETS)


def is_news_outlet(name: str) -> bool:
    """'Politico', 'the Associated Press', 'Fox News': a reporter of facts, not an actor."""
    return key(name) in _OUTLETS


def alias_table() -> dict[str, str]:
    """Every name, alias and demonym (as ``key`` writes it) -> canonical name, for modules
    that keep a flat lookup of their own (roles' country aliases)."""
    return {**_DEMONYMS, **_NAMES}


_BODY_NAMES = {key(a): (canon, kind) for canon, aliases, kind in BODIES for a in (canon, *aliases)}


def body_name(name: str) -> tuple[str, str] | None:
    """(canonical name, speaker type) of a public body or agency written in a short form
    ('Fed' -> Federal Reserve, government); None when the lexicon does not know it."""
    return _BODY_NAMES.get(key(name))


def display_rank(name: str) -> int:
    """Which of a body's spellings to show, lowest first: a name the lexicon holds as
    canonical ("NATO", "Federal Reserve"), then a written-out name ("Congressional Budget
    Office"), then a short form ("CBO", "Fed"), which a reader of another article may not
    know and a user would not search for."""
    if canonical(name) == name or (body_name(name) or ("",))[0] == name:
        return 0
    if body_name(name) is not None or re.fullmatch(r"(?:[A-Z]\.?){2,6}", name):
        return 2
    return 1
