"""SQLite schema migrations: numbered .sql files applied once each, in order (the
PostgreSQL store has the same numbers and names, so one record's history reads the same)."""

from __future__ import annotations

import sqlite3
from importlib import resources


def migration_names() -> list[str]:
    files = resources.files("onrecord.store.sqlite").joinpath("migrations")
    return sorted(p.name for p in files.iterdir() if p.name.endswith(".sql"))


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Apply every migration not yet recorded; each in its own transaction. Returns those applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    files = resources.files("onrecord.store.sqlite").joinpath("migrations")
    for name in migration_names():
        if name in done:
            continue
        sql = files.joinpath(name).read_text(encoding="utf-8")
        # executescript commits implicitly; wrap so a failed migration leaves nothing half-done
        conn.executescript(
            "BEGIN;\n"
            + sql
            + f"\nINSERT INTO schema_migrations VALUES ('{name}', datetime('now'));\nCOMMIT;"
        )
        applied.append(name)
    return applied
