"""Speakers of every kind: institutions, governments, news agencies and documents.

People are resolved first (``nlp/people/coref.py``); this pass runs after it, over the same parsed
document, and handles the quotes it leaves without a speaker, because an institution's
statement is a statement: users filter by "everything the State Department said".

How a mention becomes a speaker (the ``speaker_evidence`` kinds):

``organisation``  the speaker is an institution: named in the reporting clause ("the
                  Kremlin said", "The Defense Ministry's press office said" -- an office
                  speaks for its org --, "Egypt said", "Beijing denied" -- a capital speaks
                  for its government), or a generic noun phrase ("the agency", "the trade
                  group", "the news agency") that is the last organisation *of that kind*
                  named before it in the article; when none is of that kind the speaker
                  stays unknown.
``document``      a document or channel ("the statement said", "the letter says") is its
                  issuer, named where the article introduces it ("a statement from the State
                  Department", "Mayor Varga sent a letter").
``pronoun``       "it said" right after an institution spoke continues that institution.
``named``/``pronoun``/``role`` (a person's name in the clause, a pronoun, a title) for people
are read off what ``coref`` resolved; link/ adds
``corpus_role`` for role mentions resolved by who held the title at the time.

Role phrases ``coref`` leaves open get a second, article-wide look here, because news names a
person once and then describes them: a description with its holder in apposition ("Venn's
attorney, Lisa Korvath, said") or given that holder earlier ("Khan's father, Khizr Khan";
"X, a Justice Department lawyer" ... "the federal government lawyer"), and a single-seat
title the article never writes next to a name ("Donald Trump ..., the US President has
sent"). Each answers only when exactly one person fits; a possessor is never the speaker
("Ali's attorney" is not Ali).

Canonical forms (one per speaker, so filters and groups agree):

- organisations: the name as the article writes it, without a leading "the" or a
  possessive ("State Department", "Kremlin", "Reuters");
- governments: the country's short English name, the same string the GPE entity carries
  ("China" for "Beijing", "Russia" for "Moscow", "United States" for "Washington" or "the
  U.S."), type ``government``. A country's body named with its country is the body with
  the country in brackets: "Russia's Foreign Ministry" and "the Russian Foreign Ministry"
  are both "Foreign Ministry (Russia)", type ``organisation``. Seats of power that name an office rather than a city keep
  their own name ("Kremlin", "White House", "Downing Street"), also type ``government``;
- news agencies and broadcasters that report: their name, type ``news_agency``.

``speaker_confidence`` is the probability that the speaker is right given how it was found:
the table ``SPEAKER_CONFIDENCE`` below, calibrated on the speaker gold (set from the
held-out split after its final look).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from onrecord.lexicon import body_name, demonym_of
from onrecord.models import Mention, Person, Quote
from onrecord.nlp.people.names import is_given_name, is_place
from onrecord.nlp.people.roles import (
    GENERIC_HEADS,
    MULTI_SEAT_TITLES,
    RolePhrase,
    country_name,
    match_title,
    org_key,
    orgs_match,
    parse_role_phrase,
    titles_match,
    word_key,
    words_of,
)
from onrecord.nlp.quotes.cues import doc_text
from onrecord.nlp.quotes.reporting import lexicon


@dataclass(frozen=True)
class Evidence:
    probability: float  # that the speaker shown is the right one, given this evidence
    reason: str
    basis: str  # where the probability comes from


# The prior guesses, written before any speaker gold existed (from reading PolNeAR dev
# errors). Calibration shrinks towards them: bench/calibrate_speakers.py.
PROVISIONAL_CONFIDENCE: dict[str, float] = {
    "named": 0.95,
    "pronoun": 0.8,
    "role": 0.8,
    "organisation": 0.8,
    "document": 0.75,
    "corpus_role": 0.6,
}

# First calibrated on the dev split of the hand-annotated speaker gold (tests/data/
# speakers_gold.jsonl: 27 dev articles), re-run on 2026-12-07 after the two-person-passage,
# description and spokesperson work (issue #10) with ``bench/calibrate_speakers.py``: right /
# shown per kind, smoothed with the prior above worth 5 observations. Kinds the dev split
# never showed keep their prior and say so. The rules were tuned on these same dev articles,
# so after the final look at the held-out test split the table was set from it instead
# (right / shown on test, smoothed with the prior as above; no rule changed after that look):
# dev overstated every kind by 10-20 points. See docs/benchmarks.md.
SPEAKER_CONFIDENCE: dict[str, Evidence] = {
    "named": Evidence(
        0.94,
        "a person's name is the subject of the reporting verb",
        "held-out test2 (2026-12-08): 371 of 396 right (earlier held-out test: 142 of 168)",
    ),
    "pronoun": Evidence(
        0.82,
        "a pronoun or 'who', resolved to the most salient compatible person before it",
        "held-out test2 (2026-12-08): 114 of 139 right (earlier held-out test: 50 of 60)",
    ),
    "role": Evidence(
        0.83,
        "a title ('the secretary general') or a description ('the Tea Party favorite') "
        "matched to a person the article names",
        "held-out test2 (2026-12-08): 16 of 19 right (earlier held-out test: 6 of 8)",
    ),
    "organisation": Evidence(
        0.67,
        "an institution named in the clause, or a generic noun ('the agency') resolved to the "
        "last organisation of that kind named",
        "held-out test2 (2026-12-08): 27 of 41 right (earlier held-out test: 4 of 6)",
    ),
    "document": Evidence(
        0.67,
        "a document or channel ('the statement') resolved to the issuer named with it",
        "held-out test2 (2026-12-08): 7 of 11 right (few: a third the prior)",
    ),
    "corpus_role": Evidence(
        0.62,
        "a single-seat title resolved across the corpus to whoever held it at the date, "
        "when tenures do not overlap",
        "held-out test2 (2026-12-08): 2 of 3 right (few: mostly the prior; earlier: 1 of 3)",
    ),
}


def confidence(evidence: str | None) -> float | None:
    if evidence is None:
        return None
    entry = SPEAKER_CONFIDENCE.get(evidence)
    return entry.probability if entry else None


# ---- lexicons ----


def _names(names: str) -> frozenset[str]:
    """A comma-separated list of lower-case names (names have spaces, so not ``lexicon``)."""
    return frozenset(n.strip() for n in names.split(","))


# Capitals (and seats named by their city) speak for their country's government.
CAPITALS: dict[str, str] = {
    "beijing": "China", "moscow": "Russia", "washington": "United States", "kyiv": "Ukraine",
    "kiev": "Ukraine", "london": "United Kingdom", "paris": "France", "berlin": "Germany",
    "tokyo": "Japan", "seoul": "South Korea", "pyongyang": "North Korea", "tehran": "Iran",
    "ankara": "Turkey", "cairo": "Egypt", "riyadh": "Saudi Arabia", "new delhi": "India",
    "islamabad": "Pakistan", "kabul": "Afghanistan", "baghdad": "Iraq", "damascus": "Syria",
    "jerusalem": "Israel", "amman": "Jordan", "beirut": "Lebanon", "doha": "Qatar",
    "abu dhabi": "United Arab Emirates", "taipei": "Taiwan", "manila": "Philippines",
    "hanoi": "Vietnam", "bangkok": "Thailand", "jakarta": "Indonesia", "canberra": "Australia",
    "ottawa": "Canada", "mexico city": "Mexico", "brasilia": "Brazil", "buenos aires":
    "Argentina", "caracas": "Venezuela", "havana": "Cuba", "madrid": "Spain", "rome": "Italy",
    "warsaw": "Poland", "budapest": "Hungary", "minsk": "Belarus", "vienna": "Austria",
    "stockholm": "Sweden", "oslo": "Norway", "helsinki": "Finland", "copenhagen": "Denmark",
    "the hague": "Netherlands", "athens": "Greece", "bucharest": "Romania", "prague":
    "Czech Republic", "tbilisi": "Georgia", "yerevan": "Armenia", "baku": "Azerbaijan",
    "pretoria": "South Africa", "nairobi": "Kenya", "addis ababa": "Ethiopia", "abuja":
    "Nigeria", "khartoum": "Sudan", "tripoli": "Libya", "algiers": "Algeria", "rabat": "Morocco",
    "tunis": "Tunisia", "wellington": "New Zealand", "dublin": "Ireland", "lisbon": "Portugal",
    "bern": "Switzerland", "vilnius": "Lithuania", "riga": "Latvia", "tallinn": "Estonia",
    "chisinau": "Moldova", "belgrade": "Serbia", "sofia": "Bulgaria", "zagreb": "Croatia",
}  # fmt: skip

# Seats of power named for an office, not a city: they keep their own name.
SEATS = frozenset({"kremlin", "white house", "downing street", "elysee", "élysée", "quai d'orsay"})

_NEWS_AGENCY_NAMES = _names(
    "reuters,ap,associated press,afp,agence france-presse,agence france presse,xinhua,tass,"
    "ria novosti,ria,interfax,yonhap,kyodo,kyodo news,ansa,efe,dpa,anadolu,anadolu agency,"
    "irna,kcna,pti,ani,ukrinform,unian,bernama,antara,sputnik,tasnim,fars,isna,wafa,mena,"
    "sana,bloomberg,bloomberg news,press trust of india,saudi press agency"
)
_NEWS_AGENCY_RE = re.compile(r"\b(?:News|Press)\s+Agency\b|\bNews\s+Service\b|\bWire\b")
_BROADCASTER_NAMES = _names(
    "bbc,cnn,fox news,nbc,cbs,abc,npr,pbs,al jazeera,rt,sky news,deutsche welle,dw,"
    "france 24,cctv,nhk,kbs,euronews,msnbc,cnbc,voice of america,voa,radio free europe"
)
_BROADCASTER_RE = re.compile(
    r"\b(?:TV|Television|Radio|Broadcasting|Channel|News Network|FOX|Fox)\b"
)
# Newspapers and news sites report too: "the newspaper reported", "The New York Times said".
_NEWSPAPER_RE = re.compile(
    r"\b(?:Times|Post|Journal|Tribune|Herald|Chronicle|Gazette|Daily|Telegraph|Guardian|"
    r"Independent|Observer|Examiner|Inquirer|Courier|Sun|Star|Globe|Mail|Express|Mirror|"
    r"Register|Dispatch|Bulletin|Review|Free Press|News|Magazine|Politico|Axios|Reuters)\b"
)

# Heads of generic noun phrases, and which named organisations are "of that kind".
_PUBLIC_BODY = re.compile(
    r"\b(?:Ministry|Department|Agency|Government|Council|Committee|Commission|Court|Party|"
    r"Parliament|Congress|Senate|Nations|Office|Bureau|Administration|Authority|Army|Police)\b"
)
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "agency": ("Agency", "Administration", "Bureau", "Service"),
    "group": ("Group", "Association", "Federation", "Council", "Coalition", "Alliance",
              "Institute", "Chamber", "Society", "League", "Union", "Forum", "Network"),
    "association": ("Association", "Federation", "Society", "Institute", "Chamber"),
    "ministry": ("Ministry",),
    "department": ("Department",),
    "commission": ("Commission",),
    "committee": ("Committee",),
    "council": ("Council",),
    "court": ("Court",),
    "party": ("Party",),
    "union": ("Union",),
    "bank": ("Bank",),
    "board": ("Board",),
    "alliance": ("Alliance", "NATO"),
    "bloc": ("Union", "EU", "ASEAN", "Bloc"),
    "regulator": ("Commission", "Authority", "Agency", "Administration", "Regulator", "Office"),
    "office": ("Office",),
    "embassy": ("Embassy",),
    "military": ("Army", "Forces", "Military", "Defense Forces", "Defence Forces"),
    "army": ("Army",),
    "police": ("Police",),
    "university": ("University",),
    "foundation": ("Foundation",),
    "institute": ("Institute",),
    "organisation": ("Organisation", "Organization"),
    "organization": ("Organisation", "Organization"),
    "hospital": ("Hospital", "Medical Center", "Medical Centre", "Clinic"),
    "school": ("School", "Academy", "College"),
    "museum": ("Museum",),
    "prison": ("Prison", "Penitentiary", "Correctional"),
}  # fmt: skip
# Unnamed people who speak for a body: "hospital officials", "company executives".
_OFFICIALS = lexicon("officials executives administrators authorities leaders spokespeople")
_COMPANY_HEADS = lexicon(
    "company firm carrier airline retailer automaker carmaker manufacturer maker producer "
    "insurer lender bank operator developer supplier contractor startup conglomerate"
)
_NEWS_HEADS = frozenset({"agency", "service"})  # "the news agency", "the wire service"
_BROADCAST_HEADS = frozenset({"broadcaster", "network", "channel", "station"})
_PRINT_HEADS = lexicon("newspaper paper daily tabloid magazine")
_PRESS_HEADS = lexicon("outlet website site")
# Institutions named after a person: "the Biden campaign", "the Obama administration".
_PERSON_INSTITUTIONS = lexicon("campaign administration")
_NOT_OWNERS = lexicon(
    "house senate congress state party gop democratic republican federal national city county "
    "presidential reelection re-election election primary political his her their its the"
)
# "the Defense Ministry's press office said": the office speaks for its organisation.
_SUBUNITS = lexicon("office service department division unit bureau ministry")

DOCUMENT_NOUNS = lexicon(
    """statement letter advisory report memo memorandum release notice filing complaint
    publication poll survey study audit indictment affidavit petition
    lawsuit decree bulletin communique communiqué note email post tweet document order ruling
    resolution declaration guidance directive circular brief editorial announcement
    proclamation transcript readout analysis findings estimate estimates projection
    projections forecast assessment"""
)
# What a person says or writes: "Waldman's elaboration", "Sheppard's May 18 email" are the
# possessor's words, where "Ali's attorney" is somebody else.
_UTTERANCE_NOUNS = DOCUMENT_NOUNS | lexicon(
    """words remarks comments comment elaboration testimony speech account argument response
    reply answer message interview column essay article piece book op-ed claim claims view
    views account thread"""
)


def someone_elses(mention: str) -> bool:
    """'Ali's attorney', 'Khan's father': a possessive description names another person
    than the possessor, who must not be taken for the speaker."""
    found = re.search(r"['’]s?\s+(?:[\w.-]+\s+){0,3}?([a-z][\w-]*)\s*$", mention)
    return found is not None and word_key(found.group(1)) not in _UTTERANCE_NOUNS


_ISSUE_VERBS = re.compile(
    r"\b(?:issu|releas|publish|sen[dt]|post|put out|wr[io]t|sign|fil|circulat|distribut|"
    r"deliver|send|shar|tweet|provid|obtain)\w*",
    re.IGNORECASE,
)

_ORGISH = frozenset({"ORG", "GPE", "NORP", "FAC"})
_WORD = re.compile(r"[\w'’.-]+")


# ---- resolution ----


@dataclass
class _Speaker:
    name: str
    type: str  # person | organisation | government | news_agency
    evidence: str
    cluster: int | None = None


def resolve_other_speakers(
    doc: Doc, quotes: list[Quote], mentions: list[Mention], people: list[Person]
) -> None:
    """Fill ``speaker_type``/``speaker_evidence``/``speaker_confidence`` on every quote, and
    the speaker itself for institution, government, news-agency and document speakers."""
    text = doc_text(doc)
    starts = [m.start for m in mentions]
    last: tuple[int, _Speaker] | None = None  # the last quote's speaker, by position
    variations: list[tuple[RolePhrase, int]] = []  # titles this article gave a person
    for q in sorted(quotes, key=lambda q: (q.speaker_start or q.start, q.start)):
        spk: _Speaker | None = None
        if _quoted_as_saying(text, q):
            # "The Globe quoted an aide as saying ...": the aide said it, not the Globe,
            # and whoever it was the article does not name
            q.speaker = q.speaker_cluster = None
            continue
        team = _person_institution(q, mentions, starts)
        if team is not None:  # "The Biden campaign said": the campaign, not Biden himself
            spk = team
        elif q.speaker_cluster is not None and q.speaker and _body_word(q.speaker):
            # "The Justice Department said" read as the title "Justice" and a person named
            # "Department": a body's head word is nobody's name
            q.speaker = q.speaker_cluster = None
            if q.speaker_start is not None:
                spk = _resolve(doc, text, q, mentions, starts, people, last)
        elif q.speaker_cluster is not None and q.speaker:
            spk = _Speaker(q.speaker, "person", _person_evidence(q, people), q.speaker_cluster)
        elif q.speaker_mention and q.speaker_start is not None:
            spk = (
                _apposed(doc, text, q, mentions, starts, people)
                or _title_variation(doc, text, q, mentions, people, variations)
                or _orgless_holder(q, people, mentions)
                or _resolve(doc, text, q, mentions, starts, people, last)
            )
        if spk is None:
            continue
        if spk.type != "person":
            _canonical_body(spk, text)
        q.speaker, q.speaker_type, q.speaker_evidence = spk.name, spk.type, spk.evidence
        q.speaker_confidence = confidence(spk.evidence)
        q.speaker_cluster = spk.cluster
        last = (q.end, spk)


# The rest of a body's name after its head word: "... for a Responsible Federal Budget".
_NAME_REST = re.compile(
    r"(?:\s+(?:for|of|on)(?:\s+(?:a|an|the))?)(?:\s+(?:and\s+)?[A-Z][\w'’&.-]*)+"
)


# "officials in X", "authorities of X" (the words before the name X).
_OFFICIALS_OF = re.compile(
    r"(?:the\s+)?(?:(?:top|senior|local|state|federal|county|city)\s+)*(?:officials|authorities)"
    r"\s+(?:of|in|at|for|from)\s+(?:the\s+)?(?:[\w’'.-]+(?:\s+[\w’'.-]+)?['’]s\s+)?",
    re.IGNORECASE,
)


# ---- canonical names of institutions ----

# Words an acronym may skip ("Department of Justice" is DOJ or DJ) and that may sit inside a
# body's full name without a capital.
_NAME_LINKS = frozenset({"of", "for", "and", "on", "the", "&"})
_CAP_RUN = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|on|the|&|[A-Z][\w'’&.-]*))+")


def _canonical_body(spk: _Speaker, text: str) -> None:
    """One name for one body: 'the CBO' after 'the Congressional Budget Office', 'the
    Justice Department' where the article also writes 'Department of Justice', 'the Fed'.
    A user filtering by the body's name finds all it said, and the corpus links one entity.
    Only a full name the article writes (or the lexicon knows) replaces the short one."""
    _rename_body(spk, text)
    if spk.type == "organisation" and _GOVERNMENT_BODY.search(spk.name):
        spk.type = "government"  # a ministry, a court, a police force: a government body


# Heads that make a body part of a government ("Defense Ministry", "Supreme Court",
# "Prime Minister's Office"); not "Committee" or "Council", which private bodies use too,
# nor a caucus ("Senate Republicans") or an administration, shown as organisations so far.
_GOVERNMENT_BODY = re.compile(
    r"\b(?:Ministry|Department|Bureau|Police|Court|Parliament|Army|Commission|Office)\b"
)


def _rename_body(spk: _Speaker, text: str) -> None:
    name = spk.name
    if "(" in name:
        return  # "Foreign Ministry (Russia)": already qualified by its country
    known = body_name(name)
    if known is not None:
        spk.name = known[0]
        if spk.type == "organisation":
            spk.type = known[1]
        return
    letters = name.replace(".", "")
    if re.fullmatch(r"[A-Z]{2,6}", letters):
        full = _acronym_expansions(letters, text)
        if len(full) == 1:
            spk.name = full.pop()
        return
    dept = re.fullmatch(
        r"(?:(U\.?S\.?|[A-Z][\w.]*)\s+)??([A-Z][\w&\s]*?)\s+(Department|Ministry)", name
    )
    if dept is not None:
        # "Justice Department" = "Department of Justice": the formal name, when written
        formal = f"{dept.group(3)} of {dept.group(2)}"
        found = re.search(r"\b(?:[A-Z][\w.]*\s+)?" + re.escape(formal) + r"\b", text)
        if found is not None:
            written = found.group(0)
            spk.name = _bare(written) if written.startswith(("U.S.", "US ")) else formal


def _acronym_expansions(acronym: str, text: str) -> set[str]:
    """Capitalised names in the text whose initials spell the acronym, with or without the
    linking words ('Congressional Budget Office' for CBO, 'Department of Justice' for DOJ)."""
    out: set[str] = set()
    for run in _CAP_RUN.finditer(text):
        words = run.group(0).split()
        for i, first in enumerate(words):
            if first.lower() in _NAME_LINKS:
                continue
            for j in range(i + 1, len(words)):
                if words[j].lower() in _NAME_LINKS:
                    continue
                part = words[i : j + 1]
                strict = "".join(w[0] for w in part if w.lower() not in _NAME_LINKS)
                loose = "".join(w[0].upper() for w in part if w != "&")
                if any(w.endswith(".") for w in part):
                    break  # "Calls for Mrs. Sebelius" (a headline about a person) for CMS
                if acronym in (strict.upper(), loose) and first not in ("The", "A", "An"):
                    out.add(" ".join(part))
    return out


# "X quoted Y as saying": the words between the quoting outlet and the quote.
_QUOTED_AS = re.compile(r"\s+quoted\s+[^.;:\"“”]{1,120}?\s+as\s+(?:saying|telling|writing)\b")


def _quoted_as_saying(text: str, q: Quote) -> bool:
    if q.speaker_end is None or q.speaker_end > q.start:
        return False
    return bool(_QUOTED_AS.match(text, q.speaker_end, q.start))


# The comma closing a name in apposition, not "Her brother, Collin Moulton, and her
# friend": two people at once.
_APPOSITION_END = re.compile(r"\s*(?:,|\()(?!\s*(?:and|or|&)\b)")


def _apposed(
    doc: Doc,
    text: str,
    q: Quote,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
) -> _Speaker | None:
    """'Venn's attorney, Lisa Korvath, said': a description with its holder named in
    apposition is the holder (never the possessor, who is someone else)."""
    end = q.speaker_end
    if end is None or not (q.speaker_mention or "")[-1:].isalpha():
        return None
    if not (q.speaker_mention or "").split()[-1][:1].islower():
        return None  # only a description ("attorney", "founder") takes an apposition
    for m in _overlapping(mentions, starts, end, end + 4):
        if m.label != "PERSON" or m.cluster is None or not 0 <= m.cluster < len(people):
            continue
        if re.fullmatch(r",\s+", text[end : m.start]) and _APPOSITION_END.match(text, m.end):
            q.speaker_cluster = m.cluster
            return _Speaker(people[m.cluster].name, "person", "named", m.cluster)
    # "Khan's father said" after "Khan's father, Khizr Khan, ...": the article named this
    # description's holder earlier; one holder only
    mention = (q.speaker_mention or "").strip()
    if len(mention.split()) < 2 or word_key(mention.split()[0]) in ("a", "an", "one"):
        return None
    holders: set[int] = set()
    for found in re.finditer(re.escape(mention) + r",\s+", text[: q.speaker_start or 0], re.I):
        for m in _overlapping(mentions, starts, found.end(), found.end() + 1):
            if (
                m.label == "PERSON"
                and m.start == found.end()
                and m.cluster is not None
                and 0 <= m.cluster < len(people)
                and _APPOSITION_END.match(text, m.end)
            ):
                holders.add(m.cluster)
    if len(holders) == 1:
        cluster = holders.pop()
        q.speaker_cluster = cluster
        return _Speaker(people[cluster].name, "person", "role", cluster)
    return _described_before(doc, text, q, mentions, starts, people)


def _described_before(
    doc: Doc,
    text: str,
    q: Quote,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
) -> _Speaker | None:
    """'the federal government lawyer said' after 'Chad Readler, a Justice Department lawyer
    representing ...': a definite description whose head noun the article gave, in
    apposition or before the name, to exactly one person named earlier."""
    mention = (q.speaker_mention or "").strip()
    words = mention.split()
    start = q.speaker_start or 0
    if len(words) < 2 or word_key(words[0]) != "the" or not re.fullmatch(r"[a-z]{3,}", words[-1]):
        return None
    head = words[-1]
    if (
        head in _KIND_WORDS
        or head in _COMPANY_HEADS
        or head in DOCUMENT_NOUNS
        or head in _OFFICIALS
        or parse_role_phrase(mention) is not None  # a title: the people pass decided
        or match_title([head], 0) is not None  # "President Donald Trump" is no description
    ):
        return None
    described = re.compile(
        r",\s+(?:a|an|the)\s+(?:[\w.’'-]+\s+){0,5}?"
        + re.escape(head)
        # an apposition ends there ("Readler, a Justice Department lawyer representing ...");
        # "Kushner, the official said," is a cue about Kushner, not a description of him
        + r"(?=\s*[,.;)]|\s+(?:of|for|at|in|on|with|from|to|who|whose|representing|working|"
        r"based|and)\b)",
        re.IGNORECASE,
    )
    before = re.compile(r"\b" + re.escape(head) + r"\s+$", re.IGNORECASE)
    who: set[int] = set()
    for m in _overlapping(mentions, starts, 0, start):
        if m.label != "PERSON" or m.cluster is None or not 0 <= m.cluster < len(people):
            continue
        if described.match(text, m.end):
            who.add(m.cluster)
            continue
        at = before.search(text, max(0, m.start - 40), m.start)
        if at is None:
            continue
        # "CBS News reporter Major Garrett": the noun is the name's compound, not "no
        # evidence Trump colluded"
        span = doc.char_span(at.start(), at.start() + len(head), alignment_mode="expand")
        if span is not None and span[0].dep_ == "compound" and m.start <= span[0].head.idx < m.end:
            who.add(m.cluster)
    if len(who) != 1:
        return None
    cluster = who.pop()
    q.speaker_cluster = cluster
    return _Speaker(people[cluster].name, "person", "role", cluster)


def _orgless_holder(q: Quote, people: list[Person], mentions: list[Mention]) -> _Speaker | None:
    """'the Virginia senator' in an article whose one senator, Senator Kaine, is written
    without his state: the only holder of the title, named before, when the people pass
    found none for that place."""
    mention = (q.speaker_mention or "").strip()
    start = q.speaker_start
    if start is None or word_key(mention.split()[0]) != "the":
        return None
    phrase = parse_role_phrase(mention)
    if phrase is None or not phrase.org or phrase.qualifier not in (None, "new"):
        return None
    if phrase.title in GENERIC_HEADS or not (country_name(phrase.org) or is_place(phrase.org)):
        return None  # "the chairman of the House Freedom Caucus": a body, not a place
    holders = {
        i
        for i, p in enumerate(people)
        for r in p.roles
        if titles_match(phrase.title, r.title) and r.qualifier in (None, "new", "acting")
    }
    if len(holders) != 1:
        return None
    cluster = holders.pop()
    roles = [r for r in people[cluster].roles if titles_match(phrase.title, r.title)]
    if any(r.org and not orgs_match(phrase.org, r.org) for r in roles):
        return None  # the one holder holds it for another place
    if not any(m.cluster == cluster and m.label == "PERSON" and m.end <= start for m in mentions):
        return None  # "the congressman" looks back
    q.speaker_cluster = cluster
    return _Speaker(people[cluster].name, "person", "role", cluster)


def _title_variation(
    doc: Doc,
    text: str,
    q: Quote,
    mentions: list[Mention],
    people: list[Person],
    variations: list[tuple[RolePhrase, int]],
) -> _Speaker | None:
    """'Hours before Dana Whitlock lands in Oslo, the US President has told ...': news names
    a person and goes on by a title the article never writes next to the name. A definite
    single-seat title nobody in the article holds is the one person who is the subject of a
    clause hanging on the title's own verb, the first time the title is written at all (not
    "Smith met the governor. The governor said"); afterwards the same title is that person
    again."""
    mention = (q.speaker_mention or "").strip()
    start = q.speaker_start
    if start is None or word_key(mention.split()[0]) != "the":
        return None
    phrase = parse_role_phrase(mention)
    if (
        phrase is None
        or phrase.title in MULTI_SEAT_TITLES
        or phrase.title in GENERIC_HEADS
        or phrase.generic_org is not None
        or phrase.qualifier not in (None, "new")
    ):
        return None
    if any(titles_match(phrase.title, r.title) for p in people for r in p.roles):
        return None  # someone here holds it: the people pass matched or declined on purpose
    for seen, cluster in variations:
        if titles_match(phrase.title, seen.title) and (
            not phrase.org or not seen.org or orgs_match(phrase.org, seen.org)
        ):
            return _Speaker(people[cluster].name, "person", "role", cluster)
    head = mention.split()[-1]
    if re.search(r"\b" + re.escape(head) + r"\b", text[:start], re.IGNORECASE):
        return None  # the title was written before, for someone the article left unnamed
    title = doc.char_span(start, q.speaker_end or start + len(mention), alignment_mode="expand")
    if title is None or title.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    main = title.root.head
    lo = title.sent.start_char
    # Only "Before X lands, the President has sent": X the subject of a clause that hangs on
    # the title's own verb. Not "Smith criticised the plan. The president said" (the
    # president, unnamed, is as likely someone else)
    subjects: set[int] = set()
    for m in mentions:
        if m.label != "PERSON" or m.cluster is None or not lo <= m.start < start:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if (
            span is not None
            and span.root.dep_ in ("nsubj", "nsubjpass")
            and span.root.head.i != main.i
            and any(a.i == main.i for a in span.root.head.ancestors)
        ):
            subjects.add(m.cluster)
    if len(subjects) != 1:
        return None
    cluster = subjects.pop()
    if not 0 <= cluster < len(people) or people[cluster].roles:
        return None  # a person with other titles is not clearly this one
    variations.append((phrase, cluster))
    q.speaker_cluster = cluster
    return _Speaker(people[cluster].name, "person", "role", cluster)


def _person_institution(q: Quote, mentions: list[Mention], starts: list[int]) -> _Speaker | None:
    """'The Biden campaign', 'Biden's campaign', 'the Obama administration': an institution
    named after a person, canonically '<name> campaign'."""
    if not q.speaker_mention or q.speaker_start is None or q.speaker_end is None:
        return None
    words = _WORD.findall(q.speaker_mention)
    if len(words) < 2 or words[-1].lower() not in _PERSON_INSTITUTIONS:
        return None
    inside = _overlapping(mentions, starts, q.speaker_start, q.speaker_end)
    named = [m for m in inside if m.label in ("PERSON", "ORG")]
    if len(named) != 1 or named[0].end > q.speaker_end - len(words[-1]):
        return None
    owner = _bare(named[0].text)
    return _Speaker(f"{owner} {words[-1].lower()}", "organisation", "organisation")


def _body_word(name: str) -> bool:
    """A one-word 'person' that is the head word of a body: 'Department', 'Ministry'."""
    word = name.strip().lower()
    return " " not in word and (word in _KIND_WORDS or word in _SUBUNITS)


def _person_evidence(q: Quote, people: list[Person]) -> str:
    mention = (q.speaker_mention or "").strip()
    key = word_key(mention)
    if key in ("he", "she", "they", "him", "her", "i", "we", "who"):
        return "pronoun"
    name_words = {word_key(w) for w in people[q.speaker_cluster or 0].name.split()}
    if any(word_key(w.rstrip("'’s")) in name_words for w in mention.split()):
        return "named"
    if parse_role_phrase(mention) is not None or word_key(mention.split()[0]) == "the":
        return "role"  # a title, or a description ("the Tea Party favorite")
    return "named"


def _resolve(
    doc: Doc,
    text: str,
    q: Quote,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
    last: tuple[int, _Speaker] | None,
) -> _Speaker | None:
    start = q.speaker_start
    assert start is not None
    end = q.speaker_end if q.speaker_end is not None else start + len(q.speaker_mention or "")
    phrase = text[start:end].strip()
    words = _WORD.findall(phrase)
    if not words:
        return None
    head = words[-1].lower().rstrip(".")
    low = phrase.lower()
    if low in ("it", "its", "they") or (head == "it" and len(words) == 1):
        # 'It added that ...', 'They said ...' continue an institution that just spoke.
        if last is not None and last[1].type != "person" and start - last[0] < 400:
            prev = last[1]
            return _Speaker(prev.name, prev.type, "pronoun", prev.cluster)
        return None
    inside = _overlapping(mentions, starts, start, end)
    if (
        _bare(phrase).lower() in _NEWS_AGENCY_NAMES
        and phrase[:1].isupper()
        and _person_named(phrase, people) is None
    ):
        # "according to Bloomberg" tagged PERSON: an agency's name is the agency unless the
        # article names a person so called
        return _Speaker(_bare(phrase), "news_agency", "organisation")
    if any(m.label == "PERSON" for m in inside):
        return None  # a person the people pass could not place: not an institution
    if head in DOCUMENT_NOUNS and words[-1][:1].islower():  # "the Post" is a name
        return _document_issuer(doc, text, q, head, start, end, inside, mentions, starts, people)
    if (
        len(words) == 2
        and head in _OFFICIALS
        and words[0][:1].islower()
        and (words[0] in _KIND_WORDS or words[0] in _COMPANY_HEADS)
    ):
        # "hospital officials said": the hospital the passage is about, as for "the hospital"
        kind = words[0]
        return _generic(text, f"the {kind}", kind, start, mentions, starts, people)
    if head in _PERSON_INSTITUTIONS and re.fullmatch(
        r"the\s+[A-Za-z-]+['’]s\s+" + head, phrase, re.IGNORECASE
    ):
        # "the Republican's campaign" after "Trump's campaign": the person is described,
        # not named, so the campaign is the one named last, as for "the campaign"
        return _generic(text, f"the {head}", head, start, mentions, starts, people)
    orgs = [m for m in inside if m.label in _ORGISH]
    if not orgs and words[-1][:1].isupper() and head in _KIND_WORDS:
        # "The bipartisan Committee for a Responsible Federal Budget estimated": the mention
        # cut at the head word of a name the model did not tag; the name goes on after it
        rest = _NAME_REST.match(text, end)
        if rest is not None:
            lead = [w for w in words[:-1] if w[:1].isupper() and w.lower() not in _DETS]
            return _named(" ".join([*lead, words[-1]]) + rest.group(0), "ORG", "organisation")
    if not orgs and head in ("officials", "authorities"):
        # the mention cut before its place: "Officials in New York's Rockland County said"
        after = _overlapping(mentions, starts, end, min(len(text), end + 120))
        for m in after:
            if m.label in ("ORG", "GPE") and _OFFICIALS_OF.fullmatch(text[start : m.start]):
                nxt = [o for o in after if o.start > m.start and o.label in ("ORG", "GPE")]
                if nxt and re.fullmatch(r"['’]s\s+", text[m.end : nxt[0].start]):
                    continue  # "New York's Rockland County": the county, named next
                return _named(_long_form(m, mentions, starts), m.label, "organisation")
    if len(orgs) >= 2 and re.search(r"\s(?:and|&)\s", text[orgs[0].end : orgs[-1].start]):
        return None  # "the White House and the CIA": two speakers at once
    if (
        orgs
        and orgs[0].label == "ORG"
        and re.match(
            r"\s+and\s+(?:\d[\d,]*|dozens|hundreds|several|many)\s+other\b", text[orgs[0].end : end]
        )
    ):
        # "the National Retail Federation and 150 other business groups": the one named
        # leads the letter
        return _named(_long_form(orgs[0], mentions, starts), "ORG", "organisation")
    if head in _SPOKES and not (words[0][:1].isupper() and words[0].lower() not in _DETS):
        return _spokesperson_for(phrase, orgs, people, mentions, starts)
    caucus = _caucus(text, orgs)
    if caucus is not None:
        return caucus
    if len(orgs) == 1 and orgs[0].label == "NORP" and _bare(phrase) == _bare(orgs[0].text):
        # "Republicans, in their brief, urged ..." after "Senate Republicans are urging":
        # the caucus the article named, when it named exactly one with that party
        party = _bare(orgs[0].text)
        named = {
            f"{m.group(1)} {party}"
            for m in re.finditer(
                r"\b(Senate|House|Assembly)\s+" + re.escape(party) + r"\b",
                text[max(0, start - 800) : start],  # the caucus of this passage
            )
        }
        if len(named) == 1 and party.endswith("s"):
            return _Speaker(named.pop(), "organisation", "organisation")
    if orgs:
        m = orgs[-1]
        covers_head = m.end >= end - len(words[-1])
        if covers_head and _OFFICIALS_OF.fullmatch(text[start : m.start]):
            # "Officials in Rockland County", "authorities of the port": unnamed people who
            # speak for the body or place named, as "Rockland County officials" would
            return _named(_long_form(m, mentions, starts), m.label, "organisation")
        if covers_head and m.label == "NORP" and (len(words) > 1 or head.endswith("s")):
            return None  # "the average American", "Americans": people, not a government
        if covers_head and words[0].lower() in ("a", "an"):
            return None  # "a super PAC": one of them, unnamed
        lead = _WORD.findall(text[start : max(start, m.start)])
        titled = any(w.lower() not in ("the", "a", "an") for w in lead)
        if covers_head and titled and parse_role_phrase(phrase) is not None:
            return None  # "the head of the alliance": a person, by title
        if covers_head and "of" in (w.lower() for w in lead):
            return None  # "some of the SEALs", "members of the union": people, unnamed
        if m.start < start and "," in text[m.start : start]:
            return None  # "Brindisi, Lamb": the model ran two names into one org
        if _shouted_name(m.text):
            return None  # "ABC's PIERRE THOMAS": a person's name in capitals, tagged ORG
        if covers_head or (head in _SUBUNITS and m.label == "ORG"):
            person = _person_named(m.text, people)
            if person is not None:  # "Trump" tagged ORG: the person the article names
                return _Speaker(people[person].name, "person", "named", person)
            if m.label == "ORG" and _a_person(text, m, start):
                # "said Natalia Salgado, national director": a person the model tagged ORG
                return _Speaker(_bare(m.text), "person", "named")
            long_form = _long_form(m, mentions, starts)
            if m.label == "ORG" and long_form != m.text and _personal_name(long_form):
                # "Jabeen said" after "poet Ruksana Jabeen", both tagged ORG: a person's
                # surname, as news writes it the second time
                return _Speaker(_bare(long_form), "person", "named")
            found = _named(long_form, m.label, "organisation")
            country = _country_of(text, m, orgs)
            if found is not None and country and found.type == "organisation":
                found.name = f"{found.name} ({country})"  # "Russia's Foreign Ministry"
            return found
        return None  # "U.S. officials", "Chinese state media": people or outlets unnamed
    key = _bare(phrase).lower()
    if key in SEATS:
        return _Speaker(_bare(phrase), "government", "organisation")
    if key in CAPITALS and phrase[:1].isupper():
        return _Speaker(CAPITALS[key], "government", "organisation")
    if parse_role_phrase(phrase) is not None:
        return None  # a title nobody in the article holds: unknown beats wrong
    found = _generic(text, phrase, head, start, mentions, starts, people)
    if found is None and head in _BODY_HEADS and last is not None and start - last[0] < 1000:
        found = _speakers_body(last[1], people, mentions)
    return found


# "the group" with no group named as such: the body whose head spoke just before.
_BODY_HEADS = frozenset({"group", "organization", "organisation"})


def _speakers_body(spk: _Speaker, people: list[Person], mentions: list[Mention]) -> _Speaker | None:
    """'NARAL Pro-Choice America president Ilyse Hogue called ... On Sunday the group
    tamped down its criticism': the one non-governmental body the last speaker leads."""
    if spk.type != "person" or spk.cluster is None or not 0 <= spk.cluster < len(people):
        return None
    orgs = {_bare(m.text) for m in mentions if m.label == "ORG"}
    bodies = {
        r.org
        for r in people[spk.cluster].roles
        if r.org
        and r.qualifier in (None, "new", "acting")
        and _bare(r.org) in orgs
        and not _PUBLIC_BODY.search(r.org)
        and not _is_news_outlet(r.org)
        and country_name(r.org) is None
    }
    if len(bodies) != 1:
        return None
    return _named(bodies.pop(), "ORG", "organisation")


