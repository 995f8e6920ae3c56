"""Row filters (speaker, dates, outlet) shared by the lexical and vector rankers; the store
turns them into its WHERE clauses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from onrecord.search.people import resolve_person
from onrecord.store.base import Store
from onrecord.store.sql.search import filter_sql, marks


@dataclass
class Filters:
    speaker: str | None = None
    speaker_ids: list[int] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    outlet: str | None = None

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
    return Filters(speaker=speaker, speaker_ids=ids, since=since, until=until, outlet=outlet)
