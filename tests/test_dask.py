"""The analysis on a real Dask cluster gives the same record as the local pool.

Each test starts its own ``dask scheduler`` and two ``dask worker`` processes on free loopback
ports (the same commands as the README's "Scaling out"), runs ``onrecord`` as a user would,
and stops them. Workers run with ``--no-nanny`` so that a SIGKILL really removes one: nothing
restarts it, and its batch must be finished by the other.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from tests.conftest import corpus

import onrecord

SRC = Path(onrecord.__file__).resolve().parents[1]


def _dask_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # the workers and the CLI import this checkout's onrecord, not an installed copy
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("ONRECORD_CLUSTER", None)
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen
    workers: dict[str, subprocess.Popen] = field(default_factory=dict)

    def stop(self) -> None:
        # workers first, then the scheduler: a worker told to stop while its scheduler is
        # going away too can hang retrying its heartbeat
        for group in (list(self.workers.values()), [self.scheduler]):
            for proc in group:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in group:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _start(tmp: Path, n_workers: int = 2) -> Cluster:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp / "scheduler.log").open("w")
    scheduler = subprocess.Popen(
        [*_dask_cmd(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=_env(),
    )
    cluster = Cluster(address, scheduler)
    for k in range(1, n_workers + 1):
        name = f"w{k}"
        wlog = (tmp / f"{name}.log").open("w")
        cluster.workers[name] = subprocess.Popen(
            [
                *_dask_cmd(),
                "worker",
                address,
                "--name",
                name,
                "--nthreads",
                "1",
                "--no-nanny",
                "--no-dashboard",
                "--memory-limit",
                "0",
                # a worker left behind by a crashed test run exits on its own
                "--death-timeout",
                "30",
                "--host",
                "127.0.0.1",
            ],
            stdout=wlog,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
    from distributed import Client

    try:
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(n_workers, timeout=60)
    except Exception:
        cluster.stop()
        raise
    return cluster


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = _start(tmp_path)
    try:
        yield c
    finally:
        c.stop()


def _onrecord(db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env or _env(),
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _export(db: Path) -> dict:
    return json.loads(_onrecord(db, "export", "--format", "json", "--text"))


def _assert_same_record(local: dict, dask: dict) -> None:
    # Nothing is excluded: ids are assigned by the one client in the same batch order either
    # way, and the export carries no run timestamps. Compare table by table for a readable
    # failure, then the whole.
    for table in ("documents", "entities", "quotes", "stories", "pledges", "corrections"):
        assert dask[table] == local[table], f"{table} differ between the local pool and Dask"
    assert dask == local


@pytest.mark.timeout(120)
def test_seeds_record_is_the_same_on_dask_as_on_the_local_pool(
    tmp_path: Path, cluster: Cluster, seeds_dir: Path, seeds_metadata: Path
) -> None:
    meta = ["--metadata", str(seeds_metadata)]
    _onrecord(tmp_path / "local.db", "ingest", str(seeds_dir), *meta, "--workers", "2")
    out = _onrecord(
        tmp_path / "dask.db", "ingest", str(seeds_dir), *meta, "--cluster", cluster.address
    )
    assert "5 new" in out and "5 analysed" in out
    local, dask = _export(tmp_path / "local.db"), _export(tmp_path / "dask.db")
    assert local["quotes"] and local["pledges"] and local["entities"]  # a record worth comparing
    _assert_same_record(local, dask)

    from distributed import Client

    from onrecord.cluster import model_loads

    with Client(cluster.address, set_as_default=False) as client:
        loads = client.run(model_loads)
    # the model is loaded by the workers that analysed, once each, and kept
    assert sum(loads.values()) >= 1 and max(loads.values()) == 1, loads


@pytest.mark.timeout(180)
def test_worker_killed_mid_batch_its_batch_is_retried_and_the_record_is_complete(
    tmp_path: Path, cluster: Cluster
) -> None:
    # 40 real articles: 3 batches of up to 16, long enough to catch one running
    folder = tmp_path / "articles"
    folder.mkdir()
    for f in sorted(corpus("allsides-news", "data", "jsons").glob("*.json"))[:40]:
        shutil.copy(f, folder / f.name)
    _onrecord(tmp_path / "local.db", "ingest", str(folder), "--workers", "2")

    from distributed import Client

    # the run reads the address from ONRECORD_CLUSTER, as a deployment would set it
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "onrecord",
            "--db",
            str(tmp_path / "dask.db"),
            "ingest",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(ONRECORD_CLUSTER=cluster.address),
    )
    killed = None
    with Client(cluster.address, set_as_default=False) as client:
        deadline = time.monotonic() + 120
        while killed is None and run.poll() is None and time.monotonic() < deadline:
            names = {a: w["name"] for a, w in client.scheduler_info()["workers"].items()}
            for addr, keys in client.processing().items():
                if keys and "analyze_on_worker" in str(keys[0]):
                    killed = names[addr]
                    os.kill(cluster.workers[killed].pid, signal.SIGKILL)
                    break
            time.sleep(0.05)
    stdout, stderr = run.communicate(timeout=240)
    assert killed is not None, "no batch was seen running: nothing was killed"
    assert cluster.workers[killed].wait(timeout=10) == -signal.SIGKILL
    assert run.returncode == 0, stderr[-3000:]
    assert "40 new" in stdout and "40 analysed" in stdout, stdout

    local, dask = _export(tmp_path / "local.db"), _export(tmp_path / "dask.db")
    assert len(dask["documents"]) == 40 and dask["quotes"]
    # nothing stored twice: the same quotes (ids, spans, speakers) as the local run, no more
    _assert_same_record(local, dask)


@pytest.mark.timeout(60)
def test_bad_or_unreachable_cluster_is_a_clear_error_and_the_documents_stay(
    tmp_path: Path, seeds_dir: Path
) -> None:
    db = tmp_path / "r.db"
    bad = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(db), "ingest", str(seeds_dir),
         "--cluster", "http://nowhere"],
        capture_output=True, text=True, env=_env(), timeout=60,
    )  # fmt: skip
    assert bad.returncode == 2 and "tcp://HOST:PORT" in bad.stderr
    assert not db.exists() or "5 new" not in bad.stdout  # refused before reading anything

    closed = f"tcp://127.0.0.1:{_free_port()}"
    gone = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(db), "ingest", str(seeds_dir)],
        capture_output=True, text=True, timeout=60,
        env=_env(ONRECORD_CLUSTER=closed, ONRECORD_CLUSTER_TIMEOUT="2"),
    )  # fmt: skip
    assert gone.returncode == 1
    assert f"could not reach the Dask scheduler at {closed}" in gone.stderr
    assert "documents read are stored" in gone.stderr
    again = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(db), "analyze", "--cluster", closed],
        capture_output=True, text=True, timeout=60, env=_env(ONRECORD_CLUSTER_TIMEOUT="2"),
    )  # fmt: skip
    assert again.returncode == 1 and "could not reach the Dask scheduler" in again.stderr
    # nothing lost: the documents are in, unanalysed; a local analyze finishes the record
    out = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(db), "analyze"],
        capture_output=True, text=True, env=_env(ONRECORD_CLUSTER=""), timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("5 analysed")


def test_scheduler_addresses_are_checked_before_any_work(tmp_path: Path, seeds_dir: Path) -> None:
    from onrecord.cluster import ClusterError, check_address
    from onrecord.record import Record

    assert check_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert check_address("sched.example.org:8786") == "tcp://sched.example.org:8786"
    assert check_address("tls://[::1]:8786") == "tls://[::1]:8786"
    for bad in ("http://h:8786", "tcp://h", "tcp://h:0", "tcp://h:70000", "h:port", ""):
        with pytest.raises(ClusterError, match=r"tcp://HOST:PORT"):
            check_address(bad)
    with Record(tmp_path / "r.db") as record:
        with pytest.raises(ClusterError):
            record.ingest([str(seeds_dir)], cluster="tcp://nowhere")
        assert record.store._rows("SELECT count(*) AS n FROM documents")[0]["n"] == 0
