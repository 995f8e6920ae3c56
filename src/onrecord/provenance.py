"""Where a shown date came from, in one wording for every surface (CLI, web, exports).

A date is only as trustworthy as its source: a quote "said 1963-11-22" looks authoritative
until the reader sees it was guessed from the text. So every date is shown with its
provenance, worded once here so that the CLI table, the quote cards and the pages agree:
``said 2025-02-14 (from text)``, ``published 2025-04-04 (metadata)``.
"""

from __future__ import annotations

# Stored provenance values (documents.published_from, quotes.said_on_from) -> the words shown.
SOURCES: dict[str, str] = {
    "metadata": "metadata",  # the user's sheet or the record's own date field
    "html": "page metadata",  # <meta>/JSON-LD of the fetched page
    "feed": "feed",  # the RSS/Atom entry
    "text": "from text",  # read from the article's text (ingest.dates) or the quote's sentence
    "story": "from story",  # inherited from the dated articles of its story
    "published": "publication date",  # a statement dated by its article's publication
}


def source_label(source: str | None, via: str | None = None) -> str | None:
    """The words for a provenance value; ``via`` tells where a publication date itself came
    from when a statement is dated by it ("publication date, from text")."""
    if not source:
        return None
    words = SOURCES.get(source, source)
    if source == "published" and via:
        words = f"{words}, {SOURCES.get(via, via)}"
    return words


def date_label(kind: str, date: str | None, source: str | None, via: str | None = None) -> str:
    """``said 2025-02-14 (from text)``, ``published 2025-04-04 (metadata)``.

    ``kind`` is the verb shown ("said", "published", "pledged"); an unknown date reads
    "<kind> date unknown" and a date without a recorded source is shown bare rather than
    given a source it does not have.
    """
    if not date:
        return f"{kind} date unknown"
    words = source_label(source, via)
    return f"{kind} {date} ({words})" if words else f"{kind} {date}"
