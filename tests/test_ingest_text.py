from __future__ import annotations

from onrecord.ingest.dates import find_full_dates, normalize_date, publication_date_from_text
from onrecord.ingest.text import parse_text

ARTICLE = """- Category
- Latest news
Harbour council approves new ferry link
By Jonas Pell – NORTHERN GAZETTE
The harbour council of Port Selin voted on Tuesday to fund a ferry link to the islands.
"This connects families," said council chair Mira Oste.
"""


def test_headline_furniture_and_byline_with_outlet() -> None:
    doc = parse_text(ARTICLE, "a.txt")
    assert doc.title == "Harbour council approves new ferry link"
    assert doc.byline == "Jonas Pell"
    assert doc.outlet == "Northern Gazette"
    assert "Category" not in doc.text and "By Jonas" not in doc.text
    assert doc.text.startswith("The harbour council")
    assert doc.text.endswith("council chair Mira Oste.")


def test_trailing_byline_is_not_body() -> None:
    doc = parse_text("Title line\nBody sentence one.\nBody sentence two.\nBy Ana Lisk\n", "b.txt")
    assert doc.byline == "Ana Lisk"
    assert doc.text == "Body sentence one.\nBody sentence two."


def test_caption_line_gives_a_text_date() -> None:
    text = (
        "Minister Kovan greets delegates in Port Selin Oct. 3, 2024.\n"
        "By Ana Lisk\n"
        "The delegates arrived on Thursday for talks.\n"
    )
    doc = parse_text(text, "c.txt")
    assert doc.caption == doc.title
    assert doc.text == "The delegates arrived on Thursday for talks."
    assert (
        publication_date_from_text(doc.text, title=doc.title, caption=doc.caption) == "2024-10-03"
    )


def test_photo_caption_inside_body_is_kept_apart() -> None:
    text = "Headline here\nPhoto: the quay at dawn (Photo by Ana Lisk)\nFirst body line.\n"
    doc = parse_text(text, "d.txt")
    assert doc.caption is not None and doc.caption.startswith("Photo:")
    assert doc.text == "First body line."


def test_markdown_heading_is_the_title() -> None:
    doc = parse_text("# The title\n\nParagraph one.\n\nParagraph two.\n", "e.md", markdown=True)
    assert doc.title == "The title"
    assert doc.text == "Paragraph one.\nParagraph two."


def test_full_dates_in_many_forms() -> None:
    text = "On Oct. 3, 2024 and 4 March 2025, then 2023-01-31 and December 3-4, 2024."
    values = [v for _, v in find_full_dates(text)]
    assert values == ["2024-10-03", "2025-03-04", "2023-01-31", "2024-12-03"]


def test_weekday_or_today_never_gives_a_date() -> None:
    body = "Ministers met today in the capital. On Thursday they will meet again on December 3."
    assert publication_date_from_text(body) is None


def test_a_dateline_is_the_publication_date() -> None:
    body = "LINDHOLM, March 12, 2025 — Ministers met. They recalled the summit of Oct. 3, 2024."
    assert publication_date_from_text(body) == "2025-03-12"


def test_several_dates_deep_in_text_are_not_guessed() -> None:
    body = "x" * 300 + " The treaty of May 1, 1999 was followed by the accord of June 2, 2004."
    assert publication_date_from_text(body) is None


def test_normalize_date_forms() -> None:
    assert normalize_date("2016-12-18") == "2016-12-18"
    assert normalize_date("2016-12-18T10:00:00Z") == "2016-12-18"
    assert normalize_date("7/4/16") == "2016-07-04"
    assert normalize_date("Tue, 03 Dec 2024 10:00:00 GMT") == "2024-12-03"
    assert normalize_date("Oct. 3, 2024") == "2024-10-03"
    assert normalize_date("2024") is None
    assert normalize_date("") is None
    assert normalize_date("2024-02-30") is None


def test_furniture_between_headline_and_byline() -> None:
    text = "Harbour reopens\n- World\n- Latest news\nBy Ana Lisk – Coast Post\n\nThe harbour reopened.\n"
    doc = parse_text(text, "f.txt")
    assert doc.title == "Harbour reopens" and doc.byline == "Ana Lisk"
    assert doc.text == "The harbour reopened."


def test_list_items_in_the_body_are_kept() -> None:
    text = "Budget passes\nThe budget funds:\n- two ferries\n- a new quay\n"
    doc = parse_text(text, "g.txt")
    assert "- two ferries" in doc.text and "- a new quay" in doc.text
