"""The floor for vector-only hits: nonsense queries must come back empty, real ones must not.

    .venv/bin/python bench/bench_search_floor.py --db /tmp/allsides.db [--n 40] [--seed 7]

Three query sets, each searched (``search()``, default limit 20) with the floor for queries
whose words the record lacks (``MIN_SIMILARITY_UNSEEN``) switched off and on:

- real: 1-3 content words of random headlines of the record (bench_search.make_queries);
- nonsense: random letter strings (4-8 letters; one or two words), seeded;
- rare real words: English words that are rare or absent in news, written here.

Reported per set and setting: queries with any hit, mean hits, mean vector-only hits, and the
best vector-only cosine (median and max) before the floor.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import make_queries  # noqa: E402
from onrecord.search import fusion, search, term_df  # noqa: E402
from onrecord.search.query import parse_query  # noqa: E402
from onrecord.store import SQLiteStore  # noqa: E402

RARE_WORDS = [
    "herring quota",
    "saxophone recital",
    "glacier melt",
    "cathedral restoration",
    "orchard frost",
    "chess grandmaster",
    "volcano eruption",
    "submarine cable",
]


def run(store: SQLiteStore, queries: list[str], floor: float) -> dict[str, Any]:
    saved = fusion.MIN_SIMILARITY_UNSEEN
    fusion.MIN_SIMILARITY_UNSEEN = floor
    try:
        hits = [search(store, q) for q in queries]
    finally:
        fusion.MIN_SIMILARITY_UNSEEN = saved
    best = [
        max((h.similarity or 0.0 for h in hs if h.fts_rank is None), default=0.0) for hs in hits
    ]
    return {
        "queries": len(queries),
        "with_hits": sum(bool(hs) for hs in hits),
        "mean_hits": round(statistics.mean(len(hs) for hs in hits), 1),
        "mean_vector_only": round(
            statistics.mean(sum(h.fts_rank is None for h in hs) for hs in hits), 1
        ),
        "best_vector_only_median": round(statistics.median(best), 3),
        "best_vector_only_max": round(max(best), 3),
        "words_in_record": sum(
            any(term_df(store, "documents_fts", parse_query(q))[1]) for q in queries
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    store = SQLiteStore(args.db, readonly=True)
    real = [q["q"] for q in make_queries(store, args.n, args.seed) if "speaker" not in q]
    words = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8)))
        for _ in range(args.n)
    ]
    half = args.n // 2
    nonsense = words[:half] + [f"{a} {b}" for a, b in zip(words[half:], words[:half], strict=False)]
    print("| queries | floor for unseen words | n | with hits | mean hits | mean vector-only |")
    print("|---|---|---|---|---|---|")
    for name, qs in (("real (headline words)", real), ("nonsense", nonsense), ("rare real words", RARE_WORDS)):  # fmt: skip
        for floor in (0.0, fusion.MIN_SIMILARITY_UNSEEN):
            r = run(store, qs[: args.n], floor)
            label = "off" if floor == 0.0 else f"{floor}"
            print(
                f"| {name} | {label} | {r['queries']} | {r['with_hits']} | {r['mean_hits']} | "
                f"{r['mean_vector_only']} |"
            )
            if floor == 0.0:
                print(
                    f"|   (best vector-only cosine: median {r['best_vector_only_median']}, "
                    f"max {r['best_vector_only_max']}; queries with a word in the record: "
                    f"{r['words_in_record']}) | | | | | |"
                )
    store.close()


if __name__ == "__main__":
    main()
