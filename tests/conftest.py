"""Shared fixtures. Real corpora are read from ../shared/corpora and skipped when absent."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
EXAMPLES = REPO / "examples"


def corpus(*parts: str) -> Path:
    """Path inside ../shared/corpora; skips the calling test when it is not there."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpus not available: {path} (needs ../shared/corpora beside the repo)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return corpus("seeds")


@pytest.fixture
def seeds_metadata() -> Path:
    return corpus("seeds-metadata.csv")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "record.db"


# ---- PostgreSQL: a real throwaway server for the store contract suite and the PG tests ----


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of a PostgreSQL server started for this test session (initdb + pg_ctl through
    onrecord.store.postgres.server, as the postgres user when root) and stopped at the end.
    Skips with the reason when the server binaries or psycopg are missing; under CI=true
    that is a failure instead, so CI cannot pass without running the PostgreSQL tests."""
    import shutil
    import tempfile

    try:
        from onrecord.store.postgres import close_pools, server
    except ImportError as e:
        reason = f"PostgreSQL client library not installed: {e}"
        server = None
    else:
        reason = (
            "PostgreSQL server binaries not found (initdb, pg_ctl): install Debian's "
            "'postgresql' package (.ci/run does) or set PG_BIN"
        )
    if server is None or not server.available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="onrecord-pg-test-"))
    srv = server.start(root, durable=False)  # fsync off: the data is thrown away
    try:
        yield srv.url
    finally:
        close_pools()
        srv.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's server for one test; dropped afterwards."""
    import uuid

    import psycopg

    from onrecord.store.postgres import close_pools

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = pg_url.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        close_pools()
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def postgres_url(pg_db: str) -> str:
    """The contract suite's "postgres" backend (tests/test_store_contract.py): a fresh
    database on the session's server for each test."""
    return pg_db
