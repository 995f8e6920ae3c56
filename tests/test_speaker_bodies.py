"""One name for one body (issue #10): an institution a quote is given to is shown by the full
name the article writes, or the lexicon knows, not by a short form a reader of another
article would not search for ("the CBO", "the Fed", "AP").

Every sentence is written for these tests; the bodies named are real public ones, the people
and their words are fictional. The real spaCy model runs the analysis and the corpus linking.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from onrecord import queries
from onrecord.lexicon import body_name, display_rank
from onrecord.models import Document
from onrecord.nlp.analyze import analyze_doc
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.quotes.speakers import _acronym_expansions
from onrecord.record import Record


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def speaker_of(nlp: Language, text: str, containing: str) -> tuple[str | None, str | None]:
    found = [q for q in analyze_doc(nlp(text), "2024-05-01").quotes if containing in q.text]
    assert len(found) == 1, [(q.text, q.speaker_mention) for q in found]
    return found[0].speaker, found[0].speaker_type


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        # an acronym the article spells out once is the body it spells out
        (
            "The Congressional Budget Office released new figures on the farm bill on Monday. "
            'The bill "would add $12 billion to deficits over a decade," the CBO said.',
            "deficits over a decade",
            ("Congressional Budget Office", "government"),
        ),
        # a clipped form the lexicon knows, with the type of the body it stands for
        (
            "Markets rose on Monday as traders bet on lower rates. Rates will fall "
            '"once inflation is back near two percent," the Fed said.',
            "inflation is back",
            ("Federal Reserve", "government"),
        ),
        # "X Department" is "Department of X" when the article writes the formal name too
        (
            "The Department of Justice opened an inquiry into the mill in March. The mine "
            '"broke the law for years," the Justice Department said on Friday.',
            "broke the law",
            ("Department of Justice", "government"),
        ),
    ],
)
def test_short_forms_become_the_full_name(
    nlp: Language, text: str, containing: str, expected: tuple[str, str]
) -> None:
    assert speaker_of(nlp, text, containing) == expected


def test_an_acronym_two_names_spell_stays_as_written() -> None:
    text = "The Cable Broadcasting Organisation and the Congressional Budget Office disagree."
    assert _acronym_expansions("CBO", text) == {
        "Cable Broadcasting Organisation",
        "Congressional Budget Office",
    }
    assert _acronym_expansions("DOJ", "the Department of Justice said") == {"Department of Justice"}
    # a headline about a person is no body's name
    assert _acronym_expansions("CMS", "Calls for Mrs. Sebelius to Resign Grow") == set()


def test_lexicon_ranks_full_names_first() -> None:
    assert body_name("the Fed") == ("Federal Reserve", "government")
    assert body_name("Apple") is None
    assert display_rank("NATO") == 0  # the lexicon's own canonical name, though an acronym
    assert display_rank("Congressional Budget Office") == 1
    assert display_rank("CBO") == 2
    assert display_rank("AP") == 2


def test_linked_body_is_shown_by_its_full_name(tmp_path: Path) -> None:
    """The corpus entity joins 'CBO' and the full name; the record shows the full name even
    when the article writes the acronym more often."""
    text = (
        "Budget outlook\n\nThe Congressional Budget Office published its outlook on Monday. "
        "The CBO expects slower growth. The CBO also revised its deficit figures, and the CBO "
        'said the debt "will pass the size of the economy by 2030," a first for the CBO.'
    )
    with Record(tmp_path / "record.db") as record:
        (a,) = record.store.add_documents([Document(text=text, source="a.txt")])
        record.analyze()
        record.link()
        quotes = queries.quotes(record.store, document_id=a.document_id)
    (q,) = [q for q in quotes if "size of the economy" in q["text"]]
    assert q["speaker"] == "Congressional Budget Office"


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        # the name written right before the document noun made the document
        (
            'Young voters are "tired of the gridlock," according to a new PBS/Norcross poll.',
            "tired of the gridlock",
            "PBS/Norcross",
        ),
        (
            'Lockdowns of the old alone would "halve the cost," according to new National '
            "Bureau of Coastal Trade findings.",
            "halve the cost",
            "National Bureau of Coastal Trade",
        ),
    ],
)
def test_a_document_named_by_its_maker(
    nlp: Language, text: str, containing: str, expected: str
) -> None:
    assert speaker_of(nlp, text, containing)[0] == expected


@pytest.mark.parametrize(
    ("text", "containing"),
    [
        # a month, a party's adjective, a transcript of what someone else said: no issuer
        (
            'Voters are "tired of the gridlock," according to a July poll.',
            "tired of the gridlock",
        ),
        (
            'The plan "will never pass the Senate," according to a Republican memo.',
            "never pass",
        ),
    ],
)
def test_no_maker_in_dates_or_parties(nlp: Language, text: str, containing: str) -> None:
    assert speaker_of(nlp, text, containing)[0] in (None,)


def test_a_day_before_the_document_is_no_maker(nlp: Language) -> None:
    text = (
        "The Ethics Committee wrote to the senator on Friday. Friday's letter says the "
        'senator "must answer within ten days."'
    )
    assert speaker_of(nlp, text, "must answer")[0] != "Friday"


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        # unnamed officials of a named place or body speak for it
        (
            "Officials in Oregon's Harwick County said on Monday that they had closed three "
            "bridges after the flood.",
            "closed three bridges",
            ("Harwick County", "government"),
        ),
        (
            "The storm hit the coast on Sunday. Officials at the Ministry of Transport said "
            "the bridges would reopen on Friday.",
            "bridges would reopen",
            ("Ministry of Transport", "government"),
        ),
    ],
)
def test_officials_of_a_named_body(
    nlp: Language, text: str, containing: str, expected: tuple[str, str]
) -> None:
    assert speaker_of(nlp, text, containing) == expected


def test_no_maker_across_a_sentence_end(nlp: Language) -> None:
    text = (
        "A statement from the Ministry of Ports arrived on Monday. The statement warns that "
        '"the harbour is closed to all traffic."'
    )
    assert speaker_of(nlp, text, "harbour is closed")[0] == "Ministry of Ports"


def test_a_body_head_word_is_nobody_s_name(nlp: Language) -> None:
    """'The Justice Department' can also read as the title 'Justice' and a person named
    'Department' (it did in a real article): the head word of a body is nobody's name, and
    the quote goes to the department, by the formal name the article writes."""
    from onrecord.models import Mention, Person, Quote
    from onrecord.nlp.quotes.speakers import resolve_other_speakers

    text = (
        "The Department of Justice joined the case in May. The Justice Department said on "
        'Friday that the rule "cannot stand."'
    )
    at = text.index("The Justice Department")
    end = at + len("The Justice Department")
    mentions = [Mention(at, end, "The Justice Department", "ORG")]
    person = Person(name="Department", aliases=["Department"], mentions=[(at + 12, end)])
    inner = text.index("cannot stand")
    q = Quote(
        start=inner,
        end=inner + len("cannot stand"),
        text="cannot stand",
        kind="direct",
        speaker_mention="The Justice Department",
        speaker_start=at,
        speaker_end=end,
        speaker_cluster=0,
        speaker="Department",
    )
    resolve_other_speakers(nlp(text), [q], mentions, [person])
    assert (q.speaker, q.speaker_type, q.speaker_cluster) == (
        "Department of Justice",
        "government",
        None,
    )


def test_a_body_name_the_model_missed_goes_on_after_its_head(nlp: Language) -> None:
    text = (
        "PHOTOS: Ten new harbor cranes\n\nThe bipartisan Committee for a Balanced Harbor "
        "Budget estimated that only about half of the increased spending in the harbor deal "
        "is paid for."
    )
    name = speaker_of(nlp, text, "about half")[0]
    assert name == "Committee for a Balanced Harbor Budget"
