"""Who is speaking in passages with two or more people, on text written for these tests.

Each case is a shape that put a wrong name (or none) on a quote in news articles (issue #10):
a pronoun after a two-person sentence, a surname the model tagged as an organisation, an
unnamed spokesperson, a description instead of a name, a relative "who", a paragraph about
somebody else before a cue-less quote. People and places are fictional; the spaCy model is
the real one and the whole per-document analysis runs, as in ``onrecord analyze``.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from onrecord.link.entities import _Holders
from onrecord.models import Quote
from onrecord.nlp.analyze import analyze_doc
from onrecord.nlp.people.roles import orgs_match, parse_role_phrase
from onrecord.nlp.pipeline import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quote(nlp: Language, text: str, containing: str) -> Quote:
    found = [q for q in analyze_doc(nlp(text), "2024-05-01").quotes if containing in q.text]
    assert len(found) == 1, [(q.text, q.speaker_mention) for q in found]
    return found[0]


def test_pronoun_continues_the_last_speaker_not_the_other_person_of_the_pair(
    nlp: Language,
) -> None:
    text = (
        "Army Chief of Staff Gen. Ray Ostrander warned this week that only two brigades are "
        "ready.\n\nOstrander and Army Secretary John Mahlberg both addressed the conference "
        "on Monday and appealed to lawmakers for stable funding.\n\n"
        '"Working like this is just dysfunctional," Ostrander said.\n\n'
        'He said that after the cuts, "we had to stop training basically" last year.'
    )
    q = quote(nlp, text, "stop training")
    assert q.speaker == "Ray Ostrander"
    assert q.speaker_evidence == "pronoun"


def test_names_in_reported_speech_are_antecedents(nlp: Language) -> None:
    text = (
        "Former agency director Daniel Pretorius testified on Friday, according to Rep. "
        "Peter Kington.\n\n"
        '"He clearly believes it was planned," said Rep. Peter Kington.\n\n'
        "Pretorius discussed early on his resignation, according to lawmakers. He said the "
        "inquiry was a matter completely separate from his departure."
    )
    q = quote(nlp, text, "completely separate")
    assert q.speaker == "Daniel Pretorius"


def test_an_unnamed_spokesperson_speaks_for_the_organisation(nlp: Language) -> None:
    text = (
        "Harlow Networks said on Tuesday it would label the posts. Campaign manager Anna "
        'Velde said the labels were unfair.\n\n"These posts contain misleading claims and '
        'have been labelled," a Harlow Networks spokesperson told reporters.'
    )
    q = quote(nlp, text, "misleading claims")
    assert (q.speaker, q.speaker_type) == ("Harlow Networks", "organisation")


def test_a_spokeswoman_of_the_white_house_is_not_the_named_one(nlp: Language) -> None:
    text = (
        "White House spokeswoman Lena Marsh said on Monday the talks would go on.\n\n"
        "A White House spokeswoman on Friday confirmed that the tariffs would go ahead."
    )
    q = quote(nlp, text, "tariffs would go ahead")
    assert q.speaker == "White House"


def test_a_description_is_the_person_just_named(nlp: Language) -> None:
    text = (
        "Former congressman Joe Walden said on Sunday he would challenge the president.\n\n"
        "Walden admitted that he had played a part in the division in Washington.\n\n"
        '"I helped create this," the Tea Party favorite told a television host.'
    )
    q = quote(nlp, text, "I helped create this")
    assert q.speaker == "Joe Walden"
    assert q.speaker_evidence == "role"


def test_a_description_with_two_people_around_stays_unknown(nlp: Language) -> None:
    text = (
        "Joe Walden and Mark Tessel met voters in Dayton on Sunday.\n\n"
        '"We will win this state," the Tea Party favorite said.'
    )
    assert quote(nlp, text, "win this state").speaker is None


def test_relative_who_is_the_person_named_before_it(nlp: Language) -> None:
    text = (
        "That account differed from that of Rep. Dirk Ruppman (D-Md.), who said the agency "
        "had reinforced the belief among officials."
    )
    q = quote(nlp, text, "reinforced the belief")
    assert q.speaker == "Dirk Ruppman"


def test_a_quote_paragraph_after_narration_about_someone_else_is_theirs(nlp: Language) -> None:
    text = (
        'Mr Obrecht said that, despite their differences, "we were on the same team".\n\n'
        'He added: "John understood that our strength comes from our values."\n\n'
        "Mr Kastner - who defeated Mr Lanning for the nomination in 2000 - paid tribute to "
        "the senator's courage and honesty.\n\n"
        '"At various points during his long career, John confronted practices that he '
        'believed were unworthy of his country."'
    )
    q = quote(nlp, text, "At various points")
    assert q.speaker == "Kastner"


def test_a_relative_of_a_person_is_not_that_person(nlp: Language) -> None:
    text = (
        "Captain Omar Haddani died in 2004.\n\n"
        "Making the circuit of the Sunday shows, Haddani's father said the attack had "
        '"nothing to do with faith."'
    )
    assert quote(nlp, text, "nothing to do with faith").speaker is None


def test_they_after_an_institution_is_the_institution(nlp: Language) -> None:
    text = (
        "The Harbor City Gazette fired its editor Drew Jansen on Thursday.\n\n"
        "The newspaper denied the firing had anything to do with his column. They said the "
        'headline was "not the original headline approved for publication."'
    )
    q = quote(nlp, text, "not the original headline")
    assert q.speaker != "Drew Jansen"


def test_the_administration_of_the_sitting_president(nlp: Language) -> None:
    text = (
        "President Obama appointed three members to the labour board in January.\n\n"
        "A court ruled in May that another appointment was invalid.\n\n"
        "The administration argues that invalidating these appointments would undo a "
        "hundred years of practice."
    )
    q = quote(nlp, text, "invalidating these appointments")
    assert (q.speaker, q.speaker_type) == ("Obama administration", "organisation")


def test_inline_biography_links_are_no_part_of_names(nlp: Language) -> None:
    text = (
        "Campaign manager Brad Pascoe Bradley (Brad) James PascoeMORE had previously "
        'condemned the fact check, saying in a statement, "This is only a smoke screen."'
    )
    q = quote(nlp, text, "smoke screen")
    assert q.speaker == "Brad Pascoe"


# ---- role phrases ----


@pytest.mark.parametrize(
    ("phrase", "title", "org"),
    [
        ("the embattled premier", "Prime Minister", None),
        ("the veteran senator", "Senator", None),
        ("the Holy Father", "Pope", None),
        ("Attorney Gen.", "Attorney General", None),
        ("the Commerce Department's inspector general", "Inspector General", "Commerce Department"),
        ("the UN Secretary-General", "Secretary General", "UN"),
        ("a spokesman for the State Department", "Spokesperson", "State Department"),
    ],
)
def test_role_phrases_with_adjectives_synonyms_and_compound_titles(
    phrase: str, title: str, org: str | None
) -> None:
    p = parse_role_phrase(phrase)
    assert p is not None and (p.title, p.org) == (title, org)


@pytest.mark.parametrize(
    "phrase", ["the chief medical officer", "the deputy premier of nowhere", "the presiding judge"]
)
def test_titles_we_do_not_know_stay_unknown(phrase: str) -> None:
    p = parse_role_phrase(phrase)
    assert p is None or p.title not in ("Chief", "Prime Minister", "Judge")


def test_party_nicknames_match_the_party() -> None:
    assert orgs_match("Tory", "Conservative Party")
    assert orgs_match("Democratic", "Senate Democratic")
    assert not orgs_match("Republican", "Senate")


def test_embattled_premier_is_the_premier_the_article_names(nlp: Language) -> None:
    text = (
        "Prime Minister Ilse Varnholt faced a confidence vote on Tuesday.\n\n"
        '"We will not resign," the embattled premier said.'
    )
    assert quote(nlp, text, "not resign").speaker == "Ilse Varnholt"


# ---- the corpus roles table: unambiguous at the date, or nothing ----


def test_holder_at_the_date_for_one_holder_after_another() -> None:
    h = _Holders()
    h.add("ruritania", "President", 100, "PERSON:a")
    h.add("ruritania", "President", 200, "PERSON:a")
    h.add("ruritania", "President", 400, "PERSON:b")
    h.freeze()
    assert h.nearest(["ruritania"], "President", 250) == "PERSON:a"
    assert h.nearest(["ruritania"], "President", 450) == "PERSON:b"
    assert h.nearest(["ruritania"], "President", 50) == "PERSON:a"


def test_overlapping_tenures_mean_several_seats_and_no_answer() -> None:
    h = _Holders()
    h.add("ruritania", "Governor", 100, "PERSON:a")
    h.add("ruritania", "Governor", 150, "PERSON:b")
    h.add("ruritania", "Governor", 200, "PERSON:a")
    h.freeze()
    assert h.nearest(["ruritania"], "Governor", 160) is None


@pytest.mark.parametrize(
    "speaker", ["a spokesman for Sen. Dale Harlan", "an aide to Mayor Petra Voss"]
)
def test_someone_speaking_for_a_person_is_not_that_person(nlp: Language, speaker: str) -> None:
    text = f'"The senator has no plans to resign," {speaker} said on Monday.'
    q = quote(nlp, text, "no plans to resign")
    assert q.speaker is None, (q.speaker_mention, q.speaker)


def test_a_title_cut_from_its_organisation_is_not_the_president(nlp: Language) -> None:
    text = (
        "President Donald Trump spoke at the rally on Friday.\n\n"
        'The March for Life president praised Trump, saying "he has done more than anyone" '
        "for the cause."
    )
    assert quote(nlp, text, "done more than anyone").speaker != "Donald Trump"


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        ("The average American says the economy is getting better and better.", "economy"),
        ("Officials said a super PAC called Act Now told donors the rules were unclear.", "rules"),
    ],
)
def test_people_and_unnamed_bodies_are_not_institutions(
    nlp: Language, text: str, containing: str
) -> None:
    q = quote(nlp, text, containing)
    assert q.speaker_type not in ("government", "organisation"), (q.speaker_mention, q.speaker)


def test_a_title_holder_named_in_passing_is_not_the_one_speaking(nlp: Language) -> None:
    text = (
        '"We cannot look backwards," Obrecht said at the assembly on Monday, hours ahead of a '
        "tense meeting with President Vadim Sorokin.\n\n"
        'The president criticised the annexation, saying "borders cannot be redrawn by force."'
    )
    assert quote(nlp, text, "borders cannot be redrawn").speaker != "Vadim Sorokin"


def test_one_member_of_a_caucus_is_not_the_caucus(nlp: Language) -> None:
    text = "The opposition made the deal harder to back, one Senate Democrat said on Friday."
    q = quote(nlp, text, "harder to back")
    assert q.speaker is None, (q.speaker_mention, q.speaker)


@pytest.mark.parametrize(
    ("text", "containing", "speaker"),
    [
        (
            'View co-host Joy Bellamy asked, "Is it spying or is it an informant?"',
            "spying",
            "Joy Bellamy",
        ),
        (
            "Gang of Eight leader Charles Schuman, D-N.Y., says he thinks many senators want to "
            "back the bill.",
            "many senators",
            "Charles Schuman",
        ),
    ],
)
def test_a_title_before_the_name_is_the_named_person(
    nlp: Language, text: str, containing: str, speaker: str
) -> None:
    assert quote(nlp, text, containing).speaker == speaker


def test_but_the_president_is_still_the_president(nlp: Language) -> None:
    text = (
        "President Donald Trump spoke to reporters on Friday. \"I don't think it's right,\" "
        "Trump said.\n\nBut the president declined to say whether he would pardon anyone, "
        "saying he had not thought about it."
    )
    q = quote(nlp, text, "not thought about it")
    assert q.speaker == "Donald Trump", (q.speaker_mention, q.speaker)


def test_two_institutions_at_once_are_no_single_speaker(nlp: Language) -> None:
    text = "But both the White House and the CIA said the report was inaccurate."
    assert quote(nlp, text, "report was inaccurate").speaker is None


def test_the_paper_is_the_full_name_written_earlier(nlp: Language) -> None:
    text = (
        "The Harbor City Journal reported the meetings late on Wednesday.\n\n"
        'The Journal said its sources were "people familiar with the matter." The paper said '
        "it had asked the ministry for comment."
    )
    q = quote(nlp, text, "asked the ministry")
    assert q.speaker == "Harbor City Journal", (q.speaker_mention, q.speaker)


def test_a_surname_the_model_calls_a_nationality_is_the_person(nlp: Language) -> None:
    text = (
        "Attorney General Jeff Sessions met the ambassador twice last year. Trump said he "
        'still had "total" confidence in him.\n\n'
        "Responding to the reports, Sessions didn't deny the meetings took place; instead, he "
        "said that he had never discussed the campaign."
    )
    q = quote(nlp, text, "meetings took place")
    assert q.speaker == "Jeff Sessions", (q.speaker_mention, q.speaker)


def test_the_party_after_its_caucus_is_the_caucus(nlp: Language) -> None:
    text = (
        "Senate Republicans are urging the court to limit recess appointments.\n\n"
        "Republicans, in their brief, said the court should rule on the 2012 appointments."
    )
    q = quote(nlp, text, "2012 appointments")
    assert (q.speaker, q.speaker_type) == ("Senate Republicans", "organisation"), q.speaker_mention


def test_a_named_group_leading_others_speaks_for_the_letter(nlp: Language) -> None:
    text = (
        '"Continuing the tariff escalation only expands the harm," the National Retail '
        "Federation and 150 other business groups said in a letter."
    )
    q = quote(nlp, text, "tariff escalation")
    assert q.speaker == "National Retail Federation", (q.speaker_mention, q.speaker)


def test_a_caucus_named_far_earlier_is_not_the_party(nlp: Language) -> None:
    filler = "The budget fight went on for weeks with no end in sight. " * 30
    text = (
        "Senate Republicans met on Monday.\n\n" + filler + "\n\n"
        "Republicans said the new law would be repealed within a year."
    )
    q = quote(nlp, text, "repealed within a year")
    assert q.speaker != "Senate Republicans"


@pytest.mark.parametrize(
    ("text", "containing", "not_speaker"),
    [
        (
            "Health commissioner Patricia Rubens spoke about COVID-19 on Monday.\n\n"
            '"Many do not answer their phones," she added.',
            "answer their phones",
            "COVID-19",
        ),
        (
            'The Freedom Caucus met on Tuesday.\n\n"We want a better bill," he said.',
            "a better bill",
            "Freedom Caucus",
        ),
    ],
)
def test_diseases_and_caucuses_are_no_people(
    nlp: Language, text: str, containing: str, not_speaker: str
) -> None:
    assert quote(nlp, text, containing).speaker != not_speaker


def test_a_nationality_in_the_plural_is_no_government(nlp: Language) -> None:
    q = quote(nlp, "Americans say the economy is getting better and better.", "economy")
    assert q.speaker_type != "government", (q.speaker_mention, q.speaker)


def test_a_titled_surname_before_a_full_name_of_the_other_gender_is_someone_else(
    nlp: Language,
) -> None:
    text = (
        "President Halvorsen on Saturday led a day of remembrance while renewing his call for "
        "tighter gun laws, before he and first lady Michelle Halvorsen visited the school.\n\n"
        '"We have to do more to heal troubled minds," the president said.'
    )
    q = quote(nlp, text, "heal troubled minds")
    assert q.speaker != "Michelle Halvorsen", (q.speaker_mention, q.speaker)


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        (
            "President Donald Trump spoke on Monday. The Justice Department and Trump both "
            "said the case was not political.",
            "not political",
        ),
        (
            "According to congressman Duffield and President Trump, the tariffs will stay as "
            "long as the talks go on.",
            "tariffs will stay",
        ),
    ],
)
def test_two_speakers_joined_by_and_are_no_single_speaker(
    nlp: Language, text: str, containing: str
) -> None:
    q = quote(nlp, text, containing)
    assert q.speaker is None, (q.speaker_mention, q.speaker)


def test_titles_joined_by_and_still_name_one_person(nlp: Language) -> None:
    text = (
        "Harbor News chairman and Evening Hour producer Jeffrey Fagerlund said the interview "
        "would air in full."
    )
    assert quote(nlp, text, "air in full").speaker == "Jeffrey Fagerlund"


def test_a_secretary_of_state_is_the_person_named(nlp: Language) -> None:
    text = "Secretary of State John Kerrigan said on Monday the airstrikes would continue."
    assert quote(nlp, text, "airstrikes would continue").speaker == "John Kerrigan"
