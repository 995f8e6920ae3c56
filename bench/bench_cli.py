"""What the speaker check costs at the size of a big record: 48,000 person entities.

    .venv/bin/python bench/bench_cli.py [--entities 48000] [--queries 20] [--seed 7]

The record is synthetic (names made of seeded random syllables, no articles): the check only
reads the entities table, so its cost depends on the entity count, not on the text. Measured:

1. ``queries.find_entity``, the CLI's speaker lookup: one SQL pass, against the previous
   implementation (every entity parsed in Python, kept below as the baseline);
2. ``search.resolve_person`` cold (builds the cached name index: what a one-shot CLI run pays)
   and warm (what ``Record`` and the web pay per call after the first);
3. ``queries.suggest_people`` for a misspelt name (rapidfuzz over names and aliases: the
   error path of ``quotes --speaker "Mark Rute"``);
4. the whole command, as a user runs it: ``onrecord quotes --speaker NAME --json`` for a known
   name and for a typo (process start included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
sys.path.insert(0, str(SRC))

from onrecord import queries  # noqa: E402
from onrecord.search import resolve_person  # noqa: E402
from onrecord.store import open_store  # noqa: E402

SYLLABLES = ["ka", "lo", "ren", "vi", "sa", "mor", "tel", "an", "dru", "es", "ni", "vok", "ha",
             "lin", "ber", "go", "ti", "mar", "sol", "ev", "ra", "dun", "pe", "ith"]  # fmt: skip


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def build(path: Path, n: int, rng: random.Random) -> list[str]:
    open_store(path).close()  # schema by the store's own migrations
    names = []
    rows = []
    for i in range(n):
        first, last = _word(rng), _word(rng)
        name = f"{first} {last}"
        names.append(name)
        aliases = [last, f"{first[0]}. {last}"]
        rows.append((f"p{i}", name, "PERSON", json.dumps(aliases), rng.randint(1, 500)))
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO entities (key, name, type, aliases, mentions) VALUES (?, ?, ?, ?, ?)", rows
        )
    conn.close()
    return names


def previous_find_entity(store, name: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The lookup as it was before the SQL pass (the baseline)."""
    needle = name.strip().lower()
    hits = []
    for e in queries.entities(store, type="PERSON"):
        lowered = [n.lower() for n in (e["name"], *e["aliases"])]
        if needle in lowered or any(n.split()[-1:] == [needle] for n in lowered if n):
            hits.append(e["id"])
    return hits


def _typo(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :]  # one letter dropped, as in "Mark Rute"


def _ms(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples) * 1000:.1f} ms, max {max(samples) * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=48000)
    ap.add_argument("--queries", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "people.db"
        t0 = time.perf_counter()
        names = build(db, args.entities, rng)
        print(f"built {args.entities} entities in {time.perf_counter() - t0:.1f}s")
        picks = rng.sample(names, args.queries)
        typos = [_typo(n, rng) for n in picks]
        with open_store(db, readonly=True) as store:
            old, new = [], []
            for n in picks:
                t = time.perf_counter()
                want = previous_find_entity(store, n)
                old.append(time.perf_counter() - t)
                t = time.perf_counter()
                assert queries.find_entity(store, n) == sorted(want)
                new.append(time.perf_counter() - t)
            t = time.perf_counter()
            resolve_person(store, picks[0])
            cold = time.perf_counter() - t
            warm = []
            for n in picks:
                t = time.perf_counter()
                resolve_person(store, n)
                warm.append(time.perf_counter() - t)
            fuzzy, found = [], 0
            for typo, n in zip(typos, picks, strict=True):
                t = time.perf_counter()
                found += n in queries.suggest_people(store, typo)
                fuzzy.append(time.perf_counter() - t)
        print(f"previous find_entity (Python pass), per call: {_ms(old)}")
        ratio = statistics.median(old) / statistics.median(new)
        print(f"find_entity (SQL pass), per call: {_ms(new)}; {ratio:.1f}x faster")
        print(f"resolve_person cold (index build): {cold * 1000:.1f} ms; warm: {_ms(warm)}")
        print(f"suggest_people on a typo: {_ms(fuzzy)}; right name suggested {found}/{len(picks)}")
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        for label, name in (("known name", picks[1]), ("typo", typos[1])):
            walls = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "onrecord", "quotes", "--db", str(db),
                     "--speaker", name, "--json"],
                    capture_output=True, env=env, check=False,
                )  # fmt: skip
                walls.append(time.perf_counter() - t)
            print(f"onrecord quotes --speaker ({label}), wall: {_ms(walls)}")


if __name__ == "__main__":
    main()
