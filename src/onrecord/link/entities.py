"""Canonical entities across documents: one Mark Rutte, one United States, however written.

People: full names meet under spelling-variant keys (first name equal, surname equal after
transliteration rules or close with the same consonants), blocked by those keys so the cost
is linear in the number of people, never all pairs. A surname alone ("Rutte") joins a
full-name entity only when exactly one full-name entity has that surname in the corpus, or
when its in-document roles single one out; two people sharing a surname never merge
without such evidence.

Roles over time: every title seen attached to a person, with the article's date, is an
observation. A quote whose speaker is only a role ("the secretary general") and that the
document itself could not resolve goes to whoever holds that title for that org nearest
in time to the article.

The user's corrections (``onrecord people merge/split/rename/not-person``) are stored by
name and replayed over the automatic result at every link, in the order they were made, so
they survive re-analysis and never depend on entity ids.

Organisations and places: light normalisation (case, "the", dots, possessives, country
short forms) plus acronyms defined in the text ("Long Name (LN)"). "NATO" and "the
alliance" are never merged on their own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any

from onrecord.lexicon import display_rank
from onrecord.models import Analysis, Person, Role
from onrecord.nlp.people.names import (
    first_key,
    is_given_name,
    is_initial,
    is_place,
    name_parts,
    not_person_label,
    similar_keys,
    skeleton,
    split_name,
    surname_key,
)
from onrecord.nlp.people.names import variant_key as _vk
from onrecord.nlp.people.roles import (
    CURRENT_QUALIFIERS,
    GENERIC_HEADS,
    HONORIFICS,
    MULTI_SEAT_TITLES,
    PRONOUNS,
    RolePhrase,
    country_name,
    org_key,
    orgs_match,
    parse_role_phrase,
    strip_accents,
    titles_match,
    word_key,
)
from onrecord.nlp.quotes.speakers import someone_elses

PLACE_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
_LABEL_ORDER = ("ORG", "GPE", "LOC", "FAC", "EVENT", "NORP")  # tie-break for the type
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
ACRONYM_SHARE = 0.8  # of an acronym's definitions that must name the same long form
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,6}")
_ACRONYM_IN = re.compile(r"^(.*\S)\s*\(\s*([A-Z][A-Za-z]{1,9})\s*\)$")
_LEGAL_FORM = re.compile(
    r"(?:,?\s+(?:Group\s+)?(?:Inc|Incorporated|Corp|Corporation|Co|LLC|L\.L\.C|Ltd|Limited|"
    r"plc|PLC|N\.?V|AG|S\.?A|S\.?p\.?A|SpA|GmbH|AB|ASA|Oyj|LP|LLP)\.?)+$"
)
_STOP = frozenset({"of", "and", "for", "the", "on", "in", "de", "&"})


@dataclass
class EntityDoc:
    document_id: int
    published: str | None
    analysis: Analysis
    text: str | None = None  # the document text, when at hand: confirms "Name (ACR)"


@dataclass
class Entity:
    key: str  # stable: "PERSON:mark rutte", "GPE:united states"
    name: str
    type: str  # PERSON | ORG | GPE | NORP | LOC | FAC | EVENT
    aliases: list[str] = field(default_factory=list)  # sorted surface forms
    # {title, org, qualifier, first_seen, last_seen, document_ids}, sorted by first_seen
    roles: list[dict[str, Any]] = field(default_factory=list)
    mentions: int = 0


@dataclass
class EntityLinking:
    entities: list[Entity]
    person_entity: dict[tuple[int, int], str]  # (document_id, person index) -> key
    mention_entity: dict[tuple[int, int], str]  # (document_id, mention index) -> key
    quote_speaker: dict[tuple[int, int], str]  # (document_id, quote index) -> key

    def by_key(self) -> dict[str, Entity]:
        return {e.key: e for e in self.entities}


# ---- normalisation ----


def _plain(text: str) -> str:
    return " ".join(strip_accents(text).lower().split())


@lru_cache(maxsize=200_000)
def place_org_norm(text: str, label: str) -> tuple[str, str]:
    """(display, key) of an org/place mention: 'the U.S.' -> ('United States', ...)."""
    t = _POSSESSIVE.sub("", text.strip()).strip()
    t = re.sub(r"^(?:the|The|THE)\s+", "", t)
    t = " ".join(t.split())
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", t):
        t = t.replace(".", "")  # U.S. -> US, U.K. -> UK
    if label != "NORP":
        # Country short forms; legal forms: "Apple Inc." is Apple, "Aer Lingus Group plc" too.
        t = country_name(t) or _LEGAL_FORM.sub("", t) or t
    return t, _plain(t).replace(".", "")


def _initials(key: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", key) if w and w not in _STOP)


@lru_cache(maxsize=200_000)
def _person_name(name: str) -> tuple[str | None, str, str]:
    """(first-name key or None, surname key, display) of a person's fullest name."""
    parts = name_parts(name)
    first, surname = split_name(parts)
    if first is not None and is_initial(first):
        return None, surname_key(surname), " ".join(parts)
    return (first_key(first) if first else None), surname_key(surname), " ".join(parts)


