"""The web interface over a real record: the demo corpus (examples/) through the full pipeline.

Also: every page has a JSON twin, pagination is capped, article text is escaped, the database
is never written, and a query past its deadline is stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from onrecord.models import Document
from onrecord.record import Record
from onrecord.search import update_index
from onrecord.store import SQLiteStore
from onrecord.web.app import MAX_PER_PAGE, create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _fingerprint() -> str:
    """Examples and code: a cached demo database is reused only while neither changed."""
    h = hashlib.sha256()
    for base in (EXAMPLES, ROOT / "src" / "onrecord"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def demo_database(config: pytest.Config) -> Path:
    """The demo record built from examples/ by the real pipeline, as `make demo` builds it."""
    cache = Path(config.cache.mkdir("onrecord-demo"))
    db = cache / f"demo-{_fingerprint()}.db"
    if not db.exists():
        for old in cache.glob("demo-*"):
            if old.is_dir():
                shutil.rmtree(old)
            else:
                old.unlink()
        tmp = cache / "building.db"
        for p in cache.glob("building.db*"):
            shutil.rmtree(p) if p.is_dir() else p.unlink()
        with Record(tmp) as record:
            report = record.ingest([str(EXAMPLES)], metadata=EXAMPLES / "metadata.csv")
            assert report.new == 10 and report.failed == 0, report.as_dict()
            update_index(record.store)
            record.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tmp.rename(db)
        (cache / "building.db-vectors").rename(cache / f"{db.name}-vectors")
        for p in cache.glob("building.db*"):
            p.unlink()
    return db


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`onrecord serve` on a free loopback port, as a user starts it; yields its URL."""
    exe = shutil.which("onrecord", path=str(Path(sys.executable).parent)) or "onrecord"
    proc = subprocess.Popen(
        [exe, "--db", str(db), "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # serve prints its URL once it is listening
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            proc.kill()
            err = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"no URL from serve: {line!r} {err}")
        url = match.group()
        _wait_until_up(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_until_up(url: str) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + "index.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("server did not answer")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def demo_db(request: pytest.FixtureRequest) -> Path:
    return demo_database(request.config)


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(demo_db))


def _person_id(client: TestClient, name: str) -> int:
    people = client.get("/people.json?per_page=100").json()["people"]["items"]
    return next(p["id"] for p in people if p["name"] == name)


def test_every_page_renders_and_has_a_json_twin(client: TestClient) -> None:
    reinholt = _person_id(client, "Tomas Reinholt")
    quote_id = client.get("/quotes.json?speaker=Reinholt").json()["quotes"]["items"][0]["id"]
    story_id = client.get("/stories.json").json()["stories"]["items"][0]["id"]
    pages = [
        "/",
        "/people",
        f"/people/{reinholt}",
        "/quotes",
        f"/quotes/{quote_id}",
        "/documents",
        "/documents/1",
        "/stories",
        f"/stories/{story_id}",
        "/pledges",
        "/search?q=membership",
        "/timeline?speaker=Tomas+Reinholt&topic=membership",
    ]
    for page in pages:
        html = client.get(page)
        assert html.status_code == 200, page
        assert html.headers["content-type"].startswith("text/html")
        assert "Content-Security-Policy" in html.headers
        path, _, query = page.partition("?")
        twin = ("/index.json" if path == "/" else path + ".json") + (f"?{query}" if query else "")
        assert f'href="{twin.replace("&", "&amp;")}"' in html.text, page  # linked from the page
        data = client.get(twin)
        assert data.status_code == 200, twin
        assert data.headers["content-type"] == "application/json"
        assert isinstance(data.json(), dict)
    spec = client.get("/openapi.json").json()
    assert {"/index.json", "/people/{person_id}.json", "/search.json"} <= set(spec["paths"])
    assert client.get("/api").status_code == 200


def test_overview_counts_match_the_record(client: TestClient, demo_db: Path) -> None:
    data = client.get("/index.json").json()
    with SQLiteStore(demo_db, readonly=True) as store:
        assert data["counts"] == store.counts()
    assert data["counts"]["documents"] == 10
    names = [p["name"] for p in data["top_people"]]
    assert "Tomas Reinholt" in names and "Ilse Varga" in names


def test_pagination_is_capped(client: TestClient) -> None:
    data = client.get("/quotes.json?per_page=100000").json()["quotes"]
    assert data["per_page"] == MAX_PER_PAGE
    two = client.get("/quotes.json?per_page=5&page=2").json()["quotes"]
    one = client.get("/quotes.json?per_page=5&page=1").json()["quotes"]
    assert len(two["items"]) == 5 and two["total"] == one["total"]
    assert not {q["id"] for q in one["items"]} & {q["id"] for q in two["items"]}
    assert client.get("/quotes.json?page=0").status_code == 422
    assert client.get("/search.json?q=" + "x" * 501).status_code == 422


def test_quote_page_lists_every_outlet_with_links_to_the_span(client: TestClient) -> None:
    # Varga's line at the summit, carried by the wire and by its syndicated copy
    hits = client.get('/search.json?q="door to membership remains open"&kind=quote').json()
    top = hits["hits"]["items"][0]
    assert top["speaker"] == "Ilse Varga"
    group = client.get(f"/quotes/{top['id']}.json").json()
    outlets = {m["outlet"] for m in group["members"]}
    assert len(group["members"]) >= 2 and len(outlets) >= 2, group["members"]
    page = client.get(f"/quotes/{top['id']}").text
    for m in group["members"]:
        link = f"/documents/{m['document_id']}?start={m['start']}&amp;end={m['end']}#hl"
        assert link in page
        doc = client.get(f"/documents/{m['document_id']}.json").json()
        assert doc["document"]["text"][m["start"] : m["end"]] == m["text"]


def test_document_highlight_is_exactly_the_span(client: TestClient) -> None:
    doc = client.get("/documents/1.json").json()["document"]
    start, end = 10, 60
    page = client.get(f"/documents/1?start={start}&end={end}").text
    marked = re.search(r'<mark id="hl">(.*?)</mark>', page, re.S)
    assert marked is not None
    # the marked text may be cut by quote links; join every <mark> piece
    pieces = re.findall(r"<mark(?: id=\"hl\")?>(.*?)</mark>", page, re.S)
    from html import unescape

    assert unescape("".join(pieces)) == doc["text"][start:end]
    # a span outside the text is ignored, not an error
    assert client.get("/documents/1?start=5&end=999999").status_code == 200
    assert client.get("/documents/99999").status_code == 404
    assert client.get("/documents/99999.json").json()["status"] == 404


def test_search_and_timeline_pages(client: TestClient) -> None:
    data = client.get("/search.json?q=membership&speaker=Reinholt").json()
    items = data["hits"]["items"]
    assert items and all(h["speaker"] == "Tomas Reinholt" for h in items)
    assert all(h["citation"] and h["document_id"] for h in items)
    tl = client.get("/timeline.json?speaker=Tomas+Reinholt&topic=Veloria+membership").json()
    dates = [e["said_on"] for e in tl["entries"]]
    assert dates == sorted(dates)
    assert any(
        s["from_stance"] == "commits" and s["to_stance"] == "rejects" and s["to_date"] >= "2025-09"
        for s in tl["shifts"]
    ), tl["shifts"]
    # negative control: Varga's "door to membership" line (by "the Secretary General" in 2024,
    # who was Varga then) is not part of Reinholt's record
    assert not any("door to membership" in e["text"] for e in tl["entries"])
    page = client.get("/timeline?speaker=Tomas+Reinholt&topic=Veloria+membership").text
    assert "Shift:" in page and 'data-chart="timeline"' in page


def test_pledges_page_charts(client: TestClient) -> None:
    data = client.get("/pledges.json").json()
    assert data["pledges"]["total"] > 0
    currencies = {row["currency"] for row in data["totals"]["by_donor"]}
    assert "EUR" in currencies
    page = client.get("/pledges").text
    assert page.count('data-chart="bars"') >= 1 and page.count('data-chart="volume"') >= 1


# ---- safety ----

HOSTILE = (
    "Mayor Rika Sand said: \"We will rebuild the pier.\" <script>alert('x')</script> "
    'The council <img src=x onerror="alert(1)"> agreed. Budget: 5 < 7 & 9 > 3.'
)


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    db = tmp_path / "hostile.db"
    with SQLiteStore(db) as store:
        store.add_documents(
            [
                Document(
                    text=HOSTILE,
                    source="hostile.txt",
                    title="<b>Pier</b> <script>alert('t')</script>",
                    outlet="<i>Evil Gazette</i>",
                    published="2030-01-01",
                )
            ]
        )
        update_index(store)
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def test_article_markup_is_shown_as_text(hostile_db: Path) -> None:
    client = TestClient(create_app(hostile_db))
    for page in ("/documents/1", "/documents/1?start=0&end=40", "/documents", "/search?q=pier"):
        html = client.get(page).text
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html and "<b>Pier</b>" not in html, page
        assert "&lt;script&gt;" in html, page
    doc = client.get("/documents/1").text
    assert "5 &lt; 7 &amp; 9 &gt; 3" in doc


def test_store_is_opened_read_only(hostile_db: Path) -> None:
    before = hostile_db.read_bytes()
    client = TestClient(create_app(hostile_db))
    for page in ("/", "/documents/1", "/search?q=pier", "/people", "/pledges"):
        assert client.get(page).status_code == 200
    assert hostile_db.read_bytes() == before
    with pytest.raises(FileNotFoundError):
        create_app(hostile_db.parent / "missing.db")


def test_slow_queries_are_stopped(demo_db: Path) -> None:
    client = TestClient(create_app(demo_db, query_timeout=0.0))
    response = client.get("/search.json?q=membership")
    assert response.status_code == 503
    assert "too long" in json.dumps(response.json())


def test_serve_prints_its_url_and_answers(demo_db: Path) -> None:
    with serving(demo_db) as url:
        import httpx

        assert httpx.get(url + "index.json", timeout=10).json()["counts"]["documents"] == 10
        assert "onrecord" in httpx.get(url, timeout=10).text


def test_cli_search_and_timeline(demo_db: Path) -> None:
    from click.testing import CliRunner

    from onrecord.cli import cli

    runner = CliRunner()
    res = runner.invoke(
        cli, ["--db", str(demo_db), "search", "membership", "--speaker", "Reinholt", "--json"]
    )
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)
    assert hits and all(h["speaker"] == "Tomas Reinholt" and h["citation"] for h in hits)
    res = runner.invoke(
        cli,
        ["--db", str(demo_db), "timeline", "--speaker", "Reinholt", "--topic", "membership"],
    )
    assert res.exit_code == 0, res.output
    assert "SHIFT" in res.stdout and "2025-09-18" in res.stdout
    res = runner.invoke(cli, ["--db", str(demo_db), "search", "x" * 600])
    assert res.exit_code != 0 and "longer than" in res.output
