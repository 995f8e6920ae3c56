"""Row filters (speaker, dates, outlet) shared by the lexical and vector rankers; the store
turns them into its WHERE clauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onrecord.search.people import resolve_person
from onrecord.store.base import QuoteFilter, Store
from onrecord.store.sql.search import filter_sql, marks


@dataclass(frozen=True)
class Filters(QuoteFilter):
    """A ``QuoteFilter`` as search reads it: speaker (with the entities it resolves to),
    since/until (a statement's date, else its article's) and outlet; the same object the
    quote listing takes, so a list and a search under one filter mean the same rows."""

    def sql(self, kind: str) -> tuple[list[str], list[Any]]:
        """WHERE clauses (alias x = the row, d = its document) and their parameters; the
        store builds them (only store/ speaks SQL)."""
        return filter_sql(self, kind)

    @property
    def active(self) -> bool:
        return bool(self.speaker or self.since or self.until or self.outlet)


def _marks(items: Sequence[Any]) -> str:
    return marks(items)


def make_filters(
    store: Store,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> Filters:
    ids = resolve_person(store, speaker) if speaker else []
    return Filters(speaker=speaker, speaker_ids=tuple(ids), since=since, until=until, outlet=outlet)


def filters_of(store: Store, f: QuoteFilter) -> Filters:
    """Search's reading of a ``QuoteFilter``: a speaker name resolves to entities unless the
    filter already names them."""
    if f.speaker and f.speaker_ids is None:
        return make_filters(store, speaker=f.speaker, since=f.since, until=f.until, outlet=f.outlet)
    return Filters(
        speaker=f.speaker,
        speaker_ids=tuple(f.speaker_ids or ()),
        since=f.since,
        until=f.until,
        outlet=f.outlet,
    )
