"""Storage behind one interface (``store.base.Store``), opened by URL.

A path or ``sqlite:///PATH`` is the embedded SQLite file (the default); ``postgresql://`` (or
``postgres://``) is a shared PostgreSQL database, imported only when asked for so SQLite users
never load its driver. Only this package speaks SQL.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from onrecord.store.base import (
    AddResult,
    LinkInputs,
    LinkResult,
    QueryTimeout,
    QuoteFilter,
    Store,
)
from onrecord.store.sqlite import SQLiteStore

DEFAULT_DB = "onrecord.db"
POSTGRES_SCHEMES = ("postgresql", "postgres")

__all__ = [
    "DEFAULT_DB",
    "AddResult",
    "LinkInputs",
    "LinkResult",
    "QueryTimeout",
    "QuoteFilter",
    "SQLiteStore",
    "Store",
    "UnsupportedStore",
    "is_sqlite",
    "mask_password",
    "normalize_url",
    "open_store",
    "resolve_db_path",
    "resolve_url",
]


class UnsupportedStore(ValueError):
    """A database URL whose backend this version (or this installation) does not have."""


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """--db, then $ONRECORD_DB, then ./onrecord.db, as given (a path or a URL)."""
    return str(db or os.environ.get("ONRECORD_DB") or DEFAULT_DB)


def _scheme(value: str) -> str | None:
    scheme, sep, _ = value.partition("://")
    if not sep or "/" in scheme or "\\" in scheme:
        return None
    return scheme.lower()


def is_sqlite(db: str | os.PathLike[str] | None = None) -> bool:
    """Whether ``db`` names a SQLite file (a path or ``sqlite:///``)."""
    return _scheme(resolve_url(db)) in (None, "sqlite")


def resolve_db_path(db: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite file ``db`` names: a path or a ``sqlite:///`` URL (``sqlite:///news.db``
    relative, ``sqlite:////data/news.db`` absolute, as SQLAlchemy writes them). Any other
    scheme is refused rather than taken for a file name."""
    value = resolve_url(db)
    scheme = _scheme(value)
    if scheme is None:
        return Path(value)
    rest = value.partition("://")[2]
    if scheme == "sqlite":
        if not rest.startswith("/") or rest == "/":
            raise UnsupportedStore(f"{value}: write sqlite:///PATH (three slashes, then the path)")
        return Path(rest[1:])
    if scheme in POSTGRES_SCHEMES:
        raise UnsupportedStore(f"{mask_password(value)}: a PostgreSQL database, not a file")
    raise UnsupportedStore(
        f"{value}: no {scheme} store in this version; use a SQLite file (a path or "
        "sqlite:///PATH) or a PostgreSQL database (postgresql://USER@HOST:PORT/DB)"
    )


def mask_password(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and ``repr``)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def normalize_url(db: str | os.PathLike[str] | None = None) -> str:
    """What ``--db`` names, checked before anything is opened: a SQLite file's path (from a
    path or ``sqlite:///``), or a PostgreSQL URL as given when that backend is installed.
    UnsupportedStore for any other scheme, or for PostgreSQL without its package."""
    value = resolve_url(db)
    if _scheme(value) in POSTGRES_SCHEMES:
        _postgres_module(value)
        return value
    return str(resolve_db_path(value))


def _postgres_module(value: str) -> Any:
    try:
        return importlib.import_module("onrecord.store.postgres")
    except ImportError as exc:
        raise UnsupportedStore(
            f"{mask_password(value)}: the PostgreSQL store is not available in this "
            f"installation ({exc}); install onrecord with its PostgreSQL dependencies "
            "(psycopg[binary], psycopg-pool) or use a SQLite file"
        ) from exc


def open_store(db: str | os.PathLike[str] | None = None, *, readonly: bool = False) -> Any:
    """Open the store ``db`` names (see ``resolve_url``); the type is ``Store``."""
    value = resolve_url(db)
    if _scheme(value) in POSTGRES_SCHEMES:
        return _postgres_module(value).PostgresStore(value, readonly=readonly)
    return SQLiteStore(resolve_db_path(value), readonly=readonly, url=value)
