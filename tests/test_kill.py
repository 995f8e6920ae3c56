"""SIGKILL in the middle of an ingest run, then run again: the same database as one clean run."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

WORDS = ["harbour", "council", "ferry", "minister", "quay", "island", "budget", "vote", "storm", "repair", "port", "fund", "delegate", "treaty", "summit", "coast", "radar", "grain", "terminal", "alliance", "member", "pledge"]  # fmt: skip


def _corpus(folder: Path, n: int) -> None:
    rng = random.Random(7)
    folder.mkdir()
    for i in range(n):
        body = "\n".join(
            " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(30)
        )
        (folder / f"{i:05d}.txt").write_text(f"Headline number {i}\n{body}\n", encoding="utf-8")
    # the same text under a second name: must end up as one document with two sources
    (folder / "dup_of_00010.txt").write_text(
        (folder / "00010.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 100)


def _ingest_cmd(db: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "onrecord",
        "--db",
        str(db),
        "ingest",
        str(folder),
        "--no-analyze",
    ]


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute(
                "SELECT id, sha256, text, title, outlet, byline, published, published_from, source, "
                "chars, duplicate_of, story_id FROM documents ORDER BY id"
            ).fetchall(),
            "sources": conn.execute(
                "SELECT document_id, source FROM sources ORDER BY id"
            ).fetchall(),
            "failures": conn.execute(
                "SELECT source, reason FROM failures ORDER BY source"
            ).fetchall(),
        }
    finally:
        conn.close()


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.timeout(300)
def test_sigkill_then_rerun_gives_the_same_record(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    n = 2500
    _corpus(folder, n)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    clean_db = tmp_path / "clean.db"
    subprocess.run(_ingest_cmd(clean_db, folder), check=True, env=env, capture_output=True)
    expected = _snapshot(clean_db)
    assert len(expected["documents"]) == n

    killed_db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        _ingest_cmd(killed_db, folder),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    stored_at_kill = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored_at_kill = _count(killed_db)
        if stored_at_kill > 0:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert 0 < stored_at_kill < n

    subprocess.run(_ingest_cmd(killed_db, folder), check=True, env=env, capture_output=True)
    assert _snapshot(killed_db) == expected
