from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

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
    out = runner.invoke(cli, ["--db", str(db), "export", "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["title"] for r in rows} == {"Ferry link approved", "Quay reopens"}
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
