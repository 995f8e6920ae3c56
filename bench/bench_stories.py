"""Story clustering, near-duplicate and quote-group cost on the AllSides articles.

    .venv/bin/python bench/bench_stories.py [--corpus DIR] [--sizes 1000,3000,6996]

For each size (the first N files in name order), in the same run and on the same texts:
- baseline: scikit-learn ``TfidfVectorizer.fit_transform`` (vectorising alone, no clustering);
- stories: ``StoryClusterer.add_many`` (hashing TF-IDF, entity vectors, date gate, blocking
  by day window and by distinctive terms/entities, state in memory);
- near-duplicates: ``NearDuplicateIndex.add`` for every document (MinHash + LSH).
Entities here are capitalised word runs (``cheap_entities``) and dates are explicit dates with
a year (``explicit_dates``), not spaCy NER/TIMEX: a spaCy pass over 41 M characters would
dominate the timing and is measured by the NLP benchmarks. Their extraction time is reported
as its own column.

Then quote grouping: every quoted span (10-600 characters between double quotes) of the
corpus, up to 50,000 quotes, through ``group_quotes``.
The figure to watch is seconds per document across sizes: it must stay flat (no all-pairs).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from datetime import datetime
from pathlib import Path

from onrecord.eval.stories import cheap_entities, explicit_dates
from onrecord.link.dedup import NearDuplicateIndex
from onrecord.link.quotegroups import QuoteItem, group_quotes
from onrecord.link.stories import StoryClusterer, StoryDoc

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpora/allsides-news/data/jsons"
_QUOTE = re.compile(r"[\u201c\"]([^\u201d\"]{10,600})[\u201d\"]")


def _date(raw: str) -> str | None:
    raw = (raw or "").strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%y"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def load(corpus: Path) -> list[dict[str, str]]:
    rows = []
    for path in sorted(corpus.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rows.append(data)
    return rows


def bench_size(rows: list[dict[str, str]]) -> dict[str, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [r["content_original"] for r in rows]
    started = time.perf_counter()
    TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    docs = [
        StoryDoc(
            id=i,
            title=r.get("title") or None,
            text=r["content_original"],
            published=_date(r.get("date", "")),
            entities=cheap_entities(r["content_original"]),
            places=[],
            dates=explicit_dates(r["content_original"]),
        )
        for i, r in enumerate(rows)
    ]
    features = time.perf_counter() - started

    started = time.perf_counter()
    clusterer = StoryClusterer()
    clusterer.add_many(docs)
    stories = clusterer.stories_list()
    cluster = time.perf_counter() - started
    state = clusterer.to_bytes()

    started = time.perf_counter()
    index = NearDuplicateIndex()
    for i, t in enumerate(texts):
        index.add(i, t)
    dedup = time.perf_counter() - started
    return {
        "docs": len(rows),
        "baseline_tfidf_s": baseline,
        "features_s": features,
        "stories_s": cluster,
        "stories_ms_per_doc": 1000 * cluster / len(rows),
        "ratio_stories_to_baseline": cluster / baseline,
        "stories": len(stories),
        "multi_doc_stories": sum(1 for s in stories if len(s.document_ids) > 1),
        "state_mb": len(state) / 2**20,
        "near_dup_s": dedup,
        "near_dup_ms_per_doc": 1000 * dedup / len(rows),
        "duplicates": len(index.duplicates()),
    }


def bench_quotes(rows: list[dict[str, str]], limit: int = 50_000) -> dict[str, float]:
    items: list[QuoteItem] = []
    for d, r in enumerate(rows):
        for k, q in enumerate(_QUOTE.findall(r["content_original"])):
            items.append(QuoteItem(d, k, q, None, _date(r.get("date", ""))))
    items = items[:limit]
    started = time.perf_counter()
    groups = group_quotes(items)
    took = time.perf_counter() - started
    return {"quotes": len(items), "seconds": took, "groups": len(set(groups))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", default="1000,3000,6996")
    args = parser.parse_args()
    rows = load(args.corpus)
    results = [bench_size(rows[: int(n)]) for n in args.sizes.split(",")]
    header = (
        f"{'docs':>6} {'tfidf s':>8} {'feat s':>7} {'stories s':>9} {'ms/doc':>7} "
        f"{'ratio':>6} {'stories':>7} {'multi':>6} {'state MB':>8} {'dedup s':>8} {'dups':>5}"
    )
    print(header)
    for r in results:
        print(
            f"{r['docs']:>6} {r['baseline_tfidf_s']:>8.2f} {r['features_s']:>7.2f} "
            f"{r['stories_s']:>9.2f} {r['stories_ms_per_doc']:>7.2f} "
            f"{r['ratio_stories_to_baseline']:>6.2f} {r['stories']:>7} "
            f"{r['multi_doc_stories']:>6} {r['state_mb']:>8.1f} {r['near_dup_s']:>8.2f} "
            f"{r['duplicates']:>5}"
        )
    q = bench_quotes(rows)
    print(f"quote groups: {q['quotes']} quotes in {q['seconds']:.2f} s -> {q['groups']} groups")


if __name__ == "__main__":
    main()
