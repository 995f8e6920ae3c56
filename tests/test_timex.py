"""Temporal expressions and statement dates, on sentences written for these tests.

DCT 2024-12-05 is a Thursday in ISO week 49; the expected values below were worked out by
hand from a calendar, not copied from the extractor's output.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from spacy.language import Language

from onrecord.models import Timex
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.time.timex import extract_timexes, statement_date

DCT = "2024-12-05"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def timexes(nlp: Language, text: str, dct: str | None = DCT) -> list[Timex]:
    return extract_timexes(nlp(text), dct)


def one(nlp: Language, text: str, dct: str | None = DCT) -> Timex:
    found = timexes(nlp, text, dct)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "extent", "type_", "value"),
    [
        ("The council met today in Brockton.", "today", "DATE", "2024-12-05"),
        ("The council met on Wednesday.", "Wednesday", "DATE", "2024-12-04"),
        ("The council met Thursday to vote.", "Thursday", "DATE", "2024-12-05"),
        ("The council will meet on Wednesday.", "Wednesday", "DATE", "2024-12-11"),
        ("Mayor Vell resigned last week.", "last week", "DATE", "2024-W48"),
        ("The vote took place on December 3.", "December 3", "DATE", "2024-12-03"),
        ("On February 14, the board voted.", "February 14", "DATE", "2024-02-14"),
        (
            "The expo runs December 3-4, 2024.",
            "December 3-4, 2024",
            "DATE",
            "2024-12-03/2024-12-04",
        ),
        ("The pact was signed Oct. 3, 2024.", "Oct. 3, 2024", "DATE", "2024-10-03"),
        ("The fair drew crowds this summer.", "this summer", "DATE", "2024-SU"),
        ("Exports rose this year.", "this year", "DATE", "2024"),
        ("Prices fell in the last few weeks.", "the last few weeks", "DURATION", "PXW"),
        ("Talks continue within the next two days.", "the next two days", "DURATION", "P2D"),
        ("The budget plans for 2026.", "2026", "DATE", "2026"),
        ("Arcade games boomed in the 1990s.", "the 1990s", "DATE", "199"),
        ("The repairs took two years.", "two years", "DURATION", "P2Y"),
        ("The club meets every week.", "every week", "SET", "P1W"),
        ("Rents are rising now.", "now", "DATE", "PRESENT_REF"),
        ("The firm recently hired Ana Pell.", "recently", "DATE", "PAST_REF"),
        ("The bakery opened earlier this month.", "earlier this month", "DATE", "2024-12"),
        ("Tram use doubled over the past decade.", "the past decade", "DURATION", "P10Y"),
        ("The bridge closed two years ago.", "two years ago", "DATE", "2022"),
        ("Fares rose last spring.", "last spring", "DATE", "2024-SP"),
        ("Ferries sail daily to Orrin Island.", "daily", "SET", "P1D"),
        ("The mill shut in March 2019.", "March 2019", "DATE", "2019-03"),
        ("She was born on 3 December 1980.", "3 December 1980", "DATE", "1980-12-03"),
        ("Sales rose in the third quarter.", "the third quarter", "DATE", "2024-Q3"),
        ("The talks ended yesterday.", "yesterday", "DATE", "2024-12-04"),
        ("The vote is tomorrow morning.", "tomorrow morning", "TIME", "2024-12-06TMO"),
        ("The polls close at 8 p.m. today.", "8 p.m. today", "TIME", "2024-12-05T20:00"),
        ("It has rained for more than three weeks.", "more than three weeks", "DURATION", "P3W"),
        ("The blast came at 14:30 GMT.", "14:30 GMT", "TIME", "2024-12-05T14:30"),
        (
            "Posted 2024-11-30T09:05:00Z by the desk.",
            "2024-11-30T09:05:00Z",
            "TIME",
            "2024-11-30T09:05",
        ),
    ],
)
def test_expression_forms(nlp: Language, text: str, extent: str, type_: str, value: str) -> None:
    found = one(nlp, text)
    assert (found.text, found.type, found.value) == (extent, type_, value)
    assert text[found.start : found.end] == found.text


def test_relative_values_say_they_used_the_dct(nlp: Language) -> None:
    assert one(nlp, "The council met today.").anchored
    assert one(nlp, "The council met on Wednesday.").anchored
    assert not one(nlp, "The pact was signed Oct. 3, 2024.").anchored
    assert not one(nlp, "The repairs took two years.").anchored


def test_weekday_direction_follows_tense(nlp: Language) -> None:
    # DCT Thursday 2024-12-05: a Monday in the past is Dec 2, a Monday ahead Dec 9.
    assert one(nlp, "The union voted on Monday.").value == "2024-12-02"
    assert one(nlp, "The union will vote on Monday.").value == "2024-12-09"
    assert one(nlp, "The union voted last Monday.").value == "2024-12-02"
    assert one(nlp, "The union votes next Monday.").value == "2024-12-09"
    # "said Friday" on a Friday is that very Friday
    assert (
        one(nlp, "The minister said Friday the road is safe.", "2024-12-06").value == "2024-12-06"
    )


def test_yearless_dates_near_the_year_boundary(nlp: Language) -> None:
    # Written on 2025-01-10, "December 28" in a past-tense clause is last year's.
    assert one(nlp, "The ferry sank on December 28.", "2025-01-10").value == "2024-12-28"
    # Written in December, "January 15" in a future clause is next year's.
    assert one(nlp, "The ferry will sail on January 15.", DCT).value == "2025-01-15"


def test_seasons_relative_to_the_dct(nlp: Language) -> None:
    assert one(nlp, "Snow fell this winter.", "2025-12-03").value == "2025-WI"
    assert one(nlp, "Snow fell last winter.", "2025-12-03").value == "2024-WI"
    assert one(nlp, "The lake froze last summer.", "2025-03-01").value == "2024-SU"
    assert one(nlp, "Crops will recover next spring.", DCT).value == "2025-SP"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The council met today.", None),
        ("The vote took place on December 3.", "XXXX-12-03"),
        ("The council met Thursday.", "XXXX-WXX-4"),
        ("The fair drew crowds this summer.", "XXXX-SU"),
        ("Mayor Vell resigned last week.", None),
        ("The bridge closed two years ago.", None),
        ("The budget plans for 2026.", "2026"),
        ("The repairs took two years.", "P2Y"),
        ("Rents are rising now.", "PRESENT_REF"),
    ],
)
def test_without_a_dct_no_year_is_invented(nlp: Language, text: str, value: str | None) -> None:
    found = one(nlp, text, None)
    assert found.value == value
    assert not found.anchored


def test_no_dct_never_yields_a_year_that_is_not_written(nlp: Language) -> None:
    text = (
        "Mayor Vell spoke on Tuesday and again today. Last month the plant reopened; "
        "next year it will double output, she said on March 3."
    )
    for t in timexes(nlp, text, None):
        assert t.value is None or not re.match(r"\d{4}", t.value), t


@pytest.mark.parametrize(
    "text",
    [
        "May I ask a question?",
        "The protesters march to the square.",
        "About 2,000 troops crossed the river.",
        "Some 1500 people signed the petition.",
        "A 6-year-old boy found the coin.",
        "The future of the harbour is uncertain.",
        "Her SAT scores rose.",
    ],
)
def test_things_that_are_not_timexes(nlp: Language, text: str) -> None:
    assert timexes(nlp, text) == []


def test_anaphoric_time_takes_the_last_mentioned_day(nlp: Language) -> None:
    text = "The board gathered on November 20. The vote came that evening."
    found = {t.text: t.value for t in timexes(nlp, text)}
    assert found.get("November 20") == "2024-11-20"
    assert found.get("that evening") == "2024-11-20TEV"


# ---- statement_date ----


def said_on(nlp: Language, text: str, content: str, dct: str | None) -> tuple[str | None, ...]:
    doc = nlp(text)
    start = text.index(content)
    return statement_date(doc, start, start + len(content), extract_timexes(doc, dct), dct)


def test_statement_date_from_the_reporting_clause(nlp: Language) -> None:
    text = "On February 14, Mayor Lena Ortiz stated that the bridge would reopen."
    assert said_on(nlp, text, "the bridge would reopen", "2025-04-04") == ("2025-02-14", "text")


def test_statement_date_after_an_inverted_quote(nlp: Language) -> None:
    text = "\u201cWe will not back down,\u201d Ortiz said on Monday."
    assert said_on(nlp, text, "We will not back down,", "2025-12-03") == ("2025-12-01", "text")


def test_date_inside_the_statement_is_not_its_date(nlp: Language) -> None:
    text = "Governor Ames said the program must keep running in 2026 and beyond."
    content = "the program must keep running in 2026 and beyond"
    assert said_on(nlp, text, content, "2025-12-03") == ("2025-12-03", "published")
    text = "Ortiz said the depot would open on March 9."
    assert said_on(nlp, text, "the depot would open on March 9", DCT) == (DCT, "published")


def test_dates_of_other_clauses_or_coarse_dates_do_not_count(nlp: Language) -> None:
    text = "Ortiz, who met the union on Monday, said the deal was fair."
    assert said_on(nlp, text, "the deal was fair", DCT) == (DCT, "published")
    text = "Ortiz said last week that the deal was fair."
    assert said_on(nlp, text, "the deal was fair", DCT) == (DCT, "published")


def test_statement_date_from_a_day_with_a_time_of_day(nlp: Language) -> None:
    text = "On Monday evening, Ortiz said that the deal was fair."
    assert said_on(nlp, text, "the deal was fair", DCT) == ("2024-12-02", "text")


def test_holidays_follow_the_tense(nlp: Language) -> None:
    # Thanksgiving 1999 was November 25; seen from January 2000 in a past clause
    assert one(nlp, "The boy was rescued on Thanksgiving Day.", "2000-01-10").value == "1999-11-25"
    assert one(nlp, "Shops close on Christmas Day.", DCT).value == "2024-12-25"


@pytest.mark.timeout(60)
def test_statement_span_may_cover_the_whole_sentence(nlp: Language) -> None:
    # The span holds the sentence root: the climb out of the span must still stop.
    text = "Ortiz said the deal was fair."
    assert said_on(nlp, text, text, DCT) == (DCT, "published")
    text = "On Monday, Ortiz said the deal was fair. Talks resume soon."
    assert said_on(nlp, text, text, DCT) == (DCT, "published")


def test_statement_date_without_any_date(nlp: Language) -> None:
    assert said_on(nlp, "Ortiz said that the deal was fair.", "the deal was fair", None) == (
        None,
        None,
    )
    # a yearless date with no DCT has no year to give: nothing is invented
    text = "On February 14, Ortiz stated that the deal was fair."
    assert said_on(nlp, text, "the deal was fair", None) == (None, None)
    text = "On February 14, 2025, Ortiz stated that the deal was fair."
    assert said_on(nlp, text, "the deal was fair", None) == ("2025-02-14", "text")


# ---- the seed articles (read from ../shared/corpora, never copied) ----

SEED_EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "000": [("February 14", "DATE", "2025-02-14")],
    "001": [("today", "DATE", "2024-12-03"), ("next two days", "DURATION", "P2D")],
    "002": [
        ("Wednesday", "DATE", "2025-12-03"),
        ("today", "DATE", "2025-12-03"),
        ("this winter", "DATE", "2025-WI"),
        ("2026", "DATE", "2026"),
    ],
    "003": [
        ("December 3", "DATE", "2024-12-03"),
        ("December 3-4, 2024", "DATE", "2024-12-03/2024-12-04"),
        ("this year", "DATE", "2024"),
    ],
    "004": [
        ("Oct. 3, 2024", "DATE", "2024-10-03"),
        ("Thursday", "DATE", "2024-10-03"),
        ("Tuesday", "DATE", "2024-10-01"),
        ("this summer", "DATE", "2024-SU"),
        ("the last few weeks", "DURATION", "PXW"),
        ("2022", "DATE", "2022"),
    ],
}


def _seeds(seeds_dir: Path, seeds_metadata: Path) -> dict[str, tuple[str, str]]:
    with seeds_metadata.open(encoding="utf-8") as fh:
        dates = {row["path"]: row["published"] for row in csv.DictReader(fh)}
    return {
        path.name[:3]: (path.read_text(encoding="utf-8"), dates[path.name])
        for path in sorted(seeds_dir.glob("*.txt"))
    }


def test_seed_articles(nlp: Language, seeds_dir: Path, seeds_metadata: Path) -> None:
    for key, (text, dct) in _seeds(seeds_dir, seeds_metadata).items():
        found = {(t.text, t.type, t.value) for t in timexes(nlp, text, dct)}
        for expected in SEED_EXPECTED[key]:
            assert expected in found, (key, expected, sorted(found, key=str))


def test_seed_statement_dates(nlp: Language, seeds_dir: Path, seeds_metadata: Path) -> None:
    seeds = _seeds(seeds_dir, seeds_metadata)
    text, dct = seeds["000"]
    doc = nlp(text)
    found = extract_timexes(doc, dct)
    sentence = next(s for s in doc.sents if "February 14" in s.text)
    content_start = sentence.start_char + sentence.text.index(" that ") + len(" that ")
    assert statement_date(doc, content_start, sentence.end_char, found, dct) == (
        "2025-02-14",
        "text",
    )
    # A quote that plans ahead for a year is dated by publication, not by that year.
    text, dct = seeds["002"]
    doc = nlp(text)
    found = extract_timexes(doc, dct)
    sentence = next(s for s in doc.sents if "2026" in s.text)
    open_quote = sentence.text.index("\u201c")
    close_quote = sentence.text.index("\u201d", open_quote)
    start = sentence.start_char + open_quote + 1
    end = sentence.start_char + close_quote
    assert statement_date(doc, start, end, found, dct) == (dct, "published")
