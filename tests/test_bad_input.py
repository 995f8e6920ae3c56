"""Every kind of bad input is reported with its path and reason; the run goes on; nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

from onrecord.record import Record

GOOD = "Quay reopens after storm\nThe quay of Port Selin reopened on Monday after repairs.\n"


def _folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "01_good.txt").write_text(GOOD, encoding="utf-8")
    (src / "02_binary.txt").write_bytes(bytes(range(256)) * 40)
    (src / "03_empty.txt").write_bytes(b"")
    (src / "04_latin1.txt").write_bytes(
        "Caf\u00e9 owners protest\nThe caf\u00e9 owners of S\u00e8te marched to the mairie on the quay.\n".encode(
            "cp1252"
        )
    )
    (src / "05_big.txt").write_text("Big page\n" + "word " * 5000, encoding="utf-8")
    (src / "06_bad.json").write_text('{"title": "unterminated', encoding="utf-8")
    (src / "07_rows.csv").write_text(
        'title,text\nOk,"Fine row body."\nBad,"x",y,z\n', encoding="utf-8"
    )
    (src / "08_broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    (src / "09_png.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200)
    (src / "10_items.jsonl").write_text(
        json.dumps({"text": "Line one body."}) + "\n{oops\n", encoding="utf-8"
    )
    return src


def test_bad_inputs_are_reported_and_the_run_continues(tmp_path: Path, db_path: Path) -> None:
    src = _folder(tmp_path)
    with Record(db_path) as record:
        report = record.ingest([str(src)], max_bytes=20_000, analyze=False)
        reasons = {Path(f["source"].split("#")[0]).name: f["reason"] for f in report.failures}
        assert "binary" in reasons["02_binary.txt"]
        assert "empty" in reasons["03_empty.txt"]
        assert "too large" in reasons["05_big.txt"]
        assert "malformed JSON" in reasons["06_bad.json"]
        assert "more fields" in reasons["07_rows.csv"]
        assert "gzip" in reasons["08_broken.html.gz"]
        assert "binary" in reasons["09_png.html"] or "no article text" in reasons["09_png.html"]
        assert "malformed JSON line" in reasons["10_items.jsonl"]
        # good files and good rows in partly bad files are stored
        assert report.new == 4
        notes = [n["note"] for n in report.notes if n["source"].endswith("04_latin1.txt")]
        assert any("not UTF-8" in n for n in notes)
        titles = {d["title"] for d in record.store.documents()}
        assert "Café owners protest" in titles
        # failures are kept in the database too, with path and reason
        assert {f["source"] for f in record.store.failures()} >= {str(src / "02_binary.txt")}

    # a second run over the same inputs plus one new file: nothing lost, nothing doubled
    (src / "11_new.txt").write_text(
        "Second headline\nA second body about the quay.\n", encoding="utf-8"
    )
    with Record(db_path) as record:
        report2 = record.ingest([str(src)], max_bytes=20_000, analyze=False)
        assert report2.new == 1 and report2.duplicate == 4
        assert record.store.counts()["documents"] == 5


def test_missing_path_is_reported(tmp_path: Path, db_path: Path) -> None:
    with Record(db_path) as record:
        report = record.ingest([str(tmp_path / "nope.txt")], analyze=False)
    assert report.failed == 1 and "cannot read" in report.failures[0]["reason"]
