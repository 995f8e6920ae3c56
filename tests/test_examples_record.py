"""The record built from the bundled demo corpus (examples/) against examples/expected.toml.

The corpus is fiction written for onrecord; expected.toml is the hand-written answer. The
whole pipeline runs once per module (ingest, analysis, linking) through ``Record.ingest``.
Checks that still fail are separate strict xfails so that they show up, and flip when fixed.
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord.record import Record

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPECTED: dict[str, Any] = tomllib.loads((EXAMPLES / "expected.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    with Record(path) as record:
        report = record.ingest([str(EXAMPLES)], metadata=EXAMPLES / "metadata.csv")
    assert report.failed == 0, report.failures
    assert report.new == len(EXPECTED["documents"])
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    yield con
    con.close()


def _name(source: str) -> str:
    """'…/examples/more_coverage.jsonl#1' -> 'more_coverage.jsonl#1'."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _docs(db: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    return {_name(r["source"]): r for r in db.execute("SELECT * FROM documents")}


def _doc_id(db: sqlite3.Connection, name: str) -> int:
    return int(_docs(db)[name]["id"])


def _pledges(db: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    rows = db.execute("SELECT * FROM pledges WHERE document_id = ?", (_doc_id(db, name),))
    return [dict(r) | {"donors": json.loads(r["donors"])} for r in rows]


def _quotes(db: sqlite3.Connection, name: str) -> list[sqlite3.Row]:
    return list(db.execute("SELECT * FROM quotes WHERE document_id = ?", (_doc_id(db, name),)))


def _story_date(db: sqlite3.Connection, story_id: int) -> str | None:
    row = db.execute("SELECT first_published FROM stories WHERE id = ?", (story_id,)).fetchone()
    return row[0] if row else None


# ---- documents ----


@pytest.mark.parametrize("want", EXPECTED["documents"], ids=lambda d: d["source"])
def test_document_metadata(db: sqlite3.Connection, want: dict[str, Any]) -> None:
    doc = _docs(db)[want["source"]]
    assert doc["outlet"] == want["outlet"]
    if "byline" in want:
        assert doc["byline"] == want["byline"]
    if "caption" in want:
        assert doc["caption"] == want["caption"]
    if want["published"]:
        assert doc["published"] == want["published"]
        if "published_from" in want:
            assert doc["published_from"] == want["published_from"]
    else:
        # no date of its own anywhere: only joining its story may date it
        assert doc["story_id"] is not None
        assert doc["published_from"] == "story"
        assert doc["published"] == _story_date(db, doc["story_id"])


def test_page_furniture_is_not_body_text(db: sqlite3.Connection) -> None:
    docs = _docs(db)
    for want in (d for d in EXPECTED["documents"] if "furniture" in d):
        lines = docs[want["source"]]["text"].splitlines()
        assert not set(want["furniture"]) & set(lines)


def test_syndicated_copy_is_the_only_pair(db: sqlite3.Connection) -> None:
    docs = _docs(db)
    by_id = {d["id"]: name for name, d in docs.items()}
    pairs = {
        frozenset((name, by_id[d["duplicate_of"]]))
        for name, d in docs.items()
        if d["duplicate_of"] is not None
    }
    want = {frozenset((d["source"], d["copy_of"])) for d in EXPECTED["documents"] if "copy_of" in d}
    assert pairs == want


@pytest.mark.xfail(
    strict=True,
    reason="dedup keeps the first ingested of two same-day texts as the original, so the wire "
    "story is marked as the copy of its republication",
)
def test_syndicated_copy_points_to_the_original(db: sqlite3.Connection) -> None:
    docs = _docs(db)
    for want in (d for d in EXPECTED["documents"] if "copy_of" in d):
        assert docs[want["source"]]["duplicate_of"] == docs[want["copy_of"]]["id"]


# ---- stories ----


def test_stories_group_the_expected_documents(db: sqlite3.Connection) -> None:
    docs = _docs(db)
    got: dict[int, set[str]] = {}
    for name, doc in docs.items():
        assert doc["story_id"] is not None, name
        got.setdefault(doc["story_id"], set()).add(name)
    want: dict[str, set[str]] = {}
    for d in EXPECTED["documents"]:
        want.setdefault(d["story"], set()).add(d["source"])
    assert sorted(map(sorted, got.values())) == sorted(map(sorted, want.values()))


def test_same_city_five_months_apart_are_two_stories(db: sqlite3.Connection) -> None:
    docs = _docs(db)
    s1 = {docs[d["source"]]["story_id"] for d in EXPECTED["documents"] if d["story"] == "S1"}
    s3 = {docs[d["source"]]["story_id"] for d in EXPECTED["documents"] if d["story"] == "S3"}
    assert len(s1) == 1 and len(s3) == 1 and s1 != s3


@pytest.mark.parametrize("want", EXPECTED["stories"], ids=lambda s: s["id"])
def test_story_dates(db: sqlite3.Connection, want: dict[str, Any]) -> None:
    docs = _docs(db)
    members = [d["source"] for d in EXPECTED["documents"] if d["story"] == want["id"]]
    (story_id,) = {docs[m]["story_id"] for m in members}
    assert _story_date(db, story_id) == want["date"]


# ---- people and roles over time ----


def _title_key(title: str) -> str:
    return title.lower().replace("defense", "defence")


def _org_matches(got: str | None, want: str) -> bool:
    """An organisation named in full or by its acronym ('NMA')."""
    if got is None:
        return False
    initials = "".join(w[0] for w in want.split() if w[:1].isupper())
    return got in (want, initials)


@pytest.mark.parametrize("want", EXPECTED["people"], ids=lambda p: p["name"])
def test_people_and_roles(db: sqlite3.Connection, want: dict[str, Any]) -> None:
    row = db.execute(
        "SELECT roles FROM entities WHERE name = ? AND type = 'PERSON'", (want["name"],)
    ).fetchone()
    assert row is not None, want["name"]
    roles = [
        r
        for r in json.loads(row["roles"])
        if _title_key(r["title"]) == _title_key(want["role"])
        and _org_matches(r["org"], want["org"])
    ]
    assert roles, json.loads(row["roles"])
    for role in roles:
        if "until" in want:
            assert role["last_seen"] <= want["until"]
        if "from" in want:
            assert role["first_seen"] >= want["from"]


def test_bylines_and_datelines_are_not_people(db: sqlite3.Connection) -> None:
    people = {r[0] for r in db.execute("SELECT name FROM entities WHERE type = 'PERSON'")}
    assert not any(p.isupper() for p in people), people  # "LINDHOLM, Oct. 3, 2024 —"
    speakers = {r[0] for r in db.execute("SELECT DISTINCT speaker FROM quotes") if r[0]}
    journalists = {d["byline"] for d in EXPECTED["documents"] if "byline" in d}
    assert not speakers & journalists
    donors = {n for r in db.execute("SELECT donors FROM pledges") for n in json.loads(r[0])}
    assert not any(n.isupper() and len(n) > 3 for n in donors), donors


def _role_resolution(db: sqlite3.Connection, want: dict[str, Any]) -> None:
    found = [q for q in _quotes(db, want["source"]) if q["speaker_mention"] == want["mention"]]
    assert found, want
    assert {q["speaker"] for q in found} == {want["person"]}


def test_secretary_general_before_the_handover(db: sqlite3.Connection) -> None:
    (want,) = [r for r in EXPECTED["role_resolution"] if r["person"] == "Ilse Varga"]
    _role_resolution(db, want)


@pytest.mark.xfail(
    strict=True,
    reason="'the Secretary General said' in the press-conference page gets no speaker: the "
    "role phrase is not resolved to the holder at that date (quote speaker resolution)",
)
def test_secretary_general_after_the_handover(db: sqlite3.Connection) -> None:
    (want,) = [r for r in EXPECTED["role_resolution"] if r["person"] == "Tomas Reinholt"]
    _role_resolution(db, want)


# ---- pledges ----


def _donor_key(name: str) -> str:
    return name.lower().removeprefix("the ")


def _matching(db: sqlite3.Connection, want: dict[str, Any], source: str) -> list[dict[str, Any]]:
    donors = sorted(map(_donor_key, want["donors"]))
    return [
        p
        for p in _pledges(db, source)
        if sorted(map(_donor_key, p["donors"])) == donors
        and (p["amount"] or 0) == want["amount"]
        and p["currency"] == want.get("currency")
    ]


_P3_MISSING = (
    "a delivery told as arrival ('4 billion euros of the 12 billion … had already reached "
    "Veloria through the fund') is not extracted as a delivered pledge"
)
# (pledge id, article) -> why the record still misses it there
_PLEDGES_KNOWN_MISSING = {
    ("P1", "summit_lindholm_courier.html"): "'ended their summit … with a promise …: 12 billion "
    "euros for Veloria' -- a verbless amount after a colon has no giver",
    ("P3", "more_coverage.jsonl#1"): _P3_MISSING,
    ("P5", "ministers_northern_ledger.txt"): "'Sundvik added USD 300 million for …': 'add' is "
    "read as a reporting verb, not a giving one",
    ("P6", "ministers_northern_ledger.txt"): "an undisclosed group pledge ('over half of the "
    "members') has no amount to anchor it",
    ("P8", "more_coverage.jsonl#2"): "'the alliance's chief said that support … would "
    "continue, and announced a further 4 billion': the parser joins 'announced' to 'continue', "
    "whose subject 'support' is no giver",
}


def _pledge_cases() -> list[Any]:
    cases = []
    for want in EXPECTED["pledges"]:
        for source in want["sources"]:
            why = _PLEDGES_KNOWN_MISSING.get((want["id"], source))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            cases.append(pytest.param(want, source, id=f"{want['id']}-{source}", marks=marks))
    return cases


@pytest.mark.parametrize(("want", "source"), _pledge_cases())
def test_pledge(db: sqlite3.Connection, want: dict[str, Any], source: str) -> None:
    assert _matching(db, want, source), _pledges(db, source)


def test_copies_of_one_pledge_share_a_group(db: sqlite3.Connection) -> None:
    """A pledge reported by several articles of its story is one pledge group."""
    for want in EXPECTED["pledges"]:
        sources = [s for s in want["sources"] if (want["id"], s) not in _PLEDGES_KNOWN_MISSING]
        if len(sources) < 2:
            continue
        groups = {p["group_id"] for s in sources for p in _matching(db, want, s)}
        assert len(groups) == 1, (want["id"], groups)


@pytest.mark.xfail(strict=True, reason=_P3_MISSING)
def test_delivered_and_new_four_billion_are_two_pledges(db: sqlite3.Connection) -> None:
    by_id = {p["id"]: p for p in EXPECTED["pledges"]}
    p3 = by_id["P3"]
    p8 = by_id[p3["not_same_as"]]
    g3 = {p["group_id"] for s in p3["sources"] for p in _matching(db, p3, s)}
    g8 = {p["group_id"] for s in p8["sources"] for p in _matching(db, p8, s)}
    assert g3 and g8 and not g3 & g8


@pytest.mark.parametrize("stat", EXPECTED["not_pledges"], ids=lambda s: s["text"])
def test_statistics_are_not_pledges(db: sqlite3.Connection, stat: dict[str, Any]) -> None:
    doc = _docs(db)[stat["source"]]
    at = doc["text"].find(stat["text"])
    assert at >= 0
    for p in _pledges(db, stat["source"]):
        # no pledge of this sentence's share or count: a pledge span holding the statistic
        # must have its own amount
        if p["start"] <= at < p["end"]:
            assert p["amount"] and str(int(p["amount"])) not in stat["text"]


# ---- quotes ----


@pytest.mark.parametrize("want", EXPECTED["not_quotes"], ids=lambda q: q["text"])
def test_scare_quotes_are_not_quotes(db: sqlite3.Connection, want: dict[str, Any]) -> None:
    for q in _quotes(db, want["source"]):
        assert q["text"].strip(" \"'“”‘’,.") != want["text"], q["text"]


_STANCE_CASES = [
    pytest.param(side, source, id=f"{side}-{source}")
    if source != "pressconf_northern_ledger.html"
    else pytest.param(
        side,
        source,
        id=f"{side}-{source}",
        marks=pytest.mark.xfail(
            strict=True,
            reason="'the Secretary General said' after the handover gets no speaker "
            "(see test_secretary_general_after_the_handover)",
        ),
    )
    for side in ("before", "after")
    for source in EXPECTED["stance_shift"][side]["sources"]
]


@pytest.mark.parametrize(("side", "source"), _STANCE_CASES)
def test_stance_shift_statement_by_reinholt(db: sqlite3.Connection, side: str, source: str) -> None:
    shift = EXPECTED["stance_shift"]
    found = [q for q in _quotes(db, source) if shift[side]["contains"] in q["text"]]
    assert found, (side, source)
    assert any(q["speaker"] == shift["speaker"] for q in found), [
        (q["speaker"], q["speaker_mention"]) for q in found
    ]


@pytest.mark.xfail(
    strict=True,
    reason="a statement 'after the meeting' held 'on Wednesday' is dated by the next-day "
    "publication, not by the meeting day in the text",
)
def test_statement_dated_by_the_event_not_the_publication(db: sqlite3.Connection) -> None:
    before = EXPECTED["stance_shift"]["before"]
    for source in before["sources"]:
        found = [q for q in _quotes(db, source) if before["contains"] in q["text"]]
        assert found and all(q["said_on"] == before["said_on"] for q in found), source


def test_the_predecessor_line_is_not_part_of_the_shift(db: sqlite3.Connection) -> None:
    not_part = EXPECTED["stance_shift"]["not_part"]
    rows = list(
        db.execute("SELECT * FROM quotes WHERE text LIKE ?", (f"%{not_part['contains']}%",))
    )
    assert rows
    assert {q["speaker"] for q in rows} == {not_part["speaker"]}
    assert {q["said_on"] for q in rows} == {not_part["said_on"]}
