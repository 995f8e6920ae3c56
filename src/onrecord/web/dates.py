"""Date bounds typed by people into ``since``/``until``: a year, a month or a day.

The web turns a partial date into the first (``since``) or last (``until``) day it covers, so
``until=2025`` keeps the whole of 2025, and answers anything else with a sentence saying what it
accepts. (The CLI engineer is writing the shared ``parse_date_bound``; this is the web's minimal
version with the same signature, to be unified.)
"""

import calendar
import re
from datetime import date

_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
ACCEPTED = "use YYYY, YYYY-MM or YYYY-MM-DD"


def parse_date_bound(text: str, *, end: bool) -> str:
    """``"2025"`` -> ``"2025-01-01"`` (or ``"2025-12-31"`` when ``end``); ValueError otherwise."""
    m = _BOUND.fullmatch(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a date; {ACCEPTED}")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month}; {ACCEPTED}")
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    day = int(m.group(3)) if m.group(3) else (last if end else 1)
    try:
        return date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real day ({exc}); {ACCEPTED}") from None
