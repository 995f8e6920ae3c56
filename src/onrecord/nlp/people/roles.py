"""Titles people hold, and the org or country they hold them for.

A word-level lexicon, not a model: news writes titles in a small number of shapes
("NATO Secretary General Mark Rutte", "Mark Rutte, NATO's secretary general",
"the minister of foreign affairs of X") and the cost of a miss is a speaker we cannot name,
while the cost of a wrong title is a wrong attribution, so we only match what we know.

Everything here works on lists of lower-cased words so that the same matcher serves spaCy
tokens (in-document role attachment) and bare strings (a quote's speaker mention, matched
again at corpus level where no parse is kept).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from onrecord import lexicon

# ---- the title lexicon: canonical title -> surface forms (lower case, hyphens as spaces) ----

_TITLES: dict[str, tuple[str, ...]] = {
    "President": ("president", "pres"),
    "Vice President": ("vice president", "vice pres", "vp"),
    "President-elect": ("president elect",),
    "Prime Minister": ("prime minister", "pm", "premier"),
    "Deputy Prime Minister": ("deputy prime minister", "deputy pm", "deputy premier"),
    "First Minister": ("first minister",),
    "Chancellor": ("chancellor",),
    "Vice Chancellor": ("vice chancellor",),
    "King": ("king",),
    "Queen": ("queen",),
    "Crown Prince": ("crown prince",),
    "Prince": ("prince",),
    "Princess": ("princess",),
    "Emperor": ("emperor",),
    "Emir": ("emir",),
    "Sultan": ("sultan",),
    "Pope": ("pope", "pontiff", "holy father"),
    "Supreme Leader": ("supreme leader",),
    "Secretary General": (
        "secretary general",
        "secretary generals",
        "sec gen",
        "secgen",
        "secretary gen",
    ),
    "Deputy Secretary General": ("deputy secretary general",),
    "General Secretary": ("general secretary",),
    "Secretary of State": ("secretary of state",),
    "Deputy Secretary of State": ("deputy secretary of state",),
    "High Representative": ("high representative",),
    "Foreign Policy Chief": ("foreign policy chief", "foreign affairs chief"),
    "Spokesperson": ("spokesperson", "spokesman", "spokeswoman", "spokesperson for"),
    "Press Secretary": ("press secretary",),
    "Ambassador": ("ambassador", "amb"),
    "Special Envoy": ("special envoy",),
    "Envoy": ("envoy",),
    "Special Representative": ("special representative",),
    "Commissioner": ("commissioner",),
    "Senator": ("senator", "sen"),
    "Representative": ("representative", "rep", "congressman", "congresswoman"),
    "Speaker": ("speaker",),
    "Majority Leader": ("majority leader",),
    "Minority Leader": ("minority leader",),
    "Opposition Leader": ("opposition leader",),
    "Governor": ("governor", "gov"),
    "Lieutenant Governor": ("lieutenant governor", "lt governor"),
    "Mayor": ("mayor",),
    "CEO": ("ceo", "chief executive", "chief executive officer"),
    "CFO": ("cfo", "chief financial officer"),
    "COO": ("coo", "chief operating officer"),
    "CTO": ("cto", "chief technology officer"),
    "Chief Medical Officer": ("chief medical officer",),
    "Chief Scientific Adviser": ("chief scientific adviser", "chief scientific advisor"),
    "Chair": ("chair", "chairman", "chairwoman", "chairperson"),
    "Vice Chair": ("vice chair", "vice chairman", "vice chairwoman", "deputy chairman"),
    "Founder": ("founder", "co founder", "cofounder"),
    "Director General": ("director general",),
    "Executive Director": ("executive director",),
    "Managing Director": ("managing director",),
    "Director": ("director",),
    "Attorney General": ("attorney general", "attorney gen", "atty gen"),
    "Inspector General": ("inspector general",),
    "Surgeon General": ("surgeon general",),
    "Solicitor General": ("solicitor general",),
    "Majority Whip": ("majority whip",),
    "Minority Whip": ("minority whip",),
    "Whip": ("whip", "chief whip"),
    "Chief Justice": ("chief justice",),
    "Justice": ("justice",),
    "Judge": ("judge",),
    "Prosecutor": ("prosecutor", "chief prosecutor"),
    "National Security Adviser": ("national security adviser", "national security advisor"),
    "Chief of Staff": ("chief of staff",),
    "Chief of the General Staff": ("chief of the general staff",),
    "Commander": ("commander", "commander in chief"),
    "General": ("general", "gen"),
    "Lieutenant General": ("lieutenant general", "lt gen"),
    "Major General": ("major general", "maj gen"),
    "Admiral": ("admiral", "adm"),
    "Colonel": ("colonel", "col"),
    "Adviser": ("adviser", "advisor", "senior adviser", "senior advisor"),
    "Leader": ("leader",),
    "Head": ("head",),
    "Chief": ("chief",),
    "Minister": ("minister",),
    "Secretary": ("secretary",),
}

# A generic head noun names whoever holds the top title of an org ("the NATO chief").
GENERIC_HEADS = frozenset({"Leader", "Head", "Chief"})
TOP_TITLES = frozenset(
    {
        "President",
        "Prime Minister",
        "Chancellor",
        "Secretary General",
        "General Secretary",
        "Director General",
        "Executive Director",
        "Managing Director",
        "CEO",
        "Chair",
        "King",
        "Queen",
        "Pope",
        "Supreme Leader",
        "Leader",
        "Head",
        "Chief",
        "Emir",
        "Sultan",
    }
)
# Titles many people hold at once for one org or place (a state's representatives, a
# court's justices, an army's generals, a president's advisers): "the congressman" names
# nobody in particular across a corpus, however few holders it happens to record.
MULTI_SEAT_TITLES = frozenset(
    {
        "Senator",
        "Representative",
        "Justice",
        "Judge",
        "Commissioner",
        "Ambassador",
        "Envoy",
        "Special Envoy",
        "Adviser",
        "Spokesperson",
        "General",
        "Lieutenant General",
        "Major General",
        "Admiral",
        "Colonel",
        "Commander",
        "Prosecutor",
        "Founder",
        "Minister",
        "Secretary",
        "Prince",
        "Princess",
    }
)
# Different words for one job; matching a role phrase treats these as the same title.
_EQUIVALENT = (
    frozenset({"High Representative", "Foreign Policy Chief"}),
    frozenset({"Foreign Minister", "Foreign Secretary"}),
    frozenset({"Defense Minister", "Defense Secretary"}),
)
# "X's top diplomat" is whoever runs X's foreign affairs.
_TOP_DIPLOMAT = frozenset(
    {"Foreign Minister", "Foreign Secretary", "Secretary of State", "High Representative"}
)

# Ministries and cabinet departments ("foreign minister", "minister of foreign affairs").
_PORTFOLIOS: dict[str, str] = {
    "foreign": "Foreign",
    "foreign affairs": "Foreign",
    "external affairs": "Foreign",
    "defence": "Defense",
    "defense": "Defense",
    "war": "Defense",
    "finance": "Finance",
    "treasury": "Treasury",
    "economy": "Economy",
    "economic affairs": "Economy",
    "economy and finance": "Finance",
    "interior": "Interior",
    "internal affairs": "Interior",
    "home affairs": "Interior",
    "home": "Home",
    "homeland security": "Homeland Security",
    "justice": "Justice",
    "health": "Health",
    "energy": "Energy",
    "education": "Education",
    "agriculture": "Agriculture",
    "trade": "Trade",
    "commerce": "Commerce",
    "industry": "Industry",
    "transport": "Transport",
    "transportation": "Transport",
    "environment": "Environment",
    "climate": "Climate",
    "culture": "Culture",
    "labour": "Labor",
    "labor": "Labor",
    "digital": "Digital",
    "digital transformation": "Digital",
    "infrastructure": "Infrastructure",
    "development": "Development",
    "veterans affairs": "Veterans Affairs",
    "immigration": "Immigration",
    "housing": "Housing",
    "science": "Science",
    "technology": "Technology",
    "communications": "Communications",
    "information": "Information",
    "tourism": "Tourism",
    "sport": "Sport",
    "sports": "Sport",
    "security": "Security",
    "state": "State",
    "cabinet": "Cabinet",
    "european affairs": "European Affairs",
    "strategic industries": "Strategic Industries",
    "reintegration": "Reintegration",
}
_MAX_PORTFOLIO = max(len(k.split()) for k in _PORTFOLIOS)

# Words that qualify a title in time: only holders "now" answer "the secretary general".
QUALIFIERS: dict[str, str] = {
    "former": "former",
    "ex": "former",
    "then": "former",
    "late": "former",
    "outgoing": "outgoing",
    "departing": "outgoing",
    "retiring": "outgoing",
    "incoming": "incoming",
    "designate": "incoming",
    "elect": "incoming",
    "future": "incoming",
    "acting": "acting",
    "interim": "acting",
    "caretaker": "acting",
    "new": "new",
    "newly": "new",
    "current": "new",
    "sitting": "new",
}
# Qualifiers under which the person holds the title at the article's date.
CURRENT_QUALIFIERS = frozenset({None, "new", "acting"})

# Nouns that stand for "the org this article is about" in role phrases: "the alliance's chief".
GENERIC_ORG_NOUNS = frozenset(
    {
        "alliance",
        "bloc",
        "union",
        "organisation",
        "organization",
        "company",
        "firm",
        "group",
        "government",
        "administration",
        "ministry",
        "department",
        "agency",
        "commission",
        "council",
        "party",
        "country",
        "nation",
        "bank",
        "fund",
        "club",
        "league",
        "court",
        "committee",
        "body",
        "state",
        "kremlin",
    }
)

# Honorifics are not titles: they say nothing about a job, but "Mr"/"Ms" do give gender.
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "mx": None,
    "dr": None,
    "prof": None,
    "professor": None,
    "sir": "m",
    "dame": "f",
    "lord": "m",
    "lady": "f",
    "rev": None,
    "reverend": None,
    "sheikh": "m",
    "madam": "f",
    "madame": "f",
    "monsieur": "m",
    "herr": "m",
    "frau": "f",
}

PRONOUNS: dict[str, str] = {"he": "m", "she": "f", "they": "p", "him": "m", "her": "f"}


_SPLIT = re.compile(r"'s\b|[\w.&]+|[^\w\s]", re.UNICODE)
_ABBREV_DOT = re.compile(r"(?<=\w)\.$")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def word_key(token_text: str) -> str:
    """How a token is looked up in the lexicons: lower case, no accents, no trailing dot."""
    return _ABBREV_DOT.sub("", strip_accents(token_text).lower().replace("\u2019", "'"))


def _build_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for canon, forms in _TITLES.items():
        for form in forms:
            table[tuple(form.split())] = canon
    return table, max(len(k) for k in table)


_TABLE, _MAX_TITLE = _build_table()


@dataclass(frozen=True)
class TitleMatch:
    """A title found at word positions [start, end) of a word list."""

    title: str
    start: int
    end: int


def _portfolio_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The longest portfolio phrase starting at i: ("Foreign", end)."""
    for n in range(min(_MAX_PORTFOLIO, len(words) - i), 0, -1):
        canon = _PORTFOLIOS.get(" ".join(words[i : i + n]))
        if canon:
            return canon, i + n
    return None


