"""Publication dates from running text: right or absent.

Metadata is the only reliable source of a publication date. When it is missing, a date in
the text is taken only if it *dates the article* and nothing else in the text contradicts it:

1. a "Published …"/"Posted …" line, or a dateline ("LINDHOLM, Oct. 3, 2024 —"); an
   "Updated …" line only when the article names that day's weekday (see rule 2);
2. a caption or title date whose weekday the article uses for its news ("… in Kyiv Oct. 3,
   2024." over a story that says "visited Ukraine Thursday": news names the weekday only for
   days of the current week); a wire-photo caption in the body counts too when it writes the
   weekday out and credits the photographer ("…, Tuesday, Nov. 5, 2019. (AP Photo/…)"), unless
   it is a file photo;
3. the latest date in the body when the article is demonstrably written in that news cycle:
   several dates (embedded posts, captions, timelines) fall on it or just before it, and the
   article calls it by its weekday (``SUPPORT``, tuned on a dev split of AllSides, see
   ``onrecord eval dates`` and docs/benchmarks.md);
4. a preview of a multi-day event that is the article's only full date ("will gather on
   December 3-4, 2024"), dated to the event's first day.

Every candidate is weighed against every date the text mentions: an article cannot be
published before the events it reports as past, so a later full date or a later year, outside
a sentence about the future, makes us abstain. A weekday or "today" alone never gives
a year, and a lone date deep in the text (a history paragraph, "on Nov. 22, 1963 …") is not a
publication date: such documents stay undated rather than get an invented date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# Support a body date needs (rule 3): one per date mention on it or up to WINDOW days before,
# plus WEEKDAY_WEIGHT when the article names its weekday. On the AllSides dev split 6 is the
# lowest support with no wrong date (5 dates 41 more articles but 5% of its dates are wrong).
SUPPORT = 6
WINDOW = 3
WEEKDAY_WEIGHT = 3
# A later date this close is the same news cycle (time zones, "late Tuesday"), not a contradiction.
SLACK_DAYS = 2

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_BARE_YEAR = re.compile(r"(?<![\d$,.])\b(?:19|20)\d\d\b(?![\d,]\d)")
# Sentences about what is still to come may name later dates without contradicting anything.
_FUTURE = re.compile(
    r"\b(?:will|would|won't|shall|scheduled|slated|set to|due to|plans? to|planned|upcoming|"
    r"next|ahead of|deadline|expected to|begins?|projected|forecast)\b",
    re.I,
)
# "by 2050", "until March 1, 2026": a limit, not an event (only right before the date itself,
# since "by" anywhere in a sentence is mostly "signed by the governor")
_LIMIT = re.compile(r"\b(?:by|until|till|through|before|starting)\s+(?:the\s+end\s+of\s+)?$", re.I)
_LABEL = re.compile(
    r"(?im)^[^\S\n]*(?:first[^\S\n]+|last[^\S\n]+)?(?P<label>published|posted|updated)\b"
)
_RANGE = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})\s*[-–]\s*\d{1,2},?\s+(?P<year>(?:19|20)\d\d)\b")
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True)
class DateInference:
    """A publication date read from the text and the rule that gave it (None: abstained)."""

    date: str | None
    rule: str | None = None


def _sentence(text: str, offset: int, reach: int = 400) -> str:
    """The sentence around ``offset``, at most ``reach`` characters each way (bounded so that a
    long text with many dates stays linear)."""
    start = max(0, offset - reach)
    for m in _SENTENCE_END.finditer(text, start, offset):
        start = m.end()
    m = _SENTENCE_END.search(text, offset, offset + reach)
    return text[start : m.start() + 1 if m else min(len(text), offset + reach)]


def _about_the_future(text: str, offset: int) -> bool:
    return bool(
        _LIMIT.search(text, max(0, offset - 25), offset) or _FUTURE.search(_sentence(text, offset))
    )


def _contradicted(
    text: str, dates: list[tuple[int, str]], value: str, slack: int = SLACK_DAYS
) -> bool:
    """Whether the text reports as past something later than ``value``."""
    day = date.fromisoformat(value)
    for offset, other in dates:
        if (date.fromisoformat(other) - day).days > slack and not _about_the_future(text, offset):
            return True
    for m in _BARE_YEAR.finditer(text):
        if int(m.group()) > day.year and not _about_the_future(text, m.start()):
            return True
    return False


def _named_weekdays(text: str, dates: list[tuple[int, str]]) -> set[str]:
    """Weekdays the text uses on their own ("said Tuesday"), not as part of a written-out date
    ("Tuesday, Nov. 5, 2019"), which says nothing about when the text was written."""
    starts = [o for o, _ in dates]
    named = set()
    for m in _WEEKDAY.finditer(text):
        if any(0 <= s - m.end() <= 15 for s in starts):
            continue
        named.add(m.group())
    return named


_CREDIT = re.compile(
    r"\((?:AP|Photo|Getty|Reuters)\b|REUTERS/|/Getty|/AP\b|/AFP\b|Getty Images", re.I
)
_FILE_PHOTO = re.compile(r"\b(?:file|archive|archival)\b", re.I)


def _is_caption(text: str, offset: int) -> bool:
    """Whether the date at ``offset`` is in a photo caption that credits a photographer, and
    the caption is not a file photo (which shows an older day on purpose)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    written_weekday = re.search(
        r"\b(?:" + "|".join(_WEEKDAYS) + r"),?\s+$", text[line_start:offset]
    )
    return bool(written_weekday and _CREDIT.search(line)) and not _FILE_PHOTO.search(line)