# "a Twitter spokesperson", "A White House spokeswoman", "a spokesman for the ministry": an
# unnamed spokesperson speaks for the organisation (a named one is the person; an unnamed
# spokesperson of a *person* has said nothing we can give a name to).
_SPOKES = lexicon("spokesperson spokesman spokeswoman spokespeople spokesmen spokeswomen")
_DETS = frozenset({"a", "an", "the", "one", "another"})


def _spokesperson_for(
    phrase: str,
    orgs: list[Mention],
    people: list[Person],
    mentions: list[Mention],
    starts: list[int],
) -> _Speaker | None:
    if not orgs:
        # the model did not tag the name inside the phrase: the title parser's org, when
        # the article tags that same name as an organisation elsewhere
        role = parse_role_phrase(phrase)
        org = _bare(role.org) if role is not None and role.org else None
        orgs = [m for m in mentions if org and _bare(m.text) == org and m.label in _ORGISH]
        if not orgs:
            return None
    m = orgs[-1]
    if _person_named(m.text, people) is not None or m.label == "NORP":
        return None
    return _named(_long_form(m, mentions, starts), m.label, "organisation")


_ORG_WORDS = re.compile(
    r"\b(?:Inc|Corp|LLC|Ltd|Co|Group|News|Times|Post|Party|Fund|Center|Centre|Institute|"
    r"Foundation|Association|Council|Committee|Department|Ministry|University|College|Bank|"
    r"Network|Media|Press|Campaign|Project|Coalition|Alliance|Union|Society|League|Club|"
    r"Company|Agency|Office|Service|Services|Health|Capital|Partners|Holdings)\b"
)


