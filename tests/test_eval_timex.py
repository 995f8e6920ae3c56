"""The TempEval-3 timex scorer, the TimeML reader and `onrecord eval timex`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord.eval import timex as ev
from onrecord.eval.timeml import GoldTimex, parse_timeml, read_corpus
from onrecord.models import Timex

# A TimeML document written for this test (fictional town, fictional events).
TINY_TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-12-05" functionInDocument="CREATION_TIME">December 5, 2024</TIMEX3></DCT>
<TEXT>
Brockton &amp; Vale <EVENT eid="e1" class="OCCURRENCE">voted</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-12-04">Wednesday</TIMEX3> to close the pier for <TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_timeml_reader_rebuilds_plain_text_and_offsets() -> None:
    doc = parse_timeml(TINY_TML, "tiny.tml")
    assert doc.dct == "2024-12-05"
    assert "Brockton & Vale voted Wednesday" in doc.text
    assert "<" not in doc.text
    assert [(t.tid, t.type, t.value, t.text) for t in doc.timexes] == [
        ("t1", "DATE", "2024-12-04", "Wednesday"),
        ("t2", "DURATION", "P2Y", "two years"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text


def _gold(start: int, end: int, value: str, type_: str = "DATE") -> GoldTimex:
    return GoldTimex(start, end, "", "t", type_, value)


def _sys(start: int, end: int, value: str | None, type_: str = "DATE") -> Timex:
    return Timex(start, end, "", type_, value)


def test_scores_by_hand() -> None:
    gold = [_gold(0, 6, "2024-12-04"), _gold(10, 19, "P2Y", "DURATION"), _gold(30, 40, "2024")]
    system = [
        _sys(0, 6, "2024-12-04"),  # exact extent, right value
        _sys(8, 19, "P3Y", "DURATION"),  # overlapping extent, wrong value
        _sys(50, 55, "PRESENT_REF"),  # spurious
    ]  # gold 30-40 is missed
    counts = ev.count(gold, system)
    assert (counts.gold, counts.system, counts.relaxed, counts.strict) == (3, 3, 2, 1)
    assert (counts.value_match, counts.type_match) == (1, 2)
    s = ev.scores(counts)
    assert s.relaxed_p == pytest.approx(2 / 3) and s.relaxed_r == pytest.approx(2 / 3)
    assert s.strict_f1 == pytest.approx(1 / 3)
    assert s.value_accuracy == pytest.approx(1 / 2)
    # official definition: value F1 = relaxed F1 x value accuracy over relaxed matches
    assert s.value_f1 == pytest.approx(2 / 3 * 1 / 2)
    assert s.type_f1 == pytest.approx(2 / 3)


def test_matching_is_one_to_one() -> None:
    # "2009-2010": two gold years; a system that marks the whole span gets one match only.
    gold = [_gold(0, 4, "2009"), _gold(5, 9, "2010")]
    counts = ev.count(gold, [_sys(0, 9, "2009/2010")])
    assert (counts.relaxed, counts.strict, counts.value_match) == (1, 0, 0)
    # two system pieces inside one gold expression: one of them is spurious
    counts = ev.count([_gold(0, 20, "P3Y", "DURATION")], [_sys(0, 5, "X"), _sys(8, 20, "P3Y")])
    assert (counts.relaxed, counts.system, counts.value_match) == (1, 2, 1)


def test_empty_inputs_score_zero() -> None:
    s = ev.scores(ev.count([], []))
    assert (s.relaxed_f1, s.value_f1) == (0.0, 0.0)


def test_command_on_a_tiny_corpus(tmp_path: Path) -> None:
    (tmp_path / "tiny.tml").write_text(TINY_TML, encoding="utf-8")
    result = CliRunner().invoke(ev.command, ["--corpus", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"]["gold"] == 2
    assert data["value_f1"] == pytest.approx(1.0)  # both found, both values right
    table = CliRunner().invoke(ev.command, ["--corpus", str(tmp_path)])
    assert "value F1" in table.output and "HeidelTime" in table.output


def test_command_reports_a_missing_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(ev.command, ["--corpus", str(tmp_path / "nope")])
    assert result.exit_code != 0
    assert "corpus not found" in result.output


def test_platinum_value_f1_floor() -> None:
    """TE3-platinum: measured value F1 81.06, relaxed F1 90.91, strict F1 83.33 (2026-11-23)."""
    docs = read_corpus(corpus("tempeval3", "te3-platinum"))
    assert len(docs) == 20 and sum(len(d.timexes) for d in docs) == 138
    result = ev.evaluate(docs)
    assert result.value_f1 >= 0.79
    assert result.relaxed_f1 >= 0.89
    assert result.strict_f1 >= 0.80
