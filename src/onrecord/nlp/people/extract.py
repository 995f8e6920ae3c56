"""Named-entity mentions and the people of one document, with the titles they hold.

``extract_people`` takes spaCy's entities, repairs the small model's cheap-to-fix errors
(a known person's surname tagged GPE, titles swallowed into names, possessives, the
"State" of "Secretary of State" tagged ORG), clusters person mentions (full name, surname,
"Mr X", spelling variants) and attaches the roles written next to them. ``resolve_speakers``
(in coref.py, re-exported here) then names each quote's speaker.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from onrecord.models import Mention, Person, Role
from onrecord.nlp.people.coref import resolve_speakers
from onrecord.nlp.people.names import (
    first_key,
    generation,
    given_name_certain,
    given_name_gender,
    is_given_name,
    is_initial,
    is_place,
    name_parts,
    not_person_label,
    similar_keys,
    split_name,
    surname_key,
    variant_key,
)
from onrecord.nlp.people.roles import (
    HONORIFICS,
    QUALIFIERS,
    TitleMatch,
    country_name,
    match_title,
    normalize_org,
    org_key,
    word_key,
)
from onrecord.nlp.quotes.cues import doc_text
from onrecord.nlp.time.datelines import find_datelines

__all__ = ["extract_people", "resolve_speakers"]

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
_ORGISH = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
_POSSESSIVE_TOKENS = frozenset({"'s", "\u2019s", "'", "\u2019"})
_DASHES = frozenset({"-", "\u2013", "\u2014"})
_APPOS_END = frozenset({",", ")", ".", ";", ":", "\u2014", "\u2013", "-"})
_MAX_TITLE_REACH = 10  # words between a title's start and the name it qualifies


@dataclass
class _Ent:
    start: int  # token offsets
    end: int
    label: str


@dataclass
class _Cluster:
    first: str | None  # variant key of the first name
    surname: str  # variant key of the surname
    ents: list[_Ent] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


class _Words:
    """The doc as the title lexicon sees it: lower-cased words, hyphen tokens dropped."""

    def __init__(self, doc: Doc) -> None:
        self.tok: list[int] = []  # word index -> token index
        self.word_of: dict[int, int] = {}  # token index -> word index
        self.words: list[str] = []
        self.cased: list[str] = []  # as written, to tell "under" the preposition from a title
        for t in doc:
            if t.text in _DASHES:
                continue
            self.word_of[t.i] = len(self.words)
            self.tok.append(t.i)
            self.words.append(word_key(t.text))
            self.cased.append(t.text)

    def title_at(self, tok_i: int) -> TitleMatch | None:
        w = self.word_of.get(tok_i)
        return None if w is None else match_title(self.words, w, self.cased)

    def end_token(self, match: TitleMatch) -> int:
        """Token index just past a title match."""
        return self.tok[match.end - 1] + 1


def extract_people(doc: Doc) -> tuple[list[Mention], list[Person]]:
    """NER mentions (repaired) and in-document person clusters with their roles."""
    words = _Words(doc)
    ents = _clean_entities(doc, words)
    _extend_cut_names(doc, words, ents)
    places = _dateline_tokens(doc)
    ents = _relabel_surnames(doc, ents, places)
    ents = _untagged_surnames(doc, ents, places)
    clusters = _cluster_people(doc, words, [e for e in ents if e.label == "PERSON"])
    clusters.sort(key=lambda c: min(e.start for e in c.ents))
    index = {id(e): i for i, c in enumerate(clusters) for e in c.ents}

    people: list[Person] = []
    for c in clusters:
        name = _fullest(c.names)
        aliases: list[str] = []
        for e in c.ents:
            text = doc[e.start : e.end].text
            if text not in aliases:
                aliases.append(text)
        roles: list[Role] = []
        for e in c.ents:
            for role in _roles_for(doc, words, e, ents):
                if not any(
                    (r.title, r.org, r.start) == (role.title, role.org, role.start) for r in roles
                ):
                    roles.append(role)
        mentions = [(doc[e.start].idx, _end_char(doc, e)) for e in c.ents]
        people.append(Person(name=name, aliases=aliases, roles=roles, mentions=mentions))
    _fill_orgs(people)

    out = [
        Mention(
            start=doc[e.start].idx,
            end=_end_char(doc, e),
            text=doc[e.start : e.end].text,
            label=e.label,
            cluster=index.get(id(e)),
        )
        for e in sorted(ents, key=lambda e: (e.start, e.end))
    ]
    return out, people


def _fullest(names: list[str]) -> str:
    """The name a person goes by here: the most used full name (a garbled entity span like
    "Jeff Sessions Jefferson" rarely repeats), then the longest, then the first seen."""
    counts = Counter(names)
    return min(
        names,
        key=lambda n: (
            split_name(name_parts(n))[0] is None,  # "Trump Jr." is no full name
            -counts[n],
            -min(len(n.split()), 4),
            names.index(n),
        ),
    )


def _end_char(doc: Doc, e: _Ent) -> int:
    last = doc[e.end - 1]
    return last.idx + len(last.text)


# ---- repairing the entity layer ----


def _dateline_tokens(doc: Doc) -> set[int]:
    """Tokens of a dateline's city ("LINDHOLM, Oct. 3, 2024 —"): a place, never a person."""
    tokens: set[int] = set()
    for line in find_datelines(doc.text):
        span = doc.char_span(line.city_start, line.city_end, alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    return tokens


_BODY_HEADS = frozenset(
    {"Caucus", "Committee", "Council", "Party", "Commission", "Association", "Coalition"}
)
_OWNED = frozenset(
    {"White House", "Administration", "Campaign", "Foundation", "Organization", "Institute"}
)
_CREDIT_WORDS = frozenset({"/", "Images", "Getty", "AFP", "Photo", "Photos", "Pool"})


def _link_bio_tokens(doc: Doc) -> set[int]:
    """The Hill's inline biography links, flattened into the text: "Brad Parscale Bradley
    (Brad) James ParscaleMORE", "President Trump Donald John TrumpFauci says ... MORE".
    After the name as the article writes it comes the full legal name, glued to "MORE" or
    to the first of a few related headlines that end at "MORE". Those tokens are no part of
    anyone's name ("Brad Parscale Bradley", "Trump Donald", "Giuliani Trump" were people)."""
    out: set[int] = set()
    if "MORE" not in doc_text(doc):
        return out  # every such run of links ends in "MORE": most articles have none
    for tok in doc:
        if not tok.text[:1].isupper() or tok.text.isupper():
            continue
        # "ParscaleMORE", "TrumpGOP", "Ocasio-CortezMcCarthy": a name glued to what follows
        cuts = [i for i in range(2, len(tok.text)) if tok.text[i].isupper()]
        cuts = [i for i in cuts if tok.text[i - 1].islower()]
        if not cuts:
            continue
        stems = {tok.text[:i] for i in cuts}
        for k in range(tok.i - 1, max(-1, tok.i - 9), -1):
            if doc[k].text in stems:
                between = doc[k + 1 : tok.i]
                if len(between) and all(
                    t.text[:1].isupper() or t.text in "()-" or t.text.endswith(".") for t in between
                ):
                    # the related headlines glued after it run to a "MORE" link
                    end = tok.i + 1
                    if not tok.text.endswith("MORE"):
                        more = [t.i for t in doc[tok.i + 1 : tok.i + 80] if t.text == "MORE"]
                        end = more[0] + 1 if more else end
                    out.update(range(k + 1, end))
                break
    return out


def _clean_entities(doc: Doc, words: _Words) -> list[_Ent]:
    title_cover = _title_tokens(doc, words)
    places = _dateline_tokens(doc)
    bio = _link_bio_tokens(doc)
    out: list[_Ent] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        start, end, label = ent.start, ent.end, ent.label_
        if bio and any(i in bio for i in range(start, end)):
            if start in bio:
                continue
            end = min(i for i in range(start, end) if i in bio)
        if any(i in places for i in range(start, end)):
            # the dateline city, however the model tagged it (often PERSON when all-caps)
            span = [i for i in range(start, end) if i in places]
            out.append(_Ent(span[0], span[-1] + 1, "GPE"))
            taken.update(span)
            continue
        # Possessive and trailing punctuation are not part of the name: "Rutte's".
        while end > start and (doc[end - 1].text in _POSSESSIVE_TOKENS or doc[end - 1].is_punct):
            if _abbrev_dot(doc, start, end - 1):
                break  # "Sr." (the tokenizer splits its dot off): the name is "Kestrel Sr."
            end -= 1
        if label == "PERSON":
            start = _double_barrel_start(doc, start)
            # "Saul Loeb/AFP/Getty Images Trump": a photo credit run into the next name
            credit = [i for i in range(start, end) if doc[i].text in _CREDIT_WORDS]
            if credit:
                start = credit[-1] + 1
            # "the Obama White House", "Trump Administration": a name owning an institution
            for i in range(start + 1, end):
                if doc[i : i + 2].text in _OWNED or doc[i].text in _OWNED:
                    end = i
                    break
            # "Mr", "President", "Secretary General" inside the entity: the role scan finds
            # them again just left of the name.
            while start < end:
                if word_key(doc[start].text) in HONORIFICS:
                    start += 1
                    continue
                match = words.title_at(start)
                if match is None or words.end_token(match) >= end:
                    break
                start = words.end_token(match)
            while start < end and (
                doc[start].is_punct
                or doc[start].lower_ == "the"
                # "Echoing Cruz' criticism": a sentence-initial verb run into the name
                or (doc[start].tag_ in ("VBG", "VBN", "VBD") and doc[start].is_sent_start)
            ):
                start += 1
            if start >= end or all(title_cover.get(i) for i in range(start, end)):
                continue
            instead = not_person_label(doc[start:end].text)
            if instead == "":
                continue  # "Command Sgt": a rank with no name after it
            if instead is not None:
                label = instead  # "Twitter", "Friends": a platform or a show, never a speaker
            elif any(ch.isdigit() for ch in doc[start:end].text):
                continue  # "COVID-19": no one's name has digits
            elif doc[end - 1].text in _BODY_HEADS:
                label = "ORG"  # "Freedom Caucus", "Judiciary Committee"
        elif all(title_cover.get(i) for i in range(start, end)):
            continue  # "State" in "Secretary of State", "Foreign Affairs" in a minister's title
        elif label in _ORGISH and start > 0 and _is_honorific(doc[start - 1].text):
            label = "PERSON"  # "Mr Brandt" tagged ORG
        elif label in _ORGISH and (after_title := _name_after_title(doc, words, start, end)):
            start, label = after_title, "PERSON"  # "spokeswoman Jane Doe" tagged ORG
        elif label in _ORGISH and (inner := _name_after_inner_title(doc, words, start, end)):
            start, label = inner, "PERSON"  # "Navy Admiral Jane Doe" tagged ORG as a whole
        elif label in ("ORG", "GPE") and _title_before(doc, words, start, end):
            label = "PERSON"  # "Defence Minister Jane Doe" with only the name tagged ORG
        if start >= end:
            continue
        out.append(_Ent(start, end, label))
        taken.update(range(start, end))
    out.extend(_titled_names(doc, words, taken))
    return sorted(out, key=lambda e: (e.start, e.end))


# Capitalised prefixes a hyphen joins to a name without making it part of the name
_NAME_PREFIXES = frozenset({"anti", "pro", "ex", "non", "post", "pre", "mid", "neo", "self"})


def _double_barrel_start(doc: Doc, start: int) -> int:
    """'Appling-Nunez said', with only "Nunez" tagged: the capitalised word hyphenated onto
    the front of a person entity, in no entity itself, is the first half of a double-barrelled
    surname; left out, the surname alone becomes a second person beside the full name."""
    if start < 2 or doc[start - 1].text != "-":
        return start
    first = doc[start - 2]
    if (
        first.whitespace_
        or doc[start - 1].whitespace_
        or not first.is_alpha
        or not first.text[:1].isupper()
        or first.text.isupper()
        or first.ent_type_
        or first.lower_ in _NAME_PREFIXES
        or is_place(first.text)
    ):
        return start
    return start - 2


def _abbrev_dot(doc: Doc, start: int, i: int) -> bool:
    """Is token ``i`` the dot of a generational suffix written right before it ("Sr", ".")?"""
    return (
        doc[i].text == "."
        and i - 1 > start
        and not doc[i - 1].whitespace_
        and generation(doc[i - 1].text)
    )


# Titles that, written before a capitalised name, make it a person even inside an ORG
# entity; "General", "Chief" or "Director" also begin organisation names.
_PERSON_TITLES = frozenset(
    {"President", "Vice President", "Prime Minister", "Chancellor", "Senator", "Governor"}
    | {"Mayor", "Secretary of State", "Secretary General", "Spokesperson", "Ambassador", "CEO"}
)


def _name_after_title(doc: Doc, words: _Words, start: int, end: int) -> int | None:
    """Start of the name in an ORG/GPE entity that begins with a person's title."""
    match = words.title_at(start)
    if match is None:
        return None
    name = words.end_token(match)
    written = doc[start:name].text
    if not (written.islower() or match.title in _PERSON_TITLES or match.title.endswith("Minister")):
        return None
    if not 1 <= end - name <= 3:
        return None
    if all(doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() for i in range(name, end)):
        return name
    return None


def _name_after_inner_title(doc: Doc, words: _Words, start: int, end: int) -> int | None:
    """Start of the name in an ORG/GPE entity that runs an organisation, a capitalised
    title and a person's name together ("IDF General Jane Doe"): the name is the last two or
    three proper nouns, after the title, beginning with a known given name."""
    for i in range(start + 1, end - 1):
        match = words.title_at(i)
        if match is None or not doc[i].text[:1].isupper():
            continue
        name = words.end_token(match)
        if (
            2 <= end - name <= 3
            and is_given_name(doc[name].text)
            and all(
                doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].is_alpha
                for j in range(name, end)
            )
        ):
            return name
    return None


