"""The PostgreSQL store: one database that many ingest processes write and many servers read.

Same record as the SQLite store (same tables, same ids for the same input, same answers), but
built for concurrency:
- documents are added under a transaction-scoped advisory lock, so two processes adding the
  same text at once still find it is a duplicate (the unique index on sha256 backs this up);
- analyses are claimed with ``FOR UPDATE SKIP LOCKED`` leases, as SQLite's claims table does;
- a batch is one transaction (readers never see half a batch) and rows go in with COPY;
- link writes are serialised with ``pg_advisory_xact_lock`` so concurrent ingests link in turn.

Shared SQL is written with ``?`` placeholders (store_design.md's portable subset); the executor
rewrites them to psycopg's ``%s`` and escapes literal ``%``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg.abc import Buffer
from psycopg.adapt import Loader
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from onrecord.models import Analysis, Document
from onrecord.store.base import DATE_PRECEDENCE, AddResult, Dialect, LinkResult, QueryTimeout
from onrecord.store.postgres.fts import TsvectorSearch
from onrecord.store.postgres.migrations import apply_migrations, pending
from onrecord.store.sql.link import LinkSQL
from onrecord.store.sql.rows import ANALYSIS_TABLES, column_list
from onrecord.store.sql.search import SearchSQL
from onrecord.store.sql.vectors import VectorSQL

__all__ = ["PostgresDialect", "PostgresStore", "QueryTimeout", "mask_password", "to_pyformat"]

# pg_advisory_xact_lock keys: one per kind of work that must not interleave across processes
DOCS_LOCK = 0x6F6E7265_02
CLAIMS_LOCK = 0x6F6E7265_03
LINK_LOCK = 0x6F6E7265_04


class PostgresDialect(Dialect):
    name = "postgres"

    def json_array_agg(self, expr: str, *, distinct: bool = False) -> str:
        # SQLite's json_group_array gives '[]' for an empty group, json_agg NULL
        return f"COALESCE(CAST(json_agg({'DISTINCT ' if distinct else ''}{expr}) AS TEXT), '[]')"

    def json_each(self, expr: str, alias: str) -> str:
        # a set-returning function in FROM is lateral; the column list names ``alias.value``
        return f"json_array_elements_text(CAST({expr} AS json)) AS {alias}(value)"

    def group_concat(self, expr: str, sep: str) -> str:
        return f"string_agg(CAST({expr} AS TEXT), '{sep}')"


DIALECT = PostgresDialect()

# vector kind -> (its table, the rows with their text as x)
_VECTOR_ROWS = {
    "quote": ("quotes", "quotes x"),
    "sentence": ("sentences", "sentence_texts x"),
    "pledge": ("pledges", "pledges x"),
}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _stronger(new_from: str | None, old_from: str | None) -> bool:
    if new_from is None:
        return False
    if old_from is None:
        return True
    return DATE_PRECEDENCE.get(new_from, 9) < DATE_PRECEDENCE.get(old_from, 9)


def mask_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@", 1)))


_TOKENS = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\?|%""")


@lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """Portable SQL (``?`` placeholders) as psycopg wants it (``%s``, literal ``%`` doubled);
    string literals, quoted names and comments are left alone."""

    def sub(m: re.Match[str]) -> str:
        tok = m.group()
        if tok == "?":
            return "%s"
        if tok == "%":
            return "%%"
        return tok.replace("%", "%%") if tok[0] in "'\"" else tok

    return _TOKENS.sub(sub, sql)


class _NumericLoader(Loader):
    """numeric as int or float, never Decimal: sum() over BIGINT and avg() are numeric in
    PostgreSQL, and SQLite gives int/float for the same SQL (JSON output must not differ)."""

    def load(self, data: Buffer) -> int | float:
        text = bytes(data).decode()
        if text.lstrip("-").isdigit():
            return int(text)
        return float(text)


def _configure(conn: psycopg.Connection[Any]) -> None:
    conn.adapters.register_loader("numeric", _NumericLoader)


_POOLS: dict[str, ConnectionPool] = {}
_POOLS_LOCK = threading.Lock()