def _personal_name(surface: str, given: bool = True) -> bool:
    """Two or three capitalised words starting with a common given name and holding no
    organisation word: "Natalia Salgado", not "Morgan Stanley Capital"."""
    words = _bare(surface).split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?\.?", w) for w in words)
        and (not given or is_given_name(words[0]))
        and not is_place(" ".join(words))
        and not _ORG_WORDS.search(" ".join(words))
    )


def _a_person(text: str, m: Mention, start: int) -> bool:
    """A name the model tagged ORG that the sentence shows to be a person's: a job in
    apposition ("Natalia Salgado, national director of ..."), an age ("Anushaa Vijay, 31,"),
    or a description before it ("Indian billionaire Anand Mahindra")."""
    if re.match(r",\s+\d{1,3},", text[m.end : m.end + 8]):
        return _personal_name(m.text, given=False)
    if not _personal_name(m.text):
        return False
    before = text[start : m.start]
    return _titled_after(text, m.end) or bool(re.search(r"\b[a-z]{3,}\s+$", before))


def _titled_after(text: str, end: int) -> bool:
    """An apposition that gives a person's job: "..., national director of ...",
    "..., a spokeswoman for ..." (not "..., the investment bank")."""
    m = re.match(r",\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*)", text[end : end + 60])
    if m is None:
        return False
    words = words_of(m.group(1))
    return any(match_title(words, i) is not None for i in range(len(words)))


