"""``onrecord eval timex``: TempEval-3 Task A (timex extent, type and value) on TimeML gold.

Scoring follows the official TempEval-3 entity scorer (evaluate_entities.py, UzZaman et al.
2013): a system timex and a gold timex *match relaxed* when their extents overlap and
*strictly* when the extents are identical. Precision counts matched system timexes over all
system timexes, recall matched gold over all gold. Attribute scores are computed over the
relaxed matches: value accuracy = matches with the same value / relaxed matches, and
**value F1 = relaxed F1 x value accuracy** (type F1 likewise) -- the Task A ranking metric.
Matching is one-to-one: each gold timex takes the unmatched system timex that overlaps it
most (the official pipeline aligns ids with an overlap-based normaliser to the same effect).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import click

from onrecord.eval.matching import greedy_pairs
from onrecord.eval.timeml import TimeMLDoc, read_corpus

DEFAULT_CORPUS = "../shared/corpora/tempeval3/te3-platinum"

# Published Task A results on TE3-platinum (UzZaman et al. 2013, Table 3).
ANCHORS: dict[str, dict[str, float]] = {
    "HeidelTime-t": {"relaxed_f1": 90.30, "strict_f1": 81.34, "value_f1": 77.61},
    "SUTime": {"relaxed_f1": 90.32, "strict_f1": 79.57, "value_f1": 67.38},
}


class Span(Protocol):
    start: int
    end: int
    type: str
    value: str | None


@dataclass
class TimexCounts:
    gold: int = 0
    system: int = 0
    relaxed: int = 0  # matched pairs (one-to-one, overlapping extents)
    strict: int = 0  # matched pairs whose extents are identical
    type_match: int = 0
    value_match: int = 0

    def add(self, other: TimexCounts) -> None:
        for name in ("gold", "system", "relaxed", "strict", "type_match", "value_match"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class TimexScores:
    counts: TimexCounts
    strict_p: float
    strict_r: float
    strict_f1: float
    relaxed_p: float
    relaxed_r: float
    relaxed_f1: float
    type_accuracy: float
    value_accuracy: float
    type_f1: float
    value_f1: float
    docs: int = 0
    seconds: float = 0.0
    errors: list[dict[str, object]] = field(default_factory=list)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def match(gold: Sequence[Span], system: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs whose extents overlap, largest overlap first."""
    candidates: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    candidates.sort()
    return sorted(greedy_pairs((gi, si) for _, gi, si in candidates))


def count(gold: Sequence[Span], system: Sequence[Span]) -> TimexCounts:
    counts = TimexCounts(gold=len(gold), system=len(system))
    for gi, si in match(gold, system):
        g, s = gold[gi], system[si]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        counts.type_match += g.type == s.type
        counts.value_match += (g.value or "") == (s.value or "")
    return counts


def scores(counts: TimexCounts) -> TimexScores:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    sp, sr = ratio(counts.strict, counts.system), ratio(counts.strict, counts.gold)
    rp, rr = ratio(counts.relaxed, counts.system), ratio(counts.relaxed, counts.gold)
    rf = _f1(rp, rr)
    type_acc = ratio(counts.type_match, counts.relaxed)
    value_acc = ratio(counts.value_match, counts.relaxed)
    return TimexScores(
        counts=counts,
        strict_p=sp,
        strict_r=sr,
        strict_f1=_f1(sp, sr),
        relaxed_p=rp,
        relaxed_r=rr,
        relaxed_f1=rf,
        type_accuracy=type_acc,
        value_accuracy=value_acc,
        type_f1=rf * type_acc,
        value_f1=rf * value_acc,
    )


