"""Near-duplicate documents (MinHash/LSH) and quote groups, on fictional texts."""

from __future__ import annotations

import random

import pytest

from onrecord.link.dedup import NearDuplicateIndex, find_near_duplicates, shingles
from onrecord.link.quotegroups import QuoteItem, group_quotes, normalize_quote

WIRE = (
    "Harbour officials in Port Velmora said on Tuesday that the new container terminal will "
    "open in the spring after two years of delays caused by a dispute over dredging permits. "
    "The terminal, built by the Velmora Port Authority with loans from three regional banks, "
    "is expected to double the number of ships the harbour can handle each week. Authority "
    "chair Ilse Marrow told reporters that the first cranes had already been tested and that "
    "customs staff were being trained to use a new inspection system. Fishing cooperatives, "
    "which had opposed the dredging, said they would watch the effect on the bay closely and "
    "asked for a public report every six months. The city council is due to vote next month "
    "on a plan to widen the road that links the terminal to the northern highway."
)
OTHER = (
    "The Lindqvist Orchestra announced its autumn season on Monday, with eleven concerts in "
    "the restored Granary Hall and a tour of four smaller towns along the river. Conductor "
    "Paulo Estrin said the programme mixes rarely played symphonies with new works by local "
    "composers, two of whom are still students at the conservatory. Ticket prices stay the "
    "same as last year, and a block of seats for every concert is reserved for school groups. "
    "The orchestra also plans an open rehearsal in the market square in late September."
)


def _edited(text: str) -> str:
    """A republished copy: a byline line added, two words changed."""
    body = text.replace("on Tuesday", "Tuesday").replace("reporters", "journalists")
    return "By Staff Writer\n" + body


def test_small_edits_are_near_duplicates() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    assert index.add(10, WIRE) is None
    assert index.add(11, OTHER) is None
    assert index.add(12, _edited(WIRE)) == 10
    assert index.duplicates() == {12: 10}


def test_typography_and_wrapping_do_not_matter() -> None:
    curly = WIRE.replace("'", "\u2019").replace(". ", ".\n")
    assert find_near_duplicates([(1, WIRE), (2, curly.upper())]) == {2: 1}


def test_syndicated_copies_point_to_lowest_id() -> None:
    copies = [(7, _edited(WIRE)), (3, WIRE), (9, WIRE + " Reporting by Tomas Kell."), (5, OTHER)]
    assert find_near_duplicates(copies) == {7: 3, 9: 3}


def test_chain_maps_to_root() -> None:
    # The third copy is closer to the second than to the first; it still points at the root.
    index = NearDuplicateIndex(threshold=0.8)
    second = _edited(WIRE)
    third = second.replace("double", "almost double").replace("spring", "early spring")
    index.add(1, WIRE)
    assert index.add(2, second) == 1
    assert index.add(3, third) == 1


def test_different_articles_are_not_duplicates() -> None:
    rewritten = (
        "Port Velmora will open its long-delayed container terminal in spring, officials said. "
        "Dredging permits held it up for two years; the port authority borrowed from banks."
    )
    assert find_near_duplicates([(1, WIRE), (2, OTHER), (3, rewritten)]) == {}


def test_short_texts_need_equality() -> None:
    assert shingles("Council meets today") == {b"council meets today"}
    assert find_near_duplicates([(1, "Council meets today"), (2, "Council meets Friday")]) == {}
    assert find_near_duplicates([(1, "Council meets today."), (2, "council meets today")]) == {2: 1}


def test_restore_from_signatures_answers_alike() -> None:
    index = NearDuplicateIndex()
    index.add(1, WIRE)
    index.add(2, OTHER)
    index.add(3, _edited(WIRE))
    sig = index.signature(1)
    assert isinstance(sig, bytes) and len(sig) == 128 * 4
    rows = [(i, index.signature(i), index.duplicate_of(i)) for i in (1, 2, 3)]
    restored = NearDuplicateIndex.restore(rows)
    assert restored.duplicates() == {3: 1}
    assert restored.add(4, WIRE + " Updated at noon.") == 1
    assert restored.add(5, "An unrelated note about the weather in the hills.") is None
    with pytest.raises(ValueError):
        restored.add(4, WIRE)