def match_title(words: list[str], i: int, cased: list[str] | None = None) -> TitleMatch | None:
    """The longest title starting at word i ("deputy foreign minister", "secretary of state").

    ``cased`` (the words as written) tells a preposition from a title prefix: in "met under
    Secretary General Doe" lower-case "under" before a capitalised title is not "Under
    Secretary".
    """
    deputy = ""
    j = i
    if (
        j < len(words)
        and words[j] in ("deputy", "vice", "assistant", "under")
        and (j + 1 < len(words))
        and not (
            cased is not None
            and words[j] == "under"
            and cased[j][:1].islower()
            and cased[j + 1][:1].isupper()
        )
    ):
        deputy, j = words[j].capitalize() + " ", j + 1
    best: TitleMatch | None = None
    # Portfolio before the head noun: "foreign minister", "defence secretary".
    port = _portfolio_at(words, j)
    if port and port[1] < len(words) and words[port[1]] in ("minister", "secretary"):
        noun = words[port[1]].capitalize()
        best = TitleMatch(f"{deputy}{port[0]} {noun}", i, port[1] + 1)
    for n in range(min(_MAX_TITLE, len(words) - j), 0, -1):
        canon = _TABLE.get(tuple(words[j : j + n]))
        if canon is None:
            continue
        end = j + n
        # "minister of/for foreign affairs"; "secretary of state" is in the table already.
        if (
            canon in ("Minister", "Secretary")
            and end + 1 < len(words)
            and words[end] in ("of", "for")
        ):
            k = end + 1 + (words[end + 1] == "the")
            port = _portfolio_at(words, k)
            if port:
                canon, end = f"{port[0]} {canon}", port[1]
        if deputy and not canon.startswith(deputy):
            canon = deputy + canon
        if best is None or end > best.end:
            best = TitleMatch(canon, i, end)
        break
    return best