def _person_named(surface: str, people: list[Person]) -> int | None:
    """The one person of the article whose name, alias or surname this is, if exactly one."""
    name = _bare(surface).lower()
    exact = [i for i, p in enumerate(people) if p.name.lower() == name]
    if len(exact) == 1:
        return exact[0]
    hits = set()
    for i, p in enumerate(people):
        full = p.name.lower()
        last = full.split()[-1] if full.split() else ""
        forms = {full, last, last.split("-")[-1]} | {_bare(a).lower() for a in p.aliases}
        if name in forms:
            hits.add(i)
    return next(iter(hits)) if len(hits) == 1 else None


# Head words of institutions a city name may follow inside the name.
_PLACED_HEADS = re.compile(r"\b(?:Hospital|Medical Center|Clinic|University|College)$")


def _long_form(m: Mention, mentions: list[Mention], starts: list[int]) -> str:
    """'the Post' after 'The Washington Post': the full name written earlier, if one is."""
    short = _bare(m.text)
    if m.label == "ORG" and _PLACED_HEADS.search(short):
        # "Texas Health Presbyterian Hospital Dallas": a city written right after an
        # institution's head word, with nothing between, is part of its name
        for g in _overlapping(mentions, starts, m.end + 1, m.end + 2):
            # one character between (two for ", "): a space
            if g.label == "GPE" and g.start == m.end + 1 and " " not in g.text:
                return f"{m.text} {g.text}"
    i = bisect_right(starts, m.start) - 1
    while i >= 0:
        other = mentions[i]
        i -= 1
        if other.label == m.label and other.end <= m.start:
            full = _bare(other.text)
            extra = full[: -len(short)].split()
            # "Washington Post" for "Post"; not "Association of the U.S. Army" for "Army",
            # "Trump's White House" or "Brindisi, Lamb"
            if full.endswith(" " + short) and all(re.fullmatch(r"[A-Z][\w.&-]*", w) for w in extra):
                return full
    return m.text