def _title_before(doc: Doc, words: _Words, start: int, end: int) -> bool:
    """A capitalised person's title ends right where this short, all-name entity begins."""
    if not 1 <= end - start <= 3 or not all(
        doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() for i in range(start, end)
    ):
        return False
    for i in range(max(0, start - 4), start):
        match = words.title_at(i)
        if match is None or words.end_token(match) != start:
            continue
        written = doc[i:start]
        if (match.title in _PERSON_TITLES or match.title.endswith("Minister")) and all(
            t.text[:1].isupper() for t in written if t.is_alpha
        ):
            return True
    return False


def _is_honorific(text: str) -> bool:
    return text[:1].isupper() and word_key(text) in HONORIFICS and text not in ("Lord", "Lady")


def _title_tokens(doc: Doc, words: _Words) -> dict[int, bool]:
    """Tokens that sit inside a title ("secretary of state"); True means covered."""
    cover: dict[int, bool] = {}
    for w in range(len(words.words)):
        match = match_title(words.words, w, words.cased)
        if match is None or match.end - match.start < 2:
            continue  # one-word titles ("General", "Chair") are too often part of names
        for wi in range(match.start, match.end):
            cover[words.tok[wi]] = True
    return cover


def _titled_names(doc: Doc, words: _Words, taken: set[int]) -> list[_Ent]:
    """Names the model missed right after a capitalised title or an honorific: 'Mr Sato'."""
    out: list[_Ent] = []
    for t in doc:
        if t.i in taken or not t.text[:1].isupper():
            continue
        if _is_honorific(t.text):
            end_tok = t.i + 1
        else:
            match = words.title_at(t.i)
            if match is None:
                continue
            end_tok = words.end_token(match)
            if not all(doc[i].text[:1].isupper() for i in range(t.i, end_tok)):
                continue
        j = end_tok
        while (
            j < len(doc)
            and j - end_tok < 3
            and j not in taken
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and doc[j].text.isalpha()
            and words.title_at(j) is None
        ):
            j += 1
        if j > end_tok and not (doc[end_tok].ent_type_ and doc[end_tok].ent_type_ != "PERSON"):
            out.append(_Ent(end_tok, j, "PERSON"))
            taken.update(range(end_tok, j))
    return out


