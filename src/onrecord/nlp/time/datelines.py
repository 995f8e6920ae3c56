"""News datelines: "LINDHOLM, Oct. 3, 2024 —" or "PARIS (Reuters) -" opening a paragraph.

The capitalised word(s) before the comma name the city the story was filed from. The small
model often tags an all-caps city as a PERSON or reads it as the subject of the first
sentence, which then makes it a speaker or a donor; callers use these spans to keep it a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_CITY = r"[A-Z][A-Za-z.'\-]*(?:[ ][A-Z][A-Za-z.'\-]*){0,3}"
# City, optional region/country, then a date and/or an agency in brackets, then a dash.
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?P<city>{_CITY})(?:,[ ][A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*)?)??"
    rf"(?:,?[ ]{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?)?"
    r"(?:[ ]\([A-Z][\w .&]{0,30}\))?"
    r"[ ]*[\u2014\u2013\-]{1,2}[ ]"
)


@dataclass(frozen=True)
class Dateline:
    city_start: int  # character offsets of the city name
    city_end: int
    end: int  # first character after the dateline's dash and space


def find_datelines(text: str) -> list[Dateline]:
    """Datelines at the start of the text or of a paragraph.

    A line that merely starts with a name and a dash ("Smith - the early years") is not a
    dateline: we need a date or an agency bracket, or an all-caps city.
    """
    found: list[Dateline] = []
    for m in _DATELINE.finditer(text):
        city = m.group("city")
        whole = m.group(0)
        has_date = re.search(rf"{_MONTH}[ ]\d", whole[len(city) :]) is not None
        has_agency = "(" in whole
        if not (has_date or has_agency or (city.isupper() and len(city) > 2)):
            continue
        found.append(Dateline(m.start("city"), m.end("city"), m.end()))
    return found
