"""Explicit, full publication dates in running text (datelines, captions).

Only a date with day, month and year counts: a weekday or "today" alone never gives a year,
so such documents stay undated rather than get an invented date.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "Oct. 3, 2024", "October 3 2024"
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b")
# "3 October 2024"
_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b"
)
# (?=T\d) lets ISO 8601 datetimes such as "2025-03-14T09:30:00Z" (HTML/feed metadata) match
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?:\b|(?=T\d))")
# A range "December 3-4, 2024": the first day is when the event starts, not when it was published.
_RANGE_TAIL = re.compile(r"\s*[-–]\s*\d{1,2}")


def _make(year: str, month: str, day: str) -> str | None:
    m = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if m is None:
        return None
    try:
        return date(int(year), m, int(day)).isoformat()
    except ValueError:
        return None


def find_full_dates(text: str) -> list[tuple[int, str]]:
    """Every explicit full date in text as (offset, YYYY-MM-DD), in text order."""
    found: list[tuple[int, str]] = []
    for rx in (_MDY, _DMY, _ISO):
        for m in rx.finditer(text):
            value = _make(m["year"], m["month"], m["day"])
            if value:
                found.append((m.start(), value))
    # "December 3-4, 2024" reads as a range with the year after the second day
    for m in re.finditer(
        _MONTH + r"\s+(?P<day>\d{1,2})\s*[-–]\s*\d{1,2},?\s+(?P<year>(?:19|20)\d\d)\b", text
    ):
        value = _make(m["year"], m["month"], m["day"])
        if value:
            found.append((m.start(), value))
    return sorted(set(found))


def publication_date_from_text(
    text: str, *, title: str | None = None, caption: str | None = None
) -> str | None:
    """A publication date a careful reader would accept from the text alone.

    A dateline (a date in the first 200 characters) or a photo caption date is taken; otherwise
    the latest full date mentioned in the article, since an article cannot predate what it
    reports as past and scheduled future events are announced with a date too — so it is
    only used when it is the single full date given.
    """
    for piece in (caption, title):
        if piece:
            dates = find_full_dates(piece)
            if dates:
                return dates[0][1]
    dates = find_full_dates(text)
    if not dates:
        return None
    offset, value = dates[0]
    if offset < 200:
        return value
    distinct = {v for _, v in dates}
    if len(distinct) == 1:
        return value
    return None


_NUMERIC_US = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$")


def normalize_date(value: object) -> str | None:
    """Any publication-date value from metadata (ISO, RFC 2822, 'm/d/yy', 'Oct. 3, 2024') → YYYY-MM-DD.

    Returns None unless day, month and year are all present: a partial date is not a
    publication date.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO.match(s)
    if m:
        return _make(m["year"], m["month"], m["day"])
    m = _NUMERIC_US.match(s)
    if m:
        year = (
            m["y"] if len(m["y"]) == 4 else ("20" + m["y"] if int(m["y"]) < 70 else "19" + m["y"])
        )
        return _make(year, m["m"], m["d"])
    found = find_full_dates(s)
    if found:
        return found[0][1]
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
