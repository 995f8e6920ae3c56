"""Rules found by checking the demo record (examples/): datelines, titles after prepositions,
named member lists, a minister's "her government", gapped amounts, "the alliance".

Sentences are written for these tests; the people, places and bodies are fictional.
"""

from __future__ import annotations

from onrecord.models import Mention, Person, Pledge
from onrecord.nlp.money.amounts import extract_amounts
from onrecord.nlp.money.pledges import extract_pledges
from onrecord.nlp.people.extract import extract_people
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.time.datelines import find_datelines
from onrecord.nlp.time.timex import extract_timexes

DCT = "2025-06-04"


def _people(text: str) -> tuple[list[Mention], list[Person]]:
    return extract_people(load_nlp()(text))


def _pledges(text: str) -> list[Pledge]:
    doc = load_nlp()(text)
    mentions, _ = extract_people(doc)
    return extract_pledges(doc, extract_amounts(doc), extract_timexes(doc, DCT), [], mentions, DCT)


# ---- datelines ----


def test_datelines_at_a_paragraph_start() -> None:
    text = "Harbour deal signed\n\nOLDPORT, June 3, 2025 — Ministers of Ardia met.\n"
    (line,) = find_datelines(text)
    assert text[line.city_start : line.city_end] == "OLDPORT"
    assert text[line.end :].startswith("Ministers")
    agency = "BREMLOW (Coastal Wire) - The port reopened."
    assert [agency[d.city_start : d.city_end] for d in find_datelines(agency)] == ["BREMLOW"]


def test_a_name_and_a_dash_is_not_a_dateline() -> None:
    assert find_datelines("Jana Holm - a life at sea\n\nThe book is out.") == []
    assert find_datelines("He paused. OLDPORT, June 3 — not at a line start") == []


def test_dateline_city_is_a_place_not_a_person_or_donor() -> None:
    text = (
        "Harbour fund agreed\n\nOLDPORT, June 3, 2025 — Leaders of the Western Harbour League "
        "agreed today to provide 3 billion euros for Ardia next year."
    )
    mentions, people = _people(text)
    assert "OLDPORT" not in {p.name for p in people}
    assert all(m.label != "PERSON" for m in mentions if m.text == "OLDPORT")
    (p,) = _pledges(text)
    assert p.donors == ["Western Harbour League"]  # the leaders act for their body
    assert p.text.startswith("Leaders")


def test_town_only_seen_after_in_is_a_place() -> None:
    _, people = _people("Envoys of Ardia and Belmont met in Oldport on Tuesday.")
    assert "Oldport" not in {p.name for p in people}


# ---- titles ----


def test_lower_case_under_before_a_title_is_a_preposition() -> None:
    _, people = _people(
        "Ministers met for the first time under Secretary General Jana Holm on Tuesday."
    )
    (holm,) = [p for p in people if p.name == "Jana Holm"]
    assert [r.title for r in holm.roles] == ["Secretary General"]


def test_under_secretary_is_still_a_title() -> None:
    _, people = _people("Under Secretary General Jana Holm arrived on Tuesday.")
    (holm,) = [p for p in people if p.name == "Jana Holm"]
    assert [r.title for r in holm.roles] == ["Under Secretary General"]


# ---- donors ----


def test_named_members_in_apposition_are_the_donors() -> None:
    (p,) = _pledges(
        "Three members, Ardia, Belmont and Corvo, announced a joint 90 million euro package "
        "to rebuild the bridge."
    )
    assert p.donors == ["Ardia", "Belmont", "Corvo"]


def test_a_ministers_government_is_her_country() -> None:
    (p,) = _pledges(
        "Belmont's Defence Minister Jana Holm confirmed that her government would contribute "
        "40 million euros for new patrol boats."
    )
    assert p.donors == ["Belmont"]


def test_gapped_second_donor_gives_the_second_amount() -> None:
    found = _pledges("Ardia pledged $2 billion and Corvo USD 300 million for Belmont on Monday.")
    assert [(p.donors, p.amount) for p in found] == [(["Ardia"], 2e9), (["Corvo"], 3e8)]


def test_the_alliance_is_the_alliance_named_in_the_document() -> None:
    text = (
        "The Western Harbour Alliance held its annual meeting on Monday. The Western Harbour "
        "Alliance has 12 members. He announced that the alliance would provide a further "
        "2 billion euros for Ardia."
    )
    (p,) = _pledges(text)
    assert p.donors == ["Western Harbour Alliance"]


def test_pledge_span_starts_after_the_previous_closing_quote() -> None:
    text = (
        '"We will not wait," Jana Holm said."\nDuring the visit, Ardia and Corvo announced '
        "20 million euros to rebuild the terminal."
    )
    found = [p for p in _pledges(text) if p.amount == 2e7]
    assert found and found[0].text.startswith("During the visit")


def test_the_alliances_chief_gives_for_the_alliance() -> None:
    text = (
        "Envoys of the Western Harbour Alliance met on Monday. The alliance's chief announced "
        "a further 2 billion euros for Ardia."
    )
    found = [p for p in _pledges(text) if p.amount == 2e9]
    assert found and found[0].donors == ["Western Harbour Alliance"]


def test_a_british_ministers_government_is_the_united_kingdom() -> None:
    found = _pledges(
        "British Defence Minister Jana Holm said on Monday that her government would send "
        "30 million pounds of aid to Ardia."
    )
    assert found and found[0].donors == ["United Kingdom"]
