"""Analysis throughput on Dask workers against the local process pool, in one run.

    .venv/bin/python bench/bench_dask.py [--n 150] [--corpus DIR]

The first N AllSides JSON articles (name order) are ingested once with ``--no-analyze``; each
configuration then analyses a copy of that database with ``Record.analyze`` (the same call
``onrecord ingest`` makes), timed wall-clock as the user waits for it:

- ``local 1`` / ``local 2``: ``workers=1`` (in process) and ``workers=2`` (process pool);
- ``dask 1`` / ``dask 2``: ``cluster=tcp://...`` with 1 and 2 ``dask worker --nthreads 1``
  processes on this machine, started before the timing (a cluster's workers are long-lived;
  their model loads on the first batch, which is inside the timing, as with the pool).

Scaling efficiency = (1-worker time / 2-worker time) / 2. CPU-seconds per article are the
Dask workers' own CPU time (psutil, read on each worker before and after) over N: the figure
the capacity note in docs/scaling.md is derived from. Each run's record is checked against
``local 1`` after linking (every quote, pledge and entity, as ``Record`` returns them,
hashed), so a fast wrong configuration would show.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from onrecord.record import Record

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpora/allsides-news/data/jsons"
SRC = Path(__file__).resolve().parents[1] / "src"


def _dask() -> list[str]:
    exe = Path(sys.executable).parent / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return t.user + t.system


def start_cluster(n: int, logdir: Path) -> tuple[str, list[subprocess.Popen]]:
    from distributed import Client

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])))
    port = _port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [*_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=(logdir / "scheduler.log").open("w"), stderr=subprocess.STDOUT, env=env,
        )
    ]  # fmt: skip
    for k in range(n):
        procs.append(
            subprocess.Popen(
                [*_dask(), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                 "--memory-limit", "0", "--host", "127.0.0.1"],
                stdout=(logdir / f"worker{k}.log").open("w"), stderr=subprocess.STDOUT, env=env,
            )
        )  # fmt: skip
    with Client(address, timeout=60, set_as_default=False) as client:
        client.wait_for_workers(n, timeout=120)
    return address, procs


def stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()


def summary(db: Path) -> tuple[int, int, int, str]:
    """Counts and a digest of the whole linked record (quotes, pledges, entities as dicts)."""
    with Record(db) as r:
        r.link()  # untimed: the same corpus step whichever ran the analysis
        quotes, pledges, entities = r.quotes(), r.pledges(), r.people(type=None)
    blob = json.dumps([quotes, pledges, entities], sort_keys=True, default=str)
    return (len(quotes), len(pledges), len(entities), hashlib.sha256(blob.encode()).hexdigest()[:12])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"allsides-news corpus absent: {args.corpus}")
    tmp = Path(tempfile.mkdtemp(prefix="onrecord-bench-dask-"))
    try:
        folder = tmp / "articles"
        folder.mkdir()
        for f in sorted(args.corpus.glob("*.json"))[: args.n]:
            shutil.copy(f, folder / f.name)
        base = tmp / "base.db"
        with Record(base) as r:
            rep = r.ingest([str(folder)], analyze=False)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir())
        print(f"{rep.new} AllSides articles ingested (first {args.n} files by name, {chars:,} bytes of JSON)")
        rows: list[tuple[str, int, float, float | None]] = []
        ref: tuple[int, int, int] | None = None
        cpu_per_article = None
        for kind, k in (("local", 1), ("local", 2), ("dask", 1), ("dask", 2)):
            db = tmp / f"{kind}{k}.db"
            shutil.copy(base, db)
            procs: list[subprocess.Popen] = []
            address = None
            worker_cpu = None
            if kind == "dask":
                address, procs = start_cluster(k, tmp)
            try:
                if address:
                    from distributed import Client

                    with Client(address, set_as_default=False) as c:
                        before = c.run(_cpu)
                t0 = time.perf_counter()
                with Record(db) as r:
                    n = r.analyze(workers=k, cluster=address)
                wall = time.perf_counter() - t0
                if address:
                    with Client(address, set_as_default=False) as c:
                        after = c.run(_cpu)
                    worker_cpu = sum(after[w] - before.get(w, 0.0) for w in after)
            finally:
                stop(procs)
            got = summary(db)
            ref = ref or got
            same = "same" if got == ref else f"DIFFERENT {got} vs {ref}"
            print(f"{kind} {k}: {n} analysed in {wall:.1f} s; quotes/pledges/entities/digest {got} ({same})", flush=True)
            rows.append((kind, k, wall, worker_cpu))
            if kind == "dask" and k == 1 and worker_cpu is not None:
                cpu_per_article = worker_cpu / max(1, n)
        base_wall = rows[0][2]
        print("\n| configuration | workers | wall s | articles/s | vs local 1 | speed-up vs 1 worker | scaling efficiency | worker CPU s |")
        print("|---|---|---|---|---|---|---|---|")
        one = {kind: wall for kind, k, wall, _ in rows if k == 1}
        for kind, k, wall, cpu in rows:
            speedup = one[kind] / wall
            print(
                f"| {kind} | {k} | {wall:.1f} | {rep.new / wall:.2f} | {base_wall / wall:.2f} | "
                f"{speedup:.2f} | {speedup / k:.2f} | {'' if cpu is None else f'{cpu:.1f}'} |"
            )
        if cpu_per_article:
            print(f"\nCPU-seconds per article on a Dask worker (dask 1): {cpu_per_article:.3f}")
            day = 1e6 * cpu_per_article / 86400
            week = 1e8 * cpu_per_article / (7 * 86400)
            print(f"1 M articles/day: {day:.1f} busy cores; 100 M archive in 7 days: {week:.1f} busy cores")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
