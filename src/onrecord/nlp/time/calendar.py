"""Calendar arithmetic and TIMEX3 value formatting, relative to a document creation time (DCT).

Kept free of regexes and spaCy so the date logic can be read (and tested) on its own.
TIMEX3 value shapes used here (TimeML 1.2.1 / TIDES conventions):

- day ``2024-12-03``, month ``2024-12``, year ``2024``, decade ``202``, century ``20``
- ISO week ``2024-W49``, its weekend ``2024-W49-WE``, quarter ``2024-Q4``, half ``2024-H2``,
  season ``2024-SU`` (SP SU FA WI), part of day ``2024-12-03TMO`` (MO AF EV NI)
- a day range, which TIMEX3 has no single value for, as an ISO 8601 interval
  ``2024-12-03/2024-12-04``
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

Direction = str  # "past" | "future" | "nearest"


def parse_dct(dct: str | None) -> date | None:
    if not dct:
        return None
    try:
        return date.fromisoformat(dct[:10])
    except ValueError:
        return None


def fmt_day(d: date) -> str:
    return d.isoformat()


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def weekday_near(dct: date, weekday: int, direction: Direction) -> date:
    """The date with ISO ``weekday`` (1 = Monday) nearest ``dct`` in ``direction``.

    ``past`` allows the DCT itself ("said Friday" in a Friday paper is that Friday), so does
    ``future``; ``nearest`` prefers the past up to four days back, because news mostly reports
    what already happened (on TimeBank/AQUAINT that choice is right about four times in five).
    """
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if direction == "past":
        return dct - timedelta(days=back)
    if direction == "future":
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back) if back <= 4 else dct + timedelta(days=ahead)


def weekday_relative(dct: date, weekday: int, word: str) -> date:
    """'last Friday' (strictly before), 'next Friday' (strictly after), 'this Friday' (same week)."""
    if word in ("last", "past", "previous"):
        back = (dct.isoweekday() - weekday) % 7 or 7
        return dct - timedelta(days=back)
    if word in ("next", "coming", "following"):
        ahead = (weekday - dct.isoweekday()) % 7 or 7
        return dct + timedelta(days=ahead)
    return dct + timedelta(days=weekday - dct.isoweekday())


def year_for_month_day(dct: date, month: int, day: int, direction: Direction) -> int:
    """Which year a yearless 'December 3' falls in, seen from the DCT and the tense.

    Within four months either side of the DCT it is the DCT's year whatever the tense (tense
    is a weak signal far from the verb, and news dates cluster around publication); beyond
    that, a past tense looks back a year and a future one ahead, else the nearest wins.
    """
    day = min(day, 28) if month == 2 else day
    try:
        same = date(dct.year, month, day)
    except ValueError:
        return dct.year
    diff = (same - dct).days
    if abs(diff) <= 120:
        return dct.year
    if diff > 0:
        return dct.year if direction == "future" else dct.year - 1
    return dct.year if direction == "past" else dct.year + 1


def year_for_month(dct: date, month: int, direction: Direction) -> int:
    """Which year a bare month name ('in March') refers to."""
    if direction == "past" and month > dct.month:
        return dct.year - 1
    if direction == "future" and month < dct.month:
        return dct.year + 1
    if direction == "nearest" and abs(month - dct.month) > 6:
        return dct.year - 1 if month > dct.month else dct.year + 1
    return dct.year


def shift(dct: date, unit: str, amount: int) -> str | None:
    """The DCT moved by ``amount`` units, at the granularity of the unit ('two years ago' -> 2022)."""
    if unit == "D":
        return fmt_day(dct + timedelta(days=amount))
    if unit == "W":
        return fmt_week(dct + timedelta(weeks=amount))
    if unit == "WE":
        return fmt_week(dct + timedelta(weeks=amount)) + "-WE"
    if unit == "M":
        d = dct + relativedelta(months=amount)
        return fmt_month(d.year, d.month)
    if unit == "Q":
        index = dct.year * 4 + quarter_of(dct) - 1 + amount
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "Y":
        return f"{dct.year + amount:04d}"
    if unit == "DE":
        return f"{dct.year // 10 + amount:03d}"
    if unit == "CE":
        return f"{dct.year // 100 + amount:02d}"
    return None


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_year(dct: date, season: str, word: str) -> int:
    """Year of 'this/last/next summer' (a winter is labelled by the year its December is in).

    'last' is the latest occurrence that began before the current one, 'next' the first that
    begins after the DCT, and 'this' (or a bare 'the summer') the occurrence whose middle is
    nearest the DCT: 'this summer' in October is the summer just gone.
    """
    start_month = _SEASON_START[season]
    starts = [(y, date(y, start_month, 1)) for y in range(dct.year - 2, dct.year + 2)]
    begun = [(y, s) for y, s in starts if s <= dct]
    current = begun[-1][0] if begun and (dct - begun[-1][1]).days < 92 else None
    if word in ("last", "past", "previous"):
        return (current - 1) if current is not None else begun[-1][0]
    if word in ("next", "coming", "following"):
        return next(y for y, s in starts if s > dct)
    return min(starts, key=lambda ys: abs((ys[1] + timedelta(days=45) - dct).days))[0]
