"""Measuring the shift detector on annotated pairs (tests/data/shifts_gold.jsonl).

Measured on tests/data/shifts_gold.jsonl (52 pairs written for this purpose, fictional
speakers): see docs/benchmarks.md, "Timelines". Polarity cues catch explicit reversals
("will" -> "will not", "promised" -> "never promised", "committed" -> "shelved"); they miss
reversals carried by antonyms of the topic's own verbs ("keep running" -> "shut down").
"""

from __future__ import annotations

from typing import Any

from onrecord import embeddings
from onrecord.timeline.polarity import _NEGATORS, _WORD, _normalise, is_shift

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
    out: dict[str, dict[str, float]] = {}
    for name, pred in systems.items():
        for split in ("dev", "test", "all"):
            idx = [i for i, r in enumerate(rows) if split == "all" or r["split"] == split]
            tp = sum(pred[i] and gold[i] for i in idx)
            fp = sum(pred[i] and not gold[i] for i in idx)
            fn = sum(gold[i] and not pred[i] for i in idx)
            p = tp / max(1, tp + fp)
            r_ = tp / max(1, tp + fn)
            out[f"{name} | {split}"] = {
                "pairs": len(idx),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": round(p, 3),
                "recall": round(r_, 3),
                "f1": round(2 * p * r_ / max(1e-9, p + r_), 3),
            }
    return out


def main(argv: list[str] | None = None) -> None:
    """python -m onrecord.timeline tests/data/shifts_gold.jsonl: the table in benchmarks.md."""
    import json
    import sys

    path = (argv or sys.argv[1:] or ["tests/data/shifts_gold.jsonl"])[0]
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