def words_of(text: str) -> list[str]:
    """Lower-cased words of a phrase as the lexicon sees them (hyphens dropped)."""
    out = []
    for w in _SPLIT.findall(text.replace("\u2019", "'")):
        if w in ("-", "\u2013", "\u2014"):
            continue
        out.append(word_key(w))
    return out


def country_name(text: str) -> str | None:
    """Canonical country for a country name, short form or nationality word, else None.

    From the shared lexicon, without its capitals: in a role or an entity's name "Washington"
    is a state or a city, not the United States."""
    key = " ".join(words_of(text.replace(".", " "))).removeprefix("the ")
    for candidate in (text, key, key.replace(" ", "") if len(key) <= 5 else None):
        if candidate:
            found = lexicon.country(candidate, seats=False)
            if found:
                return found
    return None


def normalize_org(text: str) -> str:
    """Display form of an org/country as a role modifier: 'the EU's' -> 'EU', 'U.S.' -> ..."""
    text = text.strip()
    text = re.sub(r"(?:['\u2019]s|['\u2019])$", "", text).strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return country_name(text) or text


def titles_match(wanted: str, held: str) -> bool:
    """Does a role phrase's title (possibly generic: 'chief') name someone holding ``held``?"""
    if wanted == held:
        return True
    if wanted in GENERIC_HEADS:
        return held in TOP_TITLES
    if wanted == "Top Diplomat":
        return held in _TOP_DIPLOMAT
    if wanted in ("Minister", "Secretary"):
        return held.endswith(wanted) and "Deputy" not in held
    return any(wanted in group and held in group for group in _EQUIVALENT)