def _day(published: str | None) -> int | None:
    """Ordinal day of a YYYY[-MM[-DD]] date (middle of the period when coarser)."""
    if not published:
        return None
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        return date(y, int(mo or 7), int(d or (15 if mo else 1))).toordinal()
    except ValueError:
        return None


# ---- union of records into entities ----


@dataclass
class _Group:
    type: str
    norm: str  # the key's text part, before de-duplication
    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    roles: dict[tuple[str, str, str | None], dict[str, Any]] = field(default_factory=dict)
    key: str = ""
    display: str | None = None  # the user's name for this person ("people rename")
    strong_titles: set[str] = field(default_factory=set)  # seen with the full name


@dataclass
class Correction:
    """A user's correction of who is who, applied after automatic linking."""

    action: str  # merge | split | rename | not-person
    name: str
    other: str | None = None  # merge: the name merged into ``name``; rename: the new name


def link_entities(
    docs: list[EntityDoc], corrections: list[Correction] | None = None
) -> EntityLinking:
    """Canonical entities for a corpus of analysed documents. Deterministic in its input."""
    docs = sorted(docs, key=lambda d: d.document_id)
    groups: list[_Group] = []
    person_group: dict[tuple[int, int], int] = {}
    people = _link_people(docs, groups, person_group)
    mention_group: dict[tuple[int, int], int] = {}
    place_index = _link_places_orgs(docs, groups, mention_group, people)
    _orgs_tagged_as_people(docs, groups, person_group, mention_group, place_index, people.votes)
    for d in docs:
        for mi, m in enumerate(d.analysis.mentions):
            if m.label == "PERSON" and m.cluster is not None:
                g = person_group.get((d.document_id, m.cluster))
                if g is not None:
                    mention_group[(d.document_id, mi)] = g
    if corrections:
        _apply_corrections(docs, groups, person_group, mention_group, people, corrections)

    for g in groups:
        _drop_weak_titles(g)
        _fold_orgless_roles(g)
    _assign_keys(groups)
    person_entity = {k: groups[g].key for k, g in person_group.items()}
    mention_entity = {k: groups[g].key for k, g in mention_group.items()}
    quote_speaker = _quote_speakers(docs, person_entity, _NameLookup(people, groups))
    for g in groups:
        for entry in g.roles.values():
            entry["document_ids"].sort()
    entities = [
        Entity(
            key=g.key,
            name=_best_name(g),
            type=g.type,
            aliases=sorted(g.aliases),
            roles=sorted(
                g.roles.values(),
                key=lambda r: (
                    r["first_seen"] or "",
                    r["title"],
                    r["org"] or "",
                    r["qualifier"] or "",
                ),
            ),
            mentions=g.mentions,
        )
        for g in groups
        if g.type
    ]
    entities.sort(key=lambda e: e.key)
    return EntityLinking(entities, person_entity, mention_entity, quote_speaker)


def _best_name(g: _Group) -> str:
    """A person's full name over a bare surname, then the most used spelling, then A-Z."""
    if g.display:
        return g.display
    if g.type == "PERSON":
        return min(g.names, key=lambda n: (_person_name(n)[0] is None, -g.names[n], n))
    return min(g.names, key=lambda n: (display_rank(n), -g.names[n], n))


def _assign_keys(groups: list[_Group]) -> None:
    seen: Counter[str] = Counter()
    for g in groups:
        if g.type == "PERSON" and g.names:
            # The spelling most articles use names the person, not whichever came first.
            g.norm = _plain(_best_name(g))
    # Order independent of input order: the same corpus always gives the same keys.
    order = sorted(
        (i for i, g in enumerate(groups) if g.type),
        key=lambda i: (groups[i].type, groups[i].norm, i),
    )
    for i in order:
        g = groups[i]
        base = f"{g.type}:{g.norm}"
        seen[base] += 1
        g.key = base if seen[base] == 1 else f"{base}#{seen[base]}"


@lru_cache(maxsize=200_000)
def _is_name_alias(alias: str) -> bool:
    key = alias.strip().lower()
    return (
        key not in PRONOUNS
        and alias[:1].isupper()
        and parse_role_phrase(alias) is None
        and not key.startswith("the ")
    )


@lru_cache(maxsize=200_000)
def _alias(text: str) -> str:
    """An alias as a name, without the run-on text of its entity span: "Donald Trump's
    Clinton" is the alias "Donald Trump" (else `--speaker Clinton` would find him)."""
    text = _POSSESSIVE.sub("", text.strip())
    parts = name_parts(text)
    if not parts:
        return ""
    # keep the surface form (honorifics, "Jr.") when only run-on text was cut
    words = text.split()
    lead = words[: len(words) - len(parts)]
    if words[len(lead) :] == parts and all(word_key(w) in HONORIFICS for w in lead):
        return text
    return " ".join(parts)


def _on_bare_surname(d: EntityDoc, p: Person, r: Role) -> bool:
    """Is this title written next to a bare surname ("President Clinton")? Such a title says
    less about which Clinton than one next to a full name ("President Bill Clinton")."""
    for start, end in p.mentions:
        if r.end <= start <= r.end + 12 or end <= r.start <= end + 3:
            if d.text:
                text = d.text[start:end]
            else:
                text = next((m.text for m in d.analysis.mentions if m.start == start), "")
            if text:
                return _person_name(text)[0] is None
    return False


