"""A poison document never stops analysis: long texts are analysed in pieces within a budget,
what cannot be analysed is recorded as a failure (once per analysis version), partial analyses
carry a note, and concurrent runs claim disjoint work. Not timed: budgets here are set small
so that the degraded paths are exercised quickly."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onrecord.cli import cli
from onrecord.models import Analysis
from onrecord.nlp.analyze import (
    ANALYSIS_VERSION,
    Budget,
    Failed,
    analyze_text,
    split_pieces,
)
from onrecord.nlp.pipeline import load_nlp
from onrecord.record import Record
from onrecord.store import SQLiteStore

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "seeds"
SEEDS = SEEDS if SEEDS.exists() else Path("/work/shared/corpora/seeds")

# Our own sentences (no third-party text): names, titles, quotes, dates and amounts, so that
# every extractor has something to find.
ARTICLE = (
    "Harbour fund agreed\n\n"
    "LINDHOLM, March 3, 2024 — The harbour minister, Anna Berg, said on Monday that the "
    'government would give 4 million euros to repair the eastern quay. "We will finish the '
    'work before the winter storms," Berg told reporters.\n\n'
    "Council leader Piet Vos said the ferry terminal also needed a new radar. "
    '"It is long overdue," he said.\n'
)


def _spans(text: str, a: Analysis) -> list[tuple[str, int, int, str | None]]:
    out: list[tuple[str, int, int, str | None]] = [("sentence", s, e, None) for s, e in a.sentences]
    out += [("mention", m.start, m.end, m.text) for m in a.mentions]
    out += [("timex", t.start, t.end, t.text) for t in a.timexes]
    out += [("amount", x.start, x.end, x.text) for x in a.amounts]
    out += [("quote", q.start, q.end, q.text) for q in a.quotes]
    out += [("pledge", p.start, p.end, p.text) for p in a.pledges]
    for q in a.quotes:
        if q.cue_start is not None and q.cue_end is not None:
            out.append(("cue", q.cue_start, q.cue_end, q.cue))
        if q.speaker_start is not None and q.speaker_end is not None:
            out.append(("speaker", q.speaker_start, q.speaker_end, q.speaker_mention))
    for p in a.people:
        out += [("person", s, e, None) for s, e in p.mentions]
        out += [("role", r.start, r.end, r.text) for r in p.roles]
    return out


def _check_spans(text: str, a: Analysis) -> None:
    for kind, start, end, surface in _spans(text, a):
        assert 0 <= start <= end <= len(text), (kind, start, end, len(text))
        if surface is not None:
            assert text[start:end] == surface, (kind, start, end, surface)
    assert a.sentences == sorted(a.sentences)
    for m in a.mentions:
        assert m.cluster is None or 0 <= m.cluster < len(a.people)
    for q in a.quotes:
        assert q.speaker_cluster is None or 0 <= q.speaker_cluster < len(a.people)


# ---- pieces ----


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list('ab .\n"“”,!')), max_size=3000),
    st.integers(min_value=20, max_value=400),
    st.integers(min_value=5, max_value=100),
)
def test_pieces_cover_the_text_within_the_budget(text: str, chars: int, tokens: int) -> None:
    budget = Budget(chunk_chars=chars, chunk_tokens=tokens)
    pieces = split_pieces(text, budget)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert all(s < e and e - s <= chars for s, e in pieces)
    assert all(pieces[i][1] == pieces[i + 1][0] for i in range(len(pieces) - 1))


def test_pieces_cut_at_paragraphs_first() -> None:
    paras = [f"Paragraph {i} says the quay needs repair. It does." for i in range(200)]
    text = "\n\n".join(paras)
    pieces = split_pieces(text, Budget(chunk_chars=1000))
    assert len(pieces) > 5
    for _, end in pieces[:-1]:
        assert text[end - 2 : end] == "\n\n"


# ---- extractors: spans lie inside the text and agree with it, whole or in pieces ----


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


_WORDS = ["Anna", "Berg", "said", "the", "minister", "Monday", "4", "million", "euros", "quay"]
_TOKENS = st.sampled_from([*_WORDS, '"', "“", "”", ",", ".", "\n\n", "\n", "—", "’s", "'"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_TOKENS, max_size=250), st.booleans())
def test_any_text_gives_spans_inside_and_agreeing(nlp, words: list[str], small: bool) -> None:  # type: ignore[no-untyped-def]
    text = " ".join(words)
    budget = Budget(chunk_chars=200, chunk_tokens=60, max_quote_marks=20) if small else Budget()
    result = analyze_text(nlp, text, "2024-03-04", budget)
    assert isinstance(result, Analysis)
    _check_spans(text, result)


def test_pieces_keep_offsets_on_a_real_article(nlp) -> None:  # type: ignore[no-untyped-def]
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if not files:
        pytest.skip("seed corpus absent (/work/shared/corpora/seeds)")
    text = files[0].read_text(encoding="utf-8")
    whole = analyze_text(nlp, text, "2024-03-04")
    parts = analyze_text(nlp, text, "2024-03-04", Budget(chunk_chars=len(text) // 3 + 1))
    assert isinstance(whole, Analysis) and isinstance(parts, Analysis)
    assert len(split_pieces(text, Budget(chunk_chars=len(text) // 3 + 1))) >= 3
    _check_spans(text, parts)
    # cut at paragraph breaks, the pieces find most of what the whole text gives
    whole_mentions = {(m.start, m.end) for m in whole.mentions}
    part_mentions = {(m.start, m.end) for m in parts.mentions}
    assert len(whole_mentions & part_mentions) >= 0.8 * len(whole_mentions)


def test_too_many_quotation_marks_skips_quotes_with_a_note(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ARTICLE + '"a b" ' * 1_100
    result = analyze_text(nlp, text, None)
    assert isinstance(result, Analysis)
    assert result.quotes == []
    assert result.notes == ["too many quotation marks: quotes skipped"]
    assert result.mentions  # the rest of the analysis is still done
    plain = analyze_text(nlp, ARTICLE, None)
    assert isinstance(plain, Analysis) and plain.quotes and plain.notes == []


def test_over_the_size_limit_is_refused_with_a_reason(nlp) -> None:  # type: ignore[no-untyped-def]
    result = analyze_text(nlp, ARTICLE, None, Budget(max_chars=100))
    assert isinstance(result, Failed)
    assert "too long to analyse" in result.reason


# ---- the batch and the database ----


def _folder(tmp_path: Path, long_text: str | None = None) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "c_other.txt").write_text(ARTICLE.replace("Berg", "Lind"), encoding="utf-8")
    if long_text is not None:
        # the first line of a text file is its headline
        (folder / "b_long.txt").write_text("Long one\n" + long_text, encoding="utf-8")
    return folder


def test_a_10mb_line_over_max_length_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentence = ARTICLE.replace("\n", " ")
    line = (sentence * (10_000_000 // len(sentence) + 1))[:10_000_000]
    assert "\n" not in line and len(line) > load_nlp().max_length  # spaCy's E088 before
    folder = _folder(tmp_path, line)
    monkeypatch.setenv("ONRECORD_ANALYSIS_SECONDS", "2")
    with Record(tmp_path / "x.db") as record:
        report = record.ingest([str(folder)], analyze=False, max_bytes=50_000_000)
        assert report.new == 3
        assert record.analyze() == 3
        store = record.store
        long_id = next(d["id"] for d in store.documents() if d["source"].endswith("b_long.txt"))
        analysis = store.get_analysis(long_id)
        assert analysis is not None and analysis.sentences
        assert any("time budget" in n for n in analysis.notes)
        assert store.get_document(long_id)["text"] == line  # type: ignore[index]
        assert max(e for _, e in analysis.sentences) <= len(line)
        notes = store.failures("note")
        assert [n["document_id"] for n in notes] == [long_id]
        # the ordinary articles next to it are analysed in full
        for d in store.documents():
            if d["id"] != long_id:
                a = store.get_analysis(d["id"])
                assert a is not None and a.quotes and not a.notes
        assert record.analyze() == 0  # nothing left pending


def test_a_failed_document_is_recorded_and_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, "\n\n".join(ARTICLE.replace("Vos", f"Vos{i}") for i in range(3)))
    monkeypatch.setenv("ONRECORD_ANALYSIS_MAX_CHARS", "600")
    db = tmp_path / "x.db"
    with Record(db) as record:
        record.ingest([str(folder)], analyze=False)
        assert record.analyze() == 2  # the two articles; the long one failed
        [note] = record.analysis_notes  # reported to the caller (ingest shows it), with the file
        assert note["source"].endswith("b_long.txt")
        assert note["note"].startswith("analysis failed: too long to analyse")
        failed = record.store.failures("analysis")
        assert len(failed) == 1
        assert failed[0]["source"].endswith("b_long.txt")
        assert "too long to analyse" in failed[0]["reason"]
        # a rerun does not try it again, and says nothing is pending
        assert record.store.pending_analysis(ANALYSIS_VERSION) == []
        assert record.analyze() == 0
        assert len(record.store.failures("analysis")) == 1
        # another analysis version does try it again
        assert [r["id"] for r in record.store.pending_analysis("next")] != []
        assert record.store.counts()["failures"] == 1
    res = CliRunner().invoke(cli, ["--db", str(db), "failures", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [(r["kind"], r["document_id"] is not None) for r in rows] == [("analysis", True)]
    res = CliRunner().invoke(cli, ["--db", str(db), "failures"])
    assert res.exit_code == 0 and "too long to analyse" in res.output
    # with the limit lifted and a new version, it is analysed and the failure goes away
    monkeypatch.delenv("ONRECORD_ANALYSIS_MAX_CHARS")
    with Record(db) as record:
        import onrecord.nlp.analyze as analyze_mod

        monkeypatch.setattr(analyze_mod, "ANALYSIS_VERSION", "test-next")
        assert record.analyze() == 3
        assert record.store.failures("analysis") == []


def test_ingest_failures_are_listed_with_their_kind(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "z_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = tmp_path / "x.db"
    with Record(db) as record:
        report = record.ingest([str(folder)], analyze=False)
    assert report.failed == 1
    res = CliRunner().invoke(cli, ["--db", str(db), "failures", "--json", "--kind", "ingest"])
    rows = json.loads(res.output)
    assert len(rows) == 1 and rows[0]["source"].endswith("z_binary.txt") and rows[0]["reason"]


def test_concurrent_runs_claim_disjoint_work(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(ARTICLE.replace("Monday", f"Monday {i}"), "utf-8")
    db = tmp_path / "x.db"
    with Record(db) as record:
        record.ingest([str(folder)], analyze=False)
    one, two = SQLiteStore(db), SQLiteStore(db)
    try:
        a = [r["id"] for r in one.claim_pending(ANALYSIS_VERSION, "host:1:a", 4, 60)]
        b = [r["id"] for r in two.claim_pending(ANALYSIS_VERSION, "host:2:b", 4, 60)]
        assert len(a) == 4 and len(b) == 2 and not set(a) & set(b)
        assert two.claim_pending(ANALYSIS_VERSION, "host:2:b", 4, 60) == []
        # a lease older than the expiry is taken over (the claiming run was killed)
        c = [r["id"] for r in two.claim_pending(ANALYSIS_VERSION, "host:3:c", 10, 0)]
        assert sorted(c) == sorted(a + b)
    finally:
        one.close()
        two.close()


def test_claims_of_a_dead_run_on_this_machine_are_taken_over(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    folder = _folder(tmp_path)
    db = tmp_path / "x.db"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    with Record(db) as record:
        record.ingest([str(folder)], analyze=False)
        claimed = record.store.claim_pending(
            ANALYSIS_VERSION, f"{socket.gethostname()}:{dead}:x", 10, 3600
        )
        assert len(claimed) == 2
        assert os.getpid() != int(dead)
        assert record.analyze() == 2
        assert record.store.claimants() == []


def test_a_worker_killed_mid_run_does_not_end_it() -> None:
    """The kernel's OOM killer (here: SIGKILL to a pool worker) must cost a retry, not the run."""
    import multiprocessing
    import signal

    from onrecord.nlp.analyze import AnalysisInput, analyze_stream

    items = [
        AnalysisInput(i, ARTICLE.replace("Monday", f"Monday {i}"), "2024-03-04") for i in range(16)
    ]
    batches = [items[k : k + 2] for k in range(0, len(items), 2)]
    got: list[int] = []
    stream = analyze_stream(batches, workers=2)
    first = next(stream)
    got += [i for i, a in first if isinstance(a, Analysis)]
    before = {p.pid for p in multiprocessing.active_children()}
    assert before
    os.kill(next(iter(before)), signal.SIGKILL)
    replaced = False
    for results in stream:
        assert all(isinstance(a, Analysis) for _, a in results), results
        got += [i for i, _ in results]
        replaced = replaced or bool({p.pid for p in multiprocessing.active_children()} - before)
    assert got == list(range(16))  # every document, in order, none lost or failed
    assert replaced  # the broken pool was replaced by a new one


