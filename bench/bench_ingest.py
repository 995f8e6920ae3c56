"""Ingest throughput and peak memory on the AllSides corpus (6,996 JSON articles).

    .venv/bin/python bench/bench_ingest.py [--corpus PATH] [--limit N]

Measures, in the same run and on the same files:
- baseline: reading every file and json.loads() it (the floor any JSON ingest pays);
- onrecord: `onrecord ingest --no-analyze` into a fresh SQLite file (decode, field mapping,
  date normalisation, hashing, dedup, one transaction per batch), in a child process so that
  its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpora" / "allsides-news" / "data" / "jsons"


def baseline(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        json.loads(f.read_bytes())
    return time.perf_counter() - start


def onrecord_ingest(files: list[Path], folder: Path, db: Path) -> tuple[float, int, dict]:
    cmd = [
        sys.executable,
        "-m",
        "onrecord",
        "--db",
        str(db),
        "ingest",
        str(folder),
        "--no-analyze",
        "--json",
    ]
    start = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb, json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")
    files = sorted(args.corpus.glob("*.json"))[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.corpus
        if args.limit:
            folder = Path(tmp) / "subset"
            folder.mkdir()
            for f in files:
                (folder / f.name).symlink_to(f)
        base = baseline(files)
        elapsed, peak_kb, report = onrecord_ingest(files, folder, Path(tmp) / "bench.db")
        size = (Path(tmp) / "bench.db").stat().st_size
    n = len(files)
    print(
        f"files: {n}; stored new {report['new']}, duplicate {report['duplicate']}, failed {report['failed']}"
    )
    print(f"baseline read+json.loads: {n / base:,.0f} docs/s ({base:.2f} s)")
    print(
        f"onrecord ingest --no-analyze: {n / elapsed:,.0f} docs/s ({elapsed:.2f} s, incl. process start)"
    )
    print(f"ratio onrecord/baseline throughput: {base / elapsed:.3f}")
    print(
        f"peak RSS of the ingest process: {peak_kb / 1024:.0f} MiB; database {size / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
