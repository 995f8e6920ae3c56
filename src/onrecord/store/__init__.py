"""Storage behind a small interface. SQLite is the default (one file); others can follow."""

from __future__ import annotations

import os
from pathlib import Path

from onrecord.store.sqlite import AddResult, SQLiteStore

DEFAULT_DB = "onrecord.db"

__all__ = [
    "DEFAULT_DB",
    "AddResult",
    "SQLiteStore",
    "UnsupportedStore",
    "open_store",
    "resolve_db_path",
]


class UnsupportedStore(ValueError):
    """A database URL whose backend this version does not have."""


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """--db, then $ONRECORD_DB, then ./onrecord.db; a path or a ``sqlite:///`` URL
    (``sqlite:///news.db`` relative, ``sqlite:////data/news.db`` absolute, as SQLAlchemy
    writes them). Any other scheme is refused rather than taken for a file name."""
    value = str(db or os.environ.get("ONRECORD_DB") or DEFAULT_DB)
    scheme, sep, rest = value.partition("://")
    if not sep or "/" in scheme or "\\" in scheme:
        return Path(value)
    if scheme.lower() == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise UnsupportedStore(f"{value}: write sqlite:///PATH (three slashes, then the path)")
        return Path(rest[1:])
    raise UnsupportedStore(
        f"{value}: no {scheme} store in this version; the record is a SQLite file "
        "(a path or sqlite:///PATH)"
    )


def open_store(db: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> SQLiteStore:
    return SQLiteStore(resolve_db_path(db), readonly=readonly)
