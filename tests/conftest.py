"""Shared fixtures. Real corpora are read from ../shared/corpora and skipped when absent."""

from __future__ import annotations

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