def _drop_weak_titles(g: _Group) -> None:
    """A person known by a full name keeps a title seen only next to the bare surname when
    the full name carries it somewhere too: "President Clinton" in an article that names
    only Hillary Clinton in full does not make her a president."""
    if g.type != "PERSON" or not any(_person_name(n)[0] for n in g.names):
        return

    def backed(title: str) -> bool:
        # "Secretary Clinton" is backed by "former Secretary of State Hillary Clinton"
        return any(
            title == s or titles_match(title, s) or s.startswith(title + " ")
            for s in g.strong_titles
        )

    for k in [k for k in g.roles if not backed(k[0])]:
        del g.roles[k]


def _roles_outside_quotes(d: EntityDoc, p: Person) -> list[Role]:
    """A title written inside someone's quoted words ("if President Clinton wins") is
    what the speaker says, not what the reporter states: not a role."""
    if not p.roles:
        return []
    spans = [(q.start, q.end) for q in d.analysis.quotes if q.kind != "indirect"]
    if not spans:
        return list(p.roles)
    return [r for r in p.roles if not any(s <= r.start and r.end <= e for s, e in spans)]


def _place_not_person(word: str, surnames: set[str]) -> bool:
    return is_place(word) and not is_given_name(word) and surname_key(word) not in surnames


_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _clean_names(docs: list[EntityDoc]) -> dict[str, str | None]:
    """Each person name as written -> the name to link under, or None when it is no person.

    The small model runs names into neighbouring capitalised words: "Candidate Obama",
    "Crooked Hillary Clinton", "CLOSE Donald Trump", "Trump Tower", "Trump, Donald". A
    lone word that names a country, capital or US state, and nobody's surname here, is no
    person. A leading word that is no given name and that the corpus also writes in lower
    case is
    dropped; a known surname followed by a given name is turned round; a known surname
    followed by anything else is not a person's name. Junk full names would otherwise be
    extra candidates for a bare surname and keep "Obama" from joining Barack Obama.
    """
    parts_of = {p.name: name_parts(p.name) for d in docs for p in d.analysis.people}
    known_surnames = {
        surname_key(split_name(ps)[1])
        for ps in parts_of.values()
        if len(ps) >= 2 and split_name(ps)[0] is not None and is_given_name(ps[0])
    }
    suspects = {ps[0].lower() for ps in parts_of.values() if len(ps) >= 2}
    suspects = {w for w in suspects if not is_given_name(w)}
    lower_seen: set[str] = set()
    for d in docs:
        if suspects and d.text:
            lower_seen.update(suspects.intersection(_LOWER_WORD.findall(d.text)))
    # "Rep. Black Farenthold": a name written right after a title begins where the title
    # ends, however common its first word is in lower case ("black").
    titled = {
        p.name
        for d in docs
        for p in d.analysis.people
        if any(
            0 <= start - r.end <= 2 and end - start == len(p.name)
            for r in p.roles
            for start, end in p.mentions
        )
    }
    out: dict[str, str | None] = {}
    for name, ps in parts_of.items():
        if len(ps) == 1 and _place_not_person(ps[0], known_surnames):
            out[name] = None  # "assist Kyiv" tagged PERSON: a capital, nobody's surname
            continue
        while (
            len(ps) > 1
            and not is_given_name(ps[0])
            and ps[0].lower() in lower_seen
            and name not in titled
        ):
            ps = ps[1:]
        first = split_name(ps)[0]
        if first is not None and not is_given_name(first) and surname_key(first) in known_surnames:
            if len(ps) != 2 or not is_given_name(ps[1]):
                out[name] = None
                continue
            ps = [ps[1], ps[0]]
        out[name] = " ".join(ps) if ps else None
    return out


def _add_person(g: _Group, d: EntityDoc, p: Person, name: str | None = None) -> None:
    g.names[_person_name(name or p.name)[2]] += 1
    g.aliases.update(filter(None, (_alias(a) for a in p.aliases if _is_name_alias(a))))
    g.mentions += len(p.mentions)
    for r in _roles_outside_quotes(d, p):
        if not _on_bare_surname(d, p, r):
            g.strong_titles.add(r.title)
        org = r.org
        qualifier = None if r.qualifier == "new" else r.qualifier  # "new" holders are current
        k = (r.title, org_key(org) if org else "", qualifier)
        entry = g.roles.get(k)
        if entry is None:
            entry = g.roles[k] = {
                "title": r.title,
                "org": org,
                "qualifier": qualifier,
                "first_seen": d.published,
                "last_seen": d.published,
                "document_ids": [],
            }
        if d.document_id not in entry["document_ids"]:
            entry["document_ids"].append(d.document_id)
        if d.published:
            if entry["first_seen"] is None or d.published < entry["first_seen"]:
                entry["first_seen"] = d.published
            if entry["last_seen"] is None or d.published > entry["last_seen"]:
                entry["last_seen"] = d.published


