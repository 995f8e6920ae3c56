"""Story clustering: fictional coverage of look-alike events, plus the real seed articles."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

import pytest

from onrecord.link.stories import StoryClusterer, StoryDoc, StoryParams, cluster_stories

# Two meetings of the same kind, eight months apart, and two outlets covering each.
MARCH_A = StoryDoc(
    id=1,
    title="Meridian Pact ministers back air defence fund for Tarsova",
    text=(
        "Foreign ministers of the Meridian Pact met in Castellan on Tuesday and agreed to set up "
        "an air defence fund for Tarsova. Pact chief Oren Vasquel said allies must keep weapons "
        "flowing so that Tarsova can negotiate from a position of strength. The ministers also "
        "discussed radar stations on the eastern border and a training mission for pilots."
    ),
    published="2031-03-04",
    entities=["Meridian Pact", "Oren Vasquel", "Tarsova", "Castellan"],
    places=["Castellan", "Tarsova"],
    dates=["2031-03-04"],
)
MARCH_B = StoryDoc(
    id=2,
    title="Vasquel: allies to fund Tarsova air defence",
    text=(
        "Meeting in Castellan, Meridian Pact foreign ministers endorsed a new air defence fund "
        "for Tarsova, Secretary General Oren Vasquel told a press conference. He said the "
        "weapons deliveries would put Tarsova in a position of strength before any talks. A "
        "training mission for Tarsovan pilots and new radar stations were also on the agenda."
    ),
    published="2031-03-05",
    entities=["Meridian Pact", "Oren Vasquel", "Tarsova", "Castellan", "Tarsovan"],
    places=["Castellan", "Tarsova"],
    dates=[],
)
NOVEMBER_A = StoryDoc(
    id=3,
    title="Meridian Pact ministers pledge more support for Tarsova",
    text=(
        "Foreign ministers of the Meridian Pact gathered in Castellan on Wednesday and pledged "
        "more support for Tarsova through the winter. Pact chief Oren Vasquel said allies must "
        "keep weapons flowing so that Tarsova can negotiate from a position of strength. The "
        "ministers discussed winter fuel, spare parts for radar stations and pilot training."
    ),
    published="2031-11-12",
    entities=["Meridian Pact", "Oren Vasquel", "Tarsova", "Castellan"],
    places=["Castellan", "Tarsova"],
    dates=["2031-11-12"],
)
NOVEMBER_B = StoryDoc(
    id=4,
    title="Winter support for Tarsova tops Castellan meeting",
    text=(
        "Winter fuel and spare parts for Tarsova topped the agenda as Meridian Pact foreign "
        "ministers met in Castellan. Secretary General Oren Vasquel said the weapons deliveries "
        "would keep Tarsova in a position of strength before any negotiation, and allies "
        "promised more pilot training."
    ),
    published="2031-11-12",
    entities=["Meridian Pact", "Oren Vasquel", "Tarsova", "Castellan"],
    places=["Castellan", "Tarsova"],
    dates=[],
)
UNRELATED = StoryDoc(
    id=5,
    title="Lindqvist Orchestra opens autumn season",
    text=(
        "The Lindqvist Orchestra opened its autumn season in the restored Granary Hall with two "
        "rarely played symphonies. Conductor Paulo Estrin said school groups would get reserved "
        "seats at every concert, and a tour of four river towns follows in October."
    ),
    published="2031-11-13",
    entities=["Lindqvist Orchestra", "Granary Hall", "Paulo Estrin"],
    places=[],
    dates=[],
)

ALL = [MARCH_A, MARCH_B, NOVEMBER_A, NOVEMBER_B, UNRELATED]


def _groups(stories: list) -> set[frozenset[int]]:
    return {frozenset(s.document_ids) for s in stories}


def test_same_event_merged_and_lookalike_months_apart_not() -> None:
    stories = cluster_stories(ALL)
    assert _groups(stories) == {frozenset({1, 2}), frozenset({3, 4}), frozenset({5})}


def test_story_fields() -> None:
    by_docs = {frozenset(s.document_ids): s for s in cluster_stories(ALL)}
    march = by_docs[frozenset({1, 2})]
    assert (march.first_published, march.last_published) == ("2031-03-04", "2031-03-05")
    assert march.place == "Castellan"
    assert march.title in {MARCH_A.title, MARCH_B.title}
    assert march.inherited_dates == {}
    assert by_docs[frozenset({5})].place is None


def test_without_dates_the_lookalikes_would_merge() -> None:
    # The point of the date gate: the same texts without any date collapse into one story.
    undated = [replace(d, published=None, dates=[]) for d in ALL[:4]]
    assert _groups(cluster_stories(undated)) == {frozenset({1, 2, 3, 4})}


def test_follow_up_about_a_dated_event_may_join_later() -> None:
    # Three weeks later, an article about the March 4 meeting (it names the day) joins it.
    follow_up = replace(
        MARCH_B, id=6, published="2031-03-26", dates=["2031-03-04"], title="Fund agreed in March"
    )
    stories = cluster_stories([*ALL, follow_up])
    assert frozenset({1, 2, 6}) in _groups(stories)
    # Without naming the day, three weeks is too far.
    stories = cluster_stories([*ALL, replace(follow_up, dates=[])])
    assert frozenset({6}) in _groups(stories)


def test_undated_document_without_evidence_stays_undated() -> None:
    # Similar wording alone must not give an undated report a date from another article.
    undated = replace(NOVEMBER_B, id=7, published=None)
    stories = cluster_stories([MARCH_A, MARCH_B, NOVEMBER_A, undated])
    mine = next(s for s in stories if 7 in s.document_ids)
    assert mine.document_ids == [7] and not mine.inherited_dates


def test_undated_document_with_shared_evidence_inherits_story_date() -> None:
    # The same quoted words (or the same pledge) in both: one event, one date.
    november_a = replace(NOVEMBER_A, evidence=["q-same-eight-words"])
    undated = replace(NOVEMBER_B, id=7, published=None, evidence=["q-same-eight-words"])
    stories = cluster_stories([MARCH_A, MARCH_B, november_a, undated])
    november = next(s for s in stories if 3 in s.document_ids)
    assert november.document_ids == [3, 7]
    assert november.inherited_dates == {7: "2031-11-12"}
    assert (november.first_published, november.last_published) == ("2031-11-12", "2031-11-12")


def test_undated_document_with_a_text_day_is_gated_softly() -> None:
    # No publication date, but the text names the November day: it joins November.
    undated = replace(NOVEMBER_B, id=8, published=None, dates=["2031-11-12"])
    stories = cluster_stories([MARCH_A, MARCH_B, NOVEMBER_A, undated])
    assert frozenset({3, 8}) in _groups(stories)


def test_order_is_deterministic() -> None:
    shuffled = ALL[:]
    random.Random(1).shuffle(shuffled)
    a = cluster_stories(ALL)
    b = cluster_stories(shuffled)
    assert [(s.id, s.document_ids, s.title) for s in a] == [
        (s.id, s.document_ids, s.title) for s in b
    ]


def test_incremental_add_with_saved_state_equals_batch() -> None:
    batch = cluster_stories(ALL)
    first = StoryClusterer()
    first.add_many(ALL[:2])
    restored = StoryClusterer.from_bytes(first.to_bytes())
    assert restored.stories_list() == first.stories_list()
    for doc in ALL[2:]:
        restored.add(doc)
    assert restored.stories_list() == batch
    with pytest.raises(ValueError):
        restored.add(ALL[0])


def test_wordllama_text_model_runs_offline() -> None:
    stories = cluster_stories(ALL, StoryParams(text_model="wordllama"))
    # The date gate holds whatever the text model.
    assert not any({1, 3} <= set(s.document_ids) for s in stories)
    clusterer = StoryClusterer(StoryParams(text_model="wordllama"))
    clusterer.add_many(ALL[:2])
    again = StoryClusterer.from_bytes(clusterer.to_bytes())
    assert again.stories_list() == clusterer.stories_list()


def test_unknown_text_model_is_rejected() -> None:
    with pytest.raises(ValueError):
        StoryClusterer(StoryParams(text_model="nope"))


# ---- real seed articles (read from ../shared/corpora, never copied) ----


def test_seed_articles(seeds_dir: Path, seeds_metadata: Path) -> None:
    from onrecord.nlp.pipeline import load_nlp
    from onrecord.nlp.time.timex import extract_timexes

    with seeds_metadata.open(encoding="utf-8") as f:
        published = {row["path"]: row["published"] for row in csv.DictReader(f)}
    nlp = load_nlp()
    docs = []
    for i, path in enumerate(sorted(seeds_dir.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        sp = nlp(text)
        day = published[path.name]
        dates = [
            t.value
            for t in extract_timexes(sp, day)
            if t.type == "DATE" and t.value and len(t.value) == 10 and t.value[0].isdigit()
        ]
        title = next((ln for ln in text.splitlines() if len(ln.split()) > 4), None)
        docs.append(
            StoryDoc(
                id=i,
                title=title,
                text=text,
                published=day,
                entities=[e.text for e in sp.ents if e.label_ in {"PERSON", "ORG", "NORP"}],
                places=[e.text for e in sp.ents if e.label_ == "GPE"],
                dates=dates,
            )
        )
    groups = _groups(cluster_stories(docs))
    assert groups == {
        frozenset({0}),
        frozenset({1, 3}),
        frozenset({2}),
        frozenset({4}),
    }


def test_no_date_is_inherited_from_a_story_whose_dated_members_disagree() -> None:
    # Dated members a week apart: the undated member could be from either day, so it stays
    # undated (issue #11: an unknown date is honest, a wrong one is not).
    november_a = replace(NOVEMBER_A, evidence=["q-same-eight-words"])
    later = replace(
        NOVEMBER_A,
        id=8,
        published="2031-11-19",
        dates=["2031-11-12"],
        evidence=["q-same-eight-words"],
    )
    undated = replace(NOVEMBER_B, id=7, published=None, evidence=["q-same-eight-words"])
    stories = cluster_stories([november_a, later, undated])
    november = next(s for s in stories if 3 in s.document_ids)
    assert set(november.document_ids) == {3, 7, 8}
    assert november.inherited_dates == {}


def test_a_member_whose_text_reports_a_later_day_does_not_take_the_story_day() -> None:
    from onrecord.link.stories import inheritable

    follow_up = "The ministers met on Nov. 12, 2031. On Nov. 14, 2031 the fund was agreed."
    assert not inheritable(follow_up, "2031-11-12")
    assert inheritable(follow_up, "2031-11-14")
    # a later day that is still to come is no evidence against the story day
    assert inheritable("The fund will be paid out on Dec. 1, 2031.", "2031-11-12")
