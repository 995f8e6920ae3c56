"""Measuring timelines: the shift detector on annotated pairs (tests/data/shifts_gold.jsonl),
and topic selection on hand-labelled statements (tests/data/topic_gold.jsonl).

Topic gold rows are spans (file name, character offsets) of statements in a corpus, labelled
on or off a topic for a speaker; no text is stored. A span is matched to the stored quote that
overlaps it most, so the labels survive small changes in how quotes are cut.

Measured on tests/data/shifts_gold.jsonl (52 pairs written for this purpose, fictional
speakers): see docs/benchmarks.md, "Timelines". Polarity cues catch explicit reversals
("will" -> "will not", "promised" -> "never promised", "committed" -> "shelved"); they miss
reversals carried by antonyms of the topic's own verbs ("keep running" -> "shut down").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from onrecord import embeddings, queries
from onrecord.search import resolve_person
from onrecord.store import open_store
from onrecord.store.base import Store
from onrecord.timeline.polarity import _NEGATORS, _WORD, _normalise, is_shift
from onrecord.timeline.topics import Topic, on_topic

_NEGATION_WORDS = _NEGATORS | {"nobody"}


def _negation_parity(text: str) -> int:
    return sum(w in _NEGATION_WORDS for w in _WORD.findall(_normalise(text))) % 2


def evaluate_shifts(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Precision/recall/F1 per split for the detector and two baselines.

    Each row: {"split", "topic", "label": shift|no_shift, "a": {"text"}, "b": {"text"}}.
    Baselines: "negation parity" (a shift when exactly one of the two statements is negated)
    and "dissimilarity" (a shift when the cosine of the two statements is below the threshold
    that maximises F1 on the dev split).
    """
    vecs = embeddings.embed([t for r in rows for t in (r["a"]["text"], r["b"]["text"])])
    sims = [float(vecs[2 * i] @ vecs[2 * i + 1]) for i in range(len(rows))]
    gold = [r["label"] == "shift" for r in rows]
    systems: dict[str, list[bool]] = {
        "stance cues + similarity (onrecord)": [
            is_shift(r["a"]["text"], r["b"]["text"], r["topic"], s)[0]
            for r, s in zip(rows, sims, strict=True)
        ],
        "baseline: negation parity": [
            _negation_parity(r["a"]["text"]) != _negation_parity(r["b"]["text"]) for r in rows
        ],
    }
    dev = [i for i, r in enumerate(rows) if r["split"] == "dev"]

    def f1_at(t: float, idx: list[int]) -> float:
        tp = sum(sims[i] < t and gold[i] for i in idx)
        fp = sum(sims[i] < t and not gold[i] for i in idx)
        fn = sum(sims[i] >= t and gold[i] for i in idx)
        return 2 * tp / max(1, 2 * tp + fp + fn)

    best = max((round(x * 0.01, 2) for x in range(101)), key=lambda t: f1_at(t, dev))
    systems[f"baseline: dissimilarity (cos < {best})"] = [s < best for s in sims]
    return _per_split(rows, gold, systems, "pairs")


def _per_split(
    rows: Sequence[dict[str, Any]],
    gold: list[bool],
    predictions: dict[str, list[bool]],
    unit: str,
) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of each system on the dev, test and whole set."""
    out: dict[str, dict[str, float]] = {}
    for name, pred in predictions.items():
        for split in ("dev", "test", "all"):
            idx = [i for i, r in enumerate(rows) if split == "all" or r["split"] == split]
            tp = sum(pred[i] and gold[i] for i in idx)
            fp = sum(pred[i] and not gold[i] for i in idx)
            fn = sum(gold[i] and not pred[i] for i in idx)
            p = tp / max(1, tp + fp)
            r_ = tp / max(1, tp + fn)
            out[f"{name} | {split}"] = {
                unit: len(idx),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(p, 3),
                "recall": round(r_, 3),
                "f1": round(2 * p * r_ / max(1e-9, p + r_), 3),
            }
    return out


def _match_quote(quotes: Sequence[dict[str, Any]], start: int, end: int) -> int | None:
    """The quote overlapping ``start``-``end`` most (at least half of the shorter span)."""
    best: tuple[int, int] | None = None
    for q in quotes:
        overlap = min(end, q["end"]) - max(start, q["start"])
        large = overlap > 0 and overlap * 2 >= min(end - start, q["end"] - q["start"])
        if large and (best is None or overlap > best[0]):
            best = (overlap, q["id"])
    return best[1] if best else None


def evaluate_topics(store: Store, rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Precision/recall/F1 of topic selection per split, for the selector and a baseline that
    knows the topic's own words only (no paraphrases).

    Each row: {"file", "start", "end", "speaker", "topic", "on_topic": bool, "split"}. A gold
    span no stored quote matches counts as not selected (a miss when it is on topic)."""
    doc_of: dict[str, int] = {}
    for d in queries.documents(store):
        for src in [d["source"], *(s["source"] for s in d["sources"])]:
            if src:
                doc_of.setdefault(PurePath(src).name, d["id"])
    quotes_of: dict[int, list[dict[str, Any]]] = {}
    systems = {"words + paraphrases + vector (onrecord)": True, "baseline: words + vector": False}
    preds: dict[str, list[bool]] = {name: [] for name in systems}
    selected: dict[tuple[str, str, str], set[int]] = {}
    for r in rows:
        doc = doc_of.get(r["file"])
        qid = None
        if doc is not None:
            if doc not in quotes_of:
                quotes_of[doc] = queries.document_quotes(store, doc)
            qid = _match_quote(quotes_of[doc], r["start"], r["end"])
        for name, paraphrases in systems.items():
            key = (name, r["speaker"], r["topic"])
            if key not in selected:
                topic = Topic.of(store, r["topic"], paraphrases=paraphrases)
                ids = resolve_person(store, r["speaker"])
                selected[key] = set(on_topic(store, ids, r["speaker"], topic))
            preds[name].append(qid is not None and qid in selected[key])
    gold = [bool(r["on_topic"]) for r in rows]
    return _per_split(rows, gold, preds, "statements")


def main(argv: list[str] | None = None) -> None:
    """The tables in docs/benchmarks.md:
    python -m onrecord.timeline tests/data/shifts_gold.jsonl (shift detection), and
    python -m onrecord.timeline topics DB tests/data/topic_gold.jsonl (topic selection)."""
    import json
    import sys

    args = argv or sys.argv[1:]
    if args and args[0] == "topics":
        if len(args) < 2:
            raise SystemExit("usage: python -m onrecord.timeline topics DB [GOLD.jsonl]")
        gold = args[2] if len(args) > 2 else "tests/data/topic_gold.jsonl"
        with open(gold, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        store = open_store(args[1], readonly=True)
        try:
            results = evaluate_topics(store, rows)
        finally:
            store.close()
        print("| system | split | statements | P | R | F1 |")
        print("|---|---|---|---|---|---|")
        for key, v in results.items():
            name, split = key.split(" | ")
            print(
                f"| {name} | {split} | {v['statements']} | {v['precision']:.2f} | "
                f"{v['recall']:.2f} | {v['f1']:.2f} |"
            )
        return
    path = (args or ["tests/data/shifts_gold.jsonl"])[0]
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    print("| system | split | pairs | P | R | F1 |")
    print("|---|---|---|---|---|---|")
    for key, v in evaluate_shifts(rows).items():
        name, split = key.split(" | ")
        print(
            f"| {name} | {split} | {v['pairs']} | {v['precision']:.2f} | {v['recall']:.2f} | "
            f"{v['f1']:.2f} |"
        )