@dataclass
class _PeopleIndex:
    """Full-name person groups, for names the model tagged as something else."""

    blocks: dict[tuple[str, str], list[tuple[str, int]]]
    by_surname_skeleton: dict[str, list[tuple[str, str, int]]]
    votes: Counter[tuple[str, bool]]  # (surface text, tagged PERSON?) over the corpus
    record_names: dict[tuple[int, int], str] = field(default_factory=dict)  # as linked
    cache: dict[tuple[str, str], int | None] = field(default_factory=dict)

    def person_for(self, text: str, label: str) -> int | None:
        if (text, label) not in self.cache:
            self.cache[(text, label)] = self._person_for(text, label)
        return self.cache[(text, label)]

    def _person_for(self, text: str, label: str) -> int | None:
        """The person group an ORG/GPE-tagged name belongs to, when that is unambiguous:
        "Oleksandr Marchenkiy" tagged ORG where a corpus person has that name; a lone
        surname only when the corpus tags that word as a person more often than not."""
        if label == "NORP":
            return None
        parts = name_parts(text)
        if not parts or not all(p[:1].isupper() and p[:1].isalpha() for p in parts):
            return None
        first, sk, _display = _person_name(" ".join(parts))
        if first is not None:
            hits = {
                gi
                for key, gi in self.blocks.get((first, skeleton(sk)), [])
                if similar_keys(key, sk)
            }
        else:
            if len(parts) != 1:
                return None
            word = parts[0]
            if self.votes[(word, True)] <= self.votes[(word, False)]:
                return None
            hits = {
                gi
                for _f, key, gi in self.by_surname_skeleton.get(skeleton(sk), [])
                if similar_keys(key, sk)
            }
        return next(iter(hits)) if len(hits) == 1 else None


def _link_people(
    docs: list[EntityDoc], groups: list[_Group], person_group: dict[tuple[int, int], int]
) -> _PeopleIndex:
    # Full names first, blocked by (first-name key, surname consonants).
    blocks: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    by_surname_skeleton: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    partial: list[tuple[EntityDoc, int, Person, str]] = []
    record_names: dict[tuple[int, int], str] = {}
    clean = _clean_names(docs)
    for d in docs:
        for pi, p in enumerate(d.analysis.people):
            name = clean.get(p.name)
            if not name or not_person_label(name) is not None:
                continue  # analyses stored before the type check may still hold "Twitter"
            first, sk, display = _person_name(name)
            if not sk:
                continue
            if first is None:
                partial.append((d, pi, p, name))
                continue
            block = blocks[(first, skeleton(sk))]
            gi = next((g for key, g in block if similar_keys(key, sk)), None)
            if gi is None:
                gi = len(groups)
                groups.append(_Group("PERSON", _plain(display)))
                block.append((sk, gi))
                by_surname_skeleton[skeleton(sk)].append((first, sk, gi))
            _add_person(groups[gi], d, p, name)
            person_group[(d.document_id, pi)] = gi
            record_names[(d.document_id, pi)] = name
    _join_misspelt(groups, blocks, by_surname_skeleton, person_group)
    # Then names seen alone (or with an initial): attach only on evidence.
    solo: dict[tuple[str, str], int] = {}
    for d, pi, p, name in partial:
        parts = name_parts(name)
        first_part, _ = split_name(parts)
        initial = _vk(first_part)[:1] if first_part else None
        sk = _person_name(name)[1]
        cands = sorted(
            {
                gi
                for first, key, gi in by_surname_skeleton.get(skeleton(sk), [])
                if similar_keys(key, sk) and (initial is None or first.startswith(initial))
            }
        )
        if len(cands) > 1 and not p.roles and d.text:
            cands = _by_administration(cands, groups, d.text, parts[-1])
        if len(cands) > 1:
            cands = _by_role(cands, groups, p)
        if len(cands) == 1:
            gi = cands[0]
        else:
            tag = "?" if cands else ""
            gi = solo.get((tag, sk), -1)
            if gi < 0:
                gi = solo[(tag, sk)] = len(groups)
                groups.append(_Group("PERSON", _plain(" ".join(parts))))
        _add_person(groups[gi], d, p, name)
        person_group[(d.document_id, pi)] = gi
        record_names[(d.document_id, pi)] = name
    votes: Counter[tuple[str, bool]] = Counter()
    for d in docs:
        for m in d.analysis.mentions:
            votes[(_POSSESSIVE.sub("", m.text.strip()), m.label == "PERSON")] += 1
    return _PeopleIndex(blocks, by_surname_skeleton, votes, record_names)