def _extend_cut_names(doc: Doc, words: _Words, ents: list[_Ent]) -> None:
    """'Commissioner Monte Alejandro Rubido said ... Rubido said', with the entity cut
    before "Rubido": a capitalised word right after a person's name, in no entity itself,
    that the article also writes on its own is the rest of the name (the model cuts long
    Spanish and Portuguese names short)."""
    inside = {i for e in ents for i in range(e.start, e.end)}
    # a one-word ORG/GPE right after the name is the model's guess for an unknown surname
    lone = {e.start: e for e in ents if e.end - e.start == 1 and e.label in _ORGISH}
    dropped: list[_Ent] = []
    for e in ents:
        j = e.end
        if e.label != "PERSON" or j >= len(doc) or (j in inside and j not in lone):
            continue
        tok = doc[j]
        if (
            tok.pos_ != "PROPN"
            or not tok.is_alpha
            or not tok.text[:1].isupper()
            or tok.text.isupper()
            or tok.is_sent_start
            or is_place(tok.text)
            or words.title_at(j) is not None
            or (j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN")
        ):
            continue
        if any(t.text == tok.text and t.i != j for t in doc):
            e.end = j + 1
            inside.add(j)
            if j in lone:
                dropped.append(lone[j])
    for d in dropped:
        ents.remove(d)


def _relabel_surnames(doc: Doc, ents: list[_Ent], places: set[int]) -> list[_Ent]:
    """A known person's name tagged GPE/ORG elsewhere in the doc is that person again.

    Only when the name is more often a person than not here: "Washington" stays a place in
    a story that mentions George Washington once.
    """
    _relabel_places(doc, ents)
    person_votes: Counter[str] = Counter()
    other_votes: Counter[str] = Counter()
    first_full: dict[str, int] = {}  # surname -> token where its full name is first written
    for e in ents:
        parts = name_parts(doc[e.start : e.end].text)
        if e.label == "PERSON":
            if len(parts) >= 2:
                person_votes[surname_key(split_name(parts)[1])] += 1
                first_full.setdefault(surname_key(split_name(parts)[1]), e.start)
            person_votes[variant_key(" ".join(parts))] += 1
        elif e.label in _ORGISH:
            other_votes[variant_key(" ".join(parts))] += 1
    for e in ents:
        if e.label in _ORGISH and e.start not in places:
            text = doc[e.start : e.end].text
            if e.label == "NORP" and (country_name(text) or not text[:1].isupper()):
                continue  # "Americans", "Russian": nationalities, not "Sessions"
            key = variant_key(" ".join(name_parts(text)))
            if person_votes[key] > other_votes[key] or _surname_after_full_name(
                doc, e, key, first_full
            ):
                e.label = "PERSON"
    return ents


def _untagged_surnames(doc: Doc, ents: list[_Ent], places: set[int]) -> list[_Ent]:
    """'Petraeus discussed ...' with no entity on "Petraeus": after "David Petraeus" the
    surname alone, a capitalised proper noun outside any entity, is that person again (the
    next "he" is about him). Known places and words written in capitals are left alone."""
    first_full: dict[str, int] = {}
    for e in ents:
        parts = name_parts(doc[e.start : e.end].text)
        if e.label == "PERSON" and len(parts) >= 2:
            first_full.setdefault(doc[e.end - 1].text, e.end)
    if not first_full:
        return ents
    inside = {i for e in ents for i in range(e.start, e.end)}
    added = [
        # "Appling-Nunez" after "Marsha Appling-Nunez": both halves, not the last alone
        _Ent(_double_barrel_start(doc, t.i), t.i + 1, "PERSON")
        for t in doc
        if t.text in first_full
        and first_full[t.text] <= t.i
        and t.i not in inside
        and t.i not in places
        # "Sessions" is often tagged a plural noun: capitalised inside a sentence will do
        and (t.pos_ == "PROPN" or (t.pos_ == "NOUN" and not t.is_sent_start))
        and not t.text.isupper()
        and not is_place(t.text)
        and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN")
    ]
    return sorted(ents + added, key=lambda e: (e.start, e.end)) if added else ents


def _surname_after_full_name(doc: Doc, e: _Ent, key: str, first_full: dict[str, int]) -> bool:
    """'Ray Odierno ... Odierno said', the surname tagged ORG every time after: the small
    model often tags a rare surname ORG or GPE more often than PERSON, which outvotes the
    full name. One capitalised word, written after the full name, that is no known place
    ("Washington", "Jordan" stay as tagged): the person again."""
    if e.end - e.start != 1 or e.label not in ("ORG", "GPE", "NORP"):
        return False
    word = doc[e.start].text.rstrip("'’s")
    if not word[:1].isupper() or word.isupper() or is_place(word):
        return False
    return key in first_full and first_full[key] < e.start


_LOCATIVE = frozenset({"in", "at"})


def _relabel_places(doc: Doc, ents: list[_Ent]) -> None:
    """A lone capitalised word tagged PERSON that is only ever 'in X'/'at X' here, and is
    nobody's surname, is a place: "ministers met in Oldport" (the small model often calls an
    unfamiliar town a person)."""
    surnames: set[str] = set()
    for e in ents:
        parts = name_parts(doc[e.start : e.end].text)
        if e.label == "PERSON" and len(parts) >= 2:
            surnames.add(surname_key(split_name(parts)[1]))
    for e in ents:
        tok = doc[e.start]
        if (
            e.label == "PERSON"
            and e.end - e.start == 1
            and (
                (tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE)
                # "assist Kyiv": a country, capital or US state that is no given name
                or (is_place(tok.text) and not is_given_name(tok.text))
            )
            and surname_key(tok.text) not in surnames
        ):
            e.label = "GPE"


# ---- clustering person mentions ----


def _cluster_people(doc: Doc, words: _Words, persons: list[_Ent]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    partial: list[tuple[_Ent, list[str]]] = []
    # Surnames written with a particle here ("Bill de Blasio"): "De Blasio" at the start of
    # a sentence or after "Mr" is that surname, not a given name "De".
    particled = set()
    for e in persons:
        _, surname = split_name(name_parts(doc[e.start : e.end].text))
        if " " in surname:
            particled.add(variant_key(surname))
    for e in persons:
        parts = name_parts(doc[e.start : e.end].text)
        if not parts:
            continue
        first, surname = split_name(parts)
        if first is not None and variant_key(" ".join(parts)) in particled:
            first, parts = None, [" ".join(parts)]
        if first is None or is_initial(first):
            partial.append((e, parts))
            continue
        fk, sk = first_key(first), surname_key(surname)
        home = next((c for c in clusters if c.first == fk and similar_keys(c.surname, sk)), None)
        if home is None:
            home = _longer_name(clusters, parts)
        if home is None:
            home = _Cluster(fk, sk)
            clusters.append(home)
        home.ents.append(e)
        home.names.append(" ".join(parts))
    full = list(clusters)
    # Clusters a bare surname written before them is shown not to be (by a title, an
    # honorific or a pronoun): then no bare surname written before them is theirs.
    # Decided per surname only when one full name carries it; in a family's story ("his
    # son, Dzhokhar Tsarnaev", "his father, Anzor Tsarnaev") each bare surname on its own.
    other: set[tuple[str, int]] = set()
    for e, parts in partial:
        first, surname = split_name(parts)
        sk = surname_key(surname)
        namesakes = [ci for ci, c in enumerate(full) if similar_keys(c.surname, sk)]
        if first is None and len(namesakes) == 1:
            c = full[namesakes[0]]
            if _titled_before_full(doc, words, e, c, relatives=True):
                other.add((sk, namesakes[0]))
    principal = _principals(full, partial)
    known: dict[str, _Cluster] = {}  # surname -> a figure known by it before a namesake came
    for e, parts in partial:
        first, surname = split_name(parts)
        sk = surname_key(surname)
        initial = variant_key(first)[:1] if first else None
        by_surname = [
            c
            for ci, c in enumerate(full)
            if c.first is not None
            and similar_keys(c.surname, sk)
            and (initial is None or c.first.startswith(initial))
            and not (first is None and (sk, ci) in other and e.start < _first_full_start(c))
            and not _titled_before_full(doc, words, e, c)
        ]
        if first is None and sk in known and not _honorific_fits(doc, e, by_surname):
            # "President Trump ... Trump said ... first lady Melania Trump ... Trump
            # revealed": the writer set the bare surname for the figure named first, and
            # keeps it for him; the namesake introduced later is not "Trump" alone.
            by_surname = [known[sk]]
        if len(by_surname) > 1:
            by_surname = _just_named(doc, e, by_surname)
        lead = principal.get(by_surname[0].surname) if by_surname else None
        if (
            first is None
            and len(by_surname) > 1
            and lead in by_surname
            and _honorific_gender_ok(doc, e, lead)
        ):
            # "President Jon Hale ... Hale said ... his wife, Mira Hale": the bare surname
            # stays with whom the writer gave it to before the namesake came in
            by_surname = [lead]
        if len(by_surname) == 1:
            home = by_surname[0]
        elif not by_surname and first is None:
            # A lone first name ("Mark") may be the only person with that first name here.
            by_first = [c for c in full if c.first == first_key(surname)]
            home = by_first[0] if len(by_first) == 1 else _solo(clusters, sk)
        else:
            # Two full names share this surname: the surname alone says nothing about which.
            home = _solo(clusters, sk, ambiguous=len(by_surname) > 1)
        if (
            first is None
            and not by_surname
            and home.first is None
            and any(similar_keys(c.surname, sk) and c.first is not None for c in full)
        ):
            known.setdefault(sk, home)  # a namesake is named in full only later
        home.ents.append(e)
        home.names.append(" ".join(parts))
    return clusters


def _principals(full: list[_Cluster], partial: list[tuple[_Ent, list[str]]]) -> dict[str, _Cluster]:
    """Per surname that two full names share: the one named first, when the article wrote
    the bare surname for it before naming the other in full. Readers then take the bare
    surname as that person's, and writers keep it so, calling the namesake by a first name."""
    out: dict[str, _Cluster] = {}
    for c in full:
        namesakes = sorted(
            (d for d in full if d.first is not None and similar_keys(d.surname, c.surname)),
            key=_first_full_start,
        )
        if len(namesakes) < 2 or namesakes[0] is not c:
            continue
        lo, hi = _first_full_start(c), _first_full_start(namesakes[1])
        if any(
            len(parts) == 1 and similar_keys(surname_key(parts[0]), c.surname) and lo < e.start < hi
            for e, parts in partial
        ):
            for d in namesakes:
                out[d.surname] = c
    return out


def _honorific_gender_ok(doc: Doc, e: _Ent, c: _Cluster) -> bool:
    """'Mrs. Hale' is not the Jon Hale the bare surname was kept for."""
    want = _HONORIFIC_GENDER.get(word_key(doc[e.start - 1].text)) if e.start else None
    full = next((x for x in c.ents if x.end - x.start >= 2), None)
    if want is None or full is None:
        return True
    return given_name_gender(doc[full.start].text) in (None, want)


def _longer_name(clusters: list[_Cluster], parts: list[str]) -> _Cluster | None:
    """'Osorio Chong' after 'Miguel Ángel Osorio Chong': a name that is the last words of
    one longer name written before it is that person under a double surname."""
    keys = [variant_key(p) for p in parts]
    hits = [
        c
        for c in clusters
        if any(
            len(n.split()) > len(parts)
            and [variant_key(w) for w in n.split()[-len(parts) :]] == keys
            for n in c.names
        )
    ]
    return hits[0] if len(hits) == 1 else None


def _titled_before_full(
    doc: Doc, words: _Words, e: _Ent, c: _Cluster, relatives: bool = False
) -> bool:
    """'President Obama led ..., before he and first lady Michelle Obama remembered': a
    surname written before the only full name of that surname is someone else (a figure the
    writer expects readers to know) when it carries a title other than the full name's own
    ("Senator Brandt" before "Mayor Lena Brandt"), or an honorific or a subject pronoun of
    the other gender than that full name's given name ("Mr. Obama", "Trump, talking to
    reporters as he left" before "Melania Trump"). A title alone against a full name with
    none says nothing: "President Trump" and a tweet signed "Donald J. Trump" are one man."""
    first_full = _first_full_start(c)
    if e.start >= first_full:
        return False
    full = next(x for x in c.ents if x.start == first_full)
    title = _title_before_name(doc, words, e.start)
    own = _title_before_name(doc, words, full.start)
    if title is not None and own is not None and title != own:
        return True  # "Senator Brandt" before "Mayor Lena Brandt"
    lead = doc[max(0, full.start - 3) : full.start]
    if relatives and any(t.lower_ in _RELATIVES for t in lead):
        return True  # "Halvorsen ... his wife, Ingrid Halvorsen": a relative of his
    gender = given_name_gender(doc[full.start].text)
    if gender not in ("m", "f") or not given_name_certain(doc[full.start].text):
        return False  # "Mr Sanders" and "Bernie" (mostly a woman's name) say nothing
    if e.start > 0 and _HONORIFIC_GENDER.get(word_key(doc[e.start - 1].text)) not in (
        None,
        gender,
    ):
        return True
    other = _FEMININE if gender == "m" else _MASCULINE
    sent = doc[e.start].sent
    # a subject soon after the surname, with no other person named between: "Obama praised
    # her" and "Trump ... Kamala Harris ... Clinton jokes she" are about someone else
    for t in doc[e.end : min(sent.end, e.end + 12)]:
        if t.ent_type_ == "PERSON":
            return False
        if t.lower_ in other and t.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


# Relation nouns that introduce someone as another person's kin ("his wife, Ingrid
# Halvorsen", "first lady Melania Trump", "her son Ivo Brandt")
_RELATIVES = frozenset(
    {"wife", "husband", "son", "daughter", "brother", "sister", "father", "mother", "lady"}
    | {"widow", "widower", "niece", "nephew", "cousin", "grandson", "granddaughter", "spouse"}
)


def _first_full_start(c: _Cluster) -> int:
    return min(x.start for x in c.ents if x.end - x.start >= 2)


_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}


def _title_before_name(doc: Doc, words: _Words, start: int) -> str | None:
    """The capitalised title written right before a name ("President Trump"), if any."""
    for i in range(max(0, start - 4), start):
        match = words.title_at(i)
        if match is not None and words.end_token(match) == start and doc[i].text[:1].isupper():
            return match.title
    return None


def _honorific_fits(doc: Doc, e: _Ent, candidates: list[_Cluster]) -> bool:
    """'Mrs. Trump' after 'President Trump': the honorific's gender names the one full name
    that fits it, not the figure the bare surname was kept for."""
    want = _HONORIFIC_GENDER.get(word_key(doc[e.start - 1].text)) if e.start else None
    if want is None or len(candidates) != 1:
        return False
    c = candidates[0]
    full = next((x for x in c.ents if x.end - x.start >= 2), None)
    return full is not None and given_name_gender(doc[full.start].text) == want


_MASCULINE = frozenset({"he", "his", "him", "himself"})
_FEMININE = frozenset({"she", "her", "hers", "herself"})


def _just_named(doc: Doc, e: _Ent, candidates: list[_Cluster]) -> list[_Cluster]:
    """Of two people sharing a surname, a bare surname in the sentence that names one of
    them in full, or in the next, is that one: "Lena Ostrova, his sister, said ... Ostrova
    added" — unless the other was named in full as recently."""
    sent = doc[e.start].sent
    last = []
    for c in candidates:
        before = [x.start for x in c.ents if x.start < e.start and x.end - x.start >= 2]
        last.append(max(before) if before else -1)
    best = max(range(len(candidates)), key=lambda i: last[i])
    if last[best] < 0 or sum(1 for v in last if v == last[best]) > 1:
        return candidates
    named = doc[last[best]].sent
    near = named.start == sent.start or named.end == sent.start
    # ... and no other candidate named in full in that stretch
    if near and all(v < named.start for i, v in enumerate(last) if i != best):
        return [candidates[best]]
    return candidates


def _solo(clusters: list[_Cluster], key: str, ambiguous: bool = False) -> _Cluster:
    """The cluster of a name seen only alone ("Trump"); repeats of it share it."""
    first = "?" if ambiguous else None
    for c in clusters:
        if c.first == first and c.surname == key:
            return c
    c = _Cluster(first, key)
    clusters.append(c)
    return c


# ---- roles written next to a name ----


def _ent_at(ents: list[_Ent], tok: int) -> _Ent | None:
    for e in ents:
        if e.start <= tok < e.end:
            return e
    return None


def _roles_for(doc: Doc, words: _Words, e: _Ent, ents: list[_Ent]) -> list[Role]:
    roles = []
    pre = _pre_role(doc, words, e, ents)
    if pre:
        roles.append(pre)
    post = _appos_role(doc, words, e, ents)
    if post:
        roles.append(post)
    return roles


def _pre_role(doc: Doc, words: _Words, e: _Ent, ents: list[_Ent]) -> Role | None:
    """'NATO's new Secretary General Mark Rutte', 'President Volodymyr Zelenskyy of Ukraine',
    'EU High Representative for Foreign Affairs, Kaja Kallas'."""
    ws = words.word_of.get(e.start)
    if ws is None:
        return None
    j = e.start - 1
    while j >= 0 and word_key(doc[j].text) in HONORIFICS:
        j -= 1
    best: tuple[TitleMatch, int, str | None] | None = None
    lo = words.word_of.get(j + 1, ws)
    for w in range(lo - 1, max(-1, lo - _MAX_TITLE_REACH), -1):
        match = match_title(words.words, w, words.cased)
        if match is None:
            continue
        reach = _complement_reach(doc, words, match, ents)
        end_tok, comp_org = reach
        one_word = match.end - match.start == 1 and end_tok == words.end_token(match)
        if end_tok == j and doc[j].text == "," and not one_word:
            # "High Representative for Foreign Affairs, Kaja Kallas"; but "the Queen, Mr
            # Trump and other heads of state" is a list, not a title
            end_tok += 1
        if end_tok == j + 1:
            best = (match, words.tok[match.end - 1] + 1, comp_org)
    if best is None:
        return None
    match, title_end, org = best
    start_tok = words.tok[match.start]
    qualifier, org2, start_tok = _left_modifiers(doc, start_tok, ents)
    org = org2 or org
    if org is None:
        org = _of_org_after(doc, e.end, ents)
    end_char = doc[title_end - 1].idx + len(doc[title_end - 1].text)
    if doc[start_tok].text[:1].islower() and org is None and match.title in ("Chief", "Head"):
        return None  # "the chief Jane Doe" — a generic noun, not a title
    return _role(doc, match.title, org, qualifier, doc[start_tok].idx, end_char)


def _complement_reach(
    doc: Doc, words: _Words, match: TitleMatch, ents: list[_Ent]
) -> tuple[int, str | None]:
    """Token just past a title and its 'of Ukraine' / 'for Foreign Affairs' complement."""
    end_tok = words.end_token(match)
    if end_tok < len(doc) and doc[end_tok].lower_ in ("of", "for"):
        k = end_tok + 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        ent = _ent_at(ents, k)
        if ent is not None and ent.start == k and ent.label in _ORGISH:
            return ent.end, normalize_org(doc[ent.start : ent.end].text)
        j = k
        while j < len(doc) and j - k < 4 and doc[j].text[:1].isupper() and doc[j].is_alpha:
            j += 1
        if j > k:
            return j, None
    return end_tok, None


def _left_modifiers(
    doc: Doc, start_tok: int, ents: list[_Ent]
) -> tuple[str | None, str | None, int]:
    """Qualifier and org written before a title: "NATO's new", "former US", "ex-"."""
    qualifier: str | None = None
    org: str | None = None
    i = start_tok - 1
    while i >= 0 and start_tok - i <= 6:
        tok = doc[i]
        key = word_key(tok.text)
        if tok.text in _DASHES:
            if tok.text != "-":
                break  # "PORT ALDER — Senator X": a dateline is not the senator's org
            i -= 1
            continue
        if key in QUALIFIERS and qualifier is None:
            qualifier, start_tok = QUALIFIERS[key], i
            i -= 1
            continue
        if org is None:
            k = i - 1 if tok.text in _POSSESSIVE_TOKENS else i
            ent = _ent_at(ents, k) if k >= 0 else None
            if (
                ent is not None
                and ent.end == k + 1
                and ent.label in _ORGISH
                and doc[ent.start].text[:1].isupper()
                and doc[ent.start : ent.end].text[-1:].isalnum()
            ):
                org, start_tok = normalize_org(doc[ent.start : ent.end].text), ent.start
                i = ent.start - 1
                continue
        break
    return qualifier, org, start_tok


def _of_org_after(doc: Doc, end_tok: int, ents: list[_Ent]) -> str | None:
    """'President Jane Doe of Ruritania' — the org follows the name."""
    if end_tok + 1 < len(doc) and doc[end_tok].lower_ == "of":
        ent = _ent_at(ents, end_tok + 1)
        if ent is not None and ent.start == end_tok + 1 and ent.label in _ORGISH:
            return normalize_org(doc[ent.start : ent.end].text)
    return None


def _appos_role(doc: Doc, words: _Words, e: _Ent, ents: list[_Ent]) -> Role | None:
    """'Kaja Kallas, the EU's foreign policy chief,' / 'Jane Doe (Ruritania's president)'."""
    i = e.end
    if i >= len(doc) or doc[i].text not in (",", "("):
        return None
    i += 1
    start_tok = i
    if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    qualifier: str | None = None
    org: str | None = None
    for _ in range(4):
        if i >= len(doc):
            return None
        key = word_key(doc[i].text)
        if key in QUALIFIERS and qualifier is None:
            qualifier, i = QUALIFIERS[key], i + 1
            continue
        ent = _ent_at(ents, i)
        if org is None and ent is not None and ent.start == i and ent.label in _ORGISH:
            org = normalize_org(doc[ent.start : ent.end].text)
            i = ent.end
            if i < len(doc) and doc[i].text in _POSSESSIVE_TOKENS:
                i += 1
            continue
        break
    match = words.title_at(i)
    if match is None:
        return None
    end_tok, comp_org = _complement_reach(doc, words, match, ents)
    org = org or comp_org
    if end_tok < len(doc) and doc[end_tok].text not in _APPOS_END:
        return None
    if match.title in ("Chief", "Head", "Leader") and org is None:
        return None
    end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    return _role(doc, match.title, org, qualifier, doc[start_tok].idx, end_char)


def _role(
    doc: Doc, title: str, org: str | None, qualifier: str | None, start: int, end: int
) -> Role:
    return Role(
        title=title,
        org=org,
        start=start,
        end=end,
        text=doc_text(doc)[start:end],
        qualifier=qualifier,
    )


# Titles an organisation has one of at a time, so that an org-less mention of the title in
# an article about that organisation is that organisation's (not "President", "Senator":
# an article names presidents and senators of many places).
_ONE_PER_ORG = frozenset(
    {
        "Secretary General",
        "Deputy Secretary General",
        "General Secretary",
        "High Representative",
        "Director General",
        "Managing Director",
        "Executive Director",
    }
)


def _fill_orgs(people: list[Person]) -> None:
    """'outgoing secretary general X' in a story where the only secretary general named
    with an org is NATO's: the title is NATO's too."""
    by_title: dict[str, set[str]] = {}
    display: dict[str, str] = {}
    for p in people:
        for r in p.roles:
            if r.org:
                by_title.setdefault(r.title, set()).add(org_key(r.org))
                display[org_key(r.org)] = r.org
    for p in people:
        for r in p.roles:
            orgs = by_title.get(r.title, set())
            if r.org is None and len(orgs) == 1 and r.title in _ONE_PER_ORG:
                r.org = display[next(iter(orgs))]
