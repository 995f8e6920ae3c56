"""The full per-document NLP pass next to the spaCy parse it rides on (AllSides articles).

    .venv/bin/python bench/bench_nlp.py [--n 200] [--workers 1|2] [--breakdown] [--corpus DIR]

Measures, in the same run and on the same N articles (``content_original`` of the first N
files of ``allsides-news/data/jsons`` in name order):

- ``spacy nlp.pipe``: the parse alone (batch size 32, as ``analyze_batch`` uses);
- ``+ extract_quotes`` / ``+ every component``: the parse time plus our own work timed on
  the docs just parsed (``extract_quotes``; ``analyze_doc``: people, timexes, quotes,
  speakers, statement dates, amounts, pledges) -- the cleanest view of what we add;
- ``analyze_batch``: ``onrecord.nlp.analyze.analyze_batch`` end to end (parse included).

With ``--workers 2`` the two full-pass rows use both cores: ``nlp.pipe(n_process=2)`` against
``analyze_stream(batches, workers=2)`` (a process pool, one model per process; the pool's
model loading is inside the timing, as a user pays it). Throughput is whitespace words per
second; the ratio is ours / spaCy's (1.0 = free, target >= 0.8).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from onrecord.nlp.analyze import AnalysisInput, analyze_batch, analyze_doc, analyze_stream
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.quotes.extract import extract_quotes

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpora/allsides-news/data/jsons"
BATCH = 32


def load_texts(folder: Path, n: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.glob("*.json")):
        body = json.loads(path.read_text(encoding="utf-8")).get("content_original") or ""
        if body.strip():
            texts.append(body)
        if len(texts) >= n:
            break
    return texts


def breakdown(docs: list[Doc]) -> dict[str, float]:
    """Seconds per component over the parsed docs, in ``analyze_doc``'s order."""
    from onrecord.nlp.money.amounts import extract_amounts
    from onrecord.nlp.money.pledges import extract_pledges
    from onrecord.nlp.people.extract import extract_people, resolve_speakers
    from onrecord.nlp.time.timex import extract_timexes, statement_date

    spent = dict.fromkeys(
        ("sentences", "timexes", "people", "quotes", "speakers", "said_on", "amounts", "pledges"),
        0.0,
    )

    def clock(name: str, started: float) -> float:
        now = time.perf_counter()
        spent[name] += now - started
        return now

    for doc in docs:
        t = time.perf_counter()
        [(s.start_char, s.end_char) for s in doc.sents]
        t = clock("sentences", t)
        timexes = extract_timexes(doc, None)
        t = clock("timexes", t)
        mentions, people = extract_people(doc)
        t = clock("people", t)
        quotes = extract_quotes(doc)
        t = clock("quotes", t)
        resolve_speakers(doc, quotes, mentions, people)
        t = clock("speakers", t)
        for q in quotes:
            statement_date(doc, q.start, q.end, timexes, None)
        t = clock("said_on", t)
        amounts = extract_amounts(doc)
        t = clock("amounts", t)
        extract_pledges(doc, amounts, timexes, quotes, mentions, None)
        clock("pledges", t)
    return spent


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, choices=(1, 2))
    parser.add_argument("--breakdown", action="store_true", help="time each component too")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.n)
    if not texts:
        raise SystemExit(f"no articles under {args.corpus}")
    words = sum(len(t.split()) for t in texts)
    items = [AnalysisInput(i, t, None) for i, t in enumerate(texts)]
    nlp = load_nlp()
    nlp("Warm up the model before timing.")

    rows: list[tuple[str, float, float]] = []  # (name, seconds, the baseline's seconds)
    docs: list[Doc] = []
    spacy_s = timed(lambda: docs.extend(nlp.pipe(texts, batch_size=BATCH)))
    rows.append(("spacy nlp.pipe", spacy_s, spacy_s))
    # Our components alone, on the docs just parsed: the part of the cost that is ours, free
    # of the parse's run-to-run noise on a shared machine.
    quotes_s = timed(lambda: [extract_quotes(doc) for doc in docs])
    rows.append(("  + extract_quotes", spacy_s + quotes_s, spacy_s))
    parts_s = timed(lambda: [analyze_doc(doc, None) for doc in docs])
    rows.append(("  + every component", spacy_s + parts_s, spacy_s))
    rows.append(("analyze_batch (end to end)", timed(lambda: analyze_batch(items, nlp)), spacy_s))

    if args.workers == 2:
        batches = [items[i : i + BATCH] for i in range(0, len(items), BATCH)]

        def pipe2() -> None:
            list(nlp.pipe(texts, batch_size=BATCH, n_process=2))

        pipe2_s = timed(pipe2)
        rows.append(("spacy nlp.pipe n_process=2", pipe2_s, pipe2_s))
        stream_s = timed(lambda: list(analyze_stream(batches, workers=2)))
        rows.append(("analyze_stream workers=2", stream_s, pipe2_s))

    print(f"{len(texts)} AllSides articles, {words:,} words, {sum(map(len, texts)):,} characters")
    print(f"{'':<30}{'seconds':>9}{'words/s':>10}{'ratio':>8}")
    for name, secs, base in rows:
        print(f"{name:<30}{secs:9.2f}{words / secs:10.0f}{base / secs:8.2f}")
    print("ratio = the baseline's time / this row's time on the same texts: one-core rows")
    print("against nlp.pipe, two-core rows against nlp.pipe n_process=2")
    if args.breakdown:
        print("\nper component on the parsed docs (share of the parse time):")
        for name, secs in breakdown(docs).items():
            print(f"  {name:<12}{secs:8.2f} s  {100 * secs / spacy_s:6.1f} %")


if __name__ == "__main__":
    main()
