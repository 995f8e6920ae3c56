"""Pledges on a seeded random sample of AllSides articles, scored against hand judgements.

Why: the gold articles were chosen for their commitments, so their precision flatters; the
ledger's trust is measured on random articles (tests/data/pledges_judged.md). This script
redraws a sample exactly as it was drawn, runs the whole per-document analysis on it, and
matches every extracted pledge to the judged rows of that sample by (article, sentence
offsets): right, wrong, or not judged yet (then it prints the sentence for judging; the
text is read from the corpus and never written anywhere).

    .venv/bin/python bench/pledges_judged.py --seed 7707 --after 5505 6606 --sample G

``--after`` lists the samples drawn before this one in the same series (E, F, G, ... each
drew from what the earlier ones left); samples A-D and the gold articles are always left out.
``--exclude`` names files of article ids (one a line) that other evaluations hold out, such as
a speaker gold: they leave the pool before the draw, so no article serves two evaluations.

    .venv/bin/python bench/pledges_judged.py --seed 1717 --after 5505 6606 7707 8808 9909 \
        1010 1111 1212 1313 1414 1515 1616 --exclude ids_a.txt ids_b.txt --sample Q
    ... --after 5505 ... 1616 --after-excluding 1717 --exclude ids_a.txt ids_b.txt --seed 1818

A draw after T passes ``--new [FILES]``: every article of the gold as it stands (it grew after
T) and the ids in FILES leave the pool of the new draw only, so redraws of A-T stay exact
(a redraw must not pass it).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "allsides-news" / "data" / "jsons"
JUDGED = REPO / "tests" / "data" / "pledges_judged.jsonl"
GOLD = REPO / "tests" / "data" / "pledges_gold.jsonl"
# The gold held 44 articles when samples A-C were drawn (commit 10631c5), 48 from D to T
# (2026-12-08); articles added to the gold later leave only the new draws' pool, so every
# earlier sample is redrawn exactly as it was drawn.
GOLD_BEFORE_D = 44
GOLD_FROM_D = 48


def _gold_ids() -> list[str]:
    return [json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines()]


def pool(
    ids: list[str],
    after: list[int],
    exclude: frozenset[str] = frozenset(),
    after_excluding: tuple[int, ...] = (),
    new_exclude: frozenset[str] = frozenset(),
) -> list[str]:
    """Articles left for a new sample: not gold, not in A-D, not in the earlier new samples,
    not in ``exclude``. The exclusion came in with sample Q: samples before it (``after``)
    are redrawn without it, exactly as they were drawn; those drawn with it
    (``after_excluding``) are redrawn with it. ``new_exclude`` leaves the returned pool only
    (gold articles added after sample T, other held-out sets): a new draw passes it, a redraw
    of an earlier sample must not."""
    gold = _gold_ids()
    used = set(gold[:GOLD_FROM_D])
    first = [i for i in ids if i not in set(gold[:GOLD_BEFORE_D])]
    for seed in (1101, 2202, 3303):
        used |= set(random.Random(seed).sample(first, 300))
    used |= set(
        random.Random(4404).sample([i for i in ids if i not in set(gold[:GOLD_FROM_D])], 300)
    )
    for seed in after:
        used |= set(random.Random(seed).sample([i for i in ids if i not in used], 300))
    for seed in after_excluding:
        left = [i for i in ids if i not in used and i not in exclude]
        used |= set(random.Random(seed).sample(left, 300))
    return [i for i in ids if i not in used and i not in exclude and i not in new_exclude]


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (c - h, c + h)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--after", type=int, nargs="*", default=[])
    parser.add_argument("--sample", help="label of the judged rows to score against (e.g. G)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[],
        help="files of article ids (one a line) to leave out of the pool",
    )
    parser.add_argument(
        "--after-excluding",
        type=int,
        nargs="*",
        default=[],
        help="earlier samples that were drawn with --exclude (after --after)",
    )
    parser.add_argument(
        "--new",
        type=Path,
        nargs="*",
        default=None,
        help="a new draw (after T): also leave out every gold article and the "
        "ids in these files; never for redrawing an earlier sample",
    )
    parser.add_argument("--ids", action="store_true", help="print the sample's ids and stop")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from onrecord.eval.pledges import _article
    from onrecord.nlp.analyze import analyze_doc
    from onrecord.nlp.pipeline import load_nlp

    ids = sorted(p.stem for p in args.corpus.glob("*.json"))
    exclude = frozenset(
        line.strip()
        for path in args.exclude
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    new_exclude: frozenset[str] = frozenset()
    if args.new is not None:
        new_exclude = frozenset(_gold_ids()) | frozenset(
            line.strip()
            for path in args.new
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    left = pool(ids, args.after, exclude, tuple(args.after_excluding), new_exclude)
    sample = random.Random(args.seed).sample(left, args.size)
    if args.ids:
        print("\n".join(sample))
        return 0
    judged: Counter[tuple[str, int, int, str]] = Counter()
    if args.sample:
        for line in JUDGED.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["sample"] == args.sample:
                judged[(row["id"], row["start"], row["end"], row["verdict"])] += 1
    nlp = load_nlp()
    started = time.perf_counter()
    articles = [_article(args.corpus, i) for i in sample]
    tally: Counter[str] = Counter()
    docs = nlp.pipe((text for text, _ in articles), batch_size=8)
    for doc_id, (text, dct), doc in zip(sample, articles, docs, strict=True):
        for p in analyze_doc(doc, dct).pledges:
            tally["pledges"] += 1
            for verdict in ("right", "wrong"):
                key = (doc_id, p.start, p.end, verdict)
                if judged[key]:
                    judged[key] -= 1
                    tally[verdict] += 1
                    break
            else:
                tally["unjudged"] += 1
                sentence = re.sub(r"\s+", " ", text[p.start : p.end])[:300]
                print(f"unjudged {doc_id} {p.start}-{p.end} donors={p.donors} "
                      f"amount={p.amount} {p.currency}: {sentence}")  # fmt: skip
    seconds = time.perf_counter() - started
    n = tally["pledges"]
    print(f"seed {args.seed}: {len(sample)} articles, {n} pledges "
          f"({100 * n / len(sample):.1f} per 100 articles), {seconds:.0f} s")  # fmt: skip
    if args.sample:
        right, wrong = tally["right"], tally["wrong"]
        low, high = wilson(right, right + wrong)
        share = right / (right + wrong) if right + wrong else 0.0
        print(f"sample {args.sample}: right {right}, wrong {wrong}, unjudged "
              f"{tally['unjudged']}; precision {100 * share:.1f}% "
              f"(95% Wilson {100 * low:.1f}-{100 * high:.1f})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
