"""Corpus linking as a pure function: ``compute_links`` over hand-made inputs, no database.

Two articles by different outlets carry the same statement by Mark Rutte; the second is a
verbatim copy of the first (syndication). The fixtures are our own writing."""

from __future__ import annotations

from onrecord.link.run import compute_links
from onrecord.models import Analysis, Mention, Person, Quote
from onrecord.store.base import LinkInputs, LinkResult

STATEMENT = "Ukraine's path to membership is irreversible and we will keep our promise"
TEXT = (
    f'NATO Secretary General Mark Rutte spoke in Brussels on Tuesday. "{STATEMENT}," Rutte '
    "said. He met foreign ministers from the alliance for two days of talks on air defence, "
    "ammunition and the long winter ahead, and took questions from reporters afterwards."
)
OTHER = (
    "Farmers in the valley began the grape harvest early this year after a dry summer. "
    "Cooperative members said yields were lower but the quality was promising."
)


def _analysis(text: str) -> Analysis:
    start = text.index("Mark Rutte")
    second = text.index("Rutte said")
    q = text.index(STATEMENT)
    return Analysis(
        sentences=[(0, len(text))],
        mentions=[
            Mention(start, start + 10, "Mark Rutte", "PERSON", 0),
            Mention(second, second + 5, "Rutte", "PERSON", 0),
        ],
        people=[
            Person(
                "Mark Rutte",
                ["Mark Rutte", "Rutte"],
                [],
                [(start, start + 10), (second, second + 5)],
            )
        ],
        quotes=[
            Quote(
                q,
                q + len(STATEMENT),
                STATEMENT,
                "direct",
                cue="said",
                speaker_mention="Rutte",
                speaker_cluster=0,
                speaker="Mark Rutte",
                speaker_type="person",
                speaker_evidence="named",
            )
        ],
    )


def _inputs() -> LinkInputs:
    docs = [
        {
            "id": i,
            "title": t,
            "text": x,
            "published": p,
            "published_from": "metadata",
            "story_id": None,
        }
        for i, t, x, p in (
            (1, "Rutte in Brussels", TEXT, "2024-12-03"),
            (2, "Rutte in Brussels", TEXT, "2024-12-03"),
            (3, "Harvest", OTHER, "2024-09-01"),
        )
    ]
    return LinkInputs(
        documents=docs,
        analyses={1: _analysis(TEXT), 2: _analysis(TEXT), 3: Analysis(sentences=[(0, len(OTHER))])},
        quote_rows=[(101, 1, 0, STATEMENT), (102, 2, 0, STATEMENT)],
    )


def test_links_are_computed_without_a_database() -> None:
    result = compute_links(_inputs())
    assert isinstance(result, LinkResult)
    # the verbatim copy is a near-duplicate of the first article, the harvest story is not
    assert result.duplicate_of == [(2, 1)]
    assert sorted(d for d, _ in result.minhash_new) == [1, 2, 3]
    # one person, every mention of them in both articles linked to that entity
    people = [e for e in result.entities if e.type == "PERSON"]
    assert [e.name for e in people] == ["Mark Rutte"]
    key = people[0].key
    assert sorted((d, i) for k, d, i in result.mention_entity if k == key) == [
        (1, 0),
        (1, 1),
        (2, 0),
        (2, 1),
    ]
    assert sorted((d, i) for k, d, i in result.quote_speaker if k == key) == [(1, 0), (2, 0)]
    # two copies of one statement: one group, named by the first quote's row id
    assert sorted(result.quote_groups) == [(101, 101), (101, 102)]
    # the Brussels articles form one story apart from the harvest; the state is returned
    by_doc = {d: s.id for s in result.stories for d in s.document_ids}
    assert by_doc[1] == by_doc[2] != by_doc[3]
    assert result.story_state
    assert result.counts == {
        "entities": len(result.entities),
        "duplicates": 1,
        "stories": 2,
        "quote groups": 1,
        "pledge groups": 0,
    }


def test_links_are_deterministic_and_incremental() -> None:
    first = compute_links(_inputs())
    assert compute_links(_inputs()) == first
    # a second run over the stored state adds nothing new to the near-duplicate index
    again = _inputs()
    again.minhash = [(d, sig, dict(first.duplicate_of).get(d)) for d, sig in first.minhash_new]
    again.story_state = first.story_state
    second = compute_links(again)
    assert second.minhash_new == [] and second.duplicate_of == []
    assert second.story_state is None  # no new document: the clusterer's state is unchanged
    assert second.quote_groups == first.quote_groups
    assert second.counts == first.counts
