"""The pledge scorer, the gold file's integrity, and the real evaluation on AllSides articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import corpus
from onrecord.eval import pledges as ev
from onrecord.models import Pledge


def _gp(start: int, end: int, donors: list[str], amount: float | None = None) -> ev.GoldPledge:
    currency = "USD" if amount is not None else None
    return ev.GoldPledge(start, end, donors, amount, currency, "pledged")


def _sp(start: int, end: int, donors: list[str], amount: float | None = None) -> Pledge:
    currency = "USD" if amount is not None else None
    return Pledge(start=start, end=end, text="", donors=donors, amount=amount, currency=currency)


def test_same_donor_by_words() -> None:
    assert ev.same_donor("Trump", "Trump administration")
    assert ev.same_donor("Quillin", "Patty Quillin")
    assert ev.same_donor("the U.S.", "United States")
    assert not ev.same_donor("Germany", "Norway")


def test_donor_jaccard() -> None:
    assert ev.donor_jaccard([], []) == 1.0
    assert ev.donor_jaccard(["Canada", "Norway"], ["Norway"]) == 0.5
    assert ev.donor_jaccard(["Canada"], ["Japan"]) == 0.0


def test_two_pledges_in_one_sentence_pair_by_amount_then_donors() -> None:
    gold = [_gp(0, 100, ["United Nations"], 25e6), _gp(0, 100, ["Britain"], 10e6)]
    system = [_sp(0, 100, ["United Kingdom"], 10e6), _sp(0, 100, ["United Nations"], 25e6)]
    assert ev.match(gold, system) == [(0, 1), (1, 0)]
    counts = ev.count(gold, system)
    assert (counts.matched, counts.amount_match, counts.donor_exact) == (2, 2, 2)


def test_scores_precision_recall_and_field_accuracy() -> None:
    gold = [_gp(0, 50, ["Japan"], 1e9), _gp(60, 90, ["Chile"]), _gp(200, 240, ["Peru"], 5e6)]
    system = [_sp(10, 40, ["Japan"], 2e9), _sp(55, 95, ["Chile"]), _sp(300, 320, ["Fiji"])]
    s = ev.scores("x", ev.count(gold, system))
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.amount_accuracy == pytest.approx(0.5)  # 1e9 vs 2e9 is wrong; none vs none is right
    assert s.donor_overlap == pytest.approx(1.0)


def test_gold_file_holds_annotations_only() -> None:
    gold = ev.read_gold(ev.DEFAULT_GOLD)
    assert len(gold) >= 40
    assert {d.split for d in gold} == {"dev", "test", "test2"}
    assert sum(1 for d in gold if not d.pledges) >= 5  # articles without any pledge
    allowed = {"start", "end", "donors", "amount", "currency", "status"}
    for line in ev.DEFAULT_GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        # test2 rows (a later held-out set) say which group of the selection they came from
        assert set(row) - {"group"} == {"id", "split", "pledges"}
        assert row.get("group", "rich") in ("rich", "nonmoney", "negative")
        for p in row["pledges"]:
            # no article text is stored; non-money commitments add kind, quantity and unit,
            # and a state's or organisation's pledge may name the person who announced it
            assert set(p) - {"announced_by"} in (allowed, allowed | {"kind", "quantity", "unit"})
            assert len(p.get("announced_by") or "") <= 40
            assert p["status"] in ("pledged", "announced", "agreed", "delivered")
            assert 0 <= p["start"] < p["end"]


def test_gold_offsets_fit_the_articles() -> None:
    jsons = corpus("allsides-news", "data", "jsons")
    for doc in ev.read_gold(ev.DEFAULT_GOLD):
        text, _ = ev._article(jsons, doc.id)
        for p in doc.pledges:
            assert p.end <= len(text)
            span = text[p.start : p.end]
            assert span.strip() == span and span, (doc.id, p.start)


def test_eval_command_on_the_dev_split() -> None:
    jsons = corpus("allsides-news", "data", "jsons")
    result = CliRunner().invoke(ev.command, ["--corpus", str(jsons), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    dev = next(s for s in report["scores"] if s["split"] == "dev")
    # 67 of 2026-11-23 + 5 troop/equipment commitments + 64 in the 19 articles of 2026-12-08
    assert dev["counts"]["gold"] == 136
    assert dev["precision"] >= 0.85
    assert dev["amount_accuracy"] >= 0.90
    assert dev["counts"]["quantity_gold"] >= 3


def test_eval_floor_on_the_first_dev_articles(tmp_path: Path) -> None:
    # The floor was measured 2026-11-23 on the first 24 dev articles; the articles added
    # 2026-12-08 (rows with a "group") were chosen because recall there is low, so they
    # would hide a regression on the old ones rather than reveal it.
    jsons = corpus("allsides-news", "data", "jsons")
    gold = tmp_path / "first_dev.jsonl"
    rows = [json.loads(line) for line in ev.DEFAULT_GOLD.read_text().splitlines() if line.strip()]
    first = [r for r in rows if r["split"] == "dev" and "group" not in r]
    assert len(first) == 24
    gold.write_text("".join(json.dumps(r) + "\n" for r in first))
    result = CliRunner().invoke(
        ev.command, ["--corpus", str(jsons), "--gold", str(gold), "--split", "dev", "--json"]
    )
    assert result.exit_code == 0, result.output
    dev = next(s for s in json.loads(result.output)["scores"] if s["split"] == "dev")
    assert dev["counts"]["gold"] == 72
    assert dev["f1"] >= 0.70
    assert dev["precision"] >= 0.85
    assert dev["amount_accuracy"] >= 0.90
    assert dev["counts"]["quantity_gold"] >= 2


def test_eval_command_reports_a_missing_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(ev.command, ["--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "corpus not found" in result.output


# ---- hand-judged random samples (tests/data/pledges_judged.md) ----

JUDGED = Path(__file__).parent / "data" / "pledges_judged.jsonl"


def test_judged_file_holds_offsets_and_verdicts_only() -> None:
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        assert set(row) == {"sample", "seed", "split", "id", "start", "end", "verdict", "why"}
        assert row["verdict"] in ("right", "wrong")
        assert row["split"] in ("dev", "test")  # tuned on dev samples only
        assert 0 <= row["start"] < row["end"]


def test_wrong_pledges_of_the_development_samples_stay_out() -> None:
    """Every sentence judged 'wrong' in the development samples no longer yields a pledge."""
    from onrecord.nlp.analyze import analyze_doc
    from onrecord.nlp.pipeline import load_nlp

    articles = corpus("allsides-news", "data", "jsons")
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()]
    wrong = [r for r in rows if r["split"] == "dev" and r["verdict"] == "wrong"]
    nlp = load_nlp()
    back = []
    for doc_id in sorted({r["id"] for r in wrong}):
        text, date = ev._article(articles, doc_id)
        spans = {(p.start, p.end) for p in analyze_doc(nlp(text), date).pledges}
        back += [r for r in wrong if r["id"] == doc_id and (r["start"], r["end"]) in spans]
    # known leftovers (2026-12-07): B, a long quote about "getting the money"; E, a state's
    # appropriation for its own assessment; F, materials a state supplied that "could have
    # been used" for weapons; J, research help "received" from a laboratory; P (third pass),
    # three budget lines of a spending bill whose fourth amount, grants to states, is right
    # (census money, a difference "more than proposed", research through an own agency), and
    # a bill's disaster aid where only an earlier paragraph says the bill is still pending
    assert len(back) <= 8, [(r["sample"], r["id"], r["start"], r["why"]) for r in back]