def _labelled(text: str) -> tuple[str, str] | None:
    """The date of a "Published"/"Posted" line, else of an "Updated" line, with its label."""
    found: dict[str, str] = {}
    for m in _LABEL.finditer(text):
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)][:80]
        dates = find_full_dates(rest)
        if dates:
            kind = "updated" if m["label"].lower() == "updated" else "published"
            found.setdefault(kind, dates[0][1])
    for kind in ("published", "updated"):
        if kind in found:
            return kind, found[kind]
    return None


def _dateline(text: str) -> str | None:
    """The date of a dateline opening the article, or of a date standing alone on one of the
    first lines, above the body ("Oct. 3, 2024" under the headline). Deeper in, a date on its
    own line heads a timeline entry or an imagined future, not the article."""
    from onrecord.nlp.time.datelines import find_datelines

    for dl in find_datelines(text[:500]):
        dates = find_full_dates(text[dl.city_start : dl.end])
        if dates:
            return dates[0][1]
    lines = [line for line in text[:500].split("\n") if line.strip()][:3]
    for line in lines:
        found = find_full_dates(line)
        if found and found[0][0] == len(line) - len(line.lstrip()) and len(line.strip()) <= 40:
            return found[0][1]
        if len(line) > 100:  # body text has begun
            break
    return None


def _preview(text: str, dates: list[tuple[int, str]]) -> str | None:
    """A text whose only full date is a coming multi-day event ("will gather on December
    3-4, 2024") previews it: dated to the event's first day."""
    if len({v for _, v in dates}) != 1:
        return None
    m = _RANGE.search(text)
    if m is None or not re.search(r"\b(?:will|set to|ahead of)\b", _sentence(text, m.start())):
        return None
    return _make(m["year"], m["month"], m["day"])


def infer_publication_date(
    text: str,
    *,
    title: str | None = None,
    caption: str | None = None,
    support: int = SUPPORT,
) -> DateInference:
    """The publication date a careful reader would accept from the text alone, and why.

    See the module docstring for the rules; ``support`` is rule 3's threshold (the eval sweeps
    it to draw the precision/coverage curve).
    """
    dates = find_full_dates(text)

    def accept(value: str | None, rule: str) -> DateInference | None:
        if value and not _contradicted(text, dates, value):
            return DateInference(value, rule)
        return None

    named = _named_weekdays(text, dates)
    labelled = _labelled(text)
    if labelled and labelled[0] == "published":
        return accept(labelled[1], "published-line") or DateInference(None)
    if labelled:
        # An "Updated" stamp proves the text existed that day, not that it was written then
        # (living articles are restamped for months): it needs the weekday, like a caption.
        value = labelled[1]
        if _WEEKDAYS[date.fromisoformat(value).weekday()] in named:
            return accept(value, "updated-line") or DateInference(None)
        return DateInference(None)
    line = _dateline(text)
    if line:
        return accept(line, "dateline") or DateInference(None)
    for piece in (caption, title):
        found = find_full_dates(piece) if piece else []
        if found:
            value = found[0][1]
            if _WEEKDAYS[date.fromisoformat(value).weekday()] in named:
                return accept(value, "caption") or DateInference(None)
    if not dates:
        return DateInference(None)
    latest = date.fromisoformat(max(v for _, v in dates))
    if _WEEKDAYS[latest.weekday()] in named and any(
        v == latest.isoformat() and _is_caption(text, o) for o, v in dates
    ):
        inferred = accept(latest.isoformat(), "caption")
        if inferred:
            return inferred
    score = sum(1 for _, v in dates if 0 <= (latest - date.fromisoformat(v)).days <= WINDOW)
    if _WEEKDAYS[latest.weekday()] in named:
        score += WEEKDAY_WEIGHT
    if score >= support:
        inferred = accept(latest.isoformat(), "news-cycle")
        if inferred:
            return inferred
    return accept(_preview(text, dates), "preview") or DateInference(None)


def reports_past_after(text: str, value: str) -> bool:
    """Whether ``text`` reports as past a day or year after ``value`` (YYYY-MM-DD), so that it
    cannot have been published on ``value``. Strict, with no slack: used to refuse a date that
    does not come from the text itself (a story's date passed to an undated member)."""
    return _contradicted(text, find_full_dates(text), value, slack=0)


def publication_date_from_text(
    text: str, *, title: str | None = None, caption: str | None = None
) -> str | None:
    """A publication date from the text alone, or None when the text does not settle it."""
    return infer_publication_date(text, title=title, caption=caption).date


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
