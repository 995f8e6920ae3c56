"""The article-extraction-benchmark scorer behind `onrecord eval extraction`."""

from __future__ import annotations

import pytest

from conftest import corpus
from onrecord.eval import extraction as ev


def test_shingle_counts_by_hand() -> None:
    true = "the ferry left the pier at noon"  # 7 tokens, 4 shingles
    assert ev.page_counts(true, true) == (1.0, 0.0, 0.0)
    # the prediction adds one word at the end: one extra shingle, nothing missed
    tp, fp, fn = ev.page_counts(true, true + " today")
    assert (tp, fp, fn) == pytest.approx((4 / 5, 1 / 5, 0.0))
    # nothing predicted: everything missed
    assert ev.page_counts(true, "") == (0.0, 0.0, 1.0)
    # texts shorter than a shingle still compare as one short shingle
    assert ev.page_counts("two words", "two words") == (1.0, 0.0, 0.0)


def test_page_averaged_scores() -> None:
    pages = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)]
    p, r, f1 = ev.prf(pages)
    # the page with nothing predicted has no precision denominator and is left out of P
    assert p == pytest.approx((1.0 + 0.5) / 2)
    assert r == pytest.approx((1.0 + 1.0 + 0.0) / 3)
    assert f1 == pytest.approx(2 * p * r / (p + r))


def test_scorer_reproduces_the_published_trafilatura_figure() -> None:
    # the CLI re-checks all five shipped reference outputs; one keeps this test fast
    path = corpus("article-extraction-benchmark")
    truth = ev.load_truth(path)
    assert len(truth) == 181
    reference = ev.load_reference(path / "output" / "trafilatura.json")
    got = ev.score("trafilatura", truth, reference, n_bootstrap=0)
    assert round(got.f1, 3) == ev.PUBLISHED_F1["trafilatura"] == 0.958
    assert round(got.precision, 3) == 0.938 and round(got.recall, 3) == 0.978
