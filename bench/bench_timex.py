"""Timex extraction cost next to the spaCy parse it rides on (TempEval-3 TBAQ-cleaned text).

    .venv/bin/python bench/bench_timex.py [--corpus PATH]

Measures, in the same run and on the same 256 documents:
- baseline: ``nlp.pipe`` over the plain texts (the parse every analysis pays anyway);
- onrecord: ``extract_timexes`` on those parsed docs, plus ``statement_date`` for a
  made-up statement span (each document's second sentence) to cover the syntax walk.
The figure to watch is the ratio: timex extraction should stay a small fraction of parsing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from onrecord.eval.timeml import read_corpus
from onrecord.nlp.pipeline import load_nlp
from onrecord.nlp.time.timex import extract_timexes, statement_date

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/corpora/tempeval3/TBAQ-cleaned"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    args = parser.parse_args()
    docs = read_corpus(args.corpus)
    nlp = load_nlp()
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)

    started = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=16))
    parse_s = time.perf_counter() - started

    started = time.perf_counter()
    found = 0
    for doc, gold in zip(parsed, docs, strict=True):
        timexes = extract_timexes(doc, gold.dct)
        found += len(timexes)
        sents = list(doc.sents)
        if len(sents) > 1:
            statement_date(doc, sents[1].start_char, sents[1].end_char, timexes, gold.dct)
    timex_s = time.perf_counter() - started

    print(f"{len(docs)} documents, {chars:,} characters, {found} timexes")
    print(f"baseline spaCy parse:   {parse_s:7.2f} s  ({chars / parse_s / 1000:7.1f} kchars/s)")
    print(f"onrecord timex + dates: {timex_s:7.2f} s  ({chars / timex_s / 1000:7.1f} kchars/s)")
    print(f"ratio timex / parse:    {timex_s / parse_s:7.3f}")


if __name__ == "__main__":
    main()
