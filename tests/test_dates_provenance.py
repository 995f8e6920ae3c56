from onrecord.provenance import date_label, source_label


def test_the_two_wordings_of_the_issue() -> None:
    assert date_label("said", "2025-02-14", "text") == "said 2025-02-14 (from text)"
    assert date_label("published", "2025-04-04", "metadata") == "published 2025-04-04 (metadata)"


def test_every_stored_source_is_worded() -> None:
    assert date_label("published", "2024-10-03", "html") == "published 2024-10-03 (page metadata)"
    assert date_label("published", "2024-10-03", "feed") == "published 2024-10-03 (feed)"
    assert date_label("published", "2024-10-03", "story") == "published 2024-10-03 (from story)"
    assert date_label("said", "2024-10-03", "story") == "said 2024-10-03 (from story)"


def test_a_statement_dated_by_its_article_says_so_and_how_that_was_dated() -> None:
    assert date_label("said", "2024-10-03", "published") == "said 2024-10-03 (publication date)"
    assert (
        date_label("said", "2024-10-03", "published", via="text")
        == "said 2024-10-03 (publication date, from text)"
    )
    assert source_label("published", via="metadata") == "publication date, metadata"


def test_unknown_is_said_and_no_source_is_invented() -> None:
    assert date_label("said", None, "text") == "said date unknown"
    assert date_label("published", "2024-10-03", None) == "published 2024-10-03"
    assert source_label(None) is None