def _overlapping(mentions: list[Mention], starts: list[int], a: int, b: int) -> list[Mention]:
    i = max(0, bisect_right(starts, a) - 1)
    out: list[Mention] = []
    while i < len(mentions) and mentions[i].start < b:
        if mentions[i].end > a:
            out.append(mentions[i])
        i += 1
    return out


def _bare(name: str) -> str:
    """Display form: no leading 'the', no possessive, single spaces."""
    name = re.sub(r"\s*\([^)]*$", "", name.strip())  # "Women (NOW" cut by the model
    name = re.sub(r"(?:['’]s|['’])$", "", name.strip()).strip()
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    return " ".join(name.split())


def _caucus(text: str, orgs: list[Mention]) -> _Speaker | None:
    """'Senate Republicans', 'House Democrats': a party's members of a body speak as one."""
    if len(orgs) < 2 or orgs[-1].label != "NORP" or orgs[-2].label != "ORG":
        return None
    body, party = orgs[-2], orgs[-1]
    if not re.fullmatch(r"\s+", text[body.end : party.start]):
        return None
    if not _bare(party.text).endswith("s"):
        return None  # "one Senate Democrat": a member, unnamed
    return _Speaker(_bare(text[body.start : party.end]), "organisation", "organisation")


def _shouted_name(surface: str) -> bool:
    words = _bare(surface).split()
    return len(words) > 1 and all(w.isupper() and len(w) > 3 for w in words)