def _pool(url: str) -> ConnectionPool:
    """One small pool per database URL and process: the web opens a store per request thread,
    a CLI run several stores in a row; connections are reused instead of reconnected."""
    with _POOLS_LOCK:
        pool = _POOLS.get(url)
        if pool is None:
            # one direct connection first: a wrong URL or a server that is down fails now,
            # with the server's reason, instead of after the pool's 30 s wait
            try:
                psycopg.connect(url, connect_timeout=10).close()
            except psycopg.Error as e:
                reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                raise ConnectionError(f"cannot connect to {mask_password(url)}: {reason}") from e
            pool = ConnectionPool(
                url,
                min_size=0,
                max_size=int(os.environ.get("ONRECORD_PG_POOL", "16")),
                kwargs={"autocommit": True},
                configure=_configure,
                # a pooled connection the server has since closed (a restart, a dropped
                # database) is replaced at checkout instead of failing the next store
                check=ConnectionPool.check_connection,
                open=True,
                name="onrecord",
            )
            _POOLS[url] = pool
        return pool


def _forget_pools_in_child() -> None:
    # A forked child (the local process pool, a test's ProcessPoolExecutor) must not use the
    # parent's sockets: two processes on one connection corrupt both sessions. Drop the
    # pools without closing them (closing would tell the server the parent's sessions ended).
    global _POOLS_LOCK
    _POOLS_LOCK = threading.Lock()
    _POOLS.clear()


os.register_at_fork(after_in_child=_forget_pools_in_child)


def close_pools() -> None:
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


