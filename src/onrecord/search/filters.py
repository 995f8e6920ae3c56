"""Row filters (speaker, dates, outlet) as SQL clauses shared by the lexical and vector rankers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from onrecord.search.people import resolve_person
from onrecord.store import SQLiteStore


@dataclass
class Filters:
    speaker: str | None = None
    speaker_ids: list[int] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    outlet: str | None = None

    def sql(self, kind: str) -> tuple[list[str], list[Any]]:
        """WHERE clauses (alias x = the row, d = its document) and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.speaker:
            # Linked entities answer through the indexes on speaker_id / entity_id. The names
            # as written are only searched (a table scan) when no entity matches: the linker
            # gives an entity to every attributed quote it can, so the two rarely differ.
            name = self.speaker.strip().lower()
            ids = self.speaker_ids
            if kind == "document":
                if ids:
                    clause, args = f"m.entity_id IN ({_marks(ids)})", list(ids)
                else:
                    clause, args = "lower(m.text) = ?", [name]
                where.append(
                    f"EXISTS (SELECT 1 FROM mentions m WHERE m.document_id = d.id AND {clause})"
                )
                params += args
            elif ids:
                where.append(f"x.speaker_id IN ({_marks(ids)})")
                params += ids
            else:
                # the surname alone ("Rutte") matches "Mark Rutte" when entities are not linked
                where.append("(lower(x.speaker) = ? OR lower(x.speaker) LIKE ?)")
                params += [name, f"% {name}"]
        date = "d.published" if kind == "document" else "coalesce(x.said_on, d.published)"
        if self.since:
            where.append(f"{date} >= ?")
            params.append(self.since)
        if self.until:
            # "2025-04" as an upper bound includes all of April
            where.append(f"{date} <= ?")
            params.append(self.until + "\uffff" if len(self.until) < 10 else self.until)
        if self.outlet:
            where.append(
                "(lower(d.outlet) LIKE ? OR EXISTS (SELECT 1 FROM sources so "
                "WHERE so.document_id = d.id AND lower(so.outlet) LIKE ?))"
            )
            pattern = f"%{self.outlet.strip().lower()}%"
            params += [pattern, pattern]
        return where, params

    @property
    def active(self) -> bool:
        return bool(self.speaker or self.since or self.until or self.outlet)


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


def make_filters(
    store: SQLiteStore,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
) -> Filters:
    ids = resolve_person(store, speaker) if speaker else []
    return Filters(speaker=speaker, speaker_ids=ids, since=since, until=until, outlet=outlet)
