"""Hostile inputs at the ingest layer (issue #13): nothing bad gets in, nothing stops the run.

Each test puts one hostile input beside a good article and checks both halves: the bad one is
reported by path with a reason, and the good one is stored.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from onrecord.record import Record

REPO = Path(__file__).resolve().parents[1]
GOOD = "Quay reopens after storm\nThe quay of Port Selin reopened on Monday after repairs.\n"


def _folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    return src


def _ingest(src: Path, db: Path, **kwargs: object) -> tuple[object, list[dict[str, object]]]:
    with Record(db) as record:
        report = record.ingest([str(src)], analyze=False, **kwargs)  # type: ignore[arg-type]
        return report, list(record.store.documents(with_text=True))


def _reasons(report: object) -> dict[str, str]:
    return {f["source"]: f["reason"] for f in report.failures}  # type: ignore[attr-defined]


def _run_cli(args: list[str], *, mem_mb: int, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in a child process whose address space is capped at ``mem_mb``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))

    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "400"}
    return subprocess.run(
        [sys.executable, "-m", "onrecord", *args],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


# ---- #13.3: a gzip bomb with no WARC header ----


def _zeros_warc_gz(path: Path, members: int = 128) -> None:
    # one gzip member of 16 MiB of zeros, repeated: ~2 MB on disk, 2 GiB decompressed
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = c.compress(bytes(16 << 20)) + c.flush()
    with path.open("wb") as f:
        for _ in range(members):
            f.write(member)


def test_warc_gz_of_zeros_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    _zeros_warc_gz(src / "zeros.warc.gz")
    assert (src / "zeros.warc.gz").stat().st_size < 3_000_000
    db = tmp_path / "r.db"
    # the unfixed reader needed over 2 GB here; 700 MB is ample for the real work
    out = _run_cli(["--db", str(db), "ingest", "--no-analyze", "--json", str(src)], mem_mb=700)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout)
    assert report["new"] == 1
    reason = _reasons_from(report)[str(src / "zeros.warc.gz")]
    assert "WARC header" in reason and "MemoryError" not in reason


def _reasons_from(report: dict[str, object]) -> dict[str, str]:
    return {f["source"]: f["reason"] for f in report["failures"]}  # type: ignore[union-attr]


def test_warc_gz_of_newlines_is_bounded_too(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    (src / "blank.warc.gz").write_bytes(c.compress(b"\r\n" * (8 << 20)) + c.flush())
    report, docs = _ingest(src, tmp_path / "r.db")
    assert "WARC header" in _reasons(report)[str(src / "blank.warc.gz")]
    assert [d["title"] for d in docs] == ["Quay reopens after storm"]


# ---- #13.5 and #13.6: symbolic links ----


def test_symlink_out_of_the_folder_is_skipped_and_reported(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Private notes\nThe door code for the depot is written here.\n")
    (src / "secret.txt").symlink_to(secret)
    (src / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    report, docs = _ingest(src, tmp_path / "r.db")
    assert [d["title"] for d in docs] == ["Quay reopens after storm"]
    skipped = {s["source"]: s["reason"] for s in report.skipped}  # type: ignore[attr-defined]
    assert "outside the folder" in skipped[str(src / "secret.txt")]
    assert "--follow-symlinks" in skipped[str(src / "elsewhere")]
    # asked for, the links are followed
    report, docs = _ingest(src, tmp_path / "r2.db", follow_symlinks=True)
    assert report.new == 2  # type: ignore[attr-defined]  # secret.txt twice: one duplicate
    assert {d["title"] for d in docs} == {"Quay reopens after storm", "Private notes"}


def test_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    (src / "sub").mkdir()
    (src / "sub" / "alias.txt").symlink_to(src / "good.txt")
    (src / "sub" / "up").symlink_to(src, target_is_directory=True)  # would loop if followed
    report, _ = _ingest(src, tmp_path / "r.db")
    assert report.new == 1 and report.duplicate == 1  # type: ignore[attr-defined]
    skipped = {s["source"]: s["reason"] for s in report.skipped}  # type: ignore[attr-defined]
    assert "read there" in skipped[str(src / "sub" / "up")]


def test_symlink_loop_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    (src / "a.txt").symlink_to(src / "b.txt")
    (src / "b.txt").symlink_to(src / "a.txt")
    (src / "gone.txt").symlink_to(src / "missing.txt")
    report, docs = _ingest(src, tmp_path / "r.db", follow_symlinks=True)
    reasons = _reasons(report)
    assert "loop" in reasons[str(src / "a.txt")] and "loop" in reasons[str(src / "b.txt")]
    assert "broken symbolic link" in reasons[str(src / "gone.txt")]
    assert len(docs) == 1


def test_fifo_neither_blocks_nor_is_read(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    os.mkfifo(src / "pipe.txt")
    report, docs = _ingest(src, tmp_path / "r.db")
    skipped = {s["source"]: s["reason"] for s in report.skipped}  # type: ignore[attr-defined]
    assert "not a regular file" in skipped[str(src / "pipe.txt")]
    with Record(tmp_path / "r2.db") as record:  # named directly: a failure, not a hang
        direct = record.ingest([str(src / "pipe.txt")], analyze=False)
    assert "not a regular file" in _reasons(direct)[str(src / "pipe.txt")]
    assert len(docs) == 1


# ---- #13.7: file names that are not UTF-8 ----


def test_non_utf8_file_name_is_stored_escaped_with_its_batch(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    for i in range(70):  # more than one store batch around the odd name
        (src / f"n{i:02d}.txt").write_text(f"Item {i}\nParagraph {i} of the harbour log.\n")
    odd = os.fsencode(src) + b"/caf\xe9 \xff.txt"
    with open(odd, "wb") as f:
        f.write(b"Cafe reopens\nThe cafe on the quay reopened on Monday.\n")
    report, docs = _ingest(src, tmp_path / "r.db")
    assert report.new == 72 and report.failed == 0  # type: ignore[attr-defined]
    sources = {d["source"] for d in docs}
    assert str(src) + "/caf\\xe9 \\xff.txt" in sources


# ---- #13.9: a text field that is not text ----


@pytest.mark.parametrize(
    ("value", "kind"),
    [(12345, "a number"), (1.5, "a number"), (True, "a boolean"), (["a", "b"], "a list"),
     ({"x": "y"}, "an object")],
)  # fmt: skip
def test_json_text_field_of_the_wrong_type_is_refused(
    tmp_path: Path, value: object, kind: str
) -> None:
    src = _folder(tmp_path)
    (src / "one.json").write_text(json.dumps({"title": "T", "text": value}))
    (src / "rows.jsonl").write_text(
        json.dumps({"text": value}) + "\n" + json.dumps({"text": "A real body of text."}) + "\n"
    )
    report, docs = _ingest(src, tmp_path / "r.db")
    reasons = _reasons(report)
    assert reasons[str(src / "one.json")] == f"text field 'text' holds {kind}, not article text"
    assert kind in reasons[str(src / "rows.jsonl") + "#1"]
    assert {d["text"] for d in docs} == {
        "The quay of Port Selin reopened on Monday after repairs.",
        "A real body of text.",
    }


# ---- #13.10: NUL bytes anywhere; UTF-16 without a BOM ----


@pytest.mark.parametrize("name", ["late.txt", "late.md", "late.html", "late.json", "late.rss"])
def test_nul_after_the_first_8_kib_is_refused_like_one_in_the_head(
    tmp_path: Path, name: str
) -> None:
    src = _folder(tmp_path)
    body = b"Title line\n" + b"word " * 3000
    (src / name).write_bytes(body + b"\x00tail\n")
    (src / ("early" + Path(name).suffix)).write_bytes(b"\x00" + body)
    report, docs = _ingest(src, tmp_path / "r.db")
    reasons = _reasons(report)
    assert reasons[str(src / name)].startswith("binary content")
    assert f"offset {len(body):,}" in reasons[str(src / name)]
    assert reasons[str(src / ("early" + Path(name).suffix))].startswith("binary content")
    assert len(docs) == 1


def test_nul_and_lone_surrogate_escapes_in_json_are_cleaned_and_noted(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    (src / "esc.json").write_text(
        '{"title": "Bad \\ud800 title", "text": "Body with a NUL\\u0000 inside it."}'
    )
    report, docs = _ingest(src, tmp_path / "r.db")
    doc = next(d for d in docs if d["source"].endswith("esc.json"))
    assert doc["text"] == "Body with a NUL inside it."
    assert "\ud800" not in doc["title"] and "\ufffd" in doc["title"]
    notes = [n["note"] for n in report.notes]  # type: ignore[attr-defined]
    assert any("NUL" in n for n in notes) and any("surrogate" in n for n in notes)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path: Path, encoding: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "tide.txt").write_bytes(GOOD.replace("Monday", "Montag – ü").encode(encoding))
    report, docs = _ingest(src, tmp_path / "r.db")
    assert report.failed == 0  # type: ignore[attr-defined]
    assert docs[0]["title"] == "Quay reopens after storm"
    assert "Montag – ü" in docs[0]["text"]
    assert any(encoding in n["note"] for n in report.notes)  # type: ignore[attr-defined]


def test_binary_with_nuls_is_still_binary(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    # NULs at odd positions like UTF-16, but the pairs are not clean text
    (src / "fake16.txt").write_bytes(bytes(b for i in range(4000) for b in (i % 32, 0)))
    report, _ = _ingest(src, tmp_path / "r.db")
    assert _reasons(report)[str(src / "fake16.txt")].startswith("binary content")


# ---- #14 §1: skipped files in the summary ----


def test_cli_counts_skipped_files_per_extension_and_lists_them_when_verbose(
    tmp_path: Path,
) -> None:
    src = _folder(tmp_path)
    for name in ("a.png", "b.png", "c.yml", "README.txt"):
        (src / name).write_text("x")
    db = str(tmp_path / "r.db")
    out = _run_cli(["--db", db, "ingest", "--no-analyze", str(src)], mem_mb=2000)
    assert out.returncode == 0, out.stderr
    assert "4 skipped (2 .png, 1 .txt, 1 .yml)" in out.stdout
    assert "a.png" not in out.stdout + out.stderr
    out = _run_cli(["--db", db, "ingest", "--no-analyze", "--verbose", str(src)], mem_mb=2000)
    listed = out.stdout + out.stderr
    assert f"skipped {src / 'a.png'}: not an article format" in listed
    assert "README.txt: readme" in listed
    out = _run_cli(["--db", db, "ingest", "--no-analyze", "--json", str(src)], mem_mb=2000)
    report = json.loads(out.stdout)
    assert report["skipped_by_extension"] == {".png": 2, ".txt": 1, ".yml": 1}
    assert {s["source"] for s in report["skipped"]} >= {str(src / "c.yml")}
