"""The CLI checks the question before answering it, keeps its output quiet, and prints article
text as text. Run on the real seed articles (skipped when ../shared/corpora is absent); the
ingest runs in a subprocess so that what reaches stderr is what a user sees."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, corpus
from onrecord.cli import cli
from onrecord.provenance import date_label


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("ONRECORD_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "onrecord", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def seeds(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    seeds_dir, meta = corpus("seeds"), corpus("seeds-metadata.csv")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    res = _run("--db", str(db), "ingest", str(seeds_dir), "--metadata", str(meta))
    assert res.returncode == 0, res.stderr
    return db, res


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_ingest_prints_no_library_log_lines(seeds) -> None:  # type: ignore[no-untyped-def]
    _db, res = seeds
    assert "INFO" not in res.stderr, res.stderr
    assert "5 new" in res.stdout
    # not a terminal: one line per named phase instead of a bar
    for phase in ("reading", "analysing", "linking", "indexing"):
        assert f"{phase}…" in res.stderr, res.stderr


def test_verbose_shows_library_log_lines(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    quiet = _run("--db", str(db), "index")
    assert quiet.returncode == 0 and "INFO" not in quiet.stderr
    loud = _run("index", "--db", str(db), "--verbose")
    assert loud.returncode == 0 and "INFO onrecord.vectors" in loud.stderr


def test_reingest_is_one_summary_line(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    res = _run("--db", str(db), "ingest", str(corpus("seeds")), "--no-analyze")
    assert res.returncode == 0, res.stderr
    assert "0 new, 5 duplicate, 0 failed" in res.stdout
    assert "5 duplicate inputs already in the record" in res.stderr
    assert "same text as" not in res.stderr  # no line per file …
    verbose = _run("--db", str(db), "ingest", str(corpus("seeds")), "--no-analyze", "--verbose")
    assert verbose.stderr.count("same text as") == 5  # … unless asked for
    quiet = _run("--db", str(db), "--quiet", "ingest", str(corpus("seeds")), "--no-analyze")
    assert quiet.stderr == "" and "5 duplicate" in quiet.stdout


def test_unknown_speaker_is_an_error_with_a_suggestion(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    for args in (
        ["quotes", "--speaker", "Mark Rute"],
        ["timeline", "--speaker", "Mark Rute"],
        ["search", "NATO", "--speaker", "Mark Rute"],
    ):
        res = _invoke("--db", str(db), *args)
        assert res.exit_code == 1, (args, res.output)
        assert 'no person "Mark Rute" (did you mean Mark Rutte?)' in res.stderr
        assert res.stdout == ""
    res = _invoke("--db", str(db), "quotes", "--speaker", "Barak Obama")
    assert res.exit_code == 1 and 'no person "Barak Obama"' in res.stderr
    # surname and alias still resolve
    res = _invoke("--db", str(db), "quotes", "--speaker", "Rutte", "--json")
    assert res.exit_code == 0 and len(json.loads(res.stdout)) >= 30


def test_dates_are_checked(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    for bad in ("2020-13-45", "yesterday", "2023-02-29", "20245", "2024-1-1x"):
        for opt in ("--since", "--until"):
            res = _invoke("--db", str(db), "quotes", opt, bad)
            assert res.exit_code == 2, (bad, opt, res.output)
            assert "YYYY" in res.stderr or "must be" in res.stderr
        assert _invoke("--db", str(db), "search", "NATO", "--since", bad).exit_code == 2
    res = _invoke("--db", str(db), "quotes", "--since", "2025", "--until", "2024")
    assert res.exit_code == 2 and "after" in res.stderr


def test_date_bounds_select_by_period(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    every = json.loads(_invoke("--db", str(db), "quotes", "--json").stdout)
    for since, until, prefix in (
        ("2025", "2025", "2025"),
        ("2024-12", "2024-12", "2024-12"),
        ("2024-12-03", "2024-12-03", "2024-12-03"),
    ):
        res = _invoke("--db", str(db), "quotes", "--since", since, "--until", until, "--json")
        assert res.exit_code == 0, res.output
        got = json.loads(res.stdout)
        want = [q for q in every if (q["said_on"] or "").startswith(prefix)]
        assert got and [q["id"] for q in got] == [q["id"] for q in want]


def test_db_and_json_after_the_command(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    after = _invoke("quotes", "--db", str(db), "--speaker", "Mark Rutte", "--json")
    assert after.exit_code == 0, after.output
    rows = json.loads(after.stdout)
    assert len(rows) >= 30 and {q["speaker"] for q in rows} == {"Mark Rutte"}
    before = _invoke("--db", str(db), "--json", "quotes", "--speaker", "Mark Rutte")
    assert json.loads(before.stdout) == rows
    # a subprocess, exactly as typed
    res = _run("quotes", "--db", str(db), "--speaker", "Mark Rutte", "--json")
    assert res.returncode == 0 and json.loads(res.stdout) == rows
    for cmd in ("people", "stories", "pledges", "docs", "summary"):
        res = _invoke(cmd, "--db", str(db), "--json")
        assert res.exit_code == 0, (cmd, res.output)
        json.loads(res.stdout)


def test_quotes_table_shows_where_a_date_came_from(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    res = _invoke("--db", str(db), "quotes", "--speaker", "Mark Rutte")
    assert res.exit_code == 0
    rows = json.loads(_invoke("--db", str(db), "quotes", "--speaker", "Rutte", "--json").stdout)
    q = next(r for r in rows if r["said_on"] and r["said_on_from"])
    # the one wording of provenance.date_label, e.g. "said 2025-02-14 (from text)"
    assert date_label("said", q["said_on"], q["said_on_from"], q["published_from"]) in res.stdout
    assert " (from text)" in res.stdout or " (publication date" in res.stdout


def test_outlet_filter(seeds) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    every = json.loads(_invoke("--db", str(db), "quotes", "--json").stdout)
    res = _invoke("--db", str(db), "quotes", "--outlet", "ukrinform", "--json")
    got = json.loads(res.stdout)
    assert got and [q["id"] for q in got] == [q["id"] for q in every if q["outlet"] == "Ukrinform"]


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_hint_after_no_analyze(tmp_path: Path) -> None:
    src = _write(
        tmp_path / "src",
        {"a.txt": "Harbour plan\n\nLINDHOLM, March 4, 2025 — “We will build it,” said Ana Berg.\n"},
    )
    db = str(tmp_path / "x.db")
    assert _invoke("--db", db, "ingest", str(src), "--no-analyze", "--json").exit_code == 0
    for cmd in (["quotes"], ["people"], ["stories"], ["pledges"]):
        res = _invoke("--db", db, *cmd)
        assert res.exit_code == 0, res.output
        assert "1 document not analysed yet" in res.stderr and "onrecord analyze" in res.stderr
    assert "onrecord analyze" not in _invoke("--db", db, "-q", "people").stderr
    assert _invoke("--db", db, "analyze").exit_code == 0
    assert "not analysed" not in _invoke("--db", db, "people").stderr


def test_article_text_is_never_markup(tmp_path: Path) -> None:
    """#13 item 8: a title or outlet holding "[/red]" or "[/]" made docs, quotes and stories
    exit 1 with rich.errors.MarkupError, and search rendered ":x:" as an emoji."""
    meta = tmp_path / "meta.csv"
    src = _write(
        tmp_path / "src",
        {
            "a.txt": "Tolls [/red] rise :x: [bold]now[/bold]\n\n"
            "LINDHOLM, March 4, 2025 — “The [/] tolls will rise :x: in May,” said Ana Berg, "
            "the mayor of Lindholm. Berg said the council would vote on the ferry tolls.\n",
            "b.txt": "Tolls [/red] rise :x: again\n\n"
            "LINDHOLM, March 5, 2025 — “The [/] tolls will rise :x: in May,” said Ana Berg, "
            "the mayor of Lindholm, repeating her promise on the ferry tolls.\n",
        },
    )
    meta.write_text(
        f"path,published,outlet\n{src / 'a.txt'},2025-03-04,[/]Coast [red]Post\n"
        f"{src / 'b.txt'},2025-03-05,[/]Coast [red]Post\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "x.db")
    res = _invoke("--db", db, "ingest", str(src), "--metadata", str(meta))
    assert res.exit_code == 0, res.output
    for cmd in (["docs"], ["quotes"], ["stories"], ["people"], ["summary"]):
        res = _invoke("--db", db, *cmd)
        assert res.exit_code == 0, (cmd, res.output, res.exception)
    docs = _invoke("--db", db, "docs").stdout
    assert "[/red]" in docs and "[/]Coast [red]Post" in docs
    quotes = _invoke("--db", db, "quotes").stdout
    assert ":x:" in quotes and "[/]" in quotes and "[/]Coast [red]Post" in quotes
    found = _invoke("--db", db, "search", "tolls rise", "--kind", "quote")
    assert found.exit_code == 0, found.output
    assert ":x:" in found.stdout and "❌" not in found.stdout


def test_db_as_a_sqlite_url_and_other_schemes_refused(seeds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _ = seeds
    url = _invoke("quotes", "--db", f"sqlite:///{db}", "--speaker", "Mark Rutte", "--json")
    assert url.exit_code == 0, url.output
    assert json.loads(url.stdout) == json.loads(
        _invoke("--db", str(db), "quotes", "--speaker", "Mark Rutte", "--json").stdout
    )
    other = _invoke("--db", "mysql://me@localhost:3306/news", "quotes")
    assert other.exit_code == 2 and "no mysql store" in other.output
    assert not list(tmp_path.glob("mysql*"))
    if importlib.util.find_spec("onrecord.store.postgres") is None:
        # a PostgreSQL URL is understood; without the backend installed, it says so
        pg = _invoke("--db", "postgresql://me:secret@localhost:5432/news", "quotes")
        assert pg.exit_code == 2 and "PostgreSQL store is not available" in pg.output
        assert "secret" not in pg.output  # the password is masked
    assert not list(tmp_path.glob("postgresql*"))
