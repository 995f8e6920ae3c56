"""The founding example: five real articles, with and without the user's metadata sheet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _export(db: Path, *args: str) -> dict:
    cmd = [sys.executable, "-m", "onrecord", "--db", str(db)]
    subprocess.run([*cmd, "ingest", *args, "--no-analyze"], check=True, capture_output=True)
    res = subprocess.run(
        [*cmd, "export", "--format", "json"], check=True, capture_output=True, text=True
    )
    return json.loads(res.stdout)


def _by_file(data: dict) -> dict[str, dict]:
    return {Path(d["source"]).name[:3]: d for d in data["documents"]}


def test_seeds_with_metadata(tmp_path: Path, seeds_dir: Path, seeds_metadata: Path) -> None:
    data = _export(tmp_path / "m.db", str(seeds_dir), "--metadata", str(seeds_metadata))
    assert data["onrecord"] and set(data) >= {
        "documents",
        "entities",
        "quotes",
        "stories",
        "pledges",
    }
    docs = _by_file(data)
    assert len(data["documents"]) == 5
    expected = {
        "000": "2025-04-04",
        "001": "2024-12-03",
        "002": "2025-12-03",
        "003": "2024-12-03",
        "004": "2024-10-03",
    }
    for key, date in expected.items():
        assert docs[key]["published"] == date and docs[key]["published_from"] == "metadata"
    assert docs["001"]["outlet"] == "Ukrinform" and docs["004"]["outlet"] == "Diplomatic Times"
    for key, doc in docs.items():
        first_line = next(
            line.strip()
            for line in (seeds_dir / Path(doc["source"]).name)
            .read_text(encoding="utf-8")
            .splitlines()
            if line.strip() and not line.startswith("- ")
        )
        assert doc["title"] == first_line, key
        for field in ("id", "sha256", "chars", "language", "duplicate_of", "story_id"):
            assert field in doc
    assert docs["000"]["byline"] == "Naila Huseynova"
    assert docs["004"]["byline"] == "Gary Raynaldo"


def test_seeds_without_metadata_dates_come_only_from_text(tmp_path: Path, seeds_dir: Path) -> None:
    docs = _by_file(_export(tmp_path / "t.db", str(seeds_dir)))
    assert docs["004"]["published"] == "2024-10-03" and docs["004"]["published_from"] == "text"
    assert docs["003"]["published"] == "2024-12-03" and docs["003"]["published_from"] == "text"
    for key in ("000", "001", "002"):
        assert docs[key]["published"] is None and docs[key]["published_from"] is None, key
