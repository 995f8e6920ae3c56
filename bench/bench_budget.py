"""Peak memory and time of one document's analysis, for the inputs that used to explode.

Each case runs in a fresh process (the peak RSS of a process only grows), which loads the model,
builds its text and runs ``analyze_batch`` on that one document, as an analysis worker does:

- ``article``: one ordinary article (the baseline the others are compared with);
- ``whole 100 KB``: 100 KB of prose parsed in one ``nlp()`` call, the old path, for scale;
- ``prose 1 MB``: 1 MB of news prose (AllSides articles, blank-line separated);
- ``quotes 50k``: 150 KB holding 50,000 double quotation marks;
- ``unbalanced``: 150 KB of sentences that each open a quote and never close it;
- ``line 10 MB``: 10 MB of prose on a single line (no line breaks at all).

Prose comes from /work/shared/corpora/allsides-news (or $ONRECORD_CORPORA); synthetic sentences
of our own stand in when it is absent. The 10 MB case runs under the time budget given by
--seconds (the default 30 keeps the bench short; the analysis stops there with a note); the
others run under the default budget (``Budget.seconds``).

    PYTHONPATH=src python bench/bench_budget.py [--seconds 30] [--cases article,prose1m,...]

With ``--articles N``, it instead times the budgeted ``analyze_batch`` against the plain pass it
replaced (``nlp.pipe`` + ``analyze_doc``) on the first N AllSides articles, and checks that
both give identical analyses (articles fit in one piece, so nothing may change):

    PYTHONPATH=src python bench/bench_budget.py --articles 120 --reps 3
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPORA = Path(os.environ.get("ONRECORD_CORPORA", "/work/shared/corpora"))
CASES = ["article", "whole100k", "prose1m", "quotes50k", "unbalanced", "line10m"]
LABELS = {
    "article": "one article (baseline)",
    "whole100k": "100 KB prose, one nlp() call (old path)",
    "prose1m": "1 MB prose",
    "quotes50k": "150 KB, 50,000 quotation marks",
    "unbalanced": "150 KB, unbalanced quotes",
    "line10m": "10 MB single line",
}
OWN = (
    "The harbour council met on Tuesday to discuss the repair of the eastern quay. "
    "Members said the ferry terminal would need a new radar before the winter storms. "
    "The minister promised 4 million euros for the work, according to a statement. "
)


def prose(n: int) -> str:
    parts: list[str] = []
    total = 0
    for f in sorted(glob.glob(str(CORPORA / "allsides-news/data/jsons/*.json"))):
        body = json.loads(Path(f).read_text(encoding="utf-8")).get("content_original") or ""
        parts.append(body)
        total += len(body) + 2
        if total > n:
            break
    text = "\n\n".join(parts) if parts else ""
    while len(text) < n:
        text += OWN
    return text[:n]


def build(case: str) -> str:
    if case == "article":
        return prose(6_000)
    if case in ("whole100k",):
        return prose(100_000)
    if case == "prose1m":
        return prose(1_000_000)
    if case == "quotes50k":
        return '"a b" ' * 25_000  # 150,000 characters, 50,000 marks
    if case == "unbalanced":
        sentence = 'The minister said "we will build the harbour wall this year. '
        return (sentence * (150_000 // len(sentence) + 1))[:150_000]
    if case == "line10m":
        return " ".join(prose(10_000_000).split())
    raise SystemExit(f"unknown case {case}")


def child(case: str) -> None:
    from onrecord.nlp.analyze import AnalysisInput, Failed, analyze_batch
    from onrecord.nlp.pipeline import load_nlp

    nlp = load_nlp()
    text = build(case)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if case == "whole100k":
        nlp(text)
        notes: list[str] = []
        status = "parsed"
    else:
        [(_, result)] = analyze_batch([AnalysisInput(1, text, "2024-01-01")], nlp)
        status = "failed" if isinstance(result, Failed) else "ok"
        notes = [result.reason] if isinstance(result, Failed) else result.notes
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "case": case,
                "chars": len(text),
                "base_mb": base // 1024,
                "peak_mb": peak // 1024,
                "seconds": round(seconds, 1),
                "status": status,
                "notes": notes,
            }
        )
    )


def articles(n: int, reps: int) -> None:
    """Ordinary articles: ``analyze_batch`` (budget checks, pieces) against the plain pass it
    replaced (``nlp.pipe`` + ``analyze_doc``), in the same process, alternating, best of `reps`;
    and whether the two give identical analyses."""
    from onrecord.nlp.analyze import AnalysisInput, analyze_batch, analyze_doc
    from onrecord.nlp.pipeline import load_nlp

    texts: list[str] = []
    for f in sorted(glob.glob(str(CORPORA / "allsides-news/data/jsons/*.json")))[:n]:
        texts.append(json.loads(Path(f).read_text(encoding="utf-8"))["content_original"] or "-")
    if not texts:
        raise SystemExit("allsides-news corpus absent")
    nlp = load_nlp()
    items = [AnalysisInput(i, t, "2020-01-01") for i, t in enumerate(texts)]

    def plain() -> list:
        out = []
        for k in range(0, len(texts), 16):
            docs = nlp.pipe(texts[k : k + 16], batch_size=32)
            out += [analyze_doc(d, "2020-01-01") for d in docs]
        return out

    def budgeted() -> list:
        return [
            a for k in range(0, len(items), 16) for _, a in analyze_batch(items[k : k + 16], nlp)
        ]

    plain()  # warm-up
    best = {"plain": float("inf"), "budgeted": float("inf")}
    results: dict[str, list] = {}
    for _ in range(reps):
        for name, fn in (("plain", plain), ("budgeted", budgeted)):
            start = time.perf_counter()
            results[name] = fn()
            best[name] = min(best[name], time.perf_counter() - start)
    same = sum(
        a.to_dict() == b.to_dict()
        for a, b in zip(results["plain"], results["budgeted"], strict=True)
    )
    print(
        f"{len(texts)} articles, {sum(map(len, texts)):,} characters, longest {max(map(len, texts)):,}"
    )
    print(f"identical analyses: {same} of {len(texts)}")
    print(f"plain nlp.pipe + analyze_doc (baseline): {best['plain']:.1f} s")
    print(f"analyze_batch with budget: {best['budgeted']:.1f} s")
    print(f"ratio baseline / budgeted: {best['plain'] / best['budgeted']:.3f}")
    # The only work added on an ordinary article: two regular-expression scans that size it.
    from onrecord.nlp.analyze import Budget, _tokens, _too_many_marks

    start = time.perf_counter()
    for text in texts:
        _tokens(text, 0, len(text))
        _too_many_marks(text, Budget())
    checks = time.perf_counter() - start
    print(f"budget checks alone: {checks:.3f} s ({100 * checks / best['plain']:.2f} % of baseline)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=0, help="compare on N ordinary articles")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=30.0, help="time budget per document")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    if args.articles:
        articles(args.articles, args.reps)
        return
    rows = []
    for case in args.cases.split(","):
        env = dict(os.environ)
        if case == "line10m":
            env["ONRECORD_ANALYSIS_SECONDS"] = str(args.seconds)
        out = subprocess.run(
            [sys.executable, __file__, "--child", case],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], file=sys.stderr, flush=True)
    baseline = next((r for r in rows if r["case"] == "article"), rows[0])
    print("| input | chars | peak RSS MB | x baseline | seconds | result |")
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        ratio = r["peak_mb"] / baseline["peak_mb"]
        result = r["status"] + (": " + "; ".join(r["notes"]) if r["notes"] else "")
        print(
            f"| {LABELS[r['case']]} | {r['chars']:,} | {r['peak_mb']} | {ratio:.2f} | "
            f"{r['seconds']} | {result} |"
        )


if __name__ == "__main__":
    main()