def _one_edit(a: str, b: str) -> bool:
    """Do two keys differ by exactly one inserted, dropped or changed letter?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _join_misspelt(
    groups: list[_Group],
    blocks: dict[tuple[str, str], list[tuple[str, int]]],
    by_surname_skeleton: dict[str, list[tuple[str, str, int]]],
    person_group: dict[tuple[int, int], int],
) -> None:
    """'Saqdiq Khan' where the corpus also writes 'Sadiq Khan': a given name that is no known
    given name, one letter away from a known one under the same surname, is a typo of it; one
    person, shown under the spelling most articles use. Two known given names one letter
    apart ("Jon" and "Joan") stay two people."""
    redirect: dict[int, int] = {}
    for entries in by_surname_skeleton.values():
        for i, (f1, k1, g1) in enumerate(entries):
            for f2, k2, g2 in entries[i + 1 :]:
                if k1 != k2 or min(len(f1), len(f2)) < 4 or not _one_edit(f1, f2):
                    continue
                known1, known2 = (
                    is_given_name(name_parts(_best_name(groups[g]))[0]) for g in (g1, g2)
                )
                if known1 == known2:
                    continue
                typo, keep = (g2, g1) if known1 else (g1, g2)
                while keep in redirect:
                    keep = redirect[keep]
                if typo != keep and typo not in redirect:
                    redirect[typo] = keep
    if not redirect:
        return
    for typo in list(redirect):
        keep = redirect[typo]
        while keep in redirect:
            keep = redirect[keep]
        redirect[typo] = keep
    for typo, keep in redirect.items():
        _merge_into(groups[keep], groups[typo])
    for k, gi in person_group.items():
        if gi in redirect:
            person_group[k] = redirect[gi]
    for lst in blocks.values():
        lst[:] = [(key, redirect.get(gi, gi)) for key, gi in lst]
    for skel, entries in by_surname_skeleton.items():
        by_surname_skeleton[skel] = [e for e in entries if e[2] not in redirect]


# ---- the user's corrections ----


def _find_people(groups: list[_Group], name: str) -> list[int]:
    """Person groups a user's name refers to: those it names exactly, else the one (most
    mentioned) that has it as an alias."""
    want = _plain(name)
    exact = [
        i for i, g in enumerate(groups) if g.type == "PERSON" and _plain(_best_name(g)) == want
    ]
    if exact:
        return exact
    by_alias = [
        i
        for i, g in enumerate(groups)
        if g.type == "PERSON" and want in {_plain(a) for a in (*g.aliases, *g.names)}
    ]
    return sorted(by_alias, key=lambda i: (-groups[i].mentions, i))[:1]


def _merge_into(into: _Group, g: _Group) -> None:
    into.names.update(g.names)
    into.strong_titles |= g.strong_titles
    into.aliases |= g.aliases
    into.mentions += g.mentions
    for k, entry in g.roles.items():
        have = into.roles.get(k)
        if have is None:
            into.roles[k] = entry
            continue
        have["document_ids"] = sorted(set(have["document_ids"]) | set(entry["document_ids"]))
        for field_, pick in (("first_seen", min), ("last_seen", max)):
            seen = [v for v in (have[field_], entry[field_]) if v]
            have[field_] = pick(seen) if seen else None
    g.type = ""


def _apply_corrections(
    docs: list[EntityDoc],
    groups: list[_Group],
    person_group: dict[tuple[int, int], int],
    mention_group: dict[tuple[int, int], int],
    people: _PeopleIndex,
    corrections: list[Correction],
) -> None:
    """Replay the user's corrections, in the order they were made, over the automatic
    linking. A correction naming nobody in this corpus does nothing."""
    by_id = {d.document_id: d for d in docs}

    def redirect(src: set[int], dst: int | None) -> None:
        for table in (person_group, mention_group):
            for k in [k for k, gi in table.items() if gi in src]:
                if dst is None:
                    del table[k]
                else:
                    table[k] = dst

    for c in corrections:
        found = _find_people(groups, c.name)
        if c.action == "merge" and c.other:
            others = set(_find_people(groups, c.other))
            if not found:
                continue
            into = min(found, key=lambda i: (-groups[i].mentions, i))
            others |= set(found)
            others.discard(into)
            for gi in sorted(others):
                _merge_into(groups[into], groups[gi])
            redirect(others, into)
        elif c.action == "rename" and c.other:
            for gi in found[:1]:
                groups[gi].aliases.add(_best_name(groups[gi]))
                groups[gi].display = c.other.strip()
        elif c.action == "not-person":
            for gi in found:
                groups[gi].type = ""
            redirect(set(found), None)
        elif c.action == "split":
            for gi in found:
                _split(groups, gi, c.name, person_group, people.record_names, by_id)


def _split(
    groups: list[_Group],
    gi: int,
    name: str,
    person_group: dict[tuple[int, int], int],
    record_names: dict[tuple[int, int], str],
    by_id: dict[int, EntityDoc],
) -> None:
    """Undo the automatic joining of one person: every distinct name it was written under
    becomes its own person; the name the user gave keeps the entity."""
    g = groups[gi]
    records = sorted(k for k, v in person_group.items() if v == gi and k in record_names)
    by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for k in records:
        by_name[_plain(_person_name(record_names[k])[2])].append(k)
    if len(by_name) < 2:
        return
    keep = _plain(name) if _plain(name) in by_name else max(by_name, key=lambda n: len(by_name[n]))
    person_mentions = sum(len(by_id[k[0]].analysis.people[k[1]].mentions) for k in records)
    other_mentions = max(0, g.mentions - person_mentions)  # ORG-tagged sightings stay
    g.names, g.aliases, g.roles, g.mentions = Counter(), set(), {}, other_mentions
    g.strong_titles = set()
    for norm in sorted(by_name):
        if norm == keep:
            target = gi
        else:
            target = len(groups)
            groups.append(_Group("PERSON", norm))
        for k in by_name[norm]:
            d = by_id[k[0]]
            _add_person(groups[target], d, d.analysis.people[k[1]], record_names[k])
            person_group[k] = target


def _fold_orgless_roles(g: _Group) -> None:
    """'Foreign Minister Sybiha' in one article, 'Ukraine's foreign minister' in another:
    when a person holds a title for exactly one org, the org-less sightings are that one."""
    for title, org, qualifier in sorted(g.roles, key=lambda k: (k[0], k[1], k[2] or "")):
        if org:
            continue
        same = [k for k in g.roles if k[0] == title and k[1] and k[2] == qualifier]
        if len({k[1] for k in same}) != 1:
            continue
        bare, into = g.roles.pop((title, org, qualifier)), g.roles[same[0]]
        into["document_ids"] = sorted(set(into["document_ids"]) | set(bare["document_ids"]))
        for field_, pick in (("first_seen", min), ("last_seen", max)):
            seen = [v for v in (into[field_], bare[field_]) if v]
            into[field_] = pick(seen) if seen else None


_EXECUTIVE_HEADS = frozenset({"President", "Governor", "Mayor", "Prime Minister"})


def _by_administration(cands: list[int], groups: list[_Group], text: str, word: str) -> list[int]:
    """'the Obama administration' in the article: the Obama meant heads an executive, so of
    the namesakes the one who holds such a title in the corpus (Barack, not Michelle)."""
    if not re.search(rf"\b{re.escape(word)}(?:['\u2019]s)? [Aa]dministration\b", text):
        return cands
    heads = [gi for gi in cands if any(k[0] in _EXECUTIVE_HEADS for k in groups[gi].roles)]
    return heads if len(heads) == 1 else cands


ROLE_DOMINANCE = 3  # times more articles with the title than any other namesake


def _by_role(cands: list[int], groups: list[_Group], p: Person) -> list[int]:
    """Namesakes a bare surname's title in this article points to. "President Obama": Barack
    Obama holds the title in dozens of articles, Michelle Obama in one (a mis-attached
    "President Obama and Michelle Obama"); the title then names him."""
    support = {gi: _role_support(groups[gi], p) for gi in cands}
    sharing = [gi for gi in cands if support[gi]]
    if len(sharing) > 1:
        ranked = sorted(sharing, key=lambda gi: -support[gi])
        if support[ranked[0]] >= ROLE_DOMINANCE * support[ranked[1]]:
            return ranked[:1]
    return sharing


def _role_support(g: _Group, p: Person) -> int:
    """Articles in which this person holds one of the titles ``p`` is given here."""
    docs: set[int] = set()
    for r in p.roles:
        for (title, org, _q), entry in g.roles.items():
            if r.title == title and (not r.org or not org or org_key(r.org) == org):
                docs.update(entry["document_ids"])
    return len(docs)


def _link_places_orgs(
    docs: list[EntityDoc],
    groups: list[_Group],
    mention_group: dict[tuple[int, int], int],
    people: _PeopleIndex,
) -> dict[tuple[bool, str], int]:
    labels: dict[tuple[bool, str], Counter[str]] = defaultdict(Counter)
    displays: dict[tuple[bool, str], Counter[str]] = defaultdict(Counter)
    acronyms: dict[tuple[bool, str], Counter[tuple[bool, str]]] = defaultdict(Counter)
    records: list[tuple[int, int, tuple[bool, str], str]] = []
    long_forms: dict[tuple[int, str], set[tuple[bool, str]]] = defaultdict(set)
    short_forms: list[tuple[int, str]] = []
    for d in docs:
        ms = d.analysis.mentions
        for mi, m in enumerate(ms):
            if m.label not in PLACE_ORG_LABELS:
                continue
            gi = people.person_for(m.text, m.label)
            if gi is not None:
                g = groups[gi]
                g.mentions += 1
                g.aliases.add(_POSSESSIVE.sub("", m.text.strip()))
                mention_group[(d.document_id, mi)] = gi
                continue
            text = m.text
            inner = _ACRONYM_IN.match(text)
            if inner and _initials(_plain(inner.group(1))) == inner.group(2).lower():
                # "North Atlantic Treaty Organization (NATO)" as one entity.
                text = inner.group(1)
                acr = place_org_norm(inner.group(2), m.label)[1]
                long_ = place_org_norm(text, m.label)[1]
                acronyms[(m.label == "NORP", acr)][(m.label == "NORP", long_)] += 1
            display, norm = place_org_norm(text, m.label)
            if not norm:
                continue
            ns = (m.label == "NORP", norm)
            labels[ns][m.label] += 1
            displays[ns][display] += 1
            records.append((d.document_id, mi, ns, _POSSESSIVE.sub("", m.text.strip())))
            if mi + 1 < len(ms) and _defines_acronym(d, m.end, ms[mi + 1].start, ms[mi + 1].text):
                acr = place_org_norm(ms[mi + 1].text, ms[mi + 1].label)[1]
                if _initials(norm) == acr.replace(" ", ""):
                    acronyms[(ns[0], acr)][ns] += 1
            if " " in norm and m.label != "NORP":
                long_forms[(d.document_id, _initials(norm))].add(ns)
            elif _ACRONYM.fullmatch(m.text) and m.label != "NORP":
                short_forms.append((d.document_id, norm))
    # Written out and abbreviated in one article ("General Motors ... GM"): a definition too.
    for doc_id, acr in short_forms:
        for ns in long_forms.get((doc_id, acr), ()):
            acronyms[(False, acr)][ns] += 1
    # An acronym defined as one long form corpus-wide (or nearly always: a stray misspelling
    # of the long form must not block it) is that long form.
    alias_of = {}
    for acr, longs in acronyms.items():
        (top, n), *_ = sorted(longs.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= ACRONYM_SHARE * sum(longs.values()):
            alias_of[acr] = top
    index: dict[tuple[bool, str], int] = {}
    for ns in sorted(labels):
        target = alias_of.get(ns, ns)
        if target in index:
            index[ns] = index[target]
            continue
        votes = labels[target] + (labels[ns] if target != ns else Counter())
        label = min(votes, key=lambda lab: (-votes[lab], _LABEL_ORDER.index(lab)))
        index[ns] = index[target] = len(groups)
        groups.append(_Group(label, target[1]))
    for ns in sorted(labels):
        g = groups[index[ns]]
        g.names.update(displays[ns])
    for doc_id, mi, ns, surface in records:
        g = groups[index[ns]]
        g.mentions += 1
        g.aliases.add(surface)
        mention_group[(doc_id, mi)] = index[ns]
    return index


def _orgs_tagged_as_people(
    docs: list[EntityDoc],
    groups: list[_Group],
    person_group: dict[tuple[int, int], int],
    mention_group: dict[tuple[int, int], int],
    place_index: dict[tuple[bool, str], int],
    votes: Counter[tuple[str, bool]],
) -> None:
    """A "person" the model tagged PERSON once but ORG more often in the corpus, with no
    title anywhere, is that org ("Northrop Grumman" as PERSON)."""
    redirect: dict[int, int] = {}
    for gi, g in enumerate(groups):
        if g.type != "PERSON" or g.roles:
            continue
        names = set(g.names) | g.aliases
        as_person = sum(votes[(n, True)] for n in names)
        as_other = sum(votes[(n, False)] for n in names)
        if as_other <= as_person:
            continue
        targets = {
            place_index[(False, place_org_norm(n, "ORG")[1])]
            for n in names
            if (False, place_org_norm(n, "ORG")[1]) in place_index
        }
        if len(targets) == 1:
            redirect[gi] = next(iter(targets))
    by_id = {d.document_id: d for d in docs}
    for key, gi in person_group.items():
        if gi in redirect:
            target = groups[redirect[gi]]
            person = by_id[key[0]].analysis.people[key[1]]
            target.mentions += len(person.mentions)
            target.aliases.update(a for a in person.aliases if _is_name_alias(a))
            person_group[key] = redirect[gi]
    for key, gi in mention_group.items():
        if gi in redirect:
            groups[redirect[gi]].mentions += 1
            mention_group[key] = redirect[gi]
    for gi in redirect:
        groups[gi].type = ""  # emptied: no entity


def _defines_acronym(d: EntityDoc, end: int, next_start: int, next_text: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Za-z]{1,9}", next_text):
        return False
    if d.text is not None:
        between = d.text[end:next_start].strip()
        after = d.text[next_start + len(next_text) : next_start + len(next_text) + 3]
        return between == "(" and after.lstrip().startswith(")")
    return 1 <= next_start - end <= 3


# ---- role phrases resolved by who held the title when ----


class _Holders:
    """Who held which title for which org, by day: (org key, title) -> sorted observations."""

    def __init__(self) -> None:
        self.obs: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        self.undated: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.titles_by_org: dict[str, set[str]] = defaultdict(set)
        self.orgs_by_title: dict[str, set[str]] = defaultdict(set)

    def add(self, org: str, title: str, day: int | None, key: str) -> None:
        if day is None:
            self.undated[(org, title)].add(key)
        else:
            self.obs[(org, title)].append((day, key))
        self.titles_by_org[org].add(title)
        self.orgs_by_title[title].add(org)

    def freeze(self) -> None:
        for lst in self.obs.values():
            lst.sort()

    def nearest(self, orgs: list[str], wanted: str, day: int | None) -> str | None:
        """The holder observed nearest in time to ``day`` (earlier wins a tie)."""
        pairs = [
            (o, t)
            for o in orgs
            for t in sorted(self.titles_by_org.get(o, ()))
            if titles_match(wanted, t)
        ]
        if day is None:
            keys = {k for p in pairs for _d, k in self.obs.get(p, [])} | {
                k for p in pairs for k in self.undated.get(p, ())
            }
            return next(iter(keys)) if len(keys) == 1 else None
        seen = sorted(x for p in pairs for x in self.obs.get(p, []))
        if not seen:
            return None
        # Unambiguous at the date, or nothing: a title several people hold at once ("the
        # congressman", "the senator", two spokesmen) has overlapping tenures in the corpus.
        spans: dict[str, tuple[int, int]] = {}
        for d, k in seen:
            lo, hi = spans.get(k, (d, d))
            spans[k] = (min(lo, d), max(hi, d))
        ordered = sorted(spans.values())
        if any(b[0] <= a[1] for a, b in pairwise(ordered)):
            return None
        # One holder after another: whoever was last seen holding it on or before the day,
        # else (the day precedes every observation) the first seen after it.
        i = bisect_left(seen, (day + 1, ""))
        return seen[i - 1][1] if i > 0 else seen[0][1]


class _NameLookup:
    """A speaker written as a name the document did not make a person of ("Quimby told
    reporters", the model tagging nothing): the corpus person of that name, when there is
    exactly one."""

    def __init__(self, people: _PeopleIndex, groups: list[_Group]) -> None:
        self.people = people
        self.groups = groups

    def key(self, mention: str, text: str | None = None) -> str | None:
        if someone_elses(mention):
            return None  # "Ali's attorney" is someone else, not Ali
        parts = name_parts(mention)
        if not parts or not all(p[:1].isupper() for p in parts) or len(parts) > 4:
            return None
        first, sk, _display = _person_name(" ".join(parts))
        if first is not None:
            hits = {
                gi
                for key, gi in self.people.blocks.get((first, skeleton(sk)), [])
                if similar_keys(key, sk)
            }
        else:
            hits = {
                gi
                for _f, key, gi in self.people.by_surname_skeleton.get(skeleton(sk), [])
                if similar_keys(key, sk)
            }
        if len(hits) > 1 and first is None and text:
            hits = set(_by_administration(sorted(hits), self.groups, text, parts[-1]))
        if len(hits) != 1:
            return None
        g = self.groups[next(iter(hits))]
        return g.key if g.type == "PERSON" else None


def _quote_speakers(
    docs: list[EntityDoc],
    person_entity: dict[tuple[int, int], str],
    names: _NameLookup | None = None,
) -> dict[tuple[int, int], str]:
    holders = _Holders()
    for d in docs:
        day = _day(d.published)
        for pi, p in enumerate(d.analysis.people):
            key = person_entity.get((d.document_id, pi))
            if key is None:
                continue
            for r in _roles_outside_quotes(d, p):
                if r.org and r.qualifier in CURRENT_QUALIFIERS:
                    holders.add(org_key(r.org), r.title, day, key)
    holders.freeze()
    out: dict[tuple[int, int], str] = {}
    for d in docs:
        for qi, q in enumerate(d.analysis.quotes):
            if q.speaker_cluster is not None:
                key = person_entity.get((d.document_id, q.speaker_cluster))
                if key is not None:
                    out[(d.document_id, qi)] = key
                continue
            if not q.speaker_mention:
                continue
            phrase = parse_role_phrase(q.speaker_mention)
            if phrase is None and names is not None and q.speaker_mention.lower() not in PRONOUNS:
                key = names.key(q.speaker_mention, d.text)
                if key is not None:
                    out[(d.document_id, qi)] = key
                continue
            if phrase is None or phrase.qualifier in ("former", "incoming", "outgoing"):
                continue
            key = _holder(phrase, d, holders)
            if key is not None:
                out[(d.document_id, qi)] = key
    return out


def _doc_orgs(d: EntityDoc) -> Counter[str]:
    """How often each org/place (by org_key) is named in a document, roles included."""
    counts: Counter[str] = Counter()
    for m in d.analysis.mentions:
        if m.label in PLACE_ORG_LABELS:
            counts[org_key(m.text)] += 1
    for p in d.analysis.people:
        for r in p.roles:
            if r.org:
                counts[org_key(r.org)] += 1
    return counts


def _holder(phrase: RolePhrase, d: EntityDoc, holders: _Holders) -> str | None:
    if phrase.title in MULTI_SEAT_TITLES:
        return None  # "the senator": which of them the corpus cannot say
    if phrase.org:
        # "the UN secretary-general" is the United Nations' one: acronyms count as the org.
        orgs = sorted(o for o in holders.titles_by_org if orgs_match(phrase.org, o))
    else:
        # "the secretary general": which org's? One the article names, else the only one.
        if phrase.title in GENERIC_HEADS and not phrase.generic_org:
            return None  # "the chief" of nothing in particular
        named = _doc_orgs(d)
        if phrase.title in GENERIC_HEADS:
            candidates = {o for o in named if o in holders.titles_by_org}
        else:
            candidates = {
                o
                for t, os in holders.orgs_by_title.items()
                if titles_match(phrase.title, t)
                for o in os
            }
        in_doc = sorted((o for o in candidates if named[o]), key=lambda o: (-named[o], o))
        if in_doc:
            orgs = in_doc[:1]
        elif len(candidates) == 1 and phrase.title not in GENERIC_HEADS:
            orgs = sorted(candidates)
        else:
            return None
    return holders.nearest(orgs, phrase.title, _day(d.published))