class PostgresStore(SearchSQL, VectorSQL, LinkSQL, TsvectorSearch):
    backend = "postgres"
    dialect: Dialect = DIALECT

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        self.url = url
        self.readonly = readonly
        plain = _without_password(url)
        self.key = "pg:" + hashlib.sha1(plain.encode()).hexdigest()[:16]
        cache = os.environ.get("ONRECORD_CACHE_DIR")
        base = Path(cache) if cache else Path.home() / ".cache" / "onrecord"
        self.index_dir = base / hashlib.sha1(plain.encode()).hexdigest()[:16]
        self._pool = _pool(url)
        try:
            self._conn: psycopg.Connection[Any] = self._pool.getconn(timeout=30)
        except Exception as e:  # a clear message instead of a pool timeout trace
            raise ConnectionError(f"cannot connect to {mask_password(url)}: {e}") from e
        self._deadline_end: float | None = None
        self._tx_depth = 0
        try:
            if pending(self._conn):
                # a read-only open still brings the schema up to date (migrations only add)
                try:
                    apply_migrations(self._conn)
                except pg_errors.InsufficientPrivilege:
                    if not readonly:
                        raise
            if readonly:
                self._conn.execute("SET default_transaction_read_only = on")
        except BaseException:
            self.close()  # the connection goes back to the pool, not lost with this object
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({mask_password(self.url)!r})"

    # ---- lifecycle ----

    def close(self) -> None:
        conn, self._conn = self._conn, None  # type: ignore[assignment]
        if conn is None:
            return
        if conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.close()  # never hand back a connection in the middle of something
        else:
            conn.execute("RESET ALL")
        self._pool.putconn(conn)

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def vector_signature(self) -> tuple[int, ...]:
        """Cheap fingerprint of what the vector index covers: the embeddings identity moves on
        every insert (never reused, as SQLite's AUTOINCREMENT), plus the newest row ids."""
        row = self._tuples(
            "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
            "FROM embeddings_id_seq), "
            "(SELECT COALESCE(max(id), 0) FROM quotes), "
            "(SELECT COALESCE(max(id), 0) FROM sentences), "
            "(SELECT COALESCE(max(id), 0) FROM pledges)"
        )[0]
        return tuple(int(v) for v in row)

    def data_version(self) -> int:
        """Changes whenever a transaction commits (facet caches compare it), like SQLite's
        PRAGMA data_version: the snapshot (xmin, xmax, transactions in progress) moves on at
        every commit. Transactions in other databases of the server move it too: a cache is
        dropped too often, never kept too long."""
        return zlib.crc32(str(self._scalar("SELECT CAST(pg_current_snapshot() AS TEXT)")).encode())

    # ---- the executor (shared SQL runs through these) ----

    def _cursor(self, rows: bool = True) -> psycopg.Cursor[Any]:
        return self._conn.cursor(row_factory=dict_row) if rows else self._conn.cursor()

    def _execute(self, cur: psycopg.Cursor[Any], sql: str, params: Sequence[Any] = ()) -> None:
        if self._deadline_end is not None and time.monotonic() > self._deadline_end:
            raise QueryTimeout("query deadline passed")
        try:
            cur.execute(to_pyformat(sql), tuple(params))
        except pg_errors.QueryCanceled as e:
            raise QueryTimeout(str(e).strip()) from e

    def _read(self, sql: str, params: Sequence[Any], rows: bool, one: bool = False) -> Any:
        """Run a statement and fetch its rows. A read outside any transaction whose connection
        the server has ended (a restart, a terminated session) is retried once on a fresh
        connection: the web keeps its stores for the life of the process, and one database
        restart must not leave every later request failing. Writes are never retried."""
        for attempt in (0, 1):
            try:
                with self._cursor(rows) as cur:
                    self._execute(cur, sql, params)
                    if not cur.description:
                        return None if one else []
                    return cur.fetchone() if one else list(cur.fetchall())
            except psycopg.OperationalError:
                if attempt or not self._lost_between_reads(sql):
                    raise
                self._reconnect()
        raise AssertionError("unreachable")

    def _lost_between_reads(self, sql: str) -> bool:
        head = sql.lstrip()[:7].upper()
        return self._conn.closed and self._tx_depth == 0 and head.startswith(("SELECT", "WITH "))

    def _reconnect(self) -> None:
        old, self._conn = self._conn, self._pool.getconn(timeout=30)
        self._pool.putconn(old)  # closed: the pool discards it
        if self.readonly:
            self._conn.execute("SET default_transaction_read_only = on")
        if self._deadline_end is not None:
            ms = max(1, int((self._deadline_end - time.monotonic()) * 1000))
            self._conn.execute("SELECT set_config('statement_timeout', %s, false)", (str(ms),))

    def _session(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A session setting (the deadline's statement_timeout), with the reads' one retry on
        a fresh connection when the server has ended this one."""
        try:
            self._conn.execute(sql, params)
        except psycopg.OperationalError:
            if not (self._conn.closed and self._tx_depth == 0):
                raise
            self._reconnect()
            self._conn.execute(sql, params)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._read(sql, params, rows=True)

    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        return self._read(sql, params, rows=True, one=True)

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._read(sql, params, rows=False)

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._tuples(sql, params)
        return rows[0][0] if rows else None

    def _iter(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time, for reads too large for one list: a server-side cursor when
        no transaction is open (it needs one, and holds it until the rows are read)."""
        if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            with self._cursor(rows=False) as cur:
                self._execute(cur, sql, params)
                yield from cur
            return
        with self._transaction(), self._conn.cursor(name="onrecord_iter") as cur:
            cur.itersize = 1000
            cur.execute(to_pyformat(sql), tuple(params))
            yield from cur

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one write; returns the number of rows it changed."""
        with self._cursor(rows=False) as cur:
            self._execute(cur, sql, params)
            return cur.rowcount

    def _many(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        with self._cursor(rows=False) as cur:
            cur.executemany(to_pyformat(sql), [tuple(p) for p in seq])

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Bulk rows with COPY: one round trip per batch instead of one per row."""
        cols = column_list(columns)
        n = 0
        with (
            self._cursor(rows=False) as cur,
            cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Connection[Any]]:
        """One transaction (nested calls join the outer one)."""
        with self._transaction():
            yield self._conn

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """``conn.transaction()``, counted: a lost connection is only replaced outside one."""
        self._tx_depth += 1
        try:
            with self._conn.transaction():
                yield
        finally:
            self._tx_depth -= 1

    # SQLite-compatible name used by callers that group writes
    transaction = _tx

    def _lock(self, key: int) -> None:
        """Transaction-scoped advisory lock: held until the enclosing transaction ends."""
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    @contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Cancel any statement still running ``seconds`` from now (statement_timeout), and
        refuse to start one after that: QueryTimeout either way."""
        self._deadline_end = time.monotonic() + seconds
        ms = max(1, int(seconds * 1000))
        self._session("SELECT set_config('statement_timeout', %s, false)", (str(ms),))
        try:
            yield
        finally:
            self._deadline_end = None
            status = self._conn.info.transaction_status
            # in a failed transaction the rollback undoes the SET made inside it
            if status != psycopg.pq.TransactionStatus.INERROR and not self._conn.closed:
                self._conn.execute("SELECT set_config('statement_timeout', '0', false)")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One consistent read view for a read made of several statements."""
        if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            yield
            return
        # set on the connection, the level goes into the BEGIN itself: one round trip, not two
        self._conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        self._conn.read_only = True
        stack = ExitStack()
        try:
            stack.enter_context(self._transaction())
        except psycopg.OperationalError:
            if not self._conn.closed:
                raise
            self._reconnect()  # the server ended the session since the last read
            self._conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self._conn.read_only = True
            stack.enter_context(self._transaction())
        try:
            with stack:
                yield
        finally:
            if not self._conn.closed:
                self._conn.isolation_level = None
                self._conn.read_only = None

    def columns(self, table: str) -> set[str]:
        return {
            r[0]
            for r in self._tuples(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ?",
                (table,),
            )
        }

    # ---- documents ----

    def add_documents(self, docs: Iterable[Document]) -> list[AddResult]:
        """Store a batch in one transaction; a text already stored gains a source instead.

        The batch holds the documents lock from its first read to its commit: a second process
        adding the same text waits, then sees it and records a duplicate. New ids are
        max(id)+1 in input order, as SQLite assigns them, so both backends number a corpus
        the same."""
        docs = list(docs)
        if not docs:
            return []
        results: list[AddResult] = []
        with self._tx():
            self._lock(DOCS_LOCK)
            shas = list({d.sha256 for d in docs})
            known: dict[str, dict[str, Any]] = {
                r["sha256"]: r
                for r in self._rows(
                    "SELECT id, sha256, source, published, published_from, title, outlet, "
                    "byline, url FROM documents WHERE sha256 = ANY(?)",
                    (shas,),
                )
            }
            seen_sources: set[tuple[int, str]] = set()
            if known:
                ids = [r["id"] for r in known.values()]
                seen_sources = {
                    (r[0], r[1])
                    for r in self._tuples(
                        "SELECT document_id, source FROM sources WHERE document_id = ANY(?) "
                        "AND source = ANY(?)",
                        (ids, list({d.source for d in docs})),
                    )
                }
            next_id = int(self._scalar("SELECT COALESCE(max(id), 0) FROM documents")) + 1
            new_rows: list[tuple[Any, ...]] = []
            source_rows: list[tuple[Any, ...]] = []
            updates: dict[int, dict[str, Any]] = {}
            now = _now()
            for doc in docs:
                row = known.get(doc.sha256)
                if row is None:
                    doc_id = next_id
                    next_id += 1
                    new_rows.append(
                        (
                            doc_id,
                            doc.sha256,
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
                            now,
                        )
                    )
                    known[doc.sha256] = {
                        "id": doc_id,
                        "source": doc.source,
                        "published": doc.published,
                        "published_from": doc.published_from,
                        "title": doc.title,
                        "outlet": doc.outlet,
                        "byline": doc.byline,
                        "url": doc.url,
                    }
                    source_rows.append(self._source_row(doc_id, doc))
                    seen_sources.add((doc_id, doc.source))
                    results.append(AddResult(doc.source, doc_id, "new"))
                    continue
                doc_id = row["id"]
                already = (doc_id, doc.source) in seen_sources
                if not already:
                    source_rows.append(self._source_row(doc_id, doc))
                    seen_sources.add((doc_id, doc.source))
                # A second copy may know more (a date from metadata, an outlet): fill in,
                # never erase. ``row`` is updated so a third copy in the batch sees it.
                upd: dict[str, Any] = {}
                if doc.published and _stronger(doc.published_from, row["published_from"]):
                    upd["published"] = doc.published
                    upd["published_from"] = doc.published_from
                for col in ("title", "outlet", "byline", "url"):
                    if row[col] is None and getattr(doc, col):
                        upd[col] = getattr(doc, col)
                if upd:
                    row.update(upd)
                    updates.setdefault(doc_id, {}).update(upd)
                results.append(
                    AddResult(
                        doc.source, doc_id, "already" if already else "duplicate", row["source"]
                    )
                )
            if new_rows:
                self._copy(
                    "documents",
                    (
                        "id",
                        "sha256",
                        "text",
                        "title",
                        "outlet",
                        "byline",
                        "published",
                        "published_from",
                        "url",
                        "language",
                        "caption",
                        "source",
                        "source_type",
                        "chars",
                        "ingested_at",
                    ),
                    new_rows,
                )
                # ids were given explicitly: move the identity on so a default never collides
                self._conn.execute(
                    "SELECT setval(pg_get_serial_sequence('documents', 'id'), %s)",
                    (next_id - 1,),
                )
            for doc_id, upd in updates.items():
                sets = ", ".join(f"{k} = ?" for k in upd)
                self._rows(f"UPDATE documents SET {sets} WHERE id = ?", (*upd.values(), doc_id))
            if source_rows:
                self._copy(
                    "sources",
                    (
                        "document_id",
                        "source",
                        "source_type",
                        "outlet",
                        "url",
                        "title",
                        "byline",
                        "published",
                        "published_from",
                    ),
                    source_rows,
                )
        return results

    @staticmethod
    def _source_row(doc_id: int, doc: Document) -> tuple[Any, ...]:
        return (
            doc_id,
            doc.source,
            doc.source_type,
            doc.outlet,
            doc.url,
            doc.title,
            doc.byline,
            doc.published,
            doc.published_from,
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
        with self._tx():
            self._put_failure(kind, source, reason, document_id, version)

    def _put_failure(
        self,
        kind: str,
        source: str,
        reason: str,
        document_id: int | None,
        version: str | None,
    ) -> None:
        self._rows(
            "INSERT INTO failures (kind, source, document_id, version, reason, seen_at) "
            "VALUES (?,?,?,?,?,?) ON CONFLICT(kind, source, reason) DO UPDATE SET "
            "seen_at = excluded.seen_at, document_id = excluded.document_id, "
            "version = excluded.version",
            (kind, source, document_id, version, reason, _now()),
        )

    def record_analysis_failure(self, doc_id: int, reason: str, version: str) -> None:
        with self._tx():
            source = self._scalar("SELECT source FROM documents WHERE id = ?", (doc_id,))
            self._put_failure("analysis", source or f"document {doc_id}", reason, doc_id, version)
            self._rows("DELETE FROM analysis_claims WHERE document_id = ?", (doc_id,))

    def get_document(self, doc_id: int) -> dict[str, Any] | None:
        return self._one("SELECT * FROM documents WHERE id = ?", (doc_id,))

    def documents(
        self, *, limit: int | None = None, offset: int = 0, with_text: bool = False
    ) -> list[dict[str, Any]]:
        cols = (
            "*"
            if with_text
            else "id, sha256, title, outlet, byline, published, published_from, url, language, "
            "caption, source, source_type, chars, duplicate_of, story_id"
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
        sql = "SELECT kind, source, document_id, reason, seen_at FROM failures"
        params: list[Any] = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(kind)
        return self._rows(sql + " ORDER BY id", params)

    # ---- analyses ----

    _PENDING = (
        "FROM documents d LEFT JOIN analyses a ON a.document_id = d.id "
        "WHERE (a.document_id IS NULL OR a.version != ?) AND NOT EXISTS ("
        "SELECT 1 FROM failures f WHERE f.document_id = d.id AND f.kind = 'analysis' "
        "AND f.version = ?)"
    )

    def pending_analysis(self, version: str, limit: int | None = None) -> list[dict[str, Any]]:
        sql = "SELECT d.id, d.text, d.published " + self._PENDING + " ORDER BY d.id"
        params: list[Any] = [version, version]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self._rows(sql, params)

    def iter_pending(self, version: str, batch_size: int = 64) -> Iterator[list[dict[str, Any]]]:
        """Pending documents in id order, ``batch_size`` at a time (keyset pages: no cursor
        or transaction is held open between batches, so a million pending texts are never one
        list in memory and writes in between are not blocked)."""
        last = 0
        while True:
            batch = self._rows(
                "SELECT d.id, d.text, d.published "
                + self._PENDING
                + " AND d.id > ? ORDER BY d.id LIMIT ?",
                (version, version, last, batch_size),
            )
            if not batch:
                return
            yield batch
            last = batch[-1]["id"]

    def count_pending(self, version: str) -> int:
        return int(self._scalar("SELECT count(*) " + self._PENDING, (version, version)))

    def claim_pending(
        self, version: str, claimant: str, limit: int, lease_seconds: float, after: int = 0
    ) -> list[dict[str, Any]]:
        """Lease up to ``limit`` pending documents to ``claimant`` and return them (with text).

        Claims are taken one process at a time (an advisory lock: a claim is a few ms) and the
        documents are locked ``FOR UPDATE SKIP LOCKED``, so two processes never lease the same
        document and none waits on another's batch."""
        now = time.time()
        with self._tx():
            self._lock(CLAIMS_LOCK)
            ids = [
                r[0]
                for r in self._tuples(
                    "SELECT d.id "
                    + self._PENDING
                    + " AND NOT EXISTS (SELECT 1 FROM analysis_claims c WHERE "
                    "c.document_id = d.id AND c.claimed_at >= ?) AND d.id > ? "
                    "ORDER BY d.id LIMIT ? FOR UPDATE OF d SKIP LOCKED",
                    (version, version, now - lease_seconds, after, limit),
                )
            ]
            if not ids:
                return []
            self._many(
                "INSERT INTO analysis_claims (document_id, claimed_by, claimed_at) VALUES (?,?,?) "
                "ON CONFLICT (document_id) DO UPDATE SET claimed_by = excluded.claimed_by, "
                "claimed_at = excluded.claimed_at",
                [(i, claimant, now) for i in ids],
            )
            return self._rows(
                "SELECT id, text, published FROM documents WHERE id = ANY(?) ORDER BY id", (ids,)
            )

    def renew_claims(self, claimant: str) -> None:
        self._rows(
            "UPDATE analysis_claims SET claimed_at = ? WHERE claimed_by = ?",
            (time.time(), claimant),
        )

    def claimants(self) -> list[str]:
        return [r[0] for r in self._tuples("SELECT DISTINCT claimed_by FROM analysis_claims")]

    def release_claims(self, claimant: str) -> None:
        self._rows("DELETE FROM analysis_claims WHERE claimed_by = ?", (claimant,))

    def save_analyses(self, items: Sequence[tuple[int, Analysis]], version: str) -> None:
        """Write analyses and their rows in one transaction (COPY), replacing older ones."""
        items = list(items)
        if not items:
            return
        ids = [doc_id for doc_id, _ in items]
        with self._tx():
            for table in ("mentions", "quotes", "pledges", "analysis_claims", "analyses"):
                self._rows(f"DELETE FROM {table} WHERE document_id = ANY(?)", (ids,))
            # a fresh analysis replaces what earlier ones said went wrong
            self._rows(
                "DELETE FROM failures WHERE document_id = ANY(?) AND kind IN ('analysis', 'note')",
                (ids,),
            )
            noted = [doc_id for doc_id, a in items if a.notes]
            if noted:
                sources = dict(
                    self._tuples("SELECT id, source FROM documents WHERE id = ANY(?)", (noted,))
                )
                for doc_id, analysis in items:
                    for note in analysis.notes:
                        src = sources.get(doc_id) or f"document {doc_id}"
                        self._put_failure("note", src, note, doc_id, version)
            # analyses first: their insert trigger writes the sentence rows, in document order
            self._copy(
                "analyses",
                ("document_id", "version", "data"),
                (
                    (doc_id, version, json.dumps(a.to_dict(), ensure_ascii=False))
                    for doc_id, a in items
                ),
            )
            for table, columns, rows in ANALYSIS_TABLES:
                self._copy(table, columns, rows(items))

    def iter_analyses(self, batch_size: int = 500) -> Iterator[tuple[int, Analysis]]:
        """Every analysis in document order, streamed through a server-side cursor."""
        with (
            self._transaction(),
            self._conn.cursor(name="onrecord_iter_analyses") as cur,
        ):
            cur.itersize = batch_size
            cur.execute("SELECT document_id, data FROM analyses ORDER BY document_id")
            for doc_id, data in cur:
                yield doc_id, Analysis.from_dict(json.loads(data))

    def get_analysis(self, doc_id: int) -> Analysis | None:
        data = self._scalar("SELECT data FROM analyses WHERE document_id = ?", (doc_id,))
        return Analysis.from_dict(json.loads(data)) if data is not None else None

    # ---- linking (the SQL is shared: store/sql/link.py) ----

    @contextmanager
    def _link_tx(self) -> Iterator[None]:
        """write_links' transaction: one linker at a time across every process writing to
        this database (concurrent ingests link in turn, each over the other's documents)."""
        with self._tx():
            self._lock(LINK_LOCK)
            yield

    def write_links(self, result: LinkResult) -> None:
        """As the shared write_links, with new entities given SQLite's ids first: an upsert
        (INSERT .. ON CONFLICT DO UPDATE) draws an identity value even when it updates, so
        relinking would leave gaps and the same corpus would number its people differently
        on the two backends. Under the link lock, max(id)+1 in result order is SQLite's rule."""
        with self._link_tx():
            known = {r[0] for r in self._tuples("SELECT key FROM entities")}
            fresh = [e for e in result.entities if e.key not in known]
            if fresh:
                top = int(self._scalar("SELECT COALESCE(max(id), 0) FROM entities"))
                self._copy(
                    "entities",
                    ("id", "key", "name", "type", "aliases", "roles", "mentions", "active"),
                    (
                        (
                            top + i + 1,
                            e.key,
                            e.name,
                            e.type,
                            json.dumps(e.aliases, ensure_ascii=False),
                            json.dumps(e.roles, ensure_ascii=False),
                            e.mentions,
                            1,
                        )
                        for i, e in enumerate(fresh)
                    ),
                )
                self._conn.execute(
                    "SELECT setval(pg_get_serial_sequence('entities', 'id'), %s)",
                    (top + len(fresh),),
                )
            super().write_links(result)  # joins this transaction (the lock is re-entrant)

    # ---- vectors (the rest of the SQL is shared: store/sql/vectors.py) ----

    def items_without_vectors(self, kind: str, limit: int | None = None) -> list[tuple[int, str]]:
        """(id, text) of ``kind`` rows with no stored vector, in id order. The ids are chosen
        first and only their texts cut out: PostgreSQL would otherwise compute every
        sentence's text (a substring of its document) before the LIMIT, for each batch of
        the index step (14 s of 34 for 1,000 articles)."""
        base, rows = _VECTOR_ROWS[kind]
        params: list[Any] = [kind]
        page = ""
        if limit is not None:
            page = " LIMIT ?"
            params.append(limit)
        sql = (
            f"SELECT x.id, x.text FROM (SELECT b.id FROM {base} b WHERE NOT EXISTS "
            "(SELECT 1 FROM embeddings e WHERE e.kind = ? AND e.item_id = b.id) "
            f"ORDER BY b.id{page}) k JOIN {rows} ON x.id = k.id ORDER BY x.id"
        )
        return [(int(r[0]), r[1] or "") for r in self._tuples(sql, params)]

    def put_vectors(self, kind: str, rows: Sequence[tuple[int, bytes]]) -> None:
        """(item id, vector) rows of ``kind`` in one transaction: COPY into a temporary table,
        then one upsert in the given order (the ids the rows get are SQLite's)."""
        rows = list(rows)
        if not rows:
            return
        with self._tx():
            self._exec(
                "CREATE TEMP TABLE IF NOT EXISTS onrecord_vectors_in "
                "(seq INTEGER, item_id BIGINT, vector BYTEA) ON COMMIT DELETE ROWS"
            )
            self._copy(
                "onrecord_vectors_in",
                ("seq", "item_id", "vector"),
                ((i, item_id, blob) for i, (item_id, blob) in enumerate(rows)),
            )
            self._exec(
                "INSERT INTO embeddings (kind, item_id, vector) SELECT ?, item_id, vector "
                "FROM onrecord_vectors_in ORDER BY seq "
                "ON CONFLICT (kind, item_id) DO UPDATE SET vector = excluded.vector",
                (kind,),
            )

    def add_sentences(self, rows: Sequence[tuple[int, int, int, int]]) -> None:
        """(document_id, idx, start, end) sentence rows in one COPY. A row another process
        wrote first stands: two ingests finishing together both find a document without
        sentences and both index it (the same split of the same text); COPY cannot skip a
        conflict, so the rows go through a temporary table."""
        if not rows:
            return
        with self._tx():
            self._exec(
                "CREATE TEMP TABLE IF NOT EXISTS onrecord_sentences_in "
                '(seq INTEGER, document_id BIGINT, idx INTEGER, start INTEGER, "end" INTEGER) '
                "ON COMMIT DELETE ROWS"
            )
            self._copy(
                "onrecord_sentences_in",
                ("seq", "document_id", "idx", "start", "end"),
                ((i, *row) for i, row in enumerate(rows)),
            )
            # ids follow the rows' order, as a plain COPY gave them (SQLite gives the same ids)
            self._exec(
                'INSERT INTO sentences (document_id, idx, start, "end") '
                'SELECT document_id, idx, start, "end" FROM onrecord_sentences_in '
                "ORDER BY seq ON CONFLICT (document_id, idx) DO NOTHING"
            )

    # ---- people corrections ----

    def add_correction(self, action: str, name: str, other: str | None = None) -> int:
        return int(
            self._scalar(
                "INSERT INTO people_corrections (action, name, other, created_at) "
                "VALUES (?,?,?,?) RETURNING id",
                (action, name, other, _now()),
            )
        )

    def corrections(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, action, name, other, created_at FROM people_corrections ORDER BY id"
        )

    # ---- summary ----

    def volume(self, *, outlet: str | None = None) -> dict[str, list[tuple[str | None, int]]]:
        where, params = "", ()
        if outlet is not None:
            where, params = (
                "WHERE d.id IN (SELECT document_id FROM sources WHERE outlet = ?)",
                (outlet,),
            )
        docs = self._tuples(
            f"SELECT d.published, count(*) FROM documents d {where} GROUP BY d.published",
            params,
        )
        quotes = self._tuples(
            "SELECT d.published, count(*) FROM quotes q JOIN documents d ON d.id = q.document_id "
            f"{where} GROUP BY d.published",
            params,
        )
        return {
            "articles": [(r[0], int(r[1])) for r in docs],
            "quotes": [(r[0], int(r[1])) for r in quotes],
        }

    def counts(self) -> dict[str, int]:
        row = self._one(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM sources) AS sources, "
            "(SELECT count(*) FROM quotes) AS quotes, "
            "(SELECT count(*) FROM pledges) AS pledges, "
            "(SELECT count(*) FROM stories) AS stories, "
            "(SELECT count(*) FROM failures WHERE kind != 'note') AS failures, "
            "(SELECT count(*) FROM entities WHERE type = 'PERSON' AND active = 1) AS people, "
            "(SELECT count(*) FROM entities WHERE active = 1) AS entities"
        )
        assert row is not None
        return {k: int(v) for k, v in row.items()}
