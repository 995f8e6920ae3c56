"""Same corpus, same record: SQLite with the local pool (a) against a store fed by a real Dask
scheduler and two workers (b), on the seeds (with their metadata) and on 300 AllSides articles.

Side (b)'s store comes from ``store_url``, parametrised by backend: today only "sqlite". When
the PostgreSQL backend lands, add "postgres" to ``BACKENDS``: the fixture then creates one
database per corpus on the session's server (the ``pg_url`` fixture of tests/conftest.py) and
side (b) runs ``onrecord --db postgresql://... ingest ... --cluster tcp://...`` unchanged.

Cost: every record is built once per session (session fixtures) and compared by several tests;
the 300 articles are analysed twice (about 45-70 s each on two cores). The comparison itself is
``onrecord.parity``: content-keyed, ids included, first differences printed.

The first tests check the harness itself on real records: a comparison that cannot fail
would prove nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import CORPORA, corpus
from tests.test_dask import Cluster, _env, _start

from onrecord.parity import SECTIONS, assert_same_record, canonical, compare, main

# the backends side (b) is tested on; "postgres" joins when store/postgres/ lands
BACKENDS = ["sqlite", "postgres"]
SAMPLE_SIZE = 300
SAMPLE_SEED = "onrecord-parity-v1"


def allsides_sample(n: int = SAMPLE_SIZE, seed: str = SAMPLE_SEED) -> list[Path]:
    """``n`` AllSides JSON files chosen by a seeded hash of their names: stable when files
    are added or the folder is listed in another order, and not the first ``n`` by name."""
    folder = corpus("allsides-news", "data", "jsons")
    files = sorted(folder.glob("*.json"))
    if len(files) < n:
        pytest.skip(f"the AllSides corpus at {folder} has {len(files)} articles, {n} needed")

    def rank(f: Path) -> str:
        return hashlib.sha256(f"{seed}:{f.name}".encode()).hexdigest()

    return sorted(sorted(files, key=rank)[:n])


def _run(db: str, *args: str, timeout: int = 600) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "onrecord", "--db", db, *args],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=timeout,
    )
    assert proc.returncode == 0, f"onrecord {' '.join(args[:2])}: {proc.stderr[-3000:]}"
    return proc.stdout


def _export(db: str) -> dict:
    # the user's export, as a backend-neutral reader: no SQL, no store internals
    return json.loads(_run(db, "export", "--format", "json"))


# ---- the corpora, each given to `onrecord ingest` as the same arguments on both sides ----

CORPUS_ARGS: dict[str, Callable[[], list[str]]] = {
    "seeds": lambda: [
        str(corpus("seeds")),
        "--metadata",
        str(corpus("seeds-metadata.csv")),
    ],
    "allsides300": lambda: [str(p) for p in allsides_sample()],
}


@pytest.fixture(scope="session")
def dask_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One scheduler and two `dask worker --nthreads 1` processes for the whole session."""
    c = _start(tmp_path_factory.mktemp("dask"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def store_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], str]:
    """name -> the URL of a fresh, empty store of this backend for side (b)."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("side_b_sqlite")
        return lambda name: f"sqlite:///{folder / f'{name}.db'}"
    if request.param == "postgres":
        # one database per corpus on the session's server (createdb is a client program)
        from onrecord.store.postgres import server

        base = request.getfixturevalue("pg_url")
        head, _, _ = base.rpartition("/")
        port = head.rpartition(":")[2]
        bins = server.bin_dir()

        def make(name: str) -> str:
            db = f"parity_{name}"
            subprocess.run(
                [str(bins / "createdb"), "-h", "127.0.0.1", "-p", port, "-U", "postgres", db],
                check=True,
                capture_output=True,
            )
            return f"{head}/{db}"

        return make
    raise ValueError(f"no store for backend {request.param!r}")


_local: dict[str, tuple[str, dict]] = {}


def _local_side(name: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """Side (a), built once per session: SQLite, the local process pool of two workers."""
    if name not in _local:
        db = str(tmp_path_factory.mktemp(f"side_a_{name}") / "local.db")
        out = _run(db, "ingest", *CORPUS_ARGS[name](), "--workers", "2")
        assert " 0 failed" in out, out
        _local[name] = (db, _export(db))
    return _local[name]


def _local_record(name: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _local_side(name, tmp_path_factory)[1]


@pytest.fixture(scope="session")
def dask_records(
    store_url: Callable[[str], str], dask_cluster: Cluster
) -> Callable[[str], tuple[str, dict]]:
    """Side (b), built once per backend and corpus: analysed on the Dask cluster."""
    built: dict[str, tuple[str, dict]] = {}

    def get(name: str) -> tuple[str, dict]:
        if name not in built:
            url = store_url(name)
            out = _run(url, "ingest", *CORPUS_ARGS[name](), "--cluster", dask_cluster.address)
            assert " 0 failed" in out, out
            built[name] = (url, _export(url))
        return built[name]

    return get


# ---- the harness finds what differs (fast: the seeds record, built once) ----


@pytest.fixture(scope="session")
def seeds_record(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _local_record("seeds", tmp_path_factory)


def test_a_record_is_the_same_as_itself_and_every_section_has_rows(seeds_record: dict) -> None:
    dump = canonical(seeds_record)
    assert compare(dump, canonical(copy.deepcopy(seeds_record))) == []
    # a comparison of empty sections would prove nothing: the seeds fill every one we compare
    for section in ("documents", "entities", "quotes", "pledges", "stories", "pledge_groups"):
        assert dump[section], section
    assert set(dump) == set(SECTIONS)


def test_each_kind_of_difference_is_found_and_said_readably(seeds_record: dict) -> None:
    other = copy.deepcopy(seeds_record)
    q = next(q for q in other["quotes"] if q["speaker"])
    q["speaker"] = "Somebody Else"
    doc = other["documents"][1]
    doc["published"] = "1999"
    other["pledges"][0]["amount"] = (other["pledges"][0]["amount"] or 0) + 1.0
    removed = other["quotes"].pop()
    diffs = compare(canonical(seeds_record), canonical(other))
    said = [str(d) for d in diffs]
    sha = {d["id"]: d["sha256"] for d in seeds_record["documents"]}
    key = f"doc:{sha[q['document_id']][:16]}:{q['start']}-{q['end']}"
    assert any(s.startswith(f"quotes {key}: speaker ") and "Somebody Else" in s for s in said)
    assert any(
        s.startswith(f"documents doc:{doc['sha256'][:16]}: published ") and '"1999"' in s
        for s in said
    ), said
    assert any(d.section == "pledges" and d.field == "amount" for d in diffs)
    gone = f"doc:{sha[removed['document_id']][:16]}:{removed['start']}-{removed['end']}"
    assert any(d.section == "quotes" and d.key == gone and d.field is None for d in diffs)
    with pytest.raises(AssertionError, match="not the same record"):
        assert_same_record(seeds_record, other)


def test_stories_and_groups_are_compared_by_their_members(seeds_record: dict) -> None:
    other = copy.deepcopy(seeds_record)
    # move one document into another story: both stories change membership
    a, b = other["stories"][0], other["stories"][1]
    moved = a["document_ids"].pop()
    b["document_ids"] = sorted([*b["document_ids"], moved])
    diffs = compare(canonical(seeds_record), canonical(other))
    assert {d.section for d in diffs} == {"stories"}
    # a pledge group split in two is a difference too
    other = copy.deepcopy(seeds_record)
    grouped = [p for p in other["pledges"] if p["group_id"] is not None]
    heads = {p["group_id"] for p in grouped}
    members = [p for p in grouped if sum(1 for x in grouped if x["group_id"] == p["group_id"]) > 1]
    assert members, "the seeds have a pledge group with several members"
    members[-1]["group_id"] = max(heads) + 1000
    sections = {d.section for d in compare(canonical(seeds_record), canonical(other))}
    assert "pledge_groups" in sections


def test_ids_count_unless_told_not_to(seeds_record: dict) -> None:
    # the same content numbered otherwise: the same record by content, not by ids
    other = copy.deepcopy(seeds_record)
    shift = {d["id"]: d["id"] + 100 for d in other["documents"]}
    for d in other["documents"]:
        d["id"] = shift[d["id"]]
        if d["duplicate_of"] is not None:
            d["duplicate_of"] = shift[d["duplicate_of"]]
    for table in ("quotes", "pledges"):
        for row in other[table]:
            row["document_id"] = shift[row["document_id"]]
            if row.get("speaker_evidence_document") is not None:
                row["speaker_evidence_document"] = shift[row["speaker_evidence_document"]]
    for s in other["stories"]:
        s["document_ids"] = [shift[i] for i in s["document_ids"]]
    assert compare(canonical(seeds_record, ids=False), canonical(other, ids=False)) == []
    diffs = compare(canonical(seeds_record), canonical(other))
    assert diffs and {d.field for d in diffs} == {"id"}
    assert {d.section for d in diffs} == {"documents"}


def test_the_command_compares_two_records(
    seeds_record: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = tmp_path / "a.json", tmp_path / "b.json"
    left.write_text(json.dumps(seeds_record), encoding="utf-8")
    right.write_text(json.dumps(seeds_record), encoding="utf-8")
    assert main([str(left), str(right)]) == 0
    assert "same record" in capsys.readouterr().out
    other = copy.deepcopy(seeds_record)
    other["entities"].pop(0)
    right.write_text(json.dumps(other), encoding="utf-8")
    assert main([str(left), str(right)]) == 1
    out = capsys.readouterr().out
    assert "entities: " in out and "only on the left" in out
    # a record that cannot be read is an error that names it, not a difference
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main([str(left), str(bad)]) == 2
    assert main([str(left), str(tmp_path / "missing.db")]) == 2
    err = capsys.readouterr().err
    assert f"cannot read the record {bad}" in err and "missing.db" in err


# ---- parity: local pool on SQLite (a) vs Dask on the backend under test (b) ----


@pytest.mark.timeout(300)
def test_seeds_same_record_local_pool_and_dask(
    tmp_path_factory: pytest.TempPathFactory,
    dask_records: Callable[[str], tuple[str, dict]],
) -> None:
    local = _local_record("seeds", tmp_path_factory)
    _, remote = dask_records("seeds")
    assert len(local["documents"]) == 5 and local["quotes"] and local["pledges"]
    # dates from the metadata file arrived on both sides
    assert {d["published_from"] for d in local["documents"]} == {"metadata"}
    assert_same_record(local, remote)


@pytest.mark.timeout(300)
def test_seeds_search_is_the_same_on_both_sides(
    tmp_path_factory: pytest.TempPathFactory,
    dask_records: Callable[[str], tuple[str, dict]],
) -> None:
    # the held-out query: the membership statements first, on either record
    url, _ = dask_records("seeds")
    local_db, _ = _local_side("seeds", tmp_path_factory)
    args = ("search", "NATO membership", "--speaker", "Rutte", "--json")
    a, b = json.loads(_run(local_db, *args)), json.loads(_run(url, *args))
    assert a, "the seeds answer the held-out query"
    hits_a = [(h.get("kind"), h.get("id"), h.get("text")) for h in a]
    hits_b = [(h.get("kind"), h.get("id"), h.get("text")) for h in b]
    if url.startswith("sqlite"):
        assert hits_a == hits_b
    else:
        # PostgreSQL ranks its lexical candidates with ts_rank_cd, not FTS5's BM25, so the
        # tail of equally weak hits may come in another order; what the user asked for, the
        # membership statements, must be the same hits, in the same order, first on both.
        for hits in (hits_a, hits_b):
            flags = ["membership" in text.lower() for _k, _i, text in hits]
            assert flags[0] and flags == sorted(flags, reverse=True), flags
        first = sum("membership" in text.lower() for _k, _i, text in hits_a)
        assert first >= 3 and hits_a[:first] == hits_b[:first]
    assert "membership" in a[0]["text"].lower()


@pytest.mark.timeout(900)
def test_allsides_300_same_record_local_pool_and_dask(
    tmp_path_factory: pytest.TempPathFactory,
    dask_records: Callable[[str], tuple[str, dict]],
) -> None:
    if not (CORPORA / "allsides-news").exists():
        pytest.skip(f"real corpus not available: {CORPORA / 'allsides-news'}")
    local = _local_record("allsides300", tmp_path_factory)
    _, remote = dask_records("allsides300")
    assert len(local["documents"]) == SAMPLE_SIZE
    # a record worth comparing: hundreds of quotes, stories that join several articles
    assert len(local["quotes"]) > 1000 and len(local["entities"]) > 1000
    assert any(len(s["document_ids"]) > 1 for s in local["stories"])
    assert_same_record(local, remote)


def test_the_sample_is_stable_and_spread() -> None:
    sample = allsides_sample()
    assert len(sample) == SAMPLE_SIZE == len(set(sample))
    assert sample == allsides_sample()
    everything = sorted(corpus("allsides-news", "data", "jsons").glob("*.json"))
    # not the first 300 by name: the hash spreads the sample over the whole folder
    assert sample != everything[:SAMPLE_SIZE]
    assert sample[-1] > everything[len(everything) // 2]
