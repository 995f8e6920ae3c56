from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord import export
from onrecord.cli import cli

ARTICLES = {
    "a.txt": "Ferry link approved\nBy Jonas Pell – Northern Gazette\nLINDHOLM, March 4, 2025 — The council voted.\n",
    "b.json": json.dumps(
        {
            "title": "Quay reopens",
            "text": "The quay reopened.",
            "date": "2025-03-05",
            "source": "Coast Post",
        }
    ),
}


def _db(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    db = tmp_path / "x.db"
    res = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(src), "--no-analyze", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["new"] == 2 and report["failed"] == 0
    return db


def test_json_export_shape(tmp_path: Path) -> None:
    db = _db(tmp_path)
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "json"])
    data = json.loads(res.output)
    assert list(data) == [
        "onrecord",
        "documents",
        "entities",
        "quotes",
        "stories",
        "pledges",
        "corrections",
    ]
    a = next(d for d in data["documents"] if d["source"].endswith("a.txt"))
    assert a["published"] == "2025-03-04" and a["published_from"] == "text"
    assert a["outlet"] == "Northern Gazette" and a["byline"] == "Jonas Pell"
    assert a["chars"] == len("LINDHOLM, March 4, 2025 — The council voted.")
    b = next(d for d in data["documents"] if d["source"].endswith("b.json"))
    assert b["published_from"] == "metadata" and b["outlet"] == "Coast Post"


def test_jsonl_csv_parquet(tmp_path: Path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    lines = runner.invoke(cli, ["--db", str(db), "export", "--format", "jsonl"]).output.splitlines()
    assert [json.loads(x)["type"] for x in lines] == ["document", "document"]
    out = runner.invoke(cli, ["--db", str(db), "export", "--format", "csv", "--table", "documents"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["title"] for r in rows} == {"Ferry link approved", "Quay reopens"}
    assert {r["published_precision"] for r in rows} == {"day"}
    folder = tmp_path / "pq"
    res = runner.invoke(cli, ["--db", str(db), "export", "--format", "parquet", "-o", str(folder)])
    assert res.exit_code == 0, res.output
    assert pq.read_table(folder / "documents.parquet").num_rows == 2
    assert (folder / "quotes.parquet").exists()
    single = tmp_path / "docs.parquet"
    runner.invoke(cli, ["--db", str(db), "export", "--format", "parquet", "-o", str(single)])
    assert pq.read_table(single).num_rows == 2


def test_docs_and_missing_db(tmp_path: Path) -> None:
    db = _db(tmp_path)
    res = CliRunner().invoke(cli, ["--db", str(db), "docs", "--json"])
    assert len(json.loads(res.output)) == 2
    res = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "docs"])
    assert res.exit_code != 0 and "no database" in res.output


def test_exit_status(tmp_path: Path) -> None:
    db = _db(tmp_path)
    runner = CliRunner()
    again = runner.invoke(cli, ["--db", str(db), "ingest", str(tmp_path / "src"), "--no-analyze"])
    assert again.exit_code == 0  # everything already there
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    res = runner.invoke(cli, ["--db", str(db), "ingest", str(bad), "--no-analyze"])
    assert res.exit_code == 1 and "binary" in res.output


def test_csv_without_output_is_refused(tmp_path: Path) -> None:
    """It used to print documents.csv alone to stdout, silently dropping the other tables."""
    db = _db(tmp_path)
    res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv"])
    assert res.exit_code == 2 and res.stdout == ""
    assert "-o FOLDER" in res.stderr


def test_precision_of_dates() -> None:
    assert [export.precision(d) for d in ("2024", "2024-12", "2024-12-03", None)] == [
        "year",
        "month",
        "day",
        None,
    ]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    args = ["--db", str(db), "-q", "ingest", str(corpus("seeds"))]
    res = CliRunner().invoke(cli, [*args, "--metadata", str(corpus("seeds-metadata.csv"))])
    assert res.exit_code == 0, res.output
    return db


