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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0, help="time budget per document")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
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
