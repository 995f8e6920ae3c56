"""The shared lexicon: one answer per name, whoever asks."""

from __future__ import annotations

from onrecord import lexicon
from onrecord.nlp.money.pledges import normalize_donor


def test_names_aliases_and_demonyms_meet_in_one_canonical_name() -> None:
    assert lexicon.canonical("U.S.") == "United States"
    assert lexicon.canonical("the U.K.") == "United Kingdom"
    assert lexicon.canonical("E.U.") == "European Union"
    assert lexicon.canonical("Kyiv") == "Ukraine"
    assert lexicon.demonym_of("Ukrainian") == "Ukraine"
    assert lexicon.demonym_of("Dutch") == "Netherlands"
    assert lexicon.canonical("Ruritania") is None


def test_european_is_the_union_not_the_continent() -> None:
    """Roles and pledges disagreed; the lexicon decides once: the actor, not the place."""
    assert lexicon.demonym_of("European") == "European Union"
    assert lexicon.country("European") is None  # an organisation, not a state
    assert lexicon.country("German") == "Germany"


def test_pledge_donors_use_the_lexicon() -> None:
    assert normalize_donor("the US") == "United States"
    assert normalize_donor("Britain's") == "United Kingdom"
    assert normalize_donor("NATO allies") == "Allies"
    assert lexicon.alias_table()["american"] == "United States"


def test_a_foundation_network_is_one_donor_whatever_its_number() -> None:
    assert lexicon.canonical("Open Society Foundation") == "Open Society Foundations"
    assert lexicon.canonical("the Open Society Foundations") == "Open Society Foundations"