def test_seeds_exports_need_no_join(seeds_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(
        cli, ["--db", str(seeds_db), "export", "--format", "csv", "-o", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    with (tmp_path / "quotes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = set(rows[0])
    assert {"outlet", "url", "title", "published", "said_on_precision"} <= header
    docs = json.loads(runner.invoke(cli, ["--db", str(seeds_db), "docs", "--json"]).stdout)
    by_id = {d["id"]: d for d in docs}
    for r in rows:  # the joined columns are the quote's own article's
        d = by_id[int(r["document_id"])]
        assert r["title"] == d["title"] and r["published"] == (d["published"] or "")
        assert r["outlet"] == (d["outlet"] or "")
    assert any(r["outlet"] == "Ukrinform" for r in rows)


def test_seeds_parquet_keeps_lists(seeds_db: Path, tmp_path: Path) -> None:
    import pyarrow as pa

    res = CliRunner().invoke(
        cli, ["--db", str(seeds_db), "export", "--format", "parquet", "-o", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    pledges = pq.read_table(tmp_path / "pledges.parquet")
    assert pa.types.is_list(pledges.schema.field("donors").type)
    assert pa.types.is_string(pledges.schema.field("donors").type.value_type)
    assert any(d for d in pledges.column("donors").to_pylist())
    entities = pq.read_table(tmp_path / "entities.parquet")
    assert pa.types.is_list(entities.schema.field("aliases").type)
    assert pa.types.is_list(entities.schema.field("roles").type)
    stories = pq.read_table(tmp_path / "stories.parquet")
    assert pa.types.is_list(stories.schema.field("document_ids").type)
    assert pa.types.is_integer(stories.schema.field("document_ids").type.value_type)
    quotes = pq.read_table(tmp_path / "quotes.parquet")
    assert {"outlet", "url", "title", "published", "said_on_precision"} <= set(quotes.column_names)
    # a column with no value in this record still has a usable type
    assert pa.types.is_string(quotes.schema.field("url").type)


def test_announcer_and_recipient_reach_every_output(tmp_path: Path) -> None:
    """Issue #11: who announced a state's pledge and who receives it are in the CLI JSON and
    CSV, the web page's JSON and CSV twins, and every export format."""
    from fastapi.testclient import TestClient

    from onrecord.web.app import create_app

    src = tmp_path / "src"
    src.mkdir()
    (src / "aid.txt").write_text(
        "Ardia sends aid\nLINDHOLM, March 4, 2025 — Ardia's Defence Minister Jane Holm"
        " announced on Tuesday that her government would send 50 million euros in military"
        " aid to Moldova.\n",
        encoding="utf-8",
    )
    db = tmp_path / "x.db"
    run = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(src), "--json"])
    assert run.exit_code == 0, run.output
    want = {"donors": ["Ardia"], "announced_by": "Jane Holm", "recipient": "Moldova"}

    def picked(row: dict) -> dict:
        donors = row["donors"]
        if isinstance(donors, str):  # JSON in the export's CSV, "; "-joined in the web's
            donors = json.loads(donors) if donors.startswith("[") else donors.split("; ")
        return {
            "donors": list(donors),
            "announced_by": row["announced_by"],
            "recipient": row["recipient"],
        }

    res = CliRunner().invoke(cli, ["--db", str(db), "pledges", "--json"])
    assert [picked(p) for p in json.loads(res.output)] == [want]
    table = CliRunner().invoke(cli, ["--db", str(db), "pledges"]).output
    assert "announced by" in table and "recipient" in table
    assert "Jane Holm" in table and "Moldova" in table
    res = CliRunner().invoke(cli, ["--db", str(db), "pledges", "--recipient", "Moldova", "--csv"])
    assert [picked(r) for r in csv.DictReader(io.StringIO(res.output))] == [want]
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"e.{fmt}"
        res = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", fmt, "-o", str(out)])
        assert res.exit_code == 0, res.output
        text = out.read_text(encoding="utf-8")
        if fmt == "json":
            rows = json.loads(text)["pledges"]
        else:
            lines = [json.loads(line) for line in text.splitlines()]
            rows = [r for r in lines if r["type"] == "pledge"]
        assert [picked(r) for r in rows] == [want], fmt
    for fmt in ("csv", "parquet"):
        out = tmp_path / f"p.{fmt}"
        args = ["--db", str(db), "export", "--format", fmt, "--table", "pledges", "-o", str(out)]
        assert CliRunner().invoke(cli, args).exit_code == 0
        if fmt == "csv":
            rows = list(csv.DictReader(out.open(encoding="utf-8")))
        else:
            rows = pq.read_table(out).to_pylist()
        assert [picked(r) for r in rows] == [want], fmt
    client = TestClient(create_app(db))
    page = client.get("/pledges.json")
    assert page.status_code == 200
    assert [picked(p) for p in page.json()["pledges"]["items"]] == [want]
    assert "announced by Jane Holm" in client.get("/pledges").text
    sheet = client.get("/pledges.csv")
    assert [picked(r) for r in csv.DictReader(io.StringIO(sheet.text))] == [want]
