"""The SQLite store: one file, WAL mode, a transaction per batch.

The embedded default. Shared SQL (read views, link writes, search candidates) lives in
``store/sql/`` and runs here through the executor (``_rows``/``_one``/``_scalar``/``_exec``/
``_many``/``_tx``); what only SQLite does (pragmas, the progress-handler deadline, FTS5,
migrations) stays in this package.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from onrecord.models import Analysis, Document
from onrecord.store.base import DATE_PRECEDENCE, AddResult, Dialect, QueryTimeout
from onrecord.store.sql.link import LinkSQL
from onrecord.store.sql.rows import ANALYSIS_TABLES, insert_sql
from onrecord.store.sql.search import SearchSQL
from onrecord.store.sql.vectors import VectorSQL
from onrecord.store.sqlite.fts import FTS5Search
from onrecord.store.sqlite.schema import apply_migrations, migration_names

__all__ = ["DATE_PRECEDENCE", "AddResult", "SQLiteDialect", "SQLiteStore"]


class SQLiteDialect(Dialect):
    name = "sqlite"

    def json_array_agg(self, expr: str, *, distinct: bool = False) -> str:
        return f"json_group_array({'DISTINCT ' if distinct else ''}{expr})"

    def json_each(self, expr: str, alias: str) -> str:
        return f"json_each({expr}) {alias}"

    def group_concat(self, expr: str, sep: str) -> str:
        return f"group_concat({expr}, '{sep}')"


DIALECT = SQLiteDialect()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stronger(new_from: str | None, old_from: str | None) -> bool:
    if new_from is None:
        return False
    if old_from is None:
        return True
    return DATE_PRECEDENCE.get(new_from, 9) < DATE_PRECEDENCE.get(old_from, 9)


def _upgrade_schema(path: Path) -> None:
    """Bring an older record's schema up to date before a read-only open: the read views
    select columns later migrations added (speaker_type, pledge quantities), so a record made
    by an earlier version would fail on every quote page. Migrations only add; a file we may
    not write is left as it is."""
    try:
        probe = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            done = {r[0] for r in probe.execute("SELECT name FROM schema_migrations")}
        finally:
            probe.close()
    except sqlite3.Error:
        return
    if set(migration_names()) <= done or not os.access(path, os.W_OK):
        return
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=10000")
        apply_migrations(conn)
    except sqlite3.Error:
        pass  # read-only filesystem or a locked file: read what is there
    finally:
        conn.close()


class SQLiteStore(SearchSQL, VectorSQL, LinkSQL, FTS5Search):
    backend = "sqlite"
    dialect: Dialect = DIALECT

    def __init__(self, path: Path | str, *, readonly: bool = False, url: str | None = None) -> None:
        self.path = Path(path)
        self.url = url or str(path)
        self.readonly = readonly
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no database at {self.path}")
            _upgrade_schema(self.path)
            uri = f"file:{self.path.resolve()}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.execute("PRAGMA busy_timeout=10000")
        if not readonly:
            apply_migrations(self._conn)

    # ---- identity ----

    @property
    def key(self) -> str:
        """The cache key of this record (facet and vector caches): the resolved file."""
        return str(self.path.resolve())

    @property
    def index_dir(self) -> Path:
        """Where the vector index files live: ``<db>-vectors/`` next to the file."""
        return Path(str(self.path) + "-vectors")

    def __repr__(self) -> str:
        return f"SQLiteStore({self.url!r}{', readonly' if self.readonly else ''})"

    def close(self) -> None:
        self._conn.close()

    def vector_signature(self) -> tuple[int, ...]:
        """O(1) fingerprint of what the vector index covers: new vectors or new rows change it
        (the embeddings' AUTOINCREMENT counter moves on every insert, deletes included)."""
        seq = self._scalar("SELECT seq FROM sqlite_sequence WHERE name = 'embeddings'")
        tops = [
            self._scalar(f"SELECT coalesce(max(id), 0) FROM {t}")
            for t in ("quotes", "sentences", "pledges")
        ]
        return (seq or 0, *tops)

    def data_version(self) -> int:
        """Changes whenever another connection commits (facet caches compare it)."""
        return int(self._scalar("PRAGMA data_version"))

    def columns(self, table: str) -> set[str]:
        """Column names of ``table``: a read-only open of an older database is not migrated,
        so readers ask before selecting a column a later migration adds."""
        return {row[1] for row in self._conn.execute(f"PRAGMA table_info({table})")}

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the executor the shared SQL (store/sql/) runs through ----

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(sql, list(params))]

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._conn.execute(sql, list(params))]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        row = self._conn.execute(sql, list(params)).fetchone()
        return dict(row) if row is not None else None

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._conn.execute(sql, list(params)).fetchone()
        return row[0] if row is not None else None

    def _iter(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time (a cursor), for reads too large for one list."""
        cur = self._conn.cursor()
        try:
            cur.execute(sql, list(params))
            yield from (tuple(r) for r in cur)
        finally:
            cur.close()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write; returns the number of rows it changed."""
        return self._conn.execute(sql, list(params)).rowcount

    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def _tx(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE: the write lock up front, so two writers
        queue instead of one failing at its first write). Inside one already (``linking``
        holds the write lock from its reads to its writes), the inner one joins it."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._tx():
            yield self._conn

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Interrupt any statement still running ``seconds`` from now (the web's per-request
        limit, as datasette's sqlite_timelimit); SQLite's "interrupted" becomes QueryTimeout."""
        end = time.monotonic() + seconds
        self._conn.set_progress_handler(lambda: 1 if time.monotonic() > end else 0, 1000)
        try:
            yield
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise QueryTimeout(f"query took longer than {seconds:g}s") from e
            raise
        finally:
            self._conn.set_progress_handler(None, 0)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One consistent view for a read made of several statements (a search takes its
        candidates in one and their rows in another): without it, a writer committing in
        between (an ingest replacing a document's quotes) leaves ids that match nothing."""
        if self._conn.in_transaction:
            yield
            return
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    # ---- documents ----

    def add_documents(self, docs: Iterable[Document]) -> list[AddResult]:
        """Store a batch in one transaction; a text already stored gains a source instead."""
        results = []
        with self.transaction() as conn:
            for doc in docs:
                results.append(self._add_one(conn, doc))
        return results

    def _add_one(self, conn: sqlite3.Connection, doc: Document) -> AddResult:
        sha = doc.sha256
        row = conn.execute(
            "SELECT id, source, published, published_from, title, outlet, byline, url "
            "FROM documents WHERE sha256 = ?",
            (sha,),
        ).fetchone()
        if row is None:
            cur = conn.execute(
                "INSERT INTO documents (sha256, text, title, outlet, byline, published, "
                "published_from, url, language, caption, source, source_type, chars, ingested_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    sha,
                    doc.text,
                    doc.title,
                    doc.outlet,
                    doc.byline,
                    doc.published,
                    doc.published_from,
                    doc.url,
                    doc.language,
                    doc.caption,
                    doc.source,
                    doc.source_type,
                    len(doc.text),
                    _now(),
                ),
            )
            doc_id = int(cur.lastrowid or 0)
            self._add_source(conn, doc_id, doc)
            return AddResult(doc.source, doc_id, "new")
        doc_id = row["id"]
        known = conn.execute(
            "SELECT 1 FROM sources WHERE document_id = ? AND source = ?", (doc_id, doc.source)
        ).fetchone()
        self._add_source(conn, doc_id, doc)
        # A second copy may know more (a date from metadata, an outlet): fill in, never erase.
        updates: dict[str, Any] = {}
        if doc.published and _stronger(doc.published_from, row["published_from"]):
            updates["published"] = doc.published
            updates["published_from"] = doc.published_from
        for col in ("title", "outlet", "byline", "url"):
            if row[col] is None and getattr(doc, col):
                updates[col] = getattr(doc, col)
        if updates:
            sets = ", ".join(f"{k} = ?" for k in updates)
            conn.execute(f"UPDATE documents SET {sets} WHERE id = ?", (*updates.values(), doc_id))
        return AddResult(doc.source, doc_id, "already" if known else "duplicate", row["source"])

    def _add_source(self, conn: sqlite3.Connection, doc_id: int, doc: Document) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO sources (document_id, source, source_type, outlet, url, title, "
            "byline, published, published_from) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                doc_id,
                doc.source,
                doc.source_type,
                doc.outlet,
                doc.url,
                doc.title,
                doc.byline,
                doc.published,
                doc.published_from,
            ),
        )

    def record_failure(
        self,
        source: str,
        reason: str,
        *,
        kind: str = "ingest",
        document_id: int | None = None,
        version: str | None = None,
    ) -> None:
        with self.transaction() as conn:
            self._put_failure(conn, kind, source, reason, document_id, version)

    @staticmethod
    def _put_failure(
        conn: sqlite3.Connection,
        kind: str,
        source: str,
        reason: str,
        document_id: int | None,
        version: str | None,
    ) -> None:
        conn.execute(
            "INSERT INTO failures (kind, source, document_id, version, reason, seen_at) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT(kind, source, reason) DO UPDATE SET "
            "seen_at = excluded.seen_at, document_id = excluded.document_id, "
            "version = excluded.version",
            (kind, source, document_id, version, reason, _now()),
        )

    def record_analysis_failure(self, doc_id: int, reason: str, version: str) -> None:
        """Mark a document as failed for this analysis version: it is not claimed again until
        the version changes, and `onrecord failures` shows it with the reason."""
        with self.transaction() as conn:
            row = conn.execute("SELECT source FROM documents WHERE id = ?", (doc_id,)).fetchone()
            source = row[0] if row else f"document {doc_id}"
            self._put_failure(conn, "analysis", source, reason, doc_id, version)
            conn.execute("DELETE FROM analysis_claims WHERE document_id = ?", (doc_id,))

    def get_document(self, doc_id: int) -> dict[str, Any] | None:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(row) if row else None

    def documents(
        self, *, limit: int | None = None, offset: int = 0, with_text: bool = False
    ) -> list[dict[str, Any]]:
        cols = (
            "*"
            if with_text
            else "id, sha256, title, outlet, byline, published, "
            + (
                "published_from, url, language, caption, source, source_type, chars, duplicate_of, "
                "story_id"
            )
        )
        sql = f"SELECT {cols} FROM documents ORDER BY id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        return self._rows(sql, params)

    def sources_of(self, doc_id: int) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM sources WHERE document_id = ? ORDER BY id", (doc_id,))

    def failures(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Failed inputs, failed analyses and notes on partial analyses, oldest first."""
        cols = {r["name"] for r in self._rows("PRAGMA table_info(failures)")}
        if "kind" not in cols:  # a database opened read-only before migration 004
            if kind not in (None, "ingest"):
                return []
            return self._rows(
                "SELECT 'ingest' AS kind, source, NULL AS document_id, reason, seen_at "
                "FROM failures ORDER BY id"
            )
        sql = "SELECT kind, source, document_id, reason, seen_at FROM failures"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        return self._rows(sql + " ORDER BY id", params)

    # ---- analyses ----

    # A document is pending when it has no analysis of this version and has not already failed
    # one: a poison document is tried once per version, not on every run. Parameters: the
    # version, twice.
    _PENDING = (
        "FROM documents d LEFT JOIN analyses a ON a.document_id = d.id "
        "WHERE (a.document_id IS NULL OR a.version != ?) AND NOT EXISTS ("
        "SELECT 1 FROM failures f WHERE f.document_id = d.id AND f.kind = 'analysis' "
        "AND f.version = ?)"
    )

    def pending_analysis(self, version: str, limit: int | None = None) -> list[dict[str, Any]]:
        """Pending documents (id, text, published) as one list; ``iter_pending`` streams them."""
        out: list[dict[str, Any]] = []
        for batch in self.iter_pending(version):
            out += batch
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out

    def iter_pending(self, version: str, batch_size: int = 256) -> Iterator[list[dict[str, Any]]]:
        """Pending documents (id, text, published) in id order, ``batch_size`` at a time: one
        batch of texts in memory, never the whole backlog (keyset paging on the id)."""
        after = 0
        while True:
            rows = self._rows(
                "SELECT d.id, d.text, d.published " + self._PENDING + " AND d.id > ? "
                "ORDER BY d.id LIMIT ?",
                (version, version, after, batch_size),
            )
            if not rows:
                return
            yield rows
            after = rows[-1]["id"]

    def count_pending(self, version: str) -> int:
        """How many documents still need this analysis version (the progress bar's total)."""
        return int(self._scalar("SELECT count(*) " + self._PENDING, (version, version)))

    def claim_pending(
        self, version: str, claimant: str, limit: int, lease_seconds: float, after: int = 0
    ) -> list[dict[str, Any]]:
        """Lease up to `limit` pending documents to `claimant` and return them (with text).

        Unclaimed documents and those whose lease is older than `lease_seconds` qualify, so two
        concurrent runs split the work and a killed run's documents are taken over later. Only
        ids above `after`: a run walks forward instead of rescanning what is already done."""
        now = time.time()
        with self._tx():
            ids = [
                int(r[0])
                for r in self._tuples(
                    "SELECT d.id " + self._PENDING + " AND NOT EXISTS (SELECT 1 FROM "
                    "analysis_claims c WHERE c.document_id = d.id AND c.claimed_at >= ?) "
                    "AND d.id > ? ORDER BY d.id LIMIT ?",
                    (version, version, now - lease_seconds, after, limit),
                )
            ]
            self._many(
                "INSERT INTO analysis_claims (document_id, claimed_by, claimed_at) "
                "VALUES (?,?,?) ON CONFLICT (document_id) DO UPDATE SET "
                "claimed_by = excluded.claimed_by, claimed_at = excluded.claimed_at",
                [(i, claimant, now) for i in ids],
            )
            rows = self._rows(
                f"SELECT id, text, published FROM documents WHERE id IN ({','.join('?' * len(ids))}) "
                "ORDER BY id",
                ids,
            )
        return rows

    def renew_claims(self, claimant: str) -> None:
        """Keep a long run's in-flight leases fresh so no other run takes them over."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE analysis_claims SET claimed_at = ? WHERE claimed_by = ?",
                (time.time(), claimant),
            )

    def claimants(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT DISTINCT claimed_by FROM analysis_claims")]

    def release_claims(self, claimant: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM analysis_claims WHERE claimed_by = ?", (claimant,))

    def save_analyses(self, items: Sequence[tuple[int, Analysis]], version: str) -> None:
        """Write analyses and their normalised rows in one transaction, replacing older ones."""
        with self.transaction() as conn:
            for doc_id, analysis in items:
                for table in ("mentions", "quotes", "pledges", "analysis_claims"):
                    conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
                # a fresh analysis replaces what earlier ones said went wrong
                conn.execute(
                    "DELETE FROM failures WHERE document_id = ? AND kind IN ('analysis', 'note')",
                    (doc_id,),
                )
                if analysis.notes:
                    row = conn.execute(
                        "SELECT source FROM documents WHERE id = ?", (doc_id,)
                    ).fetchone()
                    source = row[0] if row else f"document {doc_id}"
                    for note in analysis.notes:
                        self._put_failure(conn, "note", source, note, doc_id, version)
                conn.execute(
                    "INSERT OR REPLACE INTO analyses (document_id, version, data) VALUES (?,?,?)",
                    (doc_id, version, json.dumps(analysis.to_dict(), ensure_ascii=False)),
                )
                for table, columns, rows in ANALYSIS_TABLES:
                    conn.executemany(insert_sql(table, columns), rows([(doc_id, analysis)]))

    def iter_analyses(self) -> Iterator[tuple[int, Analysis]]:
        for row in self._conn.execute(
            "SELECT document_id, data FROM analyses ORDER BY document_id"
        ):
            yield row[0], Analysis.from_dict(json.loads(row[1]))

    def get_analysis(self, doc_id: int) -> Analysis | None:
        row = self._conn.execute(
            "SELECT data FROM analyses WHERE document_id = ?", (doc_id,)
        ).fetchone()
        return Analysis.from_dict(json.loads(row[0])) if row else None

    # ---- people corrections (applied at link time) ----

    def add_correction(self, action: str, name: str, other: str | None = None) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO people_corrections (action, name, other, created_at) VALUES (?,?,?,?)",
                (action, name, other, _now()),
            )
        return int(cur.lastrowid or 0)

    def corrections(self) -> list[dict[str, Any]]:
        try:
            return self._rows(
                "SELECT id, action, name, other, created_at FROM people_corrections ORDER BY id"
            )
        except sqlite3.OperationalError:
            return []  # a read-only record made before migration 005: no corrections yet

    # ---- summary ----

    def volume(self, *, outlet: str | None = None) -> dict[str, list[tuple[str | None, int]]]:
        """Articles and quotes per publication date (None: undated), for coverage charts.

        Quotes are counted where they were published, like the articles, so the two series
        share one meaning of "when". ``outlet`` keeps the documents any source of that outlet
        carried (an outlet page).
        """
        where, params = "", ()
        if outlet is not None:
            where, params = (
                "WHERE d.id IN (SELECT document_id FROM sources WHERE outlet = ?)",
                (outlet,),
            )
        docs = self._conn.execute(
            f"SELECT d.published, count(*) FROM documents d {where} GROUP BY d.published",
            params,
        ).fetchall()
        quotes = self._conn.execute(
            f"SELECT d.published, count(*) FROM quotes q JOIN documents d ON d.id = q.document_id "
            f"{where} GROUP BY d.published",
            params,
        ).fetchall()
        return {"articles": [tuple(r) for r in docs], "quotes": [tuple(r) for r in quotes]}

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "sources", "quotes", "pledges", "stories"):
            out[table] = self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        # notes on partial analyses are not failures
        cols = {r["name"] for r in self._rows("PRAGMA table_info(failures)")}
        out["failures"] = self._conn.execute(
            "SELECT count(*) FROM failures" + (" WHERE kind != 'note'" if "kind" in cols else "")
        ).fetchone()[0]
        out["people"] = self._conn.execute(
            "SELECT count(*) FROM entities WHERE type = 'PERSON' AND active = 1"
        ).fetchone()[0]
        out["entities"] = self._conn.execute(
            "SELECT count(*) FROM entities WHERE active = 1"
        ).fetchone()[0]
        return out
