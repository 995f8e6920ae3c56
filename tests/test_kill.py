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


SPEAKERS = ["Ilka Moravec", "Tobias Renn", "Sana Okafor", "Piet Vanlo"]
COUNTRIES = ["Skarland", "Kaldera", "Sundvik", "Ostvar"]


def _news(folder: Path, n: int) -> None:
    rng = random.Random(11)
    folder.mkdir()
    for i in range(n):
        who = rng.choice(SPEAKERS)
        donor = rng.choice(COUNTRIES)
        day = 1 + i % 27
        amount = rng.randint(2, 90) * 10
        body = (
            f"LINDHOLM, March {day}, 2025 — {who} said on Tuesday that the coast guard needs more ships.\n"
            f'"We will not leave the harbour towns alone," {who.split()[-1]} told reporters.\n'
            f"{donor} pledged {amount} million euros for radar stations, the ministry announced.\n"
            f'"This is a start," she added. "More will follow."\n'
        )
        (folder / f"{i:03d}.txt").write_text(f"Harbour talks, day {i}\n{body}", encoding="utf-8")


def _record_snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        queries = {
            "documents": "SELECT id, sha256, published, published_from, duplicate_of, story_id FROM documents ORDER BY id",
            "analyses": "SELECT document_id, version, data FROM analyses ORDER BY document_id",
            "quotes": 'SELECT id, document_id, text, kind, speaker_id, start, "end", said_on, group_id FROM quotes ORDER BY id',
            "pledges": "SELECT id, document_id, donors, amount, currency, group_id FROM pledges ORDER BY id",
            "entities": "SELECT id, key, name, aliases, roles, mentions, active FROM entities ORDER BY id",
            "stories": "SELECT * FROM stories ORDER BY id",
        }
        return {k: conn.execute(q).fetchall() for k, q in queries.items()}
    finally:
        conn.close()


def _analysed(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM analyses").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.timeout(600)
def test_sigkill_during_analysis_then_rerun_gives_the_same_record(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    n = 64
    _news(folder, n)
    cmd = [sys.executable, "-m", "onrecord", "--db"]

    clean_db = tmp_path / "clean.db"
    subprocess.run([*cmd, str(clean_db), "ingest", str(folder)], check=True, capture_output=True)
    expected = _record_snapshot(clean_db)
    assert len(expected["analyses"]) == n and expected["quotes"] and expected["pledges"]

    killed_db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [*cmd, str(killed_db), "ingest", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    analysed_at_kill = 0
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        analysed_at_kill = _analysed(killed_db)
        if analysed_at_kill > 0:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert 0 < analysed_at_kill < n

    subprocess.run([*cmd, str(killed_db), "ingest", str(folder)], check=True, capture_output=True)
    assert _record_snapshot(killed_db) == expected
