"""Analysis throughput on Dask workers against the local process pool, in one run.

    .venv/bin/python bench/bench_dask.py [--n 150] [--reps 2] [--corpus DIR]

The first N AllSides JSON articles (name order) are ingested once with ``--no-analyze``; each
configuration then analyses a copy of that database with ``Record.analyze`` (the same call
``onrecord ingest`` makes), timed wall-clock as the user waits for it:

- ``local 1`` / ``local 2``: ``workers=1`` (in process) and ``workers=2`` (process pool);
- ``dask 1`` / ``dask 2``: ``cluster=tcp://...`` with 1 and 2 ``dask worker --nthreads 1``
  processes on this machine, started before the timing (a cluster's workers are long-lived;
  their model loads on the first batch, which is inside the timing, as with the pool).

The configurations run in rounds (``--reps``), interleaved, and each keeps its best round: on
a shared machine the load drifts between runs, and the best round is the one least disturbed.
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

    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    )
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
                 "--memory-limit", "0", "--death-timeout", "30", "--host", "127.0.0.1"],
                stdout=(logdir / f"worker{k}.log").open("w"), stderr=subprocess.STDOUT, env=env,
            )
        )  # fmt: skip
    with Client(address, timeout=60, set_as_default=False) as client:
        client.wait_for_workers(n, timeout=120)
    return address, procs


def stop(procs: list[subprocess.Popen]) -> None:
    """Workers first, then the scheduler (procs[0]): a worker stopped while its scheduler goes
    away too can hang retrying its heartbeat."""
    for group in (procs[1:], procs[:1]):
        for p in group:
            p.send_signal(signal.SIGTERM)
        for p in group:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def summary(db: Path) -> tuple[int, int, int, str]:
    """Counts and a digest of the whole linked record (quotes, pledges, entities as dicts)."""
    with Record(db) as r:
        r.link()  # untimed: the same corpus step whichever ran the analysis
        quotes, pledges, entities = r.quotes(), r.pledges(), r.people(type=None)
    blob = json.dumps([quotes, pledges, entities], sort_keys=True, default=str)
    return (
        len(quotes),
        len(pledges),
        len(entities),
        hashlib.sha256(blob.encode()).hexdigest()[:12],
    )


def run_one(base: Path, tmp: Path, kind: str, k: int, tag: str) -> tuple[int, float, float | None]:
    """Analyse a copy of ``base``: (documents analysed, wall seconds, workers' CPU seconds)."""
    db = tmp / f"{kind}{k}-{tag}.db"
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
    return n, wall, worker_cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument(
        "--reps", type=int, default=2, help="rounds over the 4 configurations; best kept"
    )
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
            new = r.ingest([str(folder)], analyze=False).new
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(
            f"{new} AllSides articles ingested (first {args.n} files by name, {size:,} bytes of JSON)"
        )
        configs = (("local", 1), ("local", 2), ("dask", 1), ("dask", 2))
        best: dict[tuple[str, int], tuple[float, float | None]] = {}
        ref: tuple[int, int, int, str] | None = None
        for rep in range(args.reps):  # rounds interleave the configurations: load drifts
            for kind, k in configs:
                n, wall, cpu = run_one(base, tmp, kind, k, str(rep))
                got = summary(tmp / f"{kind}{k}-{rep}.db")
                ref = ref or got
                same = "same" if got == ref else f"DIFFERENT {got} vs {ref}"
                load = os.getloadavg()[0]
                print(
                    f"round {rep + 1}: {kind} {k}: {n} analysed in {wall:.1f} s (load {load:.1f}); "
                    f"quotes/pledges/entities/digest {got} ({same})",
                    flush=True,
                )
                if (kind, k) not in best or wall < best[(kind, k)][0]:
                    best[(kind, k)] = (wall, cpu)
        base_wall = best[("local", 1)][0]
        print(f"\nbest of {args.reps} per configuration")
        print(
            "| configuration | workers | wall s | articles/s | vs local 1 | speed-up vs 1 worker | scaling efficiency | workers' CPU s |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for kind, k in configs:
            wall, cpu = best[(kind, k)]
            speedup = best[(kind, 1)][0] / wall
            print(
                f"| {kind} | {k} | {wall:.1f} | {new / wall:.2f} | {base_wall / wall:.2f} | "
                f"{speedup:.2f} | {speedup / k:.2f} | {'' if cpu is None else f'{cpu:.1f}'} |"
            )
        cpu1 = best[("dask", 1)][1]
        if cpu1:
            per = cpu1 / new
            print(f"\nCPU-seconds per article on a Dask worker (dask 1, its best round): {per:.3f}")
            day = 1e6 * per / 86400
            week = 1e8 * per / (7 * 86400)
            print(
                f"1 M articles/day: {day:.1f} busy cores; 100 M archive in 7 days: {week:.1f} busy cores"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
