"""Corpus linking's reads and writes, shared by both backends.

``load_link_inputs`` gathers what ``link.run.compute_links`` needs; ``write_links`` applies
its ``LinkResult`` in one transaction (each backend's ``_link_tx`` serialises linkers:
SQLite's BEGIN IMMEDIATE, PostgreSQL's advisory lock), so readers never see half a relink."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from onrecord.models import Analysis
from onrecord.store.base import LinkInputs, LinkResult


class LinkSQL:
    """Store methods for linking and state blobs; mixed into each backend's store."""

    _rows: Any
    _tuples: Any
    _one: Any
    _exec: Any
    _many: Any
    _tx: Any

    def iter_analyses(self) -> Iterator[tuple[int, Analysis]]:
        raise NotImplementedError

    def corrections(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _link_tx(self) -> AbstractContextManager[None]:
        """The transaction ``write_links`` runs in (a backend may add a lock)."""
        return self._tx()

    def linking(self) -> AbstractContextManager[None]:
        """Hold the link lock from reading the inputs to writing the result. Two runs linking at
        once (two ``onrecord analyze`` processes finishing together) would otherwise both read
        the record before either wrote, and the second would write links computed from a stale
        record (a near-duplicate signature the first had just stored: a UNIQUE failure)."""
        return self._link_tx()

    # ---- state blobs (the story clusterer's) ----

    def get_state(self, name: str) -> bytes | None:
        row = self._one("SELECT data FROM link_state WHERE name = ?", (name,))
        return bytes(row["data"]) if row else None

    def put_state(self, name: str, data: bytes) -> None:
        with self._tx():
            self._put_state(name, data)

    def _put_state(self, name: str, data: bytes) -> None:
        self._exec(
            "INSERT INTO link_state (name, data) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET data = excluded.data",
            (name, data),
        )

    def linked_speaker_quotes(self) -> list[tuple[int, int]]:
        """(document_id, idx) of quotes whose speaker kind the last link run changed."""
        return [
            (int(r[0]), int(r[1]))
            for r in self._tuples("SELECT document_id, idx FROM quotes WHERE speaker_linked = 1")
        ]

    # ---- linking ----

    def load_link_inputs(self) -> LinkInputs:
        from onrecord.link.run import STORY_STATE  # the linker names its state blob

        docs = self._rows(
            "SELECT id, title, text, published, published_from, story_id FROM documents ORDER BY id"
        )
        return LinkInputs(
            documents=docs,
            analyses=dict(self.iter_analyses()),
            corrections=self.corrections(),
            minhash=[
                (int(r[0]), bytes(r[1]), r[2])
                for r in self._tuples(
                    "SELECT m.document_id, m.signature, d.duplicate_of FROM minhash m "
                    "JOIN documents d ON d.id = m.document_id ORDER BY m.document_id"
                )
            ],
            story_state=self.get_state(STORY_STATE),
            quote_rows=[
                (int(r[0]), int(r[1]), int(r[2]), r[3])
                for r in self._tuples(
                    "SELECT id, document_id, idx, text FROM quotes ORDER BY document_id, idx"
                )
            ],
            pledge_rows=[
                (int(r[0]), int(r[1]), int(r[2]))
                for r in self._tuples("SELECT id, document_id, idx FROM pledges ORDER BY id")
            ],
            linked_speaker_quotes=self.linked_speaker_quotes(),
        )

    def write_links(self, result: LinkResult) -> None:
        """Apply one linking run's decisions in one transaction."""
        from onrecord.link.run import STORY_STATE

        with self._link_tx():
            # near-duplicates (incremental)
            self._many(
                "INSERT INTO minhash (document_id, signature) VALUES (?, ?)", result.minhash_new
            )
            self._many(
                "UPDATE documents SET duplicate_of = ? WHERE id = ?",
                [(orig, doc) for doc, orig in result.duplicate_of],
            )
            # stories, and the dates undated articles take from them
            if result.story_state is not None:
                self._put_state(STORY_STATE, result.story_state)
            self._exec("DELETE FROM stories")
            # story dates are recomputed below; one the rule no longer gives must not linger
            self._exec(
                "UPDATE documents SET published = NULL, published_from = NULL "
                "WHERE published_from = 'story'"
            )
            self._exec(
                "UPDATE quotes SET said_on = NULL, said_on_from = NULL WHERE said_on_from = 'story'"
            )
            for s in result.stories:
                self._exec(
                    "INSERT INTO stories (id, title, first_published, last_published, place) "
                    "VALUES (?,?,?,?,?)",
                    (s.id, s.title, s.first_published, s.last_published, s.place),
                )
                self._many(
                    "UPDATE documents SET story_id = ? WHERE id = ?",
                    [(s.id, d) for d in s.document_ids],
                )
            for doc_id, day in result.inherited_dates:
                self._exec(
                    "UPDATE documents SET published = ?, published_from = 'story' "
                    "WHERE id = ? AND (published IS NULL OR published_from = 'story')",
                    (day, doc_id),
                )
                self._exec(
                    "UPDATE quotes SET said_on = ?, said_on_from = 'story' WHERE document_id = ? "
                    "AND (said_on IS NULL OR said_on_from = 'story')",
                    (day, doc_id),
                )
            # entities: ids stay with their key across runs
            self._exec("UPDATE entities SET active = 0")
            for e in result.entities:
                self._exec(
                    "INSERT INTO entities (key, name, type, aliases, roles, mentions, active) "
                    "VALUES (?,?,?,?,?,?,1) ON CONFLICT (key) DO UPDATE SET name = excluded.name, "
                    "type = excluded.type, aliases = excluded.aliases, roles = excluded.roles, "
                    "mentions = excluded.mentions, active = 1",
                    (
                        e.key,
                        e.name,
                        e.type,
                        json.dumps(e.aliases, ensure_ascii=False),
                        json.dumps(e.roles, ensure_ascii=False),
                        e.mentions,
                    ),
                )
            ids = {
                r[0]: int(r[1])
                for r in self._tuples("SELECT key, id FROM entities WHERE active = 1")
            }
            self._exec("UPDATE mentions SET entity_id = NULL")
            self._many(
                "UPDATE mentions SET entity_id = ? WHERE document_id = ? AND idx = ?",
                [(ids[k], d, i) for k, d, i in result.mention_entity if k in ids],
            )
            self._exec("UPDATE quotes SET speaker_id = NULL")
            self._many(
                "UPDATE quotes SET speaker_id = ? WHERE document_id = ? AND idx = ?",
                [(ids[k], d, i) for k, d, i in result.quote_speaker if k in ids],
            )
            self._many(
                "UPDATE quotes SET speaker_type = ?, speaker_evidence = ?, speaker_confidence = ?, "
                "speaker_evidence_document = ?, speaker_linked = ? "
                "WHERE document_id = ? AND idx = ?",
                result.speaker_kinds,
            )
            self._exec("UPDATE pledges SET speaker_id = NULL")
            self._many(
                "UPDATE pledges SET speaker_id = ? WHERE document_id = ? AND speaker_person = ?",
                [(ids[k], d, p) for k, d, p in result.pledge_speaker if k in ids],
            )
            # statement and pledge groups: a group's id is its first row's id
            self._many("UPDATE quotes SET group_id = ? WHERE id = ?", result.quote_groups)
            self._many("UPDATE pledges SET group_id = ? WHERE id = ?", result.pledge_groups)
