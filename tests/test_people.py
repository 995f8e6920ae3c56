"""People, roles and speakers within one document, on sentences written for these tests.

All people and most places here are fictional; the spaCy model is the real one.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from onrecord.models import Mention, Person, Quote
from onrecord.nlp.people.extract import extract_people, resolve_speakers
from onrecord.nlp.people.names import similar_keys, variant_key
from onrecord.nlp.people.roles import orgs_match, parse_role_phrase, titles_match
from onrecord.nlp.pipeline import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def people_of(nlp: Language, text: str) -> tuple[Doc, list[Mention], list[Person]]:
    doc = nlp(text)
    mentions, people = extract_people(doc)
    return doc, mentions, people


def person(people: list[Person], name: str) -> tuple[int, Person]:
    hits = [(i, p) for i, p in enumerate(people) if p.name == name]
    assert len(hits) == 1, f"{name!r} not found once in {[p.name for p in people]}"
    return hits[0]


def quote(text: str, content: str, speaker: str | None, after: str = "") -> Quote:
    """A quote as the quotes module would give it: content span and speaker mention span.

    ``after`` anchors the speaker search past a given text, for repeated phrases.
    """
    start = text.index(content)
    q = Quote(start=start, end=start + len(content), text=content, kind="direct")
    if speaker is not None:
        s = text.index(speaker, text.index(after) if after else start + len(content))
        q.speaker_mention, q.speaker_start, q.speaker_end = speaker, s, s + len(speaker)
    return q


# ---- the role lexicon ----


def test_role_phrases_parse_title_org_and_qualifier() -> None:
    p = parse_role_phrase("the Ruritanian Union Secretary-General")
    assert p is not None and (p.title, p.org) == ("Secretary General", "Ruritanian Union")
    p = parse_role_phrase("Elbonia's minister of foreign affairs")
    assert p is not None and (p.title, p.org) == ("Foreign Minister", "Elbonia")
    p = parse_role_phrase("the alliance's chief")
    assert p is not None and (p.title, p.generic_org) == ("Chief", "alliance")
    p = parse_role_phrase("the former defence secretary")
    assert p is not None and (p.title, p.qualifier) == ("Defense Secretary", "former")
    p = parse_role_phrase("the U.S. secretary of state")
    assert p is not None and (p.title, p.org) == ("Secretary of State", "United States")
    assert parse_role_phrase("the 54-year-old") is None
    assert parse_role_phrase("he") is None


def test_generic_heads_match_top_titles_only() -> None:
    assert titles_match("Chief", "Secretary General")
    assert titles_match("Leader", "Prime Minister")
    assert not titles_match("Chief", "Spokesperson")
    assert titles_match("Minister", "Foreign Minister")
    assert not titles_match("Minister", "Prime Minister") or titles_match("Minister", "Minister")
    assert orgs_match("EU", "European Union") and orgs_match("U.S.", "United States")
    assert not orgs_match("NATO", "EU")


def test_spelling_variant_keys() -> None:
    assert variant_key("Marchenkyy") == variant_key("Marchenkiy") == variant_key("Marchenky")
    assert variant_key("Andriy") == variant_key("Andrii")
    assert similar_keys(variant_key("Marchenkyy"), variant_key("Marchenkij"))
    assert not similar_keys(variant_key("Johnson"), variant_key("Johnston"))


# ---- clusters and roles ----


def test_full_name_surname_and_honorific_merge(nlp: Language) -> None:
    text = (
        "Ruritanian Foreign Minister Oleksandr Vetrov arrived in Vienna on Monday. "
        "Mr Vetrov met officials there. Vetrov's aides stayed behind."
    )
    _doc, mentions, people = people_of(nlp, text)
    i, p = person(people, "Oleksandr Vetrov")
    assert len(p.mentions) == 3
    assert {"Oleksandr Vetrov", "Vetrov"} <= set(p.aliases)
    assert [(r.title, r.org) for r in p.roles] == [("Foreign Minister", "Ruritanian")]
    person_mentions = [m for m in mentions if m.label == "PERSON"]
    assert all(m.cluster == i for m in person_mentions)
    assert all(not m.text.endswith("'s") for m in mentions)


def test_two_people_sharing_a_surname_stay_apart(nlp: Language) -> None:
    text = (
        "Finance Minister Anna Brandt met her predecessor Jonas Brandt in Oslo on Tuesday. "
        "Anna Brandt said the budget was sound, and Jonas Brandt disagreed."
    )
    _doc, _m, people = people_of(nlp, text)
    _, anna = person(people, "Anna Brandt")
    _, jonas = person(people, "Jonas Brandt")
    assert len(anna.mentions) == 2 and len(jonas.mentions) == 2
    assert [r.title for r in anna.roles] == ["Finance Minister"]
    assert jonas.roles == []


def test_titles_before_after_and_in_apposition(nlp: Language) -> None:
    text = (
        "US Secretary of State Dana Whitfield flew to Geneva. The talks were led by "
        "Helga Strand, the EU's foreign policy chief, and by former Prime Minister Ivo Kask "
        "of Estonia. President Mara Ilves of Estonia did not attend."
    )
    _doc, mentions, people = people_of(nlp, text)
    _, dana = person(people, "Dana Whitfield")
    assert [(r.title, r.org) for r in dana.roles] == [("Secretary of State", "United States")]
    _, helga = person(people, "Helga Strand")
    assert [(r.title, r.org) for r in helga.roles] == [("Foreign Policy Chief", "EU")]
    _, ivo = person(people, "Ivo Kask")
    assert [(r.title, r.org, r.qualifier) for r in ivo.roles] == [
        ("Prime Minister", "Estonia", "former")
    ]
    _, mara = person(people, "Mara Ilves")
    assert [(r.title, r.org) for r in mara.roles] == [("President", "Estonia")]
    # "State" of "Secretary of State" is part of the title, not an organisation.
    assert not any(m.text == "State" for m in mentions)


def test_outgoing_holder_gets_the_org_of_the_article(nlp: Language) -> None:
    text = (
        "United Nations Secretary General Pieter Halvorsen took office on Tuesday, "
        "succeeding outgoing secretary general Ines Calder."
    )
    _doc, _m, people = people_of(nlp, text)
    _, ines = person(people, "Ines Calder")
    assert [(r.title, r.org, r.qualifier) for r in ines.roles] == [
        ("Secretary General", "United Nations", "outgoing")
    ]


# ---- speakers ----


def test_speaker_by_name_and_role_phrase(nlp: Language) -> None:
    text = (
        "Ruritanian Foreign Minister Oleksandr Vetrov met Mayor Lena Ortiz in Vienna. "
        '"Talks were useful," the foreign minister said. '
        '"We will meet again," Ortiz said. '
        '"Nothing was agreed," the mayor added. '
        '"Ask the ambassador," a diplomat said.'
    )
    doc, mentions, people = people_of(nlp, text)
    quotes = [
        quote(text, "Talks were useful", "the foreign minister"),
        quote(text, "We will meet again", "Ortiz"),
        quote(text, "Nothing was agreed", "the mayor"),
        quote(text, "Ask the ambassador", "a diplomat"),
    ]
    resolve_speakers(doc, quotes, mentions, people)
    assert [q.speaker for q in quotes] == ["Oleksandr Vetrov", "Lena Ortiz", "Lena Ortiz", None]
    vi, vetrov = person(people, "Oleksandr Vetrov")
    assert quotes[0].speaker_cluster == vi
    assert "the foreign minister" in vetrov.aliases
    assert (quotes[0].speaker_start, quotes[0].speaker_end) in vetrov.mentions


def test_org_leader_phrase_and_generic_org(nlp: Language) -> None:
    text = (
        "NATO Secretary General Pieter Halvorsen met Prime Minister Ivo Kask of Estonia "
        'in Tallinn on Friday. "We stand together," the NATO leader said. '
        '"The alliance is ready," the alliance\'s chief added.'
    )
    doc, mentions, people = people_of(nlp, text)
    quotes = [
        quote(text, "We stand together", "the NATO leader"),
        quote(text, "The alliance is ready", "the alliance's chief"),
    ]
    resolve_speakers(doc, quotes, mentions, people)
    assert [q.speaker for q in quotes] == ["Pieter Halvorsen", "Pieter Halvorsen"]


def test_pronoun_after_two_people_prefers_recent_subject(nlp: Language) -> None:
    text = (
        "Mayor Lena Ortiz met Governor Paul Decker in Denver on Monday. "
        "Decker told Ortiz that the bridge would be rebuilt. "
        '"We will find the money," he said.'
    )
    doc, mentions, people = people_of(nlp, text)
    q = quote(text, "We will find the money", "he")
    resolve_speakers(doc, [q], mentions, people)
    assert q.speaker == "Paul Decker"
    _, decker = person(people, "Paul Decker")
    assert "he" in decker.aliases


def test_pronoun_gender_from_honorifics_beats_subject(nlp: Language) -> None:
    text = (
        "Mr Tomas Decker met Ms Lena Ortiz in Denver. Decker praised the plan. "
        '"It is a good start," she said.'
    )
    doc, mentions, people = people_of(nlp, text)
    q = quote(text, "It is a good start", "she")
    resolve_speakers(doc, [q], mentions, people)
    assert q.speaker == "Lena Ortiz"


def test_pronoun_ignores_names_inside_quotes_and_follows_last_speaker(nlp: Language) -> None:
    text = (
        "Governor Paul Decker spoke in Denver on Monday. "
        '"I thank Mayor Lena Ortiz for her work," Decker said. '
        '"The bridge will open next year," he added.'
    )
    doc, mentions, people = people_of(nlp, text)
    quotes = [
        quote(text, "I thank Mayor Lena Ortiz for her work", "Decker"),
        quote(text, "The bridge will open next year", "he"),
    ]
    resolve_speakers(doc, quotes, mentions, people)
    assert [q.speaker for q in quotes] == ["Paul Decker", "Paul Decker"]


def test_they_with_a_plural_subject_stays_unresolved(nlp: Language) -> None:
    text = (
        "Governor Paul Decker met union leaders in Denver. The workers rejected the offer. "
        '"We want more," they said.'
    )
    doc, mentions, people = people_of(nlp, text)
    q = quote(text, "We want more", "they")
    resolve_speakers(doc, [q], mentions, people)
    assert q.speaker is None and q.speaker_cluster is None


def test_quote_without_speaker_mention_stays_unresolved(nlp: Language) -> None:
    text = 'Governor Paul Decker spoke in Denver. "The bridge will open," a sign read.'
    doc, mentions, people = people_of(nlp, text)
    q = quote(text, "The bridge will open", None)
    resolve_speakers(doc, [q], mentions, people)
    assert q.speaker is None and q.speaker_cluster is None


def test_org_of_one_title_is_not_lent_to_another_person(nlp: Language) -> None:
    text = "Senator Ana Ruiz of Texas met Senator Carl Moss in Austin on Monday."
    _doc, _m, people = people_of(nlp, text)
    _, ana = person(people, "Ana Ruiz")
    _, carl = person(people, "Carl Moss")
    assert [(r.title, r.org) for r in ana.roles] == [("Senator", "Texas")]
    assert [(r.title, r.org) for r in carl.roles] == [("Senator", None)]


def test_generic_head_without_org_stays_unresolved(nlp: Language) -> None:
    text = 'President Mara Ilves spoke in Tallinn. "We are ready," the head said.'
    doc, mentions, people = people_of(nlp, text)
    q = quote(text, "We are ready", "the head")
    resolve_speakers(doc, [q], mentions, people)
    assert q.speaker is None


def test_garbled_repeated_name_collapses(nlp: Language) -> None:
    from onrecord.nlp.people.names import name_parts

    assert name_parts("Decker Decker") == ["Decker"]
    # Jr. marks another person than Paul Decker: it stays part of the name
    assert name_parts("Mr. Paul Decker Jr.") == ["Paul", "Decker", "Jr."]


def test_roles_read_countries_from_the_shared_lexicon_without_capitals() -> None:
    from onrecord import lexicon
    from onrecord.nlp.people.roles import country_name

    # one table: roles and pledges agree on every country and nationality word
    for word in ("U.S.", "American", "British", "Dutch", "Ukrainian", "Soviet", "Taiwanese"):
        assert country_name(word) == lexicon.country(word), word
    # a capital is the state when it acts ("Moscow said"), never inside a title or a name
    assert lexicon.country("Washington") == "United States"
    assert country_name("Washington") is None and country_name("Kremlin") is None
    # "European" is the European Union (an organisation), not a country, everywhere
    assert lexicon.demonym_of("European") == "European Union" and country_name("European") is None
