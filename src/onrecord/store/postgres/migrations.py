"""PostgreSQL schema migrations: the same numbered files as SQLite's, applied once each.

Several processes may open a new database at once (two `onrecord ingest` started together):
the whole run takes a transaction-scoped advisory lock first, so one migrates and the others
wait and then find nothing left to do. PostgreSQL DDL is transactional, so a failed
migration leaves nothing half-done.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

# pg_advisory_xact_lock keys (arbitrary constants; one per kind of serialised work)
MIGRATE_LOCK = 0x6F6E7265_01  # "onre" + 1


def migration_names() -> list[str]:
    files = resources.files("onrecord.store.postgres").joinpath("migrations")
    return sorted(p.name for p in files.iterdir() if p.name.endswith(".sql"))


def apply_migrations(conn: Any) -> list[str]:
    """Apply every migration not yet recorded (``conn``: an autocommit psycopg connection)."""
    files = resources.files("onrecord.store.postgres").joinpath("migrations")
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            '(name TEXT COLLATE "C" PRIMARY KEY, applied_at TEXT)'
        )
        done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations").fetchall()}
        for name in migration_names():
            if name in done:
                continue
            # no parameters: psycopg sends the file as one simple query (several statements)
            conn.execute(files.joinpath(name).read_text(encoding="utf-8"))
            conn.execute(
                "INSERT INTO schema_migrations VALUES (%s, to_char(now() AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD HH24:MI:SS'))",
                (name,),
            )
            applied.append(name)
    return applied


def pending(conn: Any) -> bool:
    row = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if row[0] is None:
        return True
    done = {r[0] for r in conn.execute("SELECT name FROM schema_migrations").fetchall()}
    return not set(migration_names()) <= done
