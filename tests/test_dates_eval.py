"""`onrecord eval dates` on a tiny corpus of our own writing in the AllSides layout."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from onrecord.cli import cli


def _article(path: Path, article_id: str, date: str, body: str) -> None:
    record = {
        "ID": article_id,
        "title": "Harbour fees",
        "source": "Port Selin Herald",
        "source_url": "www.example.org",
        "url": "https://www.example.org/a",
        "date": date,
        "content_original": body,
    }
    path.joinpath(f"{article_id}.json").write_text(json.dumps(record), encoding="utf-8")


def test_eval_dates_scores_withheld_dates_and_reports_bad_files(tmp_path: Path) -> None:
    caption = "Kovan in Port Selin, Thursday, Oct. 3, 2024. (AP Photo/Ana Lisk)"
    # right: the caption's day, named by the story
    _article(tmp_path, "a1", "2024-10-03", f"Kovan spoke Thursday.\n\n{caption}\n\nMore.")
    # wrong by design: the story was published a week after the caption's day
    _article(tmp_path, "a2", "2024-10-10", f"Kovan spoke Thursday.\n\n{caption}\n\nMore.")
    # abstains: a history paragraph only
    _article(tmp_path, "a3", "2024-10-03", "x " * 200 + "The port opened on May 1, 1921.")
    tmp_path.joinpath("broken.json").write_text("{not json", encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["eval", "dates", "--corpus", str(tmp_path), "--split", "all", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert (out["articles"], out["dated"], out["exact"], out["wrong"]) == (3, 2, 1, 1)
    assert out["coverage_pct"] == 66.67 and out["wrong_pct"] == 50.0
    assert out["by_rule"] == {"caption": {"dated": 2, "wrong": 1}}
    assert len(out["unreadable"]) == 1 and out["unreadable"][0].startswith("broken.json")


def test_eval_dates_without_the_corpus_is_a_clear_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["eval", "dates", "--corpus", str(tmp_path / "missing")])
    assert res.exit_code != 0 and "AllSides corpus not found" in res.output
