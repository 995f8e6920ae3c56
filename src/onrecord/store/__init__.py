"""Storage behind a small interface. SQLite is the default (one file); others can follow."""

from __future__ import annotations

import os
from pathlib import Path

from onrecord.store.sqlite import AddResult, SQLiteStore

DEFAULT_DB = "onrecord.db"

__all__ = ["DEFAULT_DB", "AddResult", "SQLiteStore", "open_store", "resolve_db_path"]


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """--db, then $ONRECORD_DB, then ./onrecord.db."""
    return Path(db or os.environ.get("ONRECORD_DB") or DEFAULT_DB)


def open_store(db: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> SQLiteStore:
    return SQLiteStore(resolve_db_path(db), readonly=readonly)
