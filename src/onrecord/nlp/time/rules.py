"""Patterns for temporal expressions and how each one is normalised to a TIMEX3 value.

Rule-based in the spirit of HeidelTime: every rule is a regular expression over the raw text
plus a function turning the match into (type, value). Extents follow the TimeML/TempEval-3
conventions seen in the annotated corpora: leading prepositions are left out ("on Friday" ->
"Friday"), determiners and modifiers belong to the expression ("the past three years",
"more than two decades", "early next year").

Month and weekday names must be capitalised (or upper case) so that "may", "march" or "sun"
as ordinary words do not fire; the caller filters the remaining ambiguity with spaCy's tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from onrecord.nlp.time.calendar import (
    Direction,
    fmt_day,
    fmt_month,
    fmt_week,
    quarter_of,
    season_year,
    shift,
    weekday_near,
    weekday_relative,
    year_for_month,
    year_for_month_day,
)

# ---- lexicon ----

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "dozen": 12,
    "a dozen": 12, "a": 1, "an": 1, "a single": 1, "half a": 0.5, "a half": 0.5,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}  # fmt: skip
VAGUE_NUMBERS = ("a few", "few", "several", "many", "some", "a number of", "dozens of")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
# unit word -> (TIMEX3 duration designator, multiplier); T-units are clock durations
UNITS: dict[str, tuple[str, int]] = {
    "second": ("S", 1), "minute": ("M", 1), "hour": ("H", 1), "day": ("D", 1),
    "night": ("D", 1), "week": ("W", 1), "fortnight": ("W", 2), "month": ("M", 1),
    "quarter": ("Q", 1), "year": ("Y", 1), "decade": ("Y", 10), "century": ("Y", 100),
    "centurie": ("Y", 100), "weekend": ("WE", 1),
}  # fmt: skip
CLOCK_UNITS = {"second", "minute", "hour"}
SHIFT_UNIT = {"day": "D", "night": "D", "week": "W", "weekend": "WE", "month": "M",
              "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE"}  # fmt: skip
BACKWARD = {"last", "past", "previous", "preceding", "recent", "latest"}
FORWARD = {"next", "coming", "following", "upcoming"}


def _names(words: list[str], abbreviations: list[str]) -> str:
    """Alternation of Title-case and UPPER-case forms; abbreviations need their dot."""
    forms: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        forms += [w.title(), w.upper()]
    for a in sorted(abbreviations, key=len, reverse=True):
        # "Dec." anywhere; "Dec"/"DEC" without a dot only right before a day number, so that
        # "SAT scores" or "The SUN reported" are no dates
        for form in (a.title(), a.upper()):
            forms.append(re.escape(form) + r"(?:\.|(?=\s+\d))")
    return "(?:" + "|".join(forms) + ")"


_MONTH_FULL = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_MONTH_ABBR = [m for m in MONTHS if m not in _MONTH_FULL]
_WEEKDAY_FULL = [w for w in WEEKDAYS if w.endswith("day")]
_WEEKDAY_ABBR = [w for w in WEEKDAYS if not w.endswith("day")]

_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:a )?hundred|"
    r"(?:a )?dozen)"
)
PIECES = {
    "MONTH": "(?P<month>" + _names(_MONTH_FULL, _MONTH_ABBR) + ")",
    "WEEKDAY": "(?P<weekday>" + _names(_WEEKDAY_FULL, _WEEKDAY_ABBR) + ")",
    "DAY": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
    "YEAR": r"(?P<year>1[6-9]\d\d|20\d\d)",
    "NUM": (
        r"(?P<num>\d+(?:\.\d+|\s+1/2)?|(?i:"
        + _NUMBER_WORD
        + r"(?: and a half)?|a single|a couple(?: of)?|"
        r"couple of|half an?|an?(?: half)?|a few|few|several|many|some|a number of|dozens of))"
    ),
    "WNUM": r"(?P<num>\d+(?:\.\d+)?|(?i:" + _NUMBER_WORD + r"|several|few|a few|multi))",
    "UNIT": (
        r"(?P<unit>(?i:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|"
        r"centur(?:y|ie)|weekend)s?)"
    ),
    "SEASON": r"(?P<season>(?i:spring|summer|fall|autumn|winter))",
    "POD": r"(?P<pod>(?i:morning|afternoon|evening|night))",
    "MOD": (
        r"(?P<mod>(?i:at least|more than|less than|fewer than|nearly|almost|some|roughly|over|"
        r"approximately|around|up to|barely|no more than|no less than|the better part of|"
        r"well over|a full|a whole|all))"
    ),
    "PMOD": (
        r"(?P<pmod>(?i:early|late|mid-?|earlier|later|the end of|the start of|the beginning of|"
        r"the middle of|the rest of|the remainder of|the first half of|the second half of))"
    ),
}

_MOD_VALUE = {
    "early": "START", "the start of": "START", "the beginning of": "START", "earlier": "START",
    "late": "END", "the end of": "END", "later": "END", "mid": "MID", "mid-": "MID",
    "the middle of": "MID",
}  # fmt: skip


def expand(pattern: str) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: PIECES[m.group(1)], pattern)


# ---- rule machinery ----


@dataclass
class Hit:
    type: str
    value: str | None
    anchored: bool = False
    lead: int = 0  # characters of the match left out of the extent ("a third-quarter" -> 2)


@dataclass
class Ctx:
    """What a rule may know beyond its match: the DCT and the tense around an offset."""

    dct: date | None
    text: str
    direction: Callable[[int], Direction]


Handler = Callable[[re.Match[str], Ctx], Hit | None]


@dataclass
class Rule:
    name: str
    regex: re.Pattern[str]
    handler: Handler
    priority: int = 0  # breaks ties between equally long candidates


RULES: list[Rule] = []


def rule(name: str, pattern: str, priority: int = 0) -> Callable[[Handler], Handler]:
    regex = re.compile(r"(?<![\w$£€.])" + expand(pattern) + r"(?![\w%])")

    def register(fn: Handler) -> Handler:
        RULES.append(Rule(name, regex, fn, priority))
        return fn

    return register


# ---- small helpers ----


def month_no(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_no(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]


def number(word: str | None) -> float | None:
    """Numeric value of a count ('two', '24', 'twenty-five', 'a'); None for vague ones."""
    if word is None:
        return None
    w = word.lower().replace(",", "")
    if w in SMALL_NUMBERS:
        return SMALL_NUMBERS[w]
    if w.endswith(" and a half"):
        base = number(w[: -len(" and a half")])
        return base + 0.5 if base is not None else None
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    if re.fullmatch(r"\d+\s+1/2", w):
        return float(w.split()[0]) + 0.5
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in SMALL_NUMBERS and parts[1] in SMALL_NUMBERS:
        return SMALL_NUMBERS[parts[0]] + SMALL_NUMBERS[parts[1]]
    return None


def unit_key(unit: str) -> str:
    u = unit.lower()
    if u.endswith("s") and u[:-1] in UNITS:
        u = u[:-1]
    return u


def duration_value(num: float | None, unit: str) -> str:
    """P2D, PT3H, P10Y (decades), PXY (vague count)."""
    key = unit_key(unit)
    if key == "weekend":
        return "P2D" if num == 1 else "PXWE"
    designator, mult = UNITS[key]
    prefix = "PT" if key in CLOCK_UNITS else "P"
    if num is None:
        return f"{prefix}X{'DE' if key == 'decade' else 'CE' if mult == 100 else designator}"
    amount = num * mult
    if designator == "Q" and amount != int(amount):
        designator, amount = "M", amount * 3
    if amount == int(amount):
        return f"{prefix}{int(amount)}{designator}"
    if designator in ("Y", "D", "H", "W", "M"):
        return f"{prefix}{amount:g}{designator}"
    return f"{prefix}{amount}{designator}"


def _dir(ctx: Ctx, m: re.Match[str]) -> Direction:
    return ctx.direction(m.start())


# ---- absolute dates ----


@rule("full_date", r"(?:{WEEKDAY},?\s+)?{MONTH}\s*{DAY},?\s+{YEAR}", priority=10)
def _full_date(m: re.Match[str], ctx: Ctx) -> Hit | None:
    try:
        return Hit("DATE", fmt_day(date(int(m["year"]), month_no(m["month"]), int(m["day"]))))
    except ValueError:
        return None


@rule(
    "full_date_dmy",
    r"(?:{WEEKDAY},?\s+)?(?:(?i:the)\s+)?{DAY}\s+(?:(?i:of)\s+)?{MONTH},?\s+{YEAR}",
    priority=10,
)
def _full_date_dmy(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return _full_date(m, ctx)


@rule(
    "day_range",
    r"{MONTH}\s*{DAY}\s*(?:[-\u2013\u2014]|(?i:to|through|until))\s*(?P<day2>3[01]|[12]\d|0?[1-9])"
    r"(?:st|nd|rd|th)?(?:,?\s+{YEAR})?",
    priority=11,
)
def _day_range(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'December 3-4, 2024' -> one timex with an ISO 8601 interval value."""
    month, d1, d2 = month_no(m["month"]), int(m["day"]), int(m["day2"])
    if d2 <= d1:
        return None
    if m["year"]:
        year, anchored = int(m["year"]), False
    elif ctx.dct:
        year, anchored = year_for_month_day(ctx.dct, month, d1, _dir(ctx, m)), True
    else:
        return Hit("DATE", f"XXXX-{month:02d}-{d1:02d}/XXXX-{month:02d}-{d2:02d}")
    try:
        return Hit("DATE", f"{date(year, month, d1)}/{date(year, month, d2)}", anchored)
    except ValueError:
        return None