def _errors(doc: TimeMLDoc, system: Sequence[Span], text: str) -> list[dict[str, object]]:
    """What went wrong in one document: misses, spurious timexes, extent and value mismatches."""
    out: list[dict[str, object]] = []
    pairs = match(doc.timexes, system)
    matched_g = {g for g, _ in pairs}
    matched_s = {s for _, s in pairs}
    for gi, g in enumerate(doc.timexes):
        if gi not in matched_g:
            out.append({"doc": doc.name, "kind": "miss", "gold": g.text, "value": g.value})
    for si, s in enumerate(system):
        if si not in matched_s:
            out.append(
                {
                    "doc": doc.name,
                    "kind": "spurious",
                    "system": text[s.start : s.end],
                    "value": s.value,
                    "context": text[max(0, s.start - 60) : s.end + 40].replace("\n", " "),
                }
            )
    for gi, si in pairs:
        g, s = doc.timexes[gi], system[si]
        if (
            (g.value or "") != (s.value or "")
            or (g.start, g.end) != (s.start, s.end)
            or g.type != s.type
        ):
            out.append(
                {
                    "doc": doc.name,
                    "kind": "mismatch",
                    "gold": g.text,
                    "system": text[s.start : s.end],
                    "gold_value": g.value,
                    "value": s.value,
                    "gold_type": g.type,
                    "type": s.type,
                    "context": text[max(0, g.start - 60) : g.end + 40].replace("\n", " "),
                }
            )
    return out


def evaluate(docs: Sequence[TimeMLDoc], with_errors: bool = False) -> TimexScores:
    """Run the extractor on each document's plain text with its DCT and score it."""
    from onrecord.nlp.pipeline import load_nlp
    from onrecord.nlp.time.timex import extract_timexes

    nlp = load_nlp()
    total = TimexCounts()
    errors: list[dict[str, object]] = []
    started = time.perf_counter()
    texts = [d.text for d in docs]
    for doc, parsed in zip(docs, nlp.pipe(texts, batch_size=16), strict=True):
        system = extract_timexes(parsed, doc.dct)
        total.add(count(doc.timexes, system))
        if with_errors:
            errors.extend(_errors(doc, system, doc.text))
    result = scores(total)
    result.docs = len(docs)
    result.seconds = time.perf_counter() - started
    result.errors = errors
    return result


def _resolve_corpus(corpus: str) -> Path:
    path = Path(corpus)
    return path.resolve() if path.exists() else path


def _table(result: TimexScores, corpus: Path) -> str:
    c = result.counts
    pct = lambda x: f"{100 * x:6.2f}"  # noqa: E731
    lines = [
        f"TempEval-3 Task A (timexes) on {corpus}",
        f"{result.docs} documents, {c.gold} gold timexes, {c.system} system timexes, "
        f"{result.seconds:.1f}s",
        "",
        f"{'':<10}{'F1':>8}{'P':>8}{'R':>8}",
        f"{'strict':<10}{pct(result.strict_f1):>8}{pct(result.strict_p):>8}{pct(result.strict_r):>8}",
        f"{'relaxed':<10}{pct(result.relaxed_f1):>8}{pct(result.relaxed_p):>8}"
        f"{pct(result.relaxed_r):>8}",
        "",
        f"value F1 {pct(result.value_f1)}   (value accuracy {pct(result.value_accuracy)})",
        f"type F1  {pct(result.type_f1)}   (type accuracy  {pct(result.type_accuracy)})",
        "",
        "Published anchors on TE3-platinum (UzZaman et al. 2013, Table 3):",
    ]
    for name, anchor in ANCHORS.items():
        lines.append(
            f"  {name:<14} value F1 {anchor['value_f1']:.2f}  relaxed F1 {anchor['relaxed_f1']:.2f}"
            f"  strict F1 {anchor['strict_f1']:.2f}"
        )
    return "\n".join(lines)


@click.command()
@click.option(
    "--corpus",
    default=DEFAULT_CORPUS,
    show_default=True,
    help="A TimeML .tml file or a folder of them (searched recursively).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list misses and wrong values.")
def command(corpus: str, as_json: bool, show_errors: bool) -> None:
    """Score temporal expression extraction against TempEval-3 TimeML gold (Task A)."""
    path = _resolve_corpus(corpus)
    if not path.exists():
        raise click.ClickException(f"corpus not found: {path}")
    docs = read_corpus(path)
    if not docs:
        raise click.ClickException(f"no .tml files under {path}")
    result = evaluate(docs, with_errors=show_errors)
    if as_json:
        payload = asdict(result)
        if not show_errors:
            payload.pop("errors")
        payload["corpus"] = str(path)
        payload["anchors"] = ANCHORS
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(_table(result, path))
    if show_errors:
        for err in result.errors:
            click.echo(json.dumps(err, ensure_ascii=False), file=sys.stdout)


if __name__ == "__main__":
    command()