# A party by its nickname or adjective: "the Tory leader" is the Conservative Party's,
# "the Democratic leader" the Democrats'.
_PARTIES: dict[str, str] = {
    **dict.fromkeys(
        ["tory", "tories", "conservatives", "conservative party"], "conservative party"
    ),
    **dict.fromkeys(["labour", "labour party"], "labour party"),
    **dict.fromkeys(
        ["democratic", "democrats", "democrat", "democratic party", "dems"], "democratic party"
    ),
    **dict.fromkeys(["republican", "republicans", "gop", "republican party"], "republican party"),
    **dict.fromkeys(["liberal democrats", "lib dems", "lib dem"], "liberal democrats"),
}


@lru_cache(maxsize=100_000)
def org_key(org: str) -> str:
    """Compare orgs loosely: case, accents, dots and 'the' do not matter."""
    key = " ".join(w for w in words_of(normalize_org(org).replace(".", "")) if w != "the")
    return _PARTIES.get(key, key)


# Words that say what kind of body an org is, not which one.
_BODY_WORDS = frozenset(
    [
        "house",
        "senate",
        "committee",
        "subcommittee",
        "department",
        "ministry",
        "office",
        "agency",
        "council",
        "party",
        "national",
        "federal",
        "state",
        "states",
        "united",
        "us",
        "u.s",
        "city",
        "county",
        "new",
        "of",
        "and",
        "for",
        "the",
        "on",
    ]
)


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in ("of", "and", "for", "the"))


def orgs_match(a: str | None, b: str | None) -> bool:
    """Same org? Also 'EU' vs 'European Union' (an acronym against its expansion)."""
    if a is None or b is None:
        return False
    ka, kb = org_key(a), org_key(b)
    if ka == kb:
        return True
    # "Democratic" and "Senate Democratic": the party's leader in one chamber
    for party, other in ((ka, kb), (kb, ka)):
        if party in _PARTIES.values() and any(_PARTIES.get(w) == party for w in other.split()):
            return True
    short, long_ = sorted((ka, kb), key=len)
    if " " not in short and " " in long_ and len(short) >= 2 and _initials(long_) == short:
        return True
    # "the Appropriations chairman" for "Senate Appropriations Committee": the shorter's
    # words, at least one of them more than a chamber or a kind of body, are all the longer's
    few, many = set(short.split()), set(long_.split())
    return bool(few - _BODY_WORDS) and few < many


@dataclass(frozen=True)
class RolePhrase:
    """A role used to refer to someone: 'the NATO Secretary General', 'the alliance's chief'."""

    title: str
    org: str | None  # explicit org/country, normalised
    generic_org: str | None  # 'alliance', 'country': stands for the org in focus
    qualifier: str | None