def _month_day(month: int, day: int, m: re.Match[str], ctx: Ctx) -> Hit | None:
    if not 1 <= day <= 31:
        return None
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{month:02d}-{day:02d}")
    year = year_for_month_day(ctx.dct, month, day, _dir(ctx, m))
    try:
        return Hit("DATE", fmt_day(date(year, month, day)), True)
    except ValueError:
        return None


@rule("month_day", r"(?:{WEEKDAY},?\s+)?{MONTH}\s*{DAY}(?!\d|:\d)", priority=5)
def _month_day_rule(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return _month_day(month_no(m["month"]), int(m["day"]), m, ctx)


@rule("day_month", r"(?:{WEEKDAY},?\s+)?(?:(?i:the)\s+)?{DAY}\s+(?:(?i:of)\s+)?{MONTH}", priority=5)
def _day_month_rule(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return _month_day(month_no(m["month"]), int(m["day"]), m, ctx)


@rule("month_year", r"(?:{PMOD}\s*)?{MONTH},?\s+(?:(?i:of)\s+)?{YEAR}", priority=8)
def _month_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", fmt_month(int(m["year"]), month_no(m["month"])))


@rule("month_rel_year", r"{MONTH}\s+(?P<rel>(?i:this|last|next))\s+(?i:year)", priority=8)
def _month_rel_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    month = month_no(m["month"])
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{month:02d}")
    year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return Hit("DATE", fmt_month(year, month), True)


_TENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]  # fmt: skip
_DECADE_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNITS_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _spoken_two_digits(words: str) -> int | None:
    w = words.lower().replace(" ", "-")
    if w in _TENS:
        return 10 + _TENS.index(w)
    parts = w.split("-")
    if parts[0] in _DECADE_WORDS and len(parts) <= 2:
        tens = 20 + 10 * _DECADE_WORDS.index(parts[0])
        if len(parts) == 1:
            return tens
        if parts[1] in _UNITS_WORDS:
            return tens + 1 + _UNITS_WORDS.index(parts[1])
    return None


@rule(
    "spoken_year",
    r"(?:(?i:the year)\s+)?(?P<cent>(?i:nineteen|two thousand(?: and)?))\s+"
    r"(?P<rest>(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|"
    r"three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine))",
    priority=2,
)
def _spoken_year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """Broadcast transcripts spell years out: 'nineteen ninety-six', 'two thousand one'."""
    if m["cent"].lower() == "nineteen":
        rest = _spoken_two_digits(m["rest"])
        return Hit("DATE", f"19{rest:02d}") if rest is not None else None
    word = m["rest"].lower()
    if word in _UNITS_WORDS:
        return Hit("DATE", f"200{1 + _UNITS_WORDS.index(word)}")
    rest = _spoken_two_digits(word)
    return Hit("DATE", f"20{rest:02d}") if rest is not None else None


@rule("the_weekend", r"(?i:the|this|last|next|this past|this coming)\s+(?i:weekend)", priority=4)
def _the_weekend(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'the weekend': the one just gone in a past-tense clause, else the coming one."""
    if ctx.dct is None:
        return Hit("DATE", None)
    words = m.group(0).lower().split()
    word = words[1] if words[0] == "this" and len(words) > 2 else words[0]
    if word in ("last", "past"):
        offset = -1
    elif word in ("next", "coming"):
        offset = 1
    else:
        past = _dir(ctx, m) == "past"
        # Saturday and Sunday belong to the current ISO week's weekend
        offset = -1 if past and ctx.dct.isoweekday() < 6 else 0
    return Hit("DATE", shift(ctx.dct, "WE", offset), True)


@rule(
    "month",
    r"(?:{PMOD}\s*)?(?:(?P<rel>(?i:this|last|next|past|coming|previous|this past))\s+)?{MONTH}"
    r"(?!\s*\d)",
    priority=1,
)
def _month(m: re.Match[str], ctx: Ctx) -> Hit | None:
    month = month_no(m["month"])
    if m["month"].endswith(".") and not m["rel"] and not m["pmod"]:
        return None  # a lone abbreviation ("Jan.") is more often a typo'd fragment
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{month:02d}")
    rel = (m["rel"] or "").lower()
    if rel in ("last", "past", "previous", "this past"):
        year = ctx.dct.year - 1 if month >= ctx.dct.month else ctx.dct.year
    elif rel in ("next", "coming"):
        year = ctx.dct.year + 1 if month <= ctx.dct.month else ctx.dct.year
    elif rel == "this":
        year = ctx.dct.year
    else:
        year = year_for_month(ctx.dct, month, _dir(ctx, m))
    return Hit("DATE", fmt_month(year, month), True)


@rule(
    "year",
    r"(?:{PMOD}\s*|(?P<fiscal>(?i:fiscal|calendar|the year|FY))\s*)?{YEAR}(?!\s*[-\u2013/]\s*\d\d(?!\d))(?!,\d)(?!\.\d)",
    priority=2,
)
def _year(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", m["year"])


@rule("year_span", r"{YEAR}\s*[-\u2013/]\s*(?P<y2>\d\d)(?!\d)", priority=3)
def _year_span(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'2009-10' (a season or fiscal year written short): the span as an interval of years."""
    y1 = int(m["year"])
    y2 = y1 // 100 * 100 + int(m["y2"])
    if y2 != y1 + 1:
        return None
    return Hit("DATE", f"{y1}/{y2}")


@rule(
    "decade",
    r"(?:(?i:the)\s+)?(?:(?P<dmod>(?i:early|mid|late))[-\s]?)?"
    r"(?:(?P<dec>1\d\d0|20\d0)'?s|'(?P<short>\d)0s|(?P<word>(?i:twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties)))",
    priority=4,
)
def _decade(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m["dec"]:
        return Hit("DATE", m["dec"][:3])
    if m["word"] and not m.group(0).lower().startswith("the"):
        return None  # "in his forties" is an age, not a decade
    digit = (
        int(m["short"])
        if m["short"]
        else ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
              "nineties"].index(m["word"].lower()) + 2
    )  # fmt: skip
    # "the '90s" is the 1990s; "the '10s" written in 2024 is the 2010s
    century = 19
    if ctx.dct is not None and ctx.dct.year >= 2000 and digit * 10 <= ctx.dct.year % 100:
        century = 20
    return Hit("DATE", f"{century}{digit}")


@rule(
    "century",
    r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[-\s]?)?(?P<n>1\d|20|2[01]|[1-9])(?:st|nd|rd|th)[-\s](?i:century)",
    priority=4,
)
def _century(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", f"{int(m['n']) - 1:02d}")


@rule("numeric_date", r"(?P<mm>1[0-2]|0?[1-9])/(?P<dd>3[01]|[12]\d|0?[1-9])/(?P<yy>\d{4}|\d\d)", 9)
def _numeric_date(m: re.Match[str], ctx: Ctx) -> Hit | None:
    year = int(m["yy"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    try:
        return Hit("DATE", fmt_day(date(year, int(m["mm"]), int(m["dd"]))))
    except ValueError:
        return None


@rule("iso_date", r"(?P<yy>1[6-9]\d\d|20\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)", 9)
def _iso_date(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return _numeric_date(m, ctx)


# ---- deictic days, parts of day, references ----

_DAY_OFFSETS = {
    "today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip


@rule(
    "deictic_day",
    r"(?:(?P<pmod>(?i:early|late|mid-?|later|earlier))[-\s]?)?"
    r"(?P<word>(?i:the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow))"
    r"(?:\s+{POD})?",
    priority=6,
)
def _deictic_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    word = m["word"].lower()
    pod = "NI" if word == "tonight" else PARTS_OF_DAY.get((m["pod"] or "").lower())
    kind = "TIME" if pod else "DATE"
    if ctx.dct is None:
        return Hit(kind, None)
    value = fmt_day(ctx.dct + timedelta(days=_DAY_OFFSETS[word]))
    return Hit(kind, value + (f"T{pod}" if pod else ""), True)


@rule(
    "pod",
    r"(?:(?P<pmod>(?i:early|late|mid-?|later|earlier))[-\s]?)?"
    r"(?P<rel>(?i:this|last|yesterday|tomorrow))\s+{POD}",
    priority=6,
)
def _part_of_day(m: re.Match[str], ctx: Ctx) -> Hit | None:
    rel = m["rel"].lower()
    pod = PARTS_OF_DAY[m["pod"].lower()]
    if rel == "last" and pod != "NI":
        return None  # "last morning" is not idiomatic; "last evening" is rare and ambiguous
    if ctx.dct is None:
        return Hit("TIME", None)
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    return Hit("TIME", f"{fmt_day(ctx.dct + timedelta(days=offset))}T{pod}", True)


@rule(
    "present_ref",
    r"(?P<word>(?i:now|currently|presently|at present|nowadays|these days|at the moment|"
    r"the present))",
    priority=1,
)
def _present(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", "PRESENT_REF")


@rule(
    "past_ref",
    r"(?P<word>(?i:recently|lately|formerly|the past|recent|some time ago|a while ago))",
    priority=1,
)
def _past(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", "PAST_REF")


@rule(
    "future_ref",
    r"(?P<word>(?i:the future|the near future|the years to come))(?!\s+(?i:of)\b)",
    priority=1,
)
def _future(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", "FUTURE_REF")


# ---- relative calendar units ----

_REL_OFFSET = {
    "this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "preceding": -1,
    "latest": -1, "next": 1, "coming": 1, "following": 1, "upcoming": 1, "this past": -1,
    "this coming": 1,
}  # fmt: skip


@rule(
    "rel_unit",
    r"(?:{PMOD}\s*)?(?:(?i:the)\s+)?"
    r"(?P<rel>(?i:this past|this coming|this|current|last|past|previous|preceding|latest|next|"
    r"coming|following|upcoming))\s+"
    r"(?P<fy>(?i:fiscal|calendar)\s+)?"
    r"(?P<unit>(?i:week|weekend|month|quarter|year|decade|century))(?!-)",
    priority=4,
)
def _rel_unit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    unit = m["unit"].lower()
    rel = m["rel"].lower()
    the = re.match(r"(?i)\s*the\b", m.group(0)[len(m["pmod"] or "") :]) is not None
    if unit in ("decade", "century") and rel in ("last", "past", "next", "coming", "previous"):
        return Hit("DURATION", "P10Y" if unit == "decade" else "P100Y")
    if the and unit in ("year", "month", "week") and rel in ("next", "coming"):
        # "the next month" is a duration from now; "the past year" stays the previous
        # calendar unit, as TimeBank reads it.
        return Hit("DURATION", duration_value(1, unit))
    if ctx.dct is None:
        return Hit("DATE", None)
    value = shift(ctx.dct, SHIFT_UNIT[unit], _REL_OFFSET[rel])
    return Hit("DATE", value, True)


@rule(
    "the_unit",
    r"{PMOD}\s+(?P<the>(?i:the|this))\s+(?P<unit>(?i:week|weekend|month|year|decade|century))",
    priority=4,
)
def _the_unit(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'the end of the year', 'earlier this month' -> the DCT's year / month."""
    if ctx.dct is None:
        return Hit("DATE", None)
    return Hit("DATE", shift(ctx.dct, SHIFT_UNIT[m["unit"].lower()], 0), True)


@rule(
    "earlier_in",
    r"(?P<pmod>(?i:earlier|later|early|late))\s+(?i:in|this|next|last)\s+(?:(?i:the)\s+)?"
    r"(?P<unit>(?i:week|month|year|day))",
    priority=3,
)
def _earlier_in(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if ctx.dct is None:
        return Hit("DATE", None)
    word = m.group(0).lower()
    offset = -1 if " last " in word else 1 if " next " in word else 0
    return Hit("DATE", shift(ctx.dct, SHIFT_UNIT[m["unit"].lower()], offset), True)


@rule("year_end", r"(?P<word>(?i:year-end|year's end|the year's end|the end of the year))", 4)
def _year_end(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if ctx.dct is None:
        return Hit("DATE", None)
    return Hit("DATE", f"{ctx.dct.year:04d}", True)


@rule(
    "ago",
    r"(?:{MOD}\s+)?{NUM}\s+{UNIT}\s+(?P<dir>(?i:ago|earlier|before|later|after|from now|hence|back))",
    priority=7,
)
def _ago(m: re.Match[str], ctx: Ctx) -> Hit | None:
    direction = m["dir"].lower()
    if direction in ("before", "after") and m.end() < len(ctx.text):
        # "two days before the vote" is anchored to the vote, not to the DCT: only the
        # phrase-final use ("...two days before.") refers back to a time we cannot see.
        follower = ctx.text[m.end() : m.end() + 2].strip()
        if follower and follower[0].isalnum():
            return None
    sign = -1 if direction in ("ago", "earlier", "before", "back") else 1
    num = number(m["num"])
    key = unit_key(m["unit"])
    if num is None or num != int(num) or key in CLOCK_UNITS:
        if key in CLOCK_UNITS:
            return None
        return Hit("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if ctx.dct is None:
        return Hit("DATE", None)
    amount = int(num) * sign
    if key in ("day", "night"):
        return Hit("DATE", fmt_day(ctx.dct + timedelta(days=amount)), True)
    if key in ("week", "fortnight"):
        weeks = amount * (2 if key == "fortnight" else 1)
        return Hit("DATE", fmt_day(ctx.dct + timedelta(weeks=weeks)), True)
    if key == "decade":
        return Hit("DATE", shift(ctx.dct, "Y", amount * 10), True)
    if key in ("century", "centurie"):
        return Hit("DATE", shift(ctx.dct, "CE", amount), True)
    if key == "weekend":
        return Hit("DATE", shift(ctx.dct, "WE", amount), True)
    return Hit("DATE", shift(ctx.dct, SHIFT_UNIT[key], amount), True)


# ---- durations ----


@rule(
    "duration",
    r"(?:{MOD}\s+)?(?:(?P<det>(?i:the|a|an))\s+)?"
    r"(?:(?P<rel>(?i:past|last|next|previous|coming|first|final|following|latest|preceding|"
    r"initial|remaining|recent|further|additional|entire|whole|same|full|subsequent|ensuing|"
    r"other))\s+)?"
    r"{NUM}\s+(?:(?i:more|additional|full|straight|consecutive|long|extra|further|short)\s+)?{UNIT}",
    priority=5,
)
def _duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    num_word = m["num"].lower()
    unit = m["unit"]
    plural = unit.lower().endswith("s") and unit_key(unit) != unit.lower()
    if num_word in ("a", "an", "a single") and plural:
        return None
    if num_word in ("some", "many") and not plural:
        return None  # "some day", "many a year"
    num = number(num_word)
    if num is None and num_word not in VAGUE_NUMBERS:
        return None
    if num == 1 and plural and num_word not in ("1",):
        return None
    if num_word == "one" and unit_key(unit) == "day" and not m["det"] and not m["rel"]:
        # "one day she will ..." is an indefinite time, "for one day" a duration
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
        if not re.search(r"\b(for|within|than|after|only|just|of|per|a|in just)\s+$", before):
            direction = _dir(ctx, m)
            return Hit("DATE", "PAST_REF" if direction == "past" else "FUTURE_REF")
    lead = 0
    det = (m["det"] or "").lower()
    if (m["mod"] or "").lower() == "over" and (det == "the" or m["rel"]):
        lead = m.start("det" if det else "rel") - m.start()  # "over the past year": a preposition
    elif det in ("a", "an") and not m["rel"] and num is not None and num_word not in ("a", "an"):
        lead = m.start("num") - m.start()  # "a six year (term)" -> "six year"
    if unit_key(unit) == "weekend" and num is not None and num > 1:
        return Hit("DURATION", f"P{int(num) * 2}D", lead=lead)
    return Hit("DURATION", duration_value(num, unit), lead=lead)


@rule(
    "duration_adj",
    r"{WNUM}-(?P<unit>(?i:second|minute|hour|day|night|week|month|quarter|year|decade|century))"
    r"(?:-(?i:long))?",
    priority=5,
)
def _duration_adj(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'two-day meeting', '30-year bond' (not ages: '6-year-old' is no timex in TimeML)."""
    if re.match(r"(?i)-olds?\b", ctx.text[m.end() : m.end() + 6]):
        return None
    word = m["num"].lower()
    num = None if word in ("several", "few", "a few", "multi") else number(word)
    if num is None and word not in ("several", "few", "a few", "multi"):
        return None
    return Hit("DURATION", duration_value(num, m["unit"]))


@rule(
    "vague_duration",
    r"(?:(?i:the)\s+)?(?P<rel>(?i:past|last|next|coming|recent|previous|following|ensuing|subsequent))\s+"
    r"(?P<unit>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries))",
    priority=4,
)
def _vague_duration(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DURATION", duration_value(None, m["unit"]))


@rule(
    "bare_plural",
    r"(?:(?<=\b(?i:for) )|(?<=\b(?i:over) ))(?P<unit>(?i:years|months|weeks|days|decades|hours|minutes|centuries))"
    r"(?!\s+(?i:of|to|ago|earlier|later|before|after))",
    priority=1,
)
def _bare_plural(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DURATION", duration_value(None, m["unit"]))


# ---- sets ----

_SET_ADVERBS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "P1D", "quarterly": "P1Q", "biweekly": "P2W",
    "bimonthly": "P2M", "biannually": "P6M",
}  # fmt: skip


@rule("set_adverb", r"(?P<word>(?i:daily|weekly|monthly|annually|yearly|hourly|nightly|"
      r"biweekly|bimonthly|biannually))", priority=1)  # fmt: skip
def _set_adverb(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("SET", _SET_ADVERBS[m["word"].lower()])


@rule(
    "set_every",
    r"(?P<q>(?i:every|each|per))\s+(?:(?P<other>(?i:other))\s+)?(?:{WNUM}\s+)?"
    r"(?:(?P<unit>(?i:second|minute|hour|day|night|week|weekend|month|quarter|year|decade))s?|"
    r"{WEEKDAY}|{SEASON}|{MONTH})",
    priority=6,
)
def _set_every(m: re.Match[str], ctx: Ctx) -> Hit | None:
    if m["weekday"]:
        return Hit("SET", f"XXXX-WXX-{weekday_no(m['weekday'])}")
    if m["season"]:
        return Hit("SET", f"XXXX-{SEASONS[m['season'].lower()]}")
    if m["month"]:
        return Hit("SET", f"XXXX-{month_no(m['month']):02d}")
    num = number(m["num"]) if m["num"] else 1.0
    if m["other"]:
        num = 2.0
    if unit_key(m["unit"]) == "weekend":
        return Hit("SET", "XXXX-WXX-WE")
    return Hit("SET", duration_value(num, m["unit"]))


@rule(
    "set_rate",
    r"(?<=\S )(?P<q>(?i:a|an))\s+(?P<unit>(?i:second|minute|hour|day|night|week|month|year))"
    r"(?![\w-])(?!\s+(?i:ago|earlier|later|before|after|or|and|of|to|from|in|long))",
    priority=6,
)
def _set_rate(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'$40 a year', 'twice a day', '5 percent a month': a rate, so a SET."""
    before = ctx.text[max(0, m.start() - 40) : m.start()].lower()
    if not re.search(
        r"(\d|percent|times|once|twice|million|billion|thousand|dollars|euros|pounds|"
        r"hours|barrels|tons|cents|units|people|shares|visitors)\W*$",
        before,
    ):
        return None
    return Hit("SET", duration_value(1, m["unit"]))


@rule("weekday_plural", r"(?<=\b(?i:on) )(?P<weekday>Mondays|Tuesdays|Wednesdays|Thursdays|"
      r"Fridays|Saturdays|Sundays)", priority=6)  # fmt: skip
def _weekday_plural(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("SET", f"XXXX-WXX-{weekday_no(m['weekday'][:-1])}")


# ---- weekdays, seasons, quarters, times, holidays ----


@rule(
    "weekday",
    r"(?:(?P<pmod>(?i:early|late|mid-?))[-\s]?)?"
    r"(?:(?P<rel>(?i:last|next|this|coming|past|previous|following|this past|this coming))\s+)?"
    r"{WEEKDAY}(?:\s+{POD})?",
    priority=3,
)
def _weekday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    weekday = weekday_no(m["weekday"])
    pod = PARTS_OF_DAY.get((m["pod"] or "").lower())
    kind = "TIME" if pod else "DATE"
    suffix = f"T{pod}" if pod else ""
    if ctx.dct is None:
        return Hit(kind, f"XXXX-WXX-{weekday}{suffix}")
    rel = (m["rel"] or "").lower().replace("this past", "last").replace("this coming", "next")
    if rel:
        day = weekday_relative(ctx.dct, weekday, rel)
    else:
        day = weekday_near(ctx.dct, weekday, _dir(ctx, m))
    return Hit(kind, fmt_day(day) + suffix, True)


@rule(
    "season",
    r"(?:{PMOD}\s*)?(?:(?P<rel>(?i:this past|this coming|this|last|next|past|coming|previous|"
    r"the|that))\s+)?{SEASON}(?:\s+(?:(?i:of)\s+)?{YEAR})?",
    priority=3,
)
def _season(m: re.Match[str], ctx: Ctx) -> Hit | None:
    season = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    if m["year"]:
        return Hit("DATE", f"{m['year']}-{season}")
    if not rel and not m["pmod"]:
        return None  # bare "fall"/"spring" are too often verbs or nouns of another sense
    if rel == "that":
        return None
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{season}")
    word = {"this past": "last", "this coming": "next", "the": "this"}.get(rel, rel or "this")
    return Hit("DATE", f"{season_year(ctx.dct, season, word)}-{season}", True)


@rule("year_season", r"{YEAR}\s+{SEASON}", priority=8)
def _year_season(m: re.Match[str], ctx: Ctx) -> Hit | None:
    return Hit("DATE", f"{m['year']}-{SEASONS[m['season'].lower()]}")


@rule(
    "quarter",
    r"(?:(?P<det>(?i:the|this|its|a|their|this year's|last year's))\s+)?"
    r"(?:(?P<rel>(?i:year-earlier|year-ago|same|current|latest|previous))\s+)?"
    r"(?P<core>(?:(?i:fiscal|calendar)[-\s]+)?(?P<ord>(?i:first|second|third|fourth|1st|2nd|3rd|"
    r"4th))(?P<sep>[-\s]+)(?:(?i:fiscal)\s+)?(?P<kind>(?i:quarter|half)))"
    r"(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?:{YEAR}|(?P<yrel>(?i:this|last|next))\s+(?i:year)))?",
    priority=6,
)
def _quarter(m: re.Match[str], ctx: Ctx) -> Hit | None:
    n = ORDINALS[m["ord"].lower()]
    kind = m["kind"].lower()
    if kind == "half" and n > 2:
        return None
    letter = "Q" if kind == "quarter" else "H"
    # "a third-quarter loss": the hyphenated adjective is the timex, not its determiner
    lead = m.start("core") - m.start() if "-" in m["sep"] and not m["rel"] else 0
    if m["year"]:
        return Hit("DATE", f"{m['year']}-{letter}{n}", lead=lead)
    if ctx.dct is None:
        return Hit("DATE", f"XXXX-{letter}{n}", lead=lead)
    year = ctx.dct.year
    rel = (m["rel"] or "").lower()
    det = (m["det"] or "").lower()
    if m["yrel"]:
        year += {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
    elif rel in ("year-earlier", "year-ago") or det == "last year's":
        year -= 1
    return Hit("DATE", f"{year:04d}-{letter}{n}", True, lead=lead)


@rule(
    "time",
    r"(?:(?i:about|around|approximately|shortly after|shortly before|just after|just before)\s+)?"
    r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*"
    r"(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?![\w]))"
    r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|local time))?"
    r"(?:(?:\s+|,\s+|\s+(?i:on)\s+)(?P<when>(?i:today|yesterday|tomorrow|tonight)|{WEEKDAY}|{MONTH}\s*{DAY}))?",
    priority=7,
)
def _time(m: re.Match[str], ctx: Ctx) -> Hit | None:
    hour = int(m["h"])
    if hour > 12 or hour == 0:
        return None
    ap = m["ap"].lower()
    if ap.startswith("p") and hour != 12:
        hour += 12
    if ap.startswith("a") and hour == 12:
        hour = 0
    clock = f"T{hour:02d}:{m['min'] or '00'}"
    day = _day_of(m, ctx)
    if day is None:
        return Hit("TIME", None)
    return Hit("TIME", day + clock, True)


def _day_of(m: re.Match[str], ctx: Ctx) -> str | None:
    """The day a clock time belongs to: an attached weekday/date, else the DCT."""
    if ctx.dct is None:
        return None
    groups = m.groupdict()
    when = (groups.get("when") or "").lower()
    if groups.get("weekday"):
        return fmt_day(weekday_near(ctx.dct, weekday_no(groups["weekday"]), _dir(ctx, m)))
    if groups.get("month"):
        hit = _month_day(month_no(groups["month"]), int(groups["day"]), m, ctx)
        return hit.value if hit else None
    return fmt_day(ctx.dct + timedelta(days=_DAY_OFFSETS.get(when, 0)))


@rule(
    "clock24",
    r"(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<min>[0-5]\d)(?:\s*(?P<tz>GMT|UTC|CET|CEST|EET|EEST|BST|"
    r"[ECMP][SD]T|(?i:local time)))?(?:(?:\s+|,\s+)(?P<when>(?i:today|yesterday|tomorrow|"
    r"tonight)|{WEEKDAY}))?",
    priority=6,
)
def _clock24(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """'14:30 GMT', 'at 09:15' (a bare 'h:mm' needs a time zone or a leading 'at'/'by')."""
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
    if not m["tz"] and m["sep"] == ".":
        return None  # "at 2.46 billion"
    if not m["tz"] and not re.search(r"\b(at|by|until|from|around|after|before)\s+$", before):
        return None
    m_hour, m_min = int(m["h"]), m["min"]
    day = _day_of(m, ctx) if ctx.dct is not None else None
    if day is None:
        return Hit("TIME", None)
    return Hit("TIME", f"{day}T{m_hour:02d}:{m_min}", True)


@rule(
    "iso_timestamp",
    r"(?P<yy>1[6-9]\d\d|20\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)[T ](?P<h>[01]\d|2[0-3]):"
    r"(?P<min>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?",
    priority=10,
)
def _iso_timestamp(m: re.Match[str], ctx: Ctx) -> Hit | None:
    day = _numeric_date(m, ctx)
    if day is None or day.value is None:
        return None
    return Hit("TIME", f"{day.value}T{m['h']}:{m['min']}")


@rule(
    "noon",
    r"(?P<word>(?i:noon|midnight|midday))(?:(?:\s+|,\s+)(?P<when>(?i:today|yesterday|tomorrow)|{WEEKDAY}))?",
    priority=2,
)
def _noon(m: re.Match[str], ctx: Ctx) -> Hit | None:
    clock = "T24:00" if m["word"].lower() == "midnight" else "T12:00"
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower()
    if not m["when"] and not re.search(
        r"\b(at|by|until|till|before|after|from|around|since)\s+$", before
    ):
        return None
    m_month = None  # noqa: F841 - noon takes no month part
    day = None
    if ctx.dct is not None:
        when = (m["when"] or "").lower()
        if m["weekday"]:
            day = fmt_day(weekday_near(ctx.dct, weekday_no(m["weekday"]), _dir(ctx, m)))
        else:
            day = fmt_day(ctx.dct + timedelta(days=_DAY_OFFSETS.get(when, 0)))
    return Hit("TIME", day + clock if day else None, day is not None)


_HOLIDAYS = {
    "christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
    "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
    "independence day": (7, 4), "the fourth of july": (7, 4), "valentine's day": (2, 14),
    "veterans day": (11, 11), "boxing day": (12, 26),
}  # fmt: skip


@rule(
    "holiday",
    r"(?P<word>(?i:christmas day|christmas eve|new year's day|new year's eve)|Christmas|Halloween|"
    r"Independence Day|(?i:the) Fourth of July|Valentine's Day|Veterans Day|Boxing Day)"
    r"(?:\s+{YEAR})?",
    priority=5,
)
def _holiday(m: re.Match[str], ctx: Ctx) -> Hit | None:
    month, day = _HOLIDAYS[m["word"].lower().replace("\u2019", "'")]
    if m["year"]:
        return Hit("DATE", fmt_day(date(int(m["year"]), month, day)))
    return _month_day(month, day, m, ctx)


@rule("thanksgiving", r"(?P<word>Thanksgiving(?: Day)?)", priority=5)
def _thanksgiving(m: re.Match[str], ctx: Ctx) -> Hit | None:
    """US Thanksgiving: the fourth Thursday of November, in the year the tense points to."""
    if ctx.dct is None:
        return Hit("DATE", None)
    year = year_for_month_day(ctx.dct, 11, 25, _dir(ctx, m))
    first = date(year, 11, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return Hit("DATE", fmt_day(thursday), True)


__all__ = ["RULES", "Ctx", "Hit", "Rule", "fmt_week", "quarter_of"]
