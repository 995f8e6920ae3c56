"""Timelines: statement selection by topic, grouping of copies, stance cues and shift detection.

The shift detector is measured on tests/data/shifts_gold.jsonl (pairs written for this project,
fictional speakers); the thresholds below guard the figures reported in docs/benchmarks.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onrecord.search import search, update_index
from onrecord.store import SQLiteStore
from onrecord.timeline import Topic, evaluate_shifts, stance, timeline
from onrecord.timeline.evaluation import evaluate_topics
from test_search import DOCS, add_corpus

GOLD = Path(__file__).parent / "data" / "shifts_gold.jsonl"
TOPIC_GOLD = Path(__file__).parent / "data" / "topic_gold.jsonl"

MORE_DOCS: list[dict[str, Any]] = [
    {
        "title": "Ferrand tours the fund's projects",
        "outlet": "Valley Times",
        "published": "2031-05-20",
        "text": (
            '"The coastal fund will keep growing every year," Ferrand said in Ostport. '
            'Asked about Corvia, he said: "Corvia\'s membership is not the topic of the day."'
        ),
        "quotes": [
            ("The coastal fund will keep growing every year,", "Tomas Ferrand", "2031-05-20"),
            ("Corvia's membership is not the topic of the day.", "Tomas Ferrand", "2031-05-20"),
        ],
    },
    {
        "title": "Alliance chief rows back on Corvia",
        "outlet": "Coast Wire",
        "published": "2031-09-14",
        "text": (
            "Tomas Ferrand said on Thursday that nobody had ever promised Corvia membership "
            "after the war. The remark surprised diplomats."
        ),
        "quotes": [
            (
                "nobody had ever promised Corvia membership after the war",
                "Tomas Ferrand",
                "2031-09-14",
            )
        ],
    },
]


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    st = SQLiteStore(tmp_path / "t.db")
    add_corpus(st, DOCS + MORE_DOCS)
    update_index(st)
    yield st
    st.close()


def test_stance_cues() -> None:
    assert stance("Corvia's path to membership is irreversible.").label == "commits"
    assert stance("Nobody ever promised Corvia membership after the war.").label == "rejects"
    # double negation: denying a veto supports membership
    assert stance("No one outside this alliance has a veto over that.").label == "commits"
    # a denied hedge is firmness
    assert stance("We will close it by 2035, and that date is not up for negotiation.").score > 0
    assert stance("Membership is not the topic of the day.").label == "hedges"
    # no cue at all is no stance, not a hedge
    assert stance("He is terrible on the harbour tariffs.").label == "neutral"
    assert stance("The ministers met in Harlow on Monday.").label == "neutral"
    assert stance("Perhaps the quota rises, depending on the spring count.").label == "hedges"
    assert stance("He is terrible on the harbour tariffs.").sign == 0
    # after "however" the second clause decides
    mixed = "We promised an irreversible path. However, no one ever promised to accept them."
    assert stance(mixed).label == "rejects"
    # the sentence about the topic weighs more than the one that is not
    text = "Nobody promised membership after the war. What we promised is support."
    assert stance(text, topic="membership").label == "rejects"


def test_timeline_orders_groups_and_flags_the_shift(store: SQLiteStore) -> None:
    tl = timeline(store, "Ferrand", "Corvia membership")
    dates = [e.said_on for e in tl.entries]
    assert dates == sorted(dates)
    texts = [e.text for e in tl.entries]
    # off-topic statement left out, on-topic hedge kept
    assert not any("coastal fund" in t for t in texts)
    assert any("not the topic" in t for t in texts)
    first = tl.entries[0]
    assert "irreversible" in first.text and first.stance.label == "commits"
    assert [c["outlet"] for c in first.copies] == ["Coast Wire"]  # the quote group
    last = tl.entries[-1]
    assert last.said_on == "2031-09-14" and last.stance.label == "rejects"
    # the indirect report of the same remark in another outlet is folded in, not a new entry
    assert len(last.copies) == 1 and last.copies[0]["outlet"] in ("Coast Wire", "Harbour Post")
    assert len(tl.shifts) == 1
    shift = tl.shifts[0]
    assert shift["from_date"] == "2031-03-02" and shift["to_date"] == "2031-09-14"
    assert shift["from_stance"] == "commits" and shift["to_stance"] == "rejects"
    # every entry carries its citation
    assert all(e.document_id and e.end > e.start and e.outlet for e in tl.entries)


def test_timeline_without_topic_lists_everything_and_flags_nothing(store: SQLiteStore) -> None:
    tl = timeline(store, "Tomas Ferrand")
    assert any("coastal fund" in e.text for e in tl.entries)
    assert not tl.shifts  # no topic, no stance: shifts need a topic
    assert timeline(store, "Lena Obi", "Corvia membership").entries == []


def _gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def test_gold_set_is_well_formed() -> None:
    rows = _gold()
    assert len(rows) >= 40
    assert {r["label"] for r in rows} == {"shift", "no_shift"}
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["a"]["date"] < r["b"]["date"], r["id"]
        assert r["split"] in ("dev", "test")


def test_shift_detection_on_gold_pairs() -> None:
    scores = evaluate_shifts(_gold())
    ours = "stance cues + similarity (onrecord)"
    dev, test = scores[f"{ours} | dev"], scores[f"{ours} | test"]
    # figures in docs/benchmarks.md: dev P 1.00 R 0.80, held-out test P 0.89 R 0.50
    assert dev["precision"] >= 0.9 and dev["recall"] >= 0.7
    assert test["precision"] >= 0.8 and test["recall"] >= 0.45
    # and it must beat the negation-parity baseline on the held-out pairs
    assert test["f1"] > scores["baseline: negation parity | test"]["f1"]


# ---- the seeds: the project's founding example (real articles, read from ../shared) ----

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    if not (CORPORA / "seeds").is_dir():
        pytest.skip(f"seed corpus not found at {CORPORA / 'seeds'}")
    from onrecord.record import Record

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Record(db) as record:
        report = record.ingest([str(CORPORA / "seeds")], metadata=CORPORA / "seeds-metadata.csv")
        assert report.new == 5
        update_index(record.store)
    store = SQLiteStore(db, readonly=True)
    yield store
    store.close()


def test_seeds_search_finds_the_membership_statements_first(seeds: SQLiteStore) -> None:
    hits = search(seeds, "NATO membership", speaker="Rutte", limit=10)
    top = hits[:4]
    assert all(h.kind == "quote" and h.speaker == "Mark Rutte" for h in top), top
    assert all("membership" in h.text.lower() for h in top), [h.text for h in top]
    for h in top:  # each with its citation
        doc = seeds.get_document(h.document_id)
        assert doc is not None and doc["text"][h.start : h.end] == h.text
        assert h.date and h.document_title


def test_seeds_timeline_flags_the_shift(seeds: SQLiteStore) -> None:
    tl = timeline(seeds, "Mark Rutte", "Ukraine NATO membership")
    dates = [e.said_on or "" for e in tl.entries]
    assert dates == sorted(dates)
    first = [e for e in tl.entries if e.said_on == "2024-10-03"]
    assert first and all(e.stance.label == "commits" for e in first)
    assert any("irreversible" in e.text for e in first)
    # the December 2024 restatement ("the future of Ukraine is in NATO") carries no
    # "membership": its paraphrases bring it in, and it is a commitment
    december = [e for e in tl.entries if e.said_on == "2024-12-03"]
    assert len(december) == 1 and december[0].stance.label == "commits", december
    assert "future of ukraine is in nato" in december[0].text.lower()
    shifts = tl.shifts
    assert len(shifts) == 1, shifts
    shift = shifts[0]
    assert shift["from_stance"] == "commits" and shift["to_stance"] == "rejects"
    assert shift["from_date"] == "2024-12-03" < shift["to_date"] <= "2025-04-04"
    assert "promised" in shift["to_text"]
    # the April 2025 statement is listed after it, still rejecting
    last = [e for e in tl.entries if e.said_on == "2025-04-04"]
    assert last and last[-1].stance.label == "rejects" and "promised" in last[-1].text


def test_topic_paraphrases_count_and_loose_words_do_not(store: SQLiteStore) -> None:
    topic = Topic.of(store, "Corvia alliance membership")
    full = topic.coverage("Corvia's membership of the alliance")
    assert full == 1.0
    for paraphrase in (
        "The future of Corvia is in the alliance.",
        "Corvia will join the alliance.",
        "Corvia will become a full member, the alliance says.",
        "Corvia is on the irreversible path towards the alliance.",
        "Corvia's accession to the alliance is on track.",
    ):
        assert topic.coverage(paraphrase) == full, paraphrase
    # the same words, not about membership
    for loose in (
        "The alliance member states discussed Corvia's fisheries.",
        "Corvia's envoy joined us for dinner; the alliance paid.",
        "Corvia is on the path to a durable peace, the alliance said.",
    ):
        assert topic.coverage(loose) < full, loose
    assert (
        Topic.of(store, "Corvia alliance membership", paraphrases=False).coverage(
            "Corvia will join the alliance."
        )
        < full
    )


def test_topic_selection_on_labelled_seed_statements(seeds: SQLiteStore) -> None:
    rows = [json.loads(line) for line in TOPIC_GOLD.read_text().splitlines() if line.strip()]
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert all(r.keys() >= {"file", "start", "end", "speaker", "topic", "on_topic"} for r in rows)
    result = evaluate_topics(seeds, rows)
    ours = result["words + paraphrases + vector (onrecord) | all"]
    base = result["baseline: words + vector | all"]
    # figures in docs/benchmarks.md ("Timelines"): P 0.89, R 0.89 over 93 statements
    assert ours["recall"] >= 0.85 and ours["precision"] >= 0.85, ours
    assert ours["recall"] > base["recall"] and ours["precision"] >= base["precision"]
    held_out = result["words + paraphrases + vector (onrecord) | test"]
    assert held_out["recall"] >= 0.85 and held_out["precision"] >= 0.8, held_out
