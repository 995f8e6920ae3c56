"""The Python API mirrors the CLI: each read method of ``Record`` gives the same dicts as the
command's ``--json``, on the real seed articles (skipped when ../shared/corpora is absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord import Record, queries
from onrecord.cli import cli


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Record(db) as record:
        report = record.ingest([str(corpus("seeds"))], metadata=corpus("seeds-metadata.csv"))
    assert report.new == 5 and report.failed == 0
    return db


def _cli_json(db: Path, *args: str) -> Any:
    res = CliRunner().invoke(cli, ["--db", str(db), *args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _same(data: Any) -> Any:
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_quotes_and_search(seeds_db: Path) -> None:
    record = Record(seeds_db)
    rutte = record.quotes(speaker="Mark Rutte")
    assert len(rutte) >= 30 and {q["speaker"] for q in rutte} == {"Mark Rutte"}
    assert all(q["document_title"] and "url" in q for q in rutte)
    hits = record.search("NATO membership")
    assert hits and all(h["citation"] for h in hits)
    record.close()


def test_reads_match_the_cli_json(seeds_db: Path) -> None:
    with Record(seeds_db, readonly=True) as record:
        pairs = [
            (record.quotes(speaker="Rutte", since="2024-12", until="2025"),
             ["quotes", "--speaker", "Rutte", "--since", "2024-12", "--until", "2025"]),
            (record.quotes(kind="direct", outlet="ukrinform"),
             ["quotes", "--kind", "direct", "--outlet", "ukrinform"]),
            (record.people(), ["people"]),
            (record.people(type=None), ["people", "--type", "all"]),
            (record.pledges(), ["pledges"]),
            (record.pledges(by="donor"), ["pledges", "--by", "donor"]),
            (record.stories(), ["stories"]),
            (record.search("NATO membership", speaker="Rutte"),
             ["search", "NATO membership", "--speaker", "Rutte"]),
            (record.timeline("Mark Rutte", "Ukraine NATO membership"),
             ["timeline", "--speaker", "Mark Rutte", "--topic", "Ukraine NATO membership"]),
        ]  # fmt: skip
        for data, args in pairs:
            assert data, args
            assert _same(data) == _cli_json(seeds_db, *args), args


def test_questions_are_checked(seeds_db: Path) -> None:
    with Record(seeds_db, readonly=True) as record:
        with pytest.raises(queries.UnknownPerson) as err:
            record.quotes(speaker="Mark Rute")
        assert err.value.suggestions == ["Mark Rutte"]
        assert str(err.value) == 'no person "Mark Rute" (did you mean Mark Rutte?)'
        with pytest.raises(LookupError):
            record.timeline("Barak Obama")
        with pytest.raises(ValueError, match="YYYY"):
            record.quotes(since="yesterday")
        with pytest.raises(ValueError):
            record.search("NATO", until="2020-13-45")
        with pytest.raises(ValueError, match="after"):
            record.quotes(since="2025", until="2024-06")
        assert queries.suggest_people(record.store, "Volodymyr Zelenskiy") == [
            "Volodymyr Zelenskyy"
        ]
        # the web passes a bare connection
        assert queries.suggest_people(record.store, "mark rute", limit=1) == ["Mark Rutte"]
        assert queries.suggest_people(record.store, "Barak Obama") == []


@pytest.mark.parametrize(
    ("text", "end", "bound"),
    [
        ("2024", False, "2024"),
        ("2024", True, "2024-12-31"),
        ("2024-02", False, "2024-02"),
        ("2024-02", True, "2024-02-29"),
        ("2023-02", True, "2023-02-28"),
        ("2024-2-3", False, "2024-02-03"),
        (" 2024-12-03 ", True, "2024-12-03"),
    ],
)
def test_parse_date_bound(text: str, end: bool, bound: str) -> None:
    assert queries.parse_date_bound(text, end=end) == bound


@pytest.mark.parametrize(
    "text", ["2020-13-45", "yesterday", "2023-02-29", "2024-00", "24", "2024/01/02", ""]
)
def test_parse_date_bound_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        queries.parse_date_bound(text, end=False)


def test_find_entity_matches_the_cached_name_index(seeds_db: Path) -> None:
    """The CLI's one-pass SQL lookup and the web's cached index answer every name alike."""
    from onrecord.search import resolve_person

    with Record(seeds_db, readonly=True) as record:
        people = record.people()
        asked = {"", "mark", "nato", "rutte mark", "Secretary General Mark Rutte", "%", "r_tte"}
        for p in people:
            for n in (p["name"], *p["aliases"]):
                asked |= {n, n.upper(), n.split()[-1], f"  {n.lower()} "}
        for name in sorted(asked):
            assert queries.find_entity(record.store, name) == resolve_person(record.store, name), (
                name
            )
        assert queries.find_entity(record.store, "RUTTE") == [
            p["id"] for p in people if p["name"] == "Mark Rutte"
        ]
