"""One pass over a batch of documents: spaCy once, then our components over each Doc.

Pure: texts in, ``Analysis`` out. The caller decides where results go, so this runs the same
on a local process pool or a remote worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.models import Analysis

# Bump when any component's output changes: stored analyses of another version are redone.
ANALYSIS_VERSION = "2"


@dataclass
class AnalysisInput:
    id: int
    text: str
    published: str | None


def analyze_doc(doc: Doc, dct: str | None) -> Analysis:
    from onrecord.nlp.amounts import extract_amounts
    from onrecord.nlp.people import extract_people, resolve_speakers
    from onrecord.nlp.pledges import extract_pledges
    from onrecord.nlp.quote_speakers import resolve_other_speakers
    from onrecord.nlp.quotes import extract_quotes
    from onrecord.nlp.timex import extract_timexes, statement_date

    analysis = Analysis(sentences=[(s.start_char, s.end_char) for s in doc.sents])
    analysis.timexes = extract_timexes(doc, dct)
    analysis.mentions, analysis.people = extract_people(doc)
    analysis.quotes = extract_quotes(doc)
    resolve_speakers(doc, analysis.quotes, analysis.mentions, analysis.people)
    resolve_other_speakers(doc, analysis.quotes, analysis.mentions, analysis.people)
    for quote in analysis.quotes:
        quote.said_on, quote.said_on_from = statement_date(
            doc, quote.start, quote.end, analysis.timexes, dct
        )
    analysis.amounts = extract_amounts(doc)
    analysis.pledges = extract_pledges(
        doc, analysis.amounts, analysis.timexes, analysis.quotes, analysis.mentions, dct
    )
    return analysis


def analyze_batch(
    items: list[AnalysisInput], nlp: Language | None = None
) -> list[tuple[int, Analysis]]:
    from onrecord.nlp.pipeline import load_nlp

    nlp = nlp or load_nlp()
    docs = nlp.pipe((it.text for it in items), batch_size=32)
    return [(it.id, analyze_doc(doc, it.published)) for it, doc in zip(items, docs, strict=True)]


def _worker_batch(items: list[AnalysisInput]) -> list[tuple[int, dict]]:
    # Dicts cross the process boundary cheaply and are what the store writes anyway.
    return [(i, a.to_dict()) for i, a in analyze_batch(items)]


def analyze_stream(
    batches: Iterable[list[AnalysisInput]], workers: int = 1
) -> Iterator[list[tuple[int, Analysis]]]:
    """Analyse batches in order; with workers > 1, on a process pool (one model per process)."""
    if workers <= 1:
        for batch in batches:
            yield analyze_batch(batch)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_worker_batch, batches):
            yield [(i, Analysis.from_dict(d)) for i, d in result]
