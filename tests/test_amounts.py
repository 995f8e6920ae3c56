"""Money amounts and percentages in every common written form (sentences written for the tests)."""

from __future__ import annotations

import pytest

from onrecord.nlp.money.amounts import extract_amounts, find_amounts
from onrecord.nlp.pipeline import load_nlp


@pytest.mark.parametrize(
    ("text", "amount", "currency", "qualifier", "unit"),
    [
        ("The bloc set aside 40 billion euros.", 40e9, "EUR", None, "money"),
        ("The bloc set aside €40bn.", 40e9, "EUR", None, "money"),
        ("They sent $8 billion.", 8e9, "USD", None, "money"),
        ("They sent nearly $8 billion.", 8e9, "USD", "nearly", "money"),
        ("It covers more than 99% of the cost.", 99.0, None, "more than", "percent"),
        ("A grant of USD 1.2 million arrived.", 1.2e6, "USD", None, "money"),
        ("The club raised £3m.", 3e6, "GBP", None, "money"),
        ("Tokyo earmarked 1.5 trillion yen.", 1.5e12, "JPY", None, "money"),
        ("The gift was $500,000.", 500_000.0, "USD", None, "money"),
        ("Brussels released EUR 2 billion.", 2e9, "EUR", None, "money"),
        ("Congress found 40 billion dollars.", 40e9, "USD", None, "money"),
        ("A $1.2bn package followed.", 1.2e9, "USD", None, "money"),
        ("They promised two billion dollars.", 2e9, "USD", None, "money"),
        ("It cost some $5 billion.", 5e9, "USD", "about", "money"),
        ("It cost around $5 billion.", 5e9, "USD", "about", "money"),
        ("It cost approximately $5 billion.", 5e9, "USD", "about", "money"),
        ("It cost roughly $5 billion.", 5e9, "USD", "about", "money"),
        ("It cost almost €3 billion.", 3e9, "EUR", "nearly", "money"),
        ("It cost over $12 million.", 12e6, "USD", "more than", "money"),
        ("Grants of up to $100 million are open.", 100e6, "USD", "up to", "money"),
        ("They gave at least 5 million USD.", 5e6, "USD", "at least", "money"),
        ("Turnout rose roughly 3.5 per cent.", 3.5, None, "about", "percent"),
        ("Support fell 12 percent.", 12.0, None, None, "percent"),
        ("Ottawa offered C$3 billion.", 3e9, "CAD", None, "money"),
        ("The fund got US$ 2 million.", 2e6, "USD", None, "money"),
        ("The state gave Rs 500 crore.", 5e9, "INR", None, "money"),
        ("It lent 5 million pounds.", 5e6, "GBP", None, "money"),
        ("They spent half a billion dollars.", 0.5e9, "USD", None, "money"),
        ("A twenty-five million dollars grant.", 25e6, "USD", None, "money"),
        ("A million-dollar donation arrived.", 1e6, "USD", None, "money"),
        ("Kyiv received 3 billion hryvnias.", 3e9, "UAH", None, "money"),
    ],
)
def test_amount_forms(
    text: str, amount: float, currency: str | None, qualifier: str | None, unit: str
) -> None:
    found = find_amounts(text)
    assert len(found) == 1, found
    a = found[0]
    assert a.amount == pytest.approx(amount)
    assert a.currency == currency
    assert a.qualifier == qualifier
    assert a.unit == unit
    assert text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    "text",
    [
        "He weighs 200 pounds.",  # weight, not sterling
        "They sold $5 T-shirts.",  # one-letter scale must be glued to the number
        "Not a single dollar changed hands.",
        "A multimillion-dollar deal.",  # no number stated
        "The 2,500 products.",
    ],
)
def test_not_amounts(text: str) -> None:
    assert [a for a in find_amounts(text) if a.unit == "money"] == []


def test_out_of_scope_continental_format_does_not_crash() -> None:
    # German notation ("1,5 Mrd. EUR") is out of scope: no crash and no misreading.
    assert find_amounts("Die Hilfe beträgt 1,5 Mrd. EUR.") == []


def test_conversion_in_brackets_is_a_second_amount_with_its_own_currency() -> None:
    found = find_amounts("Britain gave 10 million pounds ($13 million) to the fund.")
    assert [(a.amount, a.currency) for a in found] == [(10e6, "GBP"), (13e6, "USD")]


def test_price_base_year_is_not_an_amount() -> None:
    found = find_amounts("The wall cost $5 billion in 2019 dollars.")
    assert [(a.amount, a.currency) for a in found] == [(5e9, "USD")]


def test_extract_amounts_keeps_document_offsets() -> None:
    nlp = load_nlp()
    text = "Ministers met on Monday.\nNorland pledged €40bn and nearly $8 billion more."
    doc = nlp(text)
    found = extract_amounts(doc)
    assert [text[a.start : a.end] for a in found] == ["€40bn", "nearly $8 billion"]
    assert [a.amount for a in found] == [40e9, 8e9]