def _country_of(text: str, org: Mention, inside: list[Mention]) -> str | None:
    """The country written right before an organisation: "Russia's", "Chinese"."""
    for g in inside:
        if (
            g.label in ("GPE", "NORP")
            and g.end <= org.start
            and re.fullmatch(r"(?:['’]s)?\s+", text[g.end : org.start])
        ):
            written = _bare(g.text)
            return country_name(written) or (written if g.label == "GPE" else None)
    return None


def _named(surface: str, label: str, evidence: str) -> _Speaker | None:
    name = _bare(surface)
    if not name:
        return None
    key = name.lower()
    if label in ("GPE", "NORP"):
        if key in CAPITALS:
            return _Speaker(CAPITALS[key], "government", evidence)
        country = country_name(name)
        if label == "NORP" and country is None:
            return None  # "Democrats said": a party's members, not a named institution
        if country is None and " " not in name and not is_place(name):
            # one word tagged GPE that is no country, capital or US state is as likely a
            # surname ("Quimby told reporters") as a town hall: unknown beats wrong
            return None
        return _Speaker(country or name, "government", evidence)
    if key in SEATS:
        return _Speaker(name, "government", evidence)
    if key in CAPITALS and name[:1].isupper():  # "Washington said", tagged ORG
        return _Speaker(CAPITALS[key], "government", evidence)
    if _is_news_outlet(name):
        return _Speaker(name, "news_agency", evidence)
    return _Speaker(name, "organisation", evidence)


