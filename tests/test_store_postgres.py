"""The PostgreSQL store on a real server (tests/conftest.py ``pg_url``): what only this backend
has to get right (concurrent writers, migrations under a lock, COPY writes, the executor's
placeholder rewrite). The answers both backends share are in the contract suite."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from onrecord.models import Analysis, Document, Mention, Quote
from onrecord.store import open_store
from onrecord.store.base import QueryTimeout

psycopg = pytest.importorskip("psycopg", reason="psycopg (PostgreSQL client) not installed")

from onrecord.store.postgres import mask_password, to_pyformat  # noqa: E402


def test_placeholders_rewritten_outside_literals() -> None:
    assert to_pyformat("SELECT a FROM t WHERE b = ? AND c LIKE '%?%'") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%?%%'"
    )
    assert to_pyformat('SELECT "?" , x % 2 FROM t -- why?\nWHERE y = ?') == (
        'SELECT "?" , x %% 2 FROM t -- why?\nWHERE y = %s'
    )


def test_server_cli_start_stop(tmp_path: Path, pg_url: str) -> None:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="onrecord-pg-cli-"))  # postgres must reach it
    cmd = [sys.executable, "-m", "onrecord.store.postgres.server"]
    started = subprocess.run([*cmd, "start", str(root)], capture_output=True, text=True)
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("postgresql://postgres@127.0.0.1:") and url.endswith("/onrecord")
        with psycopg.connect(url) as conn:
            assert conn.execute("SHOW lc_collate").fetchone()[0] == "C"
    finally:
        stopped = subprocess.run([*cmd, "stop", str(root)], capture_output=True, text=True)
    assert stopped.returncode == 0, stopped.stderr
    assert not (root / "data" / "postmaster.pid").exists()


def _doc(i: int, text: str | None = None, **kw: object) -> Document:
    body = text or f"Article {i}. The minister said the plan would go ahead in spring {i}."
    return Document(text=body, source=kw.pop("source", f"file{i}.txt"), **kw)  # type: ignore[arg-type]


def test_open_by_url_migrates_once_even_when_two_open_at_once(pg_db: str) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            open_store(pg_db).close()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [
        "001_init.sql",
        "002_search.sql",
        "003_minhash.sql",
        "004_failures.sql",
        "005_corrections.sql",
        "006_pledges.sql",
        "007_speaker_fields.sql",
    ]


def test_password_masked_and_cache_location(pg_db: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ONRECORD_CACHE_DIR", str(tmp_path))
    with open_store(pg_db) as store:
        assert store.backend == "postgres"
        assert store.index_dir.parent == tmp_path
        assert "***" not in repr(store)
    assert mask_password("postgresql://u:secret@h:5/db") == "postgresql://u:***@h:5/db"


def test_same_ids_and_statuses_as_sqlite(pg_db: str, tmp_path: Path) -> None:
    batch1 = [_doc(1), _doc(2, published="2024-03-01", published_from="text")]
    batch2 = [
        _doc(1),  # same source again
        _doc(3),
        _doc(2, source="feed.xml", published="2024-03-02", published_from="metadata", title="T"),
        _doc(1, source="copy.txt"),
    ]
    answers = []
    for db in (str(tmp_path / "x.db"), pg_db):
        with open_store(db) as store:
            r = store.add_documents(batch1) + store.add_documents(batch2)
            docs = [
                (d["id"], d["title"], d["published"], d["published_from"])
                for d in store.documents()
            ]
            answers.append(([(x.document_id, x.status, x.duplicate_source) for x in r], docs))
    assert answers[0] == answers[1]
    statuses = [s for _, s, _ in answers[1][0]]
    assert statuses == ["new", "new", "already", "new", "duplicate", "duplicate"]
    assert answers[1][1][1] == (2, "T", "2024-03-02", "metadata")  # metadata beats text


def _add_in_process(url: str, start: int, shared: list[int]) -> list[tuple[int, str]]:
    from onrecord.store import open_store as _open

    docs = [_doc(i) for i in range(start, start + 30)] + [
        _doc(i, source=f"p{start}-{i}.txt") for i in shared
    ]
    out = []
    with _open(url) as store:
        for k in range(0, len(docs), 7):
            out += [(r.document_id, r.status) for r in store.add_documents(docs[k : k + 7])]
    return out


def test_two_processes_add_at_once_nothing_twice_duplicates_found(pg_db: str) -> None:
    open_store(pg_db).close()  # migrate first
    shared = [1000, 1001, 1002]
    with ProcessPoolExecutor(2) as pool:
        a = pool.submit(_add_in_process, pg_db, 0, shared)
        b = pool.submit(_add_in_process, pg_db, 100, shared)
        ra, rb = a.result(), b.result()
    with open_store(pg_db) as store:
        docs = store.documents()
        counts = store.counts()
    assert counts["documents"] == 30 + 30 + 3
    assert counts["sources"] == 30 + 30 + 6
    assert sorted(d["id"] for d in docs) == list(range(1, 64))  # ids dense, none lost
    shared_status = sorted(s for _, s in ra[-3:] + rb[-3:])
    assert shared_status == ["duplicate"] * 3 + ["new"] * 3  # each text stored once


def test_claims_split_between_two_stores(pg_db: str) -> None:
    with open_store(pg_db) as one, open_store(pg_db) as two:
        one.add_documents([_doc(i) for i in range(10)])
        a = [r["id"] for r in one.claim_pending("v1", "a", 4, 600)]
        b = [r["id"] for r in two.claim_pending("v1", "b", 100, 600)]
        assert a == [1, 2, 3, 4] and b == [5, 6, 7, 8, 9, 10]
        assert two.claim_pending("v1", "c", 100, 600) == []
        # an expired lease is taken over
        assert [r["id"] for r in two.claim_pending("v1", "c", 2, -1)] == [1, 2]


def test_save_analyses_copy_rows_sentences_and_search_index(pg_db: str) -> None:
    text = 'Rutte said: "NATO membership is irreversible." Then he left.'
    analysis = Analysis(
        sentences=[(0, 46), (47, 60)],
        mentions=[Mention(start=0, end=5, text="Rutte", label="PERSON", cluster=0)],
        quotes=[
            Quote(
                text="NATO membership is irreversible.",
                kind="direct",
                speaker="Rutte",
                start=13,
                end=45,
            )
        ],
    )
    with open_store(pg_db) as store:
        (res,) = store.add_documents([_doc(1, text)])
        store.save_analyses([(res.document_id, analysis)], "v1")
        store.save_analyses([(res.document_id, analysis)], "v1")  # replaces, not adds
        assert store.counts()["quotes"] == 1
        assert store.count_pending("v1") == 0 and store.count_pending("v2") == 1
        assert store.get_analysis(res.document_id).quotes[0].speaker == "Rutte"
        sentences = store._tuples(
            "SELECT t.text FROM sentences s JOIN sentence_texts t ON t.id = s.id ORDER BY s.idx"
        )
        assert [s[0] for s in sentences] == [text[0:46], text[47:60]]
        hits = store._tuples(
            "SELECT q.text FROM quotes q JOIN quotes_fts f ON f.id = q.id "
            "WHERE f.tsv @@ onrecord_tsq('memberships')"
        )
        assert hits == [("NATO membership is irreversible.",)]


def test_deadline_raises_query_timeout_and_connection_survives(pg_db: str) -> None:
    with open_store(pg_db) as store:
        with pytest.raises(QueryTimeout), store.deadline(0.2):
            store._rows("SELECT pg_sleep(3)")
        assert store._scalar("SELECT 1") == 1
        with store.snapshot(), pytest.raises(QueryTimeout), store.deadline(0.2):
            store._rows("SELECT pg_sleep(3)")
        assert store._scalar("SHOW statement_timeout") == "0"


def test_snapshot_is_one_consistent_view(pg_db: str) -> None:
    with open_store(pg_db) as reader, open_store(pg_db) as writer:
        writer.add_documents([_doc(1)])
        with reader.snapshot():
            before = reader.counts()["documents"]
            writer.add_documents([_doc(2)])
            assert reader.counts()["documents"] == before == 1
        assert reader.counts()["documents"] == 2


def _onrecord(db: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "onrecord", "--db", db, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingest_processes_into_one_database(
    pg_db: str, seeds_dir: Path, tmp_path: Path
) -> None:
    """Two `onrecord ingest` runs at once, each given part of the seeds plus one text the
    other also has: every text is stored and analysed once, the shared texts are found as
    duplicates across the processes, and the record equals one SQLite run over the seeds."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for p in seeds[:3]:
        (a / p.name).write_bytes(p.read_bytes())
    for p in seeds[3:]:
        (b / p.name).write_bytes(p.read_bytes())
    (a / ("copy_" + seeds[4].name)).write_bytes(seeds[4].read_bytes())
    (b / ("copy_" + seeds[0].name)).write_bytes(seeds[0].read_bytes())
    open_store(pg_db).close()  # migrated before the race, as a deployment would be
    procs = [_onrecord(pg_db, "ingest", str(d), "--json") for d in (a, b)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    reports = [json.loads(out) for out, _ in outs]
    assert sum(r["new"] for r in reports) == 5
    assert sum(r["duplicate"] for r in reports) == 2
    single = tmp_path / "single.db"
    done = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", str(single), "ingest", str(seeds_dir)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with open_store(pg_db) as pg, open_store(single) as sq:
        counts = pg.counts()
        assert counts["documents"] == 5 and counts["sources"] == 7
        assert pg.count_pending("any-other-version") == 5  # 5 analyses, one per text
        assert pg.claimants() == []  # every lease released

        # documents are numbered in arrival order, so compare by text, not by id
        def quotes(store: Any) -> list[tuple[str, str, str | None]]:
            docs = {d["id"]: d["sha256"] for d in store.documents()}
            return sorted(
                (docs[doc_id], q.text, q.speaker)
                for doc_id, a in store.iter_analyses()
                for q in a.quotes
            )

        assert quotes(pg) == quotes(sq)
        assert pg.counts()["quotes"] == sq.counts()["quotes"]
        assert pg.counts()["people"] == sq.counts()["people"]


def _cli(db: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", db, *args], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_seeds_record_same_on_postgres_as_on_sqlite(
    pg_db: str, seeds_dir: Path, seeds_metadata: Path, tmp_path: Path
) -> None:
    """The seeds ingested through the CLI into PostgreSQL and into SQLite: the record (JSON of
    quotes, people, pledges, stories, the export, semantic search) and the web's JSON pages
    are byte-identical. Lexical ranking is each backend's own (BM25 vs ts_rank_cd)."""
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    sqlite_db = str(tmp_path / "seeds.db")
    for db in (sqlite_db, pg_db):
        _cli(db, "ingest", str(seeds_dir), "--metadata", str(seeds_metadata), "--json")
    for args in (
        ("quotes", "--json"),
        ("people", "--json"),
        ("pledges", "--json"),
        ("stories", "--json"),
        ("timeline", "--speaker", "Rutte", "--json"),
        ("search", "support for Ukraine", "--mode", "semantic", "--json"),
    ):
        assert _cli(pg_db, *args) == _cli(sqlite_db, *args), args
    exports = []
    for db in (sqlite_db, pg_db):
        out = tmp_path / f"export-{len(exports)}.jsonl"
        _cli(db, "export", "--format", "jsonl", "-o", str(out))
        exports.append(out.read_bytes())
    assert exports[0] == exports[1]
    hits = json.loads(_cli(pg_db, "search", "NATO membership", "--speaker", "Rutte", "--json"))
    assert all("membership" in h["text"].lower() for h in hits[:4])
    pages = ["/quotes.json", "/people.json", "/pledges.json", "/stories.json", "/documents.json"]
    sq_web, pg_web = TestClient(create_app(sqlite_db)), TestClient(create_app(pg_db))
    for page in pages:
        a, b = sq_web.get(page), pg_web.get(page)
        assert a.status_code == b.status_code == 200, page
        assert a.content == b.content, page
    assert pg_web.get("/quotes").status_code == 200


def test_unreachable_server_is_a_clear_error_with_the_password_masked() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "onrecord",
            "--db",
            f"postgresql://someone:secret@127.0.0.1:{port}/record",
            "quotes",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "cannot connect to postgresql://someone:***@127.0.0.1" in done.stderr
    assert "secret" not in done.stderr and "Traceback" not in done.stderr


def test_pooled_connection_killed_by_the_server_is_replaced(pg_db: str) -> None:
    """A server restart or an administrator ending sessions must not fail the next request of
    a long-running process (the web): the pool checks a connection before handing it out."""
    with open_store(pg_db) as store:
        store.add_documents([_doc(1)])
    with psycopg.connect(pg_db, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    with open_store(pg_db, readonly=True) as store:
        assert store.counts()["documents"] == 1


def test_store_kept_open_survives_a_lost_connection(pg_db: str) -> None:
    """The web keeps its stores for the life of the process: after the server ends their
    sessions (a restart), the next read retries once on a fresh connection."""
    with open_store(pg_db) as writer:
        writer.add_documents([_doc(1)])
    with open_store(pg_db, readonly=True) as store:
        assert store.counts()["documents"] == 1
        with psycopg.connect(pg_db, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        assert store.counts()["documents"] == 1
        assert store.documents()[0]["id"] == 1
        # the web opens each request with the deadline, a search with a snapshot
        for scope in (lambda: store.deadline(5), store.snapshot):
            with psycopg.connect(pg_db, autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            with scope():
                assert store.counts()["documents"] == 1
