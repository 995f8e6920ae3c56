"""Start and stop a throwaway PostgreSQL server: for tests, benchmarks and the docs' examples.

The contract suite, the parity tests and bench/bench_pg.py need a real server, not a mock, and
CI machines have Debian's ``postgresql`` package but no running cluster. ``initdb`` refuses to
run as root (CI runs as root), so there the server runs as the ``postgres`` user through
``runuser``. It listens on 127.0.0.1 only, on a free port, with trust authentication: it is
for local use and is thrown away with its directory.

    python -m onrecord.store.postgres.server start /tmp/pg     # prints the URL
    python -m onrecord.store.postgres.server stop /tmp/pg
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DBNAME = "onrecord"
URL_FILE = "url"


class ServerError(RuntimeError):
    """The PostgreSQL binaries are missing or the server did not start."""


def bin_dir() -> Path | None:
    """Directory holding initdb/pg_ctl: $PG_BIN, then PATH, then Debian's versioned dirs."""
    env = os.environ.get("PG_BIN")
    if env and (Path(env) / "pg_ctl").exists():
        return Path(env)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(d) / "pg_ctl").exists():
            return Path(d)
    return None


def available() -> bool:
    d = bin_dir()
    return d is not None and (d / "initdb").exists()


def _as_postgres() -> list[str]:
    """Prefix for commands that must not run as root (initdb, pg_ctl)."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", "postgres", "--"]


def _chown_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(
            f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout}"
        )


@dataclass
class Server:
    directory: Path
    port: int
    dbname: str = DBNAME
    bins: Path = field(default_factory=lambda: bin_dir() or Path("/usr/lib/postgresql/15/bin"))

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.dbname}"

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def stop(self) -> None:
        stop(self.directory)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(
    directory: str | os.PathLike[str] | None = None,
    *,
    port: int | None = None,
    dbname: str = DBNAME,
    durable: bool = True,
) -> Server:
    """initdb + pg_ctl start + createdb; returns the running server (``.url``).

    ``durable=False`` turns fsync off: fine for a test database that is thrown away, never
    for measurements (bench/bench_pg.py keeps the defaults so the write rate is honest).
    """
    bins = bin_dir()
    if bins is None or not (bins / "initdb").exists():
        raise ServerError(
            "PostgreSQL server binaries not found (initdb, pg_ctl): install Debian's "
            "'postgresql' package or set PG_BIN"
        )
    root = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="onrecord-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    _chown_postgres(root)
    data = root / "data"
    port = port or free_port()
    sudo = _as_postgres()
    if sudo and subprocess.run([*sudo, "test", "-w", str(root)]).returncode != 0:
        raise ServerError(
            f"{root}: the postgres user cannot reach this directory (a parent is private to "
            "root); use a directory under /tmp, e.g. one from tempfile.mkdtemp()"
        )
    if not (data / "PG_VERSION").exists():
        _run(
            [
                *sudo,
                str(bins / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--locale=C",
                "-E",
                "UTF8",
                "--no-instructions",
            ],
            "initdb",
        )
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=200"
    if not durable:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run(
        [
            *sudo,
            str(bins / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-o",
            opts,
            "-w",
            "-t",
            "60",
            "start",
        ],
        "pg_ctl start",
    )
    server = Server(root, port, dbname, bins)
    # createdb is a client: any user may run it against a trust-auth server
    exists = subprocess.run(
        [
            str(bins / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{dbname}'",
        ],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() != "1":
        _run(
            [str(bins / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", dbname],
            "createdb",
        )
    (root / URL_FILE).write_text(server.url + "\n", encoding="utf-8")
    return server


def stop(directory: str | os.PathLike[str]) -> None:
    """Fast shutdown of the server whose files are in ``directory`` (nothing if not running)."""
    root = Path(directory)
    bins = bin_dir()
    if bins is None or not (root / "data" / "postmaster.pid").exists():
        return
    subprocess.run(
        [
            *_as_postgres(),
            str(bins / "pg_ctl"),
            "-D",
            str(root / "data"),
            "-m",
            "fast",
            "-w",
            "stop",
        ],
        capture_output=True,
        text=True,
    )
    for _ in range(50):  # pg_ctl -w waits, but be sure the pid file is gone before rm -r
        if not (root / "data" / "postmaster.pid").exists():
            break
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m onrecord.store.postgres.server",
        description="Start or stop a local throwaway PostgreSQL server for onrecord.",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="initdb (first time), start, create the database; print URL")
    s.add_argument("directory")
    s.add_argument("--port", type=int, default=None)
    s.add_argument("--dbname", default=DBNAME)
    s.add_argument("--no-fsync", action="store_true", help="faster, for throwaway test data")
    t = sub.add_parser("stop", help="stop the server started in DIRECTORY")
    t.add_argument("directory")
    args = ap.parse_args(argv)
    try:
        if args.command == "start":
            server = start(
                args.directory, port=args.port, dbname=args.dbname, durable=not args.no_fsync
            )
            print(server.url)
        else:
            stop(args.directory)
    except ServerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