def _is_news_agency(name: str) -> bool:
    return name.lower() in _NEWS_AGENCY_NAMES or bool(_NEWS_AGENCY_RE.search(name))


def _is_broadcaster(name: str) -> bool:
    return name.lower() in _BROADCASTER_NAMES or bool(_BROADCASTER_RE.search(name))


def _is_newspaper(name: str) -> bool:
    """Print titles: 'Times', 'Post', 'Free Press'; a 'News' alone may be a broadcaster."""
    if _PUBLIC_BODY.search(name) or _is_broadcaster(name) or _is_news_agency(name):
        return False
    return bool(_NEWSPAPER_RE.search(name.replace(" News", "")))


def _is_news_outlet(name: str) -> bool:
    """Agencies, broadcasters and newspapers; not 'the Ministry of ... News'."""
    if _PUBLIC_BODY.search(name):
        return False
    return _is_news_agency(name) or _is_broadcaster(name) or bool(_NEWSPAPER_RE.search(name))


def _kind_test(phrase: str, head: str):  # type: ignore[no-untyped-def]
    """A predicate on a named organisation: is it of the kind this generic phrase names?"""
    low = phrase.lower()
    if head in _NEWS_HEADS and ("news" in low or "wire" in low or "press" in low):
        return _is_news_agency
    if head in _BROADCAST_HEADS:
        return _is_broadcaster
    if head in _PRESS_HEADS:
        return _is_news_outlet
    if head in _PRINT_HEADS:
        return _is_newspaper
    if head in _COMPANY_HEADS:
        if head == "bank":
            return lambda n: bool(re.search(r"\bBank\b", n))
        return lambda n: (
            not (_PUBLIC_BODY.search(n) or _is_news_outlet(n))
            and n.lower() not in CAPITALS
            and country_name(n) is None
        )
    words = _KIND_WORDS.get(head)
    if words is None:
        return None
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    return lambda n: bool(pattern.search(n))


def _generic(
    text: str,
    phrase: str,
    head: str,
    start: int,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person] | None = None,
) -> _Speaker | None:
    """'the agency' -> the last organisation of that kind named before it, if any."""
    if not re.match(r"(?:the|this|that)\s", phrase, re.IGNORECASE):
        return None  # "an agency", "officials": nobody in particular
    if head in _PERSON_INSTITUTIONS and len(phrase.split()) == 2:
        # "the administration" after "the Obama administration": the one named last
        named = [
            n
            for n in re.finditer(r"\b([A-Z][\w’'-]+) " + head + r"\b", text[:start])
            # "the Obama administration", not "the House campaign": named after a person,
            # not after a body (the model tags "Varga" ORG as often as not: no label test)
            if n.group(1).lower() not in _NOT_OWNERS
        ]
        if named:
            owner = _bare(named[-1].group(1))
            return _Speaker(f"{owner} {head}", "organisation", "organisation")
        if head == "administration" and people:
            # "The administration argues" in a story about "President Obama": his, when the
            # article names exactly one sitting president
            presidents = {
                p.name.split()[-1]
                for p in people
                if p.name.split()
                and any(
                    r.title == "President" and r.qualifier is None and not r.org for r in p.roles
                )
            }
            if len(presidents) == 1:
                return _Speaker(f"{presidents.pop()} {head}", "organisation", "organisation")
        return None
    test = _kind_test(phrase, head)
    if test is None:
        return None
    i = bisect_right(starts, start) - 1
    while i >= 0:
        m = mentions[i]
        i -= 1
        if m.end > start or m.label != "ORG":
            continue
        name = _bare(m.text)
        if name and test(name):
            # "the paper" after "The Wall Street Journal ... The Journal said": the full name
            found = _named(_long_form(m, mentions, starts), m.label, "organisation")
            near = _overlapping(mentions, starts, max(0, m.start - 40), m.end)
            country = _country_of(text, m, near)
            if found is not None and country and found.type == "organisation":
                found.name = f"{found.name} ({country})"  # "the ministry": Egypt's, named earlier
            return found
    return None


def _document_issuer(
    doc: Doc,
    text: str,
    q: Quote,
    head: str,
    start: int,
    end: int,
    inside: list[Mention],
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
) -> _Speaker | None:
    """'the statement said' -> who issued the statement, as the article says."""
    own = [m for m in inside if m.label in _ORGISH | {"PERSON"}]
    if own:  # "the State Department's statement said"
        return _issuer(own[0], people)
    written = _modifier_issuer(text, start, end, people)
    if written is not None:
        return written
    # "according to the latest publication of test results from the Department of Health"
    s_hi = _sentence_end(text, end)
    if q.start >= end:
        # "the letter says the committee will be briefed by the DHS": a "by" inside what the
        # document says names no issuer
        s_hi = min(s_hi, q.start)
    for m in _overlapping(mentions, starts, end, s_hi):
        if m.label in ("ORG", "GPE", "PERSON") and m.start >= end:
            if _ISSUED_BY.fullmatch(text[end : m.start]):
                return _issuer(m, people)
            break
    if not re.match(r"(?:the|this|that)\s", text[start:end], re.IGNORECASE):
        return None
    # Where the article introduced the document: the last earlier sentence naming it; when
    # that sentence only refers back to it again ("the letter added"), the one before.
    noun = re.compile(r"\b" + re.escape(head) + r"s?\b", re.IGNORECASE)
    intros = [m for m in noun.finditer(text, 0, start) if start - m.start() <= 1500]
    found: _Speaker | None = None
    for intro in reversed(intros[-3:]):
        found = _introduced_by(doc, text, intro, start, mentions, starts, people)
        if found is not None:
            break
        if not re.search(
            r"\b(?:the|this|that)\s+$",
            text[max(0, intro.start() - 6) : intro.start()],
            re.IGNORECASE,
        ):
            break  # "a letter": a document introduced here, whose issuer we could not find
    if found is None:
        return None
    # Several statements by different issuers in the passage ("the ministry said in a
    # statement ... Trump said in a statement"): which one "the statement" is, is unclear.
    # An issuer we cannot name counts too ("China's commerce ministry said in a statement").
    mark = re.sub(r"\s*\([^)]*\)$", "", found.name).split()[-1].lower()  # not "(Russia)"
    for other in noun.finditer(text, max(0, start - 3000), start):
        subj = _issuing_subject_token(doc, other.start())
        if subj is not None:
            said = text[subj.left_edge.idx : subj.right_edge.idx + len(subj.right_edge)]
            if subj.idx < start and mark not in said.lower():
                return None
            continue
        by = _introduced_by(doc, text, other, start, mentions, starts, people)
        if by is not None and by.name != found.name:
            return None
    return found


