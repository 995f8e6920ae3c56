"""Latency of the web's list pages as a user loads them (HTML and JSON twins, facets included),
on a record scaled up by replication, against a baseline source tree in the same run.

    .venv/bin/python bench/bench_web.py --db onrecord.db --scale 700 --out /tmp/web-big.db \
        [--baseline-src /tmp/base/src] [--repeat 5]

``--scale N`` copies the record N times into ``--out`` (documents, sources, sentences, quotes,
pledges and stories get new ids; each copy's outlets get a suffix so there are more of them;
people stay shared, so speakers accumulate statements as in a long-running record). The demo
record (10 articles) at 700 copies is 7,000 articles, the size of the AllSides corpus.

Each URL is fetched once (the first load: facets not yet cached), then ``--repeat`` times (the
median is reported: what a reader paging back and forth sees). With
``--baseline-src`` the same URLs are timed in a subprocess importing onrecord from that tree
(e.g. ``git archive <commit> src | tar -x -C /tmp/base``), and the ratio new/baseline printed.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

URLS = [
    "/quotes.json",
    "/quotes",
    "/quotes.json?speaker=Reinholt",
    "/documents.json",
    "/stories.json",
    "/pledges.json",
    "/people.json",
    "/index.json",
]

# per table: column -> SQL expression for the k-th copy (others copied as they are); ids
# may start at 0 (stories do), so a copy's step is max(id) + 1
SHIFT = {
    "documents": {
        "id": "id + :doc",
        "sha256": "sha256 || '-' || :k",
        "outlet": "CASE WHEN outlet IS NULL THEN NULL ELSE outlet || ' ' || (:k % 40) END",
        "duplicate_of": "duplicate_of + :doc",
        "story_id": "story_id + :story",
    },
    "sources": {
        "id": "id + :src",
        "document_id": "document_id + :doc",
        "outlet": "CASE WHEN outlet IS NULL THEN NULL ELSE outlet || ' ' || (:k % 40) END",
    },
    "sentences": {"id": "id + :sent", "document_id": "document_id + :doc"},
    "quotes": {
        "id": "id + :quote",
        "document_id": "document_id + :doc",
        "group_id": "group_id + :qg",
    },
    "pledges": {
        "id": "id + :pledge",
        "document_id": "document_id + :doc",
        "group_id": "group_id + :pg",
    },
    "stories": {"id": "id + :story"},
}
STEP = {  # table -> (parameter, column whose max is the per-copy id step)
    "documents": ("doc", "id"),
    "sources": ("src", "id"),
    "sentences": ("sent", "id"),
    "quotes": ("quote", "id"),
    "pledges": ("pledge", "id"),
    "stories": ("story", "id"),
}


def replicate(src: Path, out: Path, copies: int) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(out)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source:
        source.backup(conn)  # WAL content included, unlike a file copy
    steps = {
        p: conn.execute(f"SELECT coalesce(max({c}), -1) + 1 FROM {t}").fetchone()[0]
        for t, (p, c) in STEP.items()
    }
    steps["qg"] = conn.execute("SELECT coalesce(max(group_id), -1) + 1 FROM quotes").fetchone()[0]
    steps["pg"] = conn.execute("SELECT coalesce(max(group_id), -1) + 1 FROM pledges").fetchone()[0]
    with conn:
        for k in range(1, copies):
            params = {name: step * k for name, step in steps.items()} | {"k": k}
            for table, shifts in SHIFT.items():
                cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                exprs = [shifts.get(c, f'"{c}"') for c in cols]
                names = ", ".join(f'"{c}"' for c in cols)
                conn.execute(
                    f"INSERT INTO {table} ({names}) SELECT {', '.join(exprs)} FROM {table} "
                    "WHERE id < :last",
                    params | {"last": steps[STEP[table][0]]},
                )
    conn.execute("ANALYZE")
    conn.close()


def measure(db: Path, repeat: int) -> dict[str, list[float]]:
    """Per URL, milliseconds of the first load (nothing cached) and the median of the next
    ``repeat`` loads, in this process."""
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    client = TestClient(create_app(db))
    out = {}
    for url in URLS:
        t = time.perf_counter()
        assert client.get(url).status_code == 200, url
        cold = (time.perf_counter() - t) * 1000
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        out[url] = [cold, statistics.median(times)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-src", type=Path)
    ap.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.db, args.repeat)))
        return
    db = args.db
    if args.scale > 1:
        if not args.out:
            ap.error("--scale needs --out")
        t = time.perf_counter()
        replicate(args.db, args.out, args.scale)
        db = args.out
        conn = sqlite3.connect(db)
        sizes = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "quotes", "pledges", "stories")
        }
        conn.close()
        print(f"replicated x{args.scale} in {time.perf_counter() - t:.1f}s: {sizes}")

    def run(src: Path | None) -> dict[str, list[float]]:
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = str(src)
        res = subprocess.run(
            [
                sys.executable,
                __file__,
                "--db",
                str(db),
                "--repeat",
                str(args.repeat),
                "--measure-only",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(res.stdout.strip().splitlines()[-1])

    new = run(None)
    base = run(args.baseline_src) if args.baseline_src else None
    head = f"{'url':34} {'first ms':>9} {'then ms':>8}"
    if base:
        head += f" {'base first':>10} {'base then':>9} {'first x':>7} {'then x':>6}"
    print(head)
    for url, (cold, warm) in new.items():
        line = f"{url:34} {cold:9.1f} {warm:8.1f}"
        if base:
            bc, bw = base[url]
            line += f" {bc:10.1f} {bw:9.1f} {cold / bc:7.2f} {warm / bw:6.2f}"
        print(line)


if __name__ == "__main__":
    main()