def test_bad_signature_is_rejected() -> None:
    with pytest.raises(ValueError):
        NearDuplicateIndex.restore([(1, b"\x00" * 12, None)])


# ---- quote groups ----

LONG_QUOTE = (
    "We will not sign any agreement that leaves the fishing families of the bay without a "
    "voice, and we will say so at every meeting until the port authority listens."
)


def _q(doc: int, text: str, speaker: str | None = None, day: str | None = None) -> QuoteItem:
    return QuoteItem(document_id=doc, index=0, text=text, speaker_key=speaker, published=day)


def test_normalize_quote() -> None:
    assert normalize_quote("\u201cWe\u2019ll SEE,\u201d\n she said") == normalize_quote(
        "we'll see she said"
    )


def test_same_quote_in_many_outlets_is_one_group_with_earliest_source() -> None:
    items = [
        _q(5, LONG_QUOTE, "ilse marrow", "2031-03-04"),
        _q(2, LONG_QUOTE.replace("We will", "\u201cWe will"), None, "2031-03-03"),
        _q(9, LONG_QUOTE.upper(), "ilse marrow", "2031-03-05"),
        _q(4, "The budget is balanced and the books are open to anyone.", "ilse marrow"),
    ]
    groups = group_quotes(items)
    assert groups[0] == groups[1] == groups[2] == 1  # item 1 is the earliest (March 3)
    assert groups[3] == 3


def test_fragment_and_near_identical_copies_join() -> None:
    fragment = "leaves the fishing families of the bay without a voice"
    edited = LONG_QUOTE.replace("say so at every meeting", "say it at every meeting")
    items = [
        _q(1, LONG_QUOTE, "ilse marrow", "2031-03-03"),
        _q(2, fragment, "ilse marrow", "2031-03-04"),
        _q(3, edited, None, "2031-03-04"),
        _q(4, "without a voice", "ilse marrow", "2031-03-04"),  # too short to stand for it
    ]
    groups = group_quotes(items)
    assert groups[:3] == [0, 0, 0]
    assert groups[3] == 3


def test_different_speakers_are_never_merged() -> None:
    items = [
        _q(1, LONG_QUOTE, "ilse marrow", "2031-03-03"),
        _q(2, LONG_QUOTE, "paulo estrin", "2031-03-04"),
        _q(3, LONG_QUOTE, None, "2031-03-05"),  # ambiguous: two known speakers said it
    ]
    groups = group_quotes(items)
    assert groups[0] != groups[1]
    # An unknown-speaker copy bridges at most one of them, never both.
    assert len(set(groups)) >= 2


def test_short_generic_quotes_are_not_grouped() -> None:
    items = [_q(1, "Thank you", "ilse marrow"), _q(2, "Thank you", "ilse marrow")]
    assert group_quotes(items) == [0, 1]


def test_empty() -> None:
    assert group_quotes([]) == []


def test_grouping_is_order_independent() -> None:
    rng = random.Random(4)
    base = [
        _q(d, LONG_QUOTE if d % 2 else OTHER[:160], None, f"2031-03-{d:02d}") for d in range(1, 9)
    ]
    shuffled = base[:]
    rng.shuffle(shuffled)
    by_doc = {
        it.document_id: base[g].document_id for it, g in zip(base, group_quotes(base), strict=True)
    }
    by_doc_shuffled = {
        it.document_id: shuffled[g].document_id
        for it, g in zip(shuffled, group_quotes(shuffled), strict=True)
    }
    assert by_doc == by_doc_shuffled
    assert set(by_doc.values()) == {1, 2}