# Capitalised words right before a document noun that name who made it: "a new NPR/Marist
# poll", "A Gallup poll", "new National Bureau of Economic Research findings".
_CAP_WORD = r"[A-Z][\w&.'’/-]*"
_MODIFIER_RUN = re.compile(
    rf"(?<![\w'’]){_CAP_WORD}(?:\s+(?:of|for|and|on|{_CAP_WORD}))*\s+(?:[a-z][\w-]*\s+)?$"
)
_NOT_ISSUERS = lexicon(
    """a an the this that these those new latest recent its their his her our according
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)


def _modifier_issuer(text: str, start: int, end: int, people: list[Person]) -> _Speaker | None:
    """'a new NPR/Marist poll': the name written right before the document noun, when the
    parse tagged none there (the mention may even have been cut to 'Marist poll'). Not a
    date ("a July poll"), a party or a country's adjective ("a Republican memo"), which
    name no issuer; a person's name is the person, if the article names them."""
    head = _WORD.findall(text[start:end])[-1]
    if head.lower().rstrip("s") == "transcript":
        return None  # "according to the Nexis transcript": who spoke, not who transcribed
    head_at = end - len(head)
    lo = max(text.rfind("\n", 0, start) + 1, start - 120)
    run = _MODIFIER_RUN.search(text, lo, head_at)
    if run is None:
        return None
    # a run never crosses a sentence end ("... on Monday. The statement"), which "U.S." is not
    words = re.split(r"(?<=[a-z0-9])[.!?]['’\"”]?\s+(?=[A-Z])", run.group(0))[-1].split()
    if not words:
        return None
    if words[-1][:1].islower():
        words = words[:-1]  # "a Gallup national poll"
    if words and re.search(r"['’]s?$", words[-1]):
        return None  # "Friday's letter", "Smith's memo": the possessive rules' business
    while words and words[0].lower() in _NOT_ISSUERS:
        words = words[1:]
    while words and words[-1].lower() in _NAME_LINKS:
        words = words[:-1]
    if not words or any(w.lower().strip(".,") in _NOT_ISSUERS for w in words):
        return None
    name = _bare(" ".join(words))
    if country_name(name) is not None or demonym_of(name) is not None or _is_party(name):
        return None
    person = _person_named(name, people)
    if person is not None:
        return _Speaker(people[person].name, "person", "document", person)
    if len(words) == 1 and _personal_name(name):
        return None  # "a Harlan memo": a person the people pass did not find
    return _named(name, "ORG", "document")


def _is_party(name: str) -> bool:
    return org_key(name).endswith(" party") or org_key(name) == "liberal democrats"


def _introduced_by(
    doc: Doc,
    text: str,
    intro: re.Match[str],
    start: int,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
) -> _Speaker | None:
    """The issuer of a document, from the sentence that names it at ``intro``."""
    s_lo = max(text.rfind(". ", 0, intro.start()), text.rfind("\n", 0, intro.start())) + 1
    s_hi = _sentence_end(text, intro.end())
    cands = [
        m
        for m in _overlapping(mentions, starts, s_lo, s_hi)
        if m.label in ("ORG", "GPE", "PERSON") and m.end <= start
    ]
    # "a statement from/by/of X"
    after = [m for m in cands if m.start >= intro.end()]
    for m in after:
        gap = text[intro.end() : m.start]
        if re.fullmatch(
            r"\s+(?:issued\s+|released\s+|sent\s+|signed\s+)?(?:from|by|of)\s+(?:the\s+)?", gap
        ):
            if gap.rstrip().endswith("of") and (
                m.label == "GPE" or re.match(r"\s+[a-z]", text[m.end : m.end + 3])
            ):
                break  # "a survey of Ohio voters": whom it asked, not who made it
            return _issuer(m, people)
    # "a Quinnipiac University survey": the organisation written right before the noun
    for m in cands:
        if m.label == "ORG" and m.end <= intro.start() and not text[m.end : intro.start()].strip():
            return _issuer(m, people)
    subject = _issuing_subject(doc, text, intro.start(), start, mentions, starts, people)
    if subject is not None:
        return subject
    before = [m for m in cands if m.end <= intro.start()]
    # "X's statement", "X's new advisory"
    for m in reversed(before):
        gap = text[m.end : intro.start()]
        if re.fullmatch(r"(?:['’]s?)\s+(?:[\w-]+\s+){0,2}", gap):
            return _issuer(m, people)
    # "X issued a statement", "X sent a letter": the subject before an issuing verb.
    if before:
        m = before[0]
        if _ISSUE_VERBS.search(text[m.end : intro.start()]) and not any(
            o.label in ("ORG", "GPE", "PERSON") for o in before[1:]
        ):
            return _issuer(m, people)
    return None


def _issuing_subject(
    doc: Doc,
    text: str,
    at: int,
    limit: int,
    mentions: list[Mention],
    starts: list[int],
    people: list[Person],
) -> _Speaker | None:
    """'X called the plan "a disaster" in a statement', 'X issued a statement', 'the
    committee said in the letter': the subject of the verb the document was issued with."""
    subj = _issuing_subject_token(doc, at)
    if subj is None:
        return None
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    if hi > limit:
        return None
    named = [m for m in _overlapping(mentions, starts, lo, hi) if m.label in _ISSUERS]
    if named:
        # the name at the subject's head: "Lena Ostrava of the Clean Rivers Alliance"
        heads = [m for m in named if m.start <= subj.idx < m.end]
        if not heads:
            return None  # "Norway's trade ministry", "Trump's campaign": not the name's own
        found = _issuer(heads[0], people)
        country = _country_of(text, heads[0], _overlapping(mentions, starts, lo, hi))
        if found is not None and country and found.type == "organisation":
            found.name = f"{found.name} ({country})"  # "Russia's Foreign Ministry"
        return found
    if subj.pos_ != "NOUN" or subj.lower_ not in _KIND_WORDS:
        return None  # "he", "officials": the people pass's business, or nobody named
    found = _generic(text, text[lo:hi], subj.lower_, lo, mentions, starts, people)
    if found is not None:
        found.evidence = "document"
    return found


def _issuing_subject_token(doc: Doc, at: int) -> Token | None:
    """The subject of the verb a document noun at ``at`` hangs on: 'X said in a statement',
    'X issued a statement'."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "through", "via"):
        verb = tok.head.head
    elif tok.dep_ == "dobj":
        verb = tok.head
    else:
        return None
    if verb.dep_ in ("oprd", "acomp", "ccomp") and verb.pos_ == "ADJ":
        verb = verb.head  # 'X called it "disappointing" in a statement'
    while verb.dep_ in ("conj", "xcomp") and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "X called it a disaster and, in a statement, urged ..."
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return subjects[0] if len(subjects) == 1 else None


_ISSUERS = frozenset({"ORG", "GPE", "PERSON"})


# Between a document and its issuer: "from", "by", "issued by", after a few words.
_ISSUED_BY = re.compile(
    r"(?:\s+[\w'’-]+){0,8}?,?\s+(?:(?:issued|released|published|sent|signed|filed)\s+)?"
    r"(?:from|by)\s+(?:the\s+)?"
)


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return min(ends) if ends else len(text)


def _issuer(m: Mention, people: list[Person]) -> _Speaker | None:
    if m.label == "PERSON":
        if m.cluster is None or not 0 <= m.cluster < len(people):
            return None
        return _Speaker(people[m.cluster].name, "person", "document", m.cluster)
    found = _named(m.text, m.label, "document")
    return found
