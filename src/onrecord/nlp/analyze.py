"""One pass over a batch of documents: spaCy once, then our components over each Doc.

Pure: texts in, ``Analysis`` out. The caller decides where results go, so this runs the same
on a local process pool or a remote worker.

Every document runs within a budget, because one pathological input must not stop the batch or
exhaust the machine. spaCy's memory grows with the number of tokens parsed at once (about 1 GB
per 100,000 characters of prose), so a long text is parsed in pieces cut at paragraph or
sentence boundaries, and the pieces' results are shifted back to document offsets: the peak
is set by the piece size, not the document. Articles that fit in one piece (nearly all) are
analysed exactly as before. What cannot be done within the budget is skipped with a note on the
analysis ("too many quotation marks: quotes skipped"); a document that still fails comes back
as ``Failed`` with the reason, and the rest of the batch goes on.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from onrecord.models import Analysis

# Bump when any component's output changes: stored analyses of another version are redone.
ANALYSIS_VERSION = "5"  # 2: speaker identity, organisation speakers, non-money pledges, budgets
# 3: speakers in two-person passages, descriptions, spokespeople, role phrases (issue #10)
# 4: a pledge needs positive evidence of a committing act (nlp/money/pledges/act.py, issue #11)
#    and names and pronouns: known figures before namesakes, cataphora, pronoun chains, double
#    surnames, credit lines, "Sr." (issue #10)
#    and role phrases, institutions and documents as speakers; hyphenated speaker mentions
#    and pledge donors: appositions, bodies named in full, shares unknown, CEOs for companies
# 5: pledge recall: narrower sentence filters and clause scoping, enacted bills, GDP shares,
#    counts without a figure (issue #11)

# Double quotation marks only: the apostrophe (’ ') is too common in prose to count.
_QUOTE_MARKS = re.compile('["“”„‟«»″]')
# Roughly what spaCy's tokenizer makes a token of; a cheap upper bound to size pieces by.
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PARA = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"\n")
_SENT_END = re.compile(r"[.!?…][\"”’')\]]*\s+")
_SPACE = re.compile(r"\s+")


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Budget:
    """Limits on one document's analysis. Defaults keep a worker's peak RSS well under 1 GB
    (see docs/benchmarks.md, "Analysis budget"); ONRECORD_ANALYSIS_SECONDS and
    ONRECORD_ANALYSIS_MAX_CHARS override the time and size limits."""

    seconds: float = 300.0  # further pieces are skipped once a document has taken this long
    max_chars: int = 20_000_000  # longer documents are refused, with the reason stored
    chunk_chars: int = 50_000  # a piece parsed at once: at most this many characters ...
    chunk_tokens: int = 12_000  # ... and about this many tokens
    max_quote_marks: int = 2_000  # per piece; beyond this, quote extraction is skipped

    @classmethod
    def from_env(cls) -> Budget:
        return cls(
            seconds=_env_float("ONRECORD_ANALYSIS_SECONDS", cls.seconds),
            max_chars=int(_env_float("ONRECORD_ANALYSIS_MAX_CHARS", cls.max_chars)),
        )


@dataclass
class AnalysisInput:
    id: int
    text: str
    published: str | None


@dataclass
class Failed:
    """A document that could not be analysed, and why (stored; not retried for this version)."""

    reason: str


@dataclass
class _Piece:
    start: int
    text: str
    notes: list[str] = field(default_factory=list)


def analyze_doc(doc: Doc, dct: str | None, *, skip_quotes: bool = False) -> Analysis:
    from onrecord.nlp.money.amounts import extract_amounts
    from onrecord.nlp.money.pledges import extract_pledges
    from onrecord.nlp.people.extract import extract_people, resolve_speakers
    from onrecord.nlp.quotes.extract import extract_quotes
    from onrecord.nlp.quotes.speakers import resolve_other_speakers
    from onrecord.nlp.time.timex import extract_timexes, statement_date

    analysis = Analysis(sentences=[(s.start_char, s.end_char) for s in doc.sents])
    analysis.timexes = extract_timexes(doc, dct)
    analysis.mentions, analysis.people = extract_people(doc)
    analysis.quotes = [] if skip_quotes else extract_quotes(doc)
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


def _tokens(text: str, start: int, end: int) -> int:
    return sum(1 for _ in _TOKEN.finditer(text, start, end))


def split_pieces(text: str, budget: Budget) -> list[tuple[int, int]]:
    """Cut `text` into contiguous (start, end) pieces within the budget's size, preferring a
    paragraph break, then a line break, then a sentence end, then any space; a hard cut only
    when a stretch has none of these (a 10 MB line of one "word")."""
    n = len(text)
    pieces: list[tuple[int, int]] = []
    pos = 0
    while pos < n:
        limit = min(n, pos + budget.chunk_chars)
        tokens = _tokens(text, pos, limit)
        if tokens > budget.chunk_tokens:  # dense text (punctuation, marks): fewer characters
            limit = pos + max(1, (limit - pos) * budget.chunk_tokens // tokens)
        if limit >= n:
            pieces.append((pos, n))
            break
        floor = pos + (limit - pos) // 4  # never cut so early that pieces become tiny
        cut = None
        for pattern in (_PARA, _LINE, _SENT_END, _SPACE):
            last = None
            for m in pattern.finditer(text, floor, limit):
                last = m
            if last is not None:
                cut = last.end()
                break
        if cut is None or cut <= pos:
            cut = limit
        pieces.append((pos, cut))
        pos = cut
    return pieces


def _shift(part: Analysis, offset: int, people: dict[str, int], into: Analysis) -> None:
    """Append a piece's analysis to the document's, in document offsets; a person named alike
    in two pieces is one person (as within a piece)."""
    remap: dict[int, int] = {}
    for i, person in enumerate(part.people):
        if person.name in people:
            target = into.people[people[person.name]]
            target.aliases.extend(a for a in person.aliases if a not in target.aliases)
        else:
            people[person.name] = len(into.people)
            target = type(person)(name=person.name, aliases=list(person.aliases))
            into.people.append(target)
        for role in person.roles:
            role.start += offset
            role.end += offset
            target.roles.append(role)
        target.mentions.extend((s + offset, e + offset) for s, e in person.mentions)
        remap[i] = people[person.name]

    def cluster(c: int | None) -> int | None:
        return None if c is None else remap.get(c)

    into.sentences.extend((s + offset, e + offset) for s, e in part.sentences)
    for m in part.mentions:
        m.start, m.end, m.cluster = m.start + offset, m.end + offset, cluster(m.cluster)
        into.mentions.append(m)
    for q in part.quotes:
        q.start, q.end = q.start + offset, q.end + offset
        if q.cue_start is not None and q.cue_end is not None:
            q.cue_start, q.cue_end = q.cue_start + offset, q.cue_end + offset
        if q.speaker_start is not None and q.speaker_end is not None:
            q.speaker_start, q.speaker_end = q.speaker_start + offset, q.speaker_end + offset
        q.speaker_cluster = cluster(q.speaker_cluster)
        into.quotes.append(q)
    for t in part.timexes:
        t.start, t.end = t.start + offset, t.end + offset
        into.timexes.append(t)
    for a in part.amounts:
        a.start, a.end = a.start + offset, a.end + offset
        into.amounts.append(a)
    for p in part.pledges:
        p.start, p.end, p.speaker_cluster = (
            p.start + offset,
            p.end + offset,
            cluster(p.speaker_cluster),
        )
        into.pledges.append(p)


def _too_many_marks(text: str, budget: Budget) -> bool:
    return len(_QUOTE_MARKS.findall(text)) > budget.max_quote_marks


def _analyze_piece(doc: Doc, dct: str | None, budget: Budget) -> Analysis:
    skip = _too_many_marks(doc.text, budget)
    part = analyze_doc(doc, dct, skip_quotes=skip)
    if skip:
        part.notes.append("too many quotation marks: quotes skipped")
    return part


def analyze_text(
    nlp: Language, text: str, dct: str | None, budget: Budget | None = None
) -> Analysis | Failed:
    """One document within its budget: in pieces when long, with notes on what was skipped."""
    budget = budget or Budget()
    if len(text) > budget.max_chars:
        return Failed(f"too long to analyse: {len(text):,} characters (limit {budget.max_chars:,})")
    started = time.monotonic()
    try:
        pieces = split_pieces(text, budget)
        if len(pieces) == 1:
            return _analyze_piece(nlp(text), dct, budget)
        out = Analysis()
        people: dict[str, int] = {}
        notes: set[str] = set()
        for k, (start, end) in enumerate(pieces):
            if k and time.monotonic() - started > budget.seconds:
                out.notes.append(
                    f"time budget of {budget.seconds:g} s spent: analysed the first "
                    f"{start:,} of {len(text):,} characters"
                )
                break
            # one piece parsed at a time: the peak is one piece's, whatever the document's size
            part = _analyze_piece(nlp(text[start:end]), dct, budget)
            notes.update(part.notes)
            _shift(part, start, people, out)
        out.notes[:0] = sorted(notes)
        return out
    except MemoryError:
        return Failed(f"out of memory analysing {len(text):,} characters")
    except Exception as exc:  # one document's failure must not stop the others
        return Failed(f"{type(exc).__name__}: {str(exc)[:300]}")


def analyze_batch(
    items: list[AnalysisInput], nlp: Language | None = None, budget: Budget | None = None
) -> list[tuple[int, Analysis | Failed]]:
    from onrecord.nlp.pipeline import load_nlp

    nlp = nlp or load_nlp()
    budget = budget or Budget.from_env()
    # Documents of one piece go through nlp.pipe together, as always (the fast path for
    # ordinary articles); long ones are parsed piece by piece to bound the peak.
    short = [
        it
        for it in items
        if len(it.text) <= min(budget.chunk_chars, budget.max_chars)
        and _tokens(it.text, 0, len(it.text)) <= budget.chunk_tokens
    ]
    done: dict[int, Analysis | Failed] = {}
    try:
        docs = nlp.pipe((it.text for it in short), batch_size=32)
        for it, doc in zip(short, docs, strict=True):
            try:
                done[it.id] = _analyze_piece(doc, it.published, budget)
            except Exception as exc:
                done[it.id] = Failed(f"{type(exc).__name__}: {str(exc)[:300]}")
    except Exception:
        pass  # the parse failed on some text of the batch: the rest go one by one below
    for it in items:
        if it.id not in done:
            done[it.id] = analyze_text(nlp, it.text, it.published, budget)
    return [(it.id, done[it.id]) for it in items]


def _worker_batch(items: list[AnalysisInput]) -> list[tuple[int, dict]]:
    # Dicts cross the process boundary cheaply and are what the store writes anyway.
    return [
        (i, {"failed": a.reason} if isinstance(a, Failed) else a.to_dict())
        for i, a in analyze_batch(items)
    ]


def _from_wire(result: list[tuple[int, dict]]) -> list[tuple[int, Analysis | Failed]]:
    return [(i, Failed(d["failed"]) if "failed" in d else Analysis.from_dict(d)) for i, d in result]


DIED = "the analysis process died (killed for memory, or a crash in the parser)"


def _isolated(batch: list[AnalysisInput]) -> list[tuple[int, Analysis | Failed]]:
    """A batch whose worker died, one document per fresh process: the document that kills its
    process again is the one recorded as failed; the others are analysed as usual."""
    out: list[tuple[int, Analysis | Failed]] = []
    for item in batch:
        with ProcessPoolExecutor(max_workers=1) as solo:
            try:
                out.extend(_from_wire(solo.submit(_worker_batch, [item]).result()))
            except BrokenProcessPool:
                out.append((item.id, Failed(DIED)))
    return out


def analyze_stream(
    batches: Iterable[list[AnalysisInput]], workers: int = 1, cluster: str | None = None
) -> Iterator[list[tuple[int, Analysis | Failed]]]:
    """Analyse batches in order; with workers > 1, on a process pool (one model per process);
    with ``cluster`` (a Dask scheduler address), on that cluster's workers instead (see
    ``onrecord.cluster``: the same batches, results and order, so the record is the same).

    Batches are pulled lazily (a few per worker in flight), so a caller that claims work batch
    by batch claims only what is being analysed. If a worker dies (the kernel's OOM killer, a
    crash in native code), the pool is replaced and the batches it held are redone, the dead
    worker's own batch one document per process, so one document cannot end the run."""
    if cluster:
        from onrecord.cluster import cluster_stream

        yield from cluster_stream(batches, cluster)
        return
    if workers <= 1:
        for batch in batches:
            yield analyze_batch(batch)
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    inflight: deque[tuple[list[AnalysisInput], Future[list[tuple[int, dict]]]]] = deque()
    source = iter(batches)
    exhausted = False
    try:
        while True:
            while not exhausted and len(inflight) < 2 * workers:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                try:
                    inflight.append((batch, pool.submit(_worker_batch, batch)))
                except BrokenProcessPool:  # a worker died while idle
                    pool, inflight = _renew(pool, inflight, workers)
                    inflight.append((batch, pool.submit(_worker_batch, batch)))
            if not inflight:
                return
            batch, future = inflight.popleft()
            try:
                result = _from_wire(future.result())
            except BrokenProcessPool:
                pool, inflight = _renew(pool, inflight, workers)
                result = _isolated(batch)
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _renew(
    pool: ProcessPoolExecutor,
    inflight: deque[tuple[list[AnalysisInput], Future[list[tuple[int, dict]]]]],
    workers: int,
) -> tuple[ProcessPoolExecutor, deque[tuple[list[AnalysisInput], Future[list[tuple[int, dict]]]]]]:
    """A fresh pool after a worker died; batches already finished keep their results, the
    rest (every future of a broken pool fails) are submitted again."""
    pool.shutdown(wait=False, cancel_futures=True)
    fresh = ProcessPoolExecutor(max_workers=workers)
    kept: deque[tuple[list[AnalysisInput], Future[list[tuple[int, dict]]]]] = deque()
    for batch, future in inflight:
        finished = future.done() and not future.cancelled() and future.exception() is None
        kept.append((batch, future if finished else fresh.submit(_worker_batch, batch)))
    return fresh, kept