@lru_cache(maxsize=100_000)
def parse_role_phrase(text: str) -> RolePhrase | None:
    """Parse a bare role phrase (no name). None when the phrase is not one we know.

    Shapes: [det] [qualifier] [org|nationality|generic-org ['s]] [qualifier] TITLE
    [of|for [the] ORG] — and "X's top diplomat".
    """
    raw = [w for w in _SPLIT.findall(text.replace("\u2019", "'")) if w not in ("-",)]
    words = [word_key(w) for w in raw]
    if not words:
        return None
    # Find the title: the first position where a title starts and nothing unknown follows
    # except an "of/for ORG" complement.
    for i in range(len(words)):
        if words[i : i + 2] == ["top", "diplomat"]:
            match: TitleMatch | None = TitleMatch("Top Diplomat", i, i + 2)
        else:
            match = match_title(words, i)
        if match is None:
            continue
        before, after = raw[:i], raw[match.end :]
        org, generic, qual = _modifiers(before)
        if org is None and generic is None and after:
            if raw[match.end - 1].lower() in ("of", "for"):
                after = [raw[match.end - 1], *after]  # "spokesperson for" took the "for"
            org, generic = _complement(after)
            if org is None and generic is None:
                continue  # "the chief medical officer": another title we do not know
        elif after and after[0].lower() not in ("of", "for"):
            continue
        if _leftover(before):
            continue
        return RolePhrase(match.title, org, generic, qual)
    return None


def _modifiers(before: list[str]) -> tuple[str | None, str | None, str | None]:
    """Org / generic org / qualifier from the words before a title."""
    org: str | None = None
    generic: str | None = None
    qual: str | None = None
    parts: list[str] = []
    for w in before:
        k = word_key(w)
        if k in ("the", "a", "an", "'s", "'"):
            continue
        if k in QUALIFIERS:
            qual = QUALIFIERS[k]
        elif k in GENERIC_ORG_NOUNS and w[:1].islower():
            generic = k
        elif w[:1].isupper() or w.isupper():
            parts.append(w)
    if parts:
        org = normalize_org(" ".join(parts).replace(" .", "."))
    return org, generic, qual


def _complement(after: list[str]) -> tuple[str | None, str | None]:
    """'of NATO', 'of the alliance', 'for foreign affairs' -> (org, generic)."""
    if not after or after[0].lower() not in ("of", "for", "at"):
        return None, None
    rest = [w for w in after[1:] if word_key(w) != "the"]
    if not rest:
        return None, None
    if len(rest) == 1 and word_key(rest[0]) in GENERIC_ORG_NOUNS and rest[0][:1].islower():
        return None, word_key(rest[0])
    if all(w[:1].isupper() for w in rest):
        return normalize_org(" ".join(rest)), None
    return None, None


# Describing words a title can carry that leave the office as it is: "the embattled
# premier", "the newly elected mayor", "the veteran senator". Words that change the office
# ("deputy", "inspector", "state", "medical") are not here and still make the phrase unknown.
_ADJECTIVES = frozenset(
    [
        "veteran",
        "longtime",
        "embattled",
        "beleaguered",
        "powerful",
        "influential",
        "outspoken",
        "popular",
        "unpopular",
        "young",
        "old",
        "ailing",
        "elderly",
        "combative",
        "firebrand",
        "hardline",
        "moderate",
        "conservative",
        "liberal",
        "progressive",
        "populist",
        "nationalist",
        "centrist",
        "leftist",
        "rightist",
        "controversial",
        "defiant",
        "departed",
        "embattled",
        "respected",
        "famed",
        "top",
    ]
)
_ADJECTIVE_END = re.compile(r"^[a-z]{3,}(?:ed|ing)$")
# ... but not these, which make another office or a person of another kind
_NOT_ADJECTIVES = frozenset({"acting", "ruling", "governing", "presiding", "managing", "red"})


def _describing(k: str) -> bool:
    if k in _NOT_ADJECTIVES:
        return False
    return k in _ADJECTIVES or bool(_ADJECTIVE_END.match(k))


def _leftover(before: list[str]) -> bool:
    """Anything before the title that is neither a determiner, qualifier nor modifier."""
    for w in before:
        k = word_key(w)
        if k in ("the", "a", "an", "'s", "'", "its", "their", "his", "her") or k in QUALIFIERS:
            continue
        if k in GENERIC_ORG_NOUNS or w[:1].isupper():
            continue
        if w[:1].islower() and _describing(k):
            continue
        return True
    return False