def test_migration_004_keeps_earlier_ingest_failures(tmp_path: Path) -> None:
    import sqlite3
    from importlib import resources

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    files = resources.files("onrecord.store.sqlite").joinpath("migrations")
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for name in ("001_init.sql", "002_search.sql", "003_minhash.sql"):
        conn.executescript(files.joinpath(name).read_text(encoding="utf-8"))
        conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
    conn.execute(
        "INSERT INTO failures (source, reason, seen_at) VALUES ('a.pdf', 'not text', '2026-01-01')"
    )
    conn.commit()
    conn.close()
    with SQLiteStore(db) as store:
        assert store.failures() == [
            {
                "kind": "ingest",
                "source": "a.pdf",
                "document_id": None,
                "reason": "not text",
                "seen_at": "2026-01-01",
            }
        ]
        store.record_failure("a.pdf", "not text")  # seen again: one row, newer time
        assert len(store.failures()) == 1 and store.failures()[0]["seen_at"] != "2026-01-01"


def test_two_concurrent_analyze_runs_split_the_work(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(24):
        (folder / f"{i:02d}.txt").write_text(ARTICLE.replace("Monday", f"Monday {i}"), "utf-8")
    db = tmp_path / "x.db"
    with Record(db) as record:
        assert record.ingest([str(folder)], analyze=False).new == 24
    cmd = [sys.executable, "-m", "onrecord", "--db", str(db), "analyze"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    counts = []
    for run in runs:
        out, _ = run.communicate(timeout=600)
        assert run.returncode == 0
        counts.append(int(out.split(" analysed")[0].split()[-1]))
    assert sum(counts) == 24  # each document analysed once, not once per run
    with SQLiteStore(db) as store:
        assert store.pending_analysis(ANALYSIS_VERSION) == [] and store.claimants() == []
