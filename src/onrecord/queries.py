"""Read-only views of the record, shared by the CLI, export and the web/JSON API.

The views that read the store live in ``onrecord.store.sql.views`` (only ``store/`` speaks
SQL); they are re-exported here, so ``queries.quotes(store, ...)`` reads as before. What
stays here is about the question, not the data: date bounds and who a name means.
"""

from __future__ import annotations

import calendar
import re

from onrecord.store.base import Store
from onrecord.store.sql.views import (
    DOC_FIELDS,
    DOCUMENT_FACETS,
    DOCUMENT_SORTS,
    FACET_LIMIT,
    PEOPLE_SORTS,
    PERSON_DOCS,
    PLEDGE_FACETS,
    PLEDGE_SORTS,
    QUOTE_FACETS,
    QUOTE_SORTS,
    STORY_FACETS,
    STORY_SORTS,
    STORY_STATEMENTS,
    browse_documents,
    browse_pledges,
    browse_quotes,
    browse_stories,
    commitment_groups,
    count,
    count_quotes,
    document,
    document_people,
    document_pledges,
    document_quotes,
    documents,
    entities,
    entity,
    find_entity,
    outlet,
    outlets,
    overview,
    people,
    person,
    pledge_totals,
    pledges,
    quote,
    quote_group,
    quotes,
    quotes_by_ids,
    quotes_latest,
    search_people,
    sentence_around,
    stories,
    story,
    suggest_people,
    unanalysed,
)

__all__ = [
    "DOCUMENT_FACETS",
    "DOCUMENT_SORTS",
    "DOC_FIELDS",
    "FACET_LIMIT",
    "PEOPLE_SORTS",
    "PERSON_DOCS",
    "PLEDGE_FACETS",
    "PLEDGE_SORTS",
    "QUOTE_FACETS",
    "QUOTE_SORTS",
    "STORY_FACETS",
    "STORY_SORTS",
    "STORY_STATEMENTS",
    "AmbiguousPerson",
    "UnknownPerson",
    "browse_documents",
    "browse_pledges",
    "browse_quotes",
    "browse_stories",
    "check_person",
    "commitment_groups",
    "count",
    "count_quotes",
    "document",
    "document_people",
    "document_pledges",
    "document_quotes",
    "documents",
    "entities",
    "entity",
    "find_entity",
    "outlet",
    "outlets",
    "overview",
    "parse_date_bound",
    "people",
    "person",
    "pledge_totals",
    "pledges",
    "quote",
    "quote_group",
    "quotes",
    "quotes_by_ids",
    "quotes_latest",
    "search_people",
    "sentence_around",
    "stories",
    "story",
    "suggest_people",
    "unanalysed",
]


# ---- checking the question: dates, people, analysis state ----

_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_date_bound(text: str, *, end: bool) -> str:
    """A ``--since``/``--until`` value (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as a string that
    compares correctly with stored ISO dates of any precision; ValueError for anything else.

    Stored dates keep their precision ("2024", "2024-12", "2024-12-03"), so a start bound stays
    a prefix ("2024-12": every date in December 2024 sorts at or after it, "2024" before it)
    and an end bound becomes the period's last day ("2024-12" -> "2024-12-31").
    """
    value = (text or "").strip()
    m = _DATE_BOUND.fullmatch(value)
    if not m:
        raise ValueError(f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if year < 1 or (month is not None and not 1 <= month <= 12):
        raise ValueError(f"{text!r} has no month {month}; use YYYY, YYYY-MM or YYYY-MM-DD")
    if day is not None:
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise ValueError(
                f"{text!r} is not a real day (day must be 01-{last:02d}); "
                "use YYYY, YYYY-MM or YYYY-MM-DD"
            )
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month is not None:
        if end:
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-12-31" if end else f"{year:04d}"


class UnknownPerson(LookupError):
    """A speaker filter that names nobody in the record: an empty answer would read as
    "said nothing", so callers refuse it and offer the closest names instead."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.suggestions:
            return f'no person "{self.name}"'
        names = self.suggestions
        alts = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f'no person "{self.name}" (did you mean {alts}?)'


class AmbiguousPerson(UnknownPerson):
    """A surname alone that is the surname of several people and the name or alias of none of
    them ("Sanders": Bernie Sanders, Sarah Huckabee Sanders). Mixing their quotes would put
    words in someone's mouth, so callers refuse it and list whom it could mean."""

    def __str__(self) -> str:
        names = self.suggestions
        alts = ", ".join(names[:-1]) + " or " + names[-1]
        return f'"{self.name}" names several people: {alts} (give the full name)'


def _one_person(store: Store, name: str, ids: list[int]) -> list[int]:
    """``ids`` as found, unless a one-word ``name`` is the surname of several people written in
    full: then AmbiguousPerson. (A bare-surname entity is a mention linking left unresolved;
    aliases are per-article decisions, so neither settles which namesake the user means.)"""
    if len(ids) < 2 or any(c.isspace() for c in name.strip()):
        return ids
    rows = [r for r in (entity(store, i) for i in ids) if r is not None]
    full = sorted({r["name"] for r in rows if r["type"] == "PERSON" and len(r["name"].split()) > 1})
    if len(full) < 2:
        return ids
    raise AmbiguousPerson(name.strip(), full)


def check_person(store: Store, name: str, *, cached: bool = False) -> list[int]:
    """The entity ids ``name`` resolves to; raises UnknownPerson when it names no person and no
    quote carries it as an unlinked speaker name.

    ``cached``: ask ``search.resolve_person``, whose name index costs a pass over every entity
    to build and microseconds per call after; worth it when search or timeline builds it anyway.
    Otherwise one SQL pass (``find_entity``), the cheaper choice for a single question."""
    if cached:
        from onrecord.search import resolve_person  # search imports this module

        ids = resolve_person(store, name)
    else:
        ids = find_entity(store, name)
    if ids:
        return _one_person(store, name, ids)
    if count_quotes(store, speaker=name, speaker_ids=[]):
        return ids
    raise UnknownPerson(name.strip(), suggest_people(store, name))
