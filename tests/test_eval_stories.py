"""The story-clustering scorer, the cheap extractors, the ECB+ reader and a run on real topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord.eval.ecbplus import detokenize, parse_topics, read_corpus
from onrecord.eval.stories import (
    bcubed,
    cheap_entities,
    command,
    evaluate,
    explicit_dates,
    pairwise,
    tfidf_agglomerative,
)


def test_bcubed_and_pairwise_by_hand() -> None:
    gold = ["a", "a", "a", "b", "b"]
    pred = [1, 1, 2, 2, 2]
    # B3 precision: items 0,1 -> 1 each; items 2,3,4 in {2,3,4}: 1/3, 2/3, 2/3.
    b = bcubed(pred, gold)
    assert b.p == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    # B3 recall: items 0,1 -> 2/3 each; item 2 -> 1/3; items 3,4 -> 1 each.
    assert b.r == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    pw = pairwise(pred, gold)
    # predicted pairs: (0,1), (2,3), (2,4), (3,4); gold pairs: (0,1),(0,2),(1,2),(3,4)
    assert (pw.p, pw.r) == (pytest.approx(0.5), pytest.approx(0.5))
    assert bcubed(gold, gold).f1 == 1.0
    assert pairwise([0, 1, 2], ["x", "y", "z"]).f1 == 0.0


def test_explicit_dates_and_cheap_entities() -> None:
    text = (
        "Castellan, March 4, 2031 - Minister Ilse Marrow met the Velmora Port Authority on "
        "4 Mar 2031. A vote is set for 2031-04-01; nothing happened on February 30, 2031."
    )
    assert explicit_dates(text) == ["2031-03-04", "2031-03-04", "2031-04-01"]
    ents = cheap_entities(text)
    assert "Minister Ilse Marrow" in ents and "Velmora Port Authority" in ents
    assert "March" not in ents


def test_topics_and_detokenize() -> None:
    assert parse_topics("36-38,1, 5") == [1, 5, 36, 37, 38]
    tokens = [
        "He",
        "said",
        "``",
        "we",
        "'ll",
        "see",
        "''",
        ",",
        "adding",
        "a",
        "6.",
        "1",
        "-",
        "magnitude",
        "(",
        "small",
        ")",
        "quake",
        ".",
    ]
    assert detokenize(tokens) == 'He said "we\'ll see", adding a 6.1 - magnitude (small) quake.'


def test_baseline_separates_obvious_groups() -> None:
    texts = [
        "harbour terminal cranes ships dredging port",
        "port terminal ships cranes harbour opening",
        "orchestra concert symphony season conductor",
        "symphony conductor orchestra hall concert tickets",
    ]
    labels = tfidf_agglomerative(texts)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


def test_ecbplus_reader() -> None:
    root = corpus("ecbplus", "ECB+_LREC2014", "ECB+")
    docs = read_corpus(root, [36])
    assert {d.subtopic for d in docs} == {"ecb", "ecbplus"}
    plus = [d for d in docs if d.subtopic == "ecbplus"]
    # the URL line of ecbplus files is kept out of the text
    assert all(d.url and d.url.startswith("http") for d in plus)
    assert not any("http" in d.text.splitlines()[0] for d in plus)
    assert all(d.title and d.text.startswith(d.title) for d in docs)


def test_ecbplus_two_topics_floor() -> None:
    root = corpus("ecbplus", "ECB+_LREC2014", "ECB+")
    result = evaluate(root, [41, 42])
    assert result["gold_stories"] == 4
    ours = result["systems"]["stories"]
    assert ours["bcubed"]["f1"] >= 0.9
    assert ours["pairwise"]["f1"] >= 0.85
    assert "tfidf_agglomerative" in result["systems"]


def test_command_json_on_one_topic() -> None:
    root = corpus("ecbplus", "ECB+_LREC2014", "ECB+")
    out = CliRunner().invoke(command, ["--corpus", str(root), "--topics", "45", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["topics"] == [45] and data["gold_stories"] == 2
    assert data["systems"]["stories"]["bcubed"]["f1"] > 0.5


def test_command_missing_corpus(tmp_path: Path) -> None:
    out = CliRunner().invoke(command, ["--corpus", str(tmp_path / "none")])
    assert out.exit_code != 0
    assert "not found" in out.output
