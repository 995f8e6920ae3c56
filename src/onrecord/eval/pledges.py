"""``onrecord eval pledges``: commitments found in AllSides articles against hand annotations.

Gold: ``tests/data/pledges_gold.jsonl`` (guidelines in ``tests/data/pledges_gold.md``), one line
per article: ``{"id", "split", "pledges": [{"start", "end", "donors", "amount", "currency",
"status"}]}`` with character offsets into the article's ``content_original``. The articles
themselves are read from the corpus directory and never stored with the annotations.

Matching: a system pledge and a gold pledge *match* when their spans overlap; matching is
one-to-one, preferring pairs that agree on the amount, then on donors, then the larger
overlap (a sentence often holds two commitments, and the scorer must pair them sensibly).
Precision = matched system pledges / system pledges, recall = matched gold / gold.
On the matched pairs:

- donor overlap: Jaccard of the two donor sets, where two names are the same donor when
  their normalised forms are equal or one's words contain the other's ("Trump" ~ "Trump
  administration", "Quillin" ~ "Patty Quillin"); donor exact = share of pairs with Jaccard 1;
- amount accuracy: both without an amount, or amounts within 0.5% and the same currency;
- status accuracy: same status (pledged | announced | agreed | delivered);
- quantity: for gold commitments that are not money (troops, equipment, in-kind aid, with
  ``kind``, ``quantity`` and ``unit``), the share of matched pairs with the same quantity.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from onrecord.eval.matching import greedy_pairs
from onrecord.models import Pledge
from onrecord.nlp.money.pledges import normalize_donor

REPO = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = REPO / "tests" / "data" / "pledges_gold.jsonl"
DEFAULT_CORPUS = "../shared/corpora/allsides-news/data/jsons"


@dataclass
class GoldPledge:
    start: int
    end: int
    donors: list[str]
    amount: float | None
    currency: str | None
    status: str
    # commitments that are not money: "450 troops" -> quantity 450.0, unit "troops"
    kind: str | None = None
    quantity: float | None = None
    unit: str | None = None
    # the person who announced a state's or organisation's commitment (not scored)
    announced_by: str | None = None


@dataclass
class GoldDoc:
    id: str
    split: str
    pledges: list[GoldPledge]


@dataclass
class Counts:
    docs: int = 0
    gold: int = 0
    system: int = 0
    matched: int = 0
    donor_jaccard: float = 0.0  # summed over matched pairs
    donor_exact: int = 0
    amount_match: int = 0
    status_match: int = 0
    quantity_gold: int = 0  # matched pairs whose gold states a quantity of non-money
    quantity_match: int = 0

    def add(self, other: Counts) -> None:
        for name in asdict(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Scores:
    split: str
    counts: Counts
    precision: float
    recall: float
    f1: float
    donor_overlap: float
    donor_exact: float
    amount_accuracy: float
    status_accuracy: float
    quantity_accuracy: float = 0.0  # over matched pairs whose gold states a quantity


@dataclass
class Report:
    scores: list[Scores]
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)


def read_gold(path: Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            docs.append(
                GoldDoc(
                    id=row["id"],
                    split=row.get("split", "test"),
                    pledges=[GoldPledge(**p) for p in row["pledges"]],
                )
            )
    return docs


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", normalize_donor(name).lower()))


def same_donor(a: str, b: str) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def donor_jaccard(gold: Sequence[str], system: Sequence[str]) -> float:
    """Soft Jaccard: |matched| / (|gold| + |system| - |matched|); both empty counts as 1."""
    if not gold and not system:
        return 1.0
    used: set[int] = set()
    matched = 0
    for g in gold:
        for i, s in enumerate(system):
            if i not in used and same_donor(g, s):
                used.add(i)
                matched += 1
                break
    return matched / (len(gold) + len(system) - matched)


def same_amount(gold: GoldPledge, system: Pledge) -> bool:
    if gold.amount is None or system.amount is None:
        return gold.amount is None and system.amount is None
    close = abs(gold.amount - system.amount) <= 0.005 * max(abs(gold.amount), 1.0)
    return close and gold.currency == system.currency


def match(gold: Sequence[GoldPledge], system: Sequence[Pledge]) -> list[tuple[int, int]]:
    """One-to-one (gold, system) pairs with overlapping spans, best agreement first."""
    candidates: list[tuple[tuple[int, float, int], int, int]] = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                key = (int(same_amount(g, s)), donor_jaccard(g.donors, s.donors), overlap)
                candidates.append((key, gi, si))
    candidates.sort(key=lambda c: c[0], reverse=True)
    return sorted(greedy_pairs((gi, si) for _, gi, si in candidates))


def count(gold: Sequence[GoldPledge], system: Sequence[Pledge]) -> Counts:
    counts = Counts(docs=1, gold=len(gold), system=len(system))
    for gi, si in match(gold, system):
        g, s = gold[gi], system[si]
        counts.matched += 1
        jac = donor_jaccard(g.donors, s.donors)
        counts.donor_jaccard += jac
        counts.donor_exact += jac == 1.0
        counts.amount_match += same_amount(g, s)
        counts.status_match += g.status == s.status
        if g.quantity is not None:
            counts.quantity_gold += 1
            counts.quantity_match += s.quantity is not None and abs(g.quantity - s.quantity) <= (
                0.005 * g.quantity
            )
    return counts


def scores(split: str, counts: Counts) -> Scores:
    def ratio(a: float, b: int) -> float:
        return a / b if b else 0.0

    p, r = ratio(counts.matched, counts.system), ratio(counts.matched, counts.gold)
    return Scores(
        split=split,
        counts=counts,
        precision=p,
        recall=r,
        f1=2 * p * r / (p + r) if p + r else 0.0,
        donor_overlap=ratio(counts.donor_jaccard, counts.matched),
        donor_exact=ratio(counts.donor_exact, counts.matched),
        amount_accuracy=ratio(counts.amount_match, counts.matched),
        status_accuracy=ratio(counts.status_match, counts.matched),
        quantity_accuracy=ratio(counts.quantity_match, counts.quantity_gold),
    )


def _errors(doc: GoldDoc, system: Sequence[Pledge], text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pairs = match(doc.pledges, system)
    matched_g = {g for g, _ in pairs}
    matched_s = {s for _, s in pairs}
    for gi, g in enumerate(doc.pledges):
        if gi not in matched_g:
            out.append(
                {"id": doc.id, "kind": "miss", "donors": g.donors, "amount": g.amount,
                 "text": text[g.start : g.end][:200]}
            )  # fmt: skip
    for si, s in enumerate(system):
        if si not in matched_s:
            out.append(
                {"id": doc.id, "kind": "spurious", "donors": s.donors, "amount": s.amount,
                 "text": text[s.start : s.end][:200]}
            )  # fmt: skip
    for gi, si in pairs:
        g, s = doc.pledges[gi], system[si]
        if donor_jaccard(g.donors, s.donors) < 1.0 or not same_amount(g, s):
            out.append(
                {"id": doc.id, "kind": "mismatch", "gold_donors": g.donors,
                 "donors": s.donors, "gold_amount": g.amount, "amount": s.amount,
                 "gold_currency": g.currency, "currency": s.currency,
                 "text": text[g.start : g.end][:200]}
            )  # fmt: skip
    return out


def _article(corpus: Path, doc_id: str) -> tuple[str, str | None]:
    data = json.loads((corpus / f"{doc_id}.json").read_text(encoding="utf-8"))
    date = data.get("date") or None
    if date and not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        date = None  # a few files carry m/d/yy; the extractor wants ISO or nothing
    return data["content_original"], date


def evaluate(gold: Sequence[GoldDoc], corpus: Path, with_errors: bool = False) -> Report:
    """Run the full per-document analysis on each article and score its pledges."""
    from onrecord.nlp.analyze import analyze_doc
    from onrecord.nlp.pipeline import load_nlp

    nlp = load_nlp()
    started = time.perf_counter()
    articles = [_article(corpus, d.id) for d in gold]
    per_split: dict[str, Counts] = {}
    errors: list[dict[str, Any]] = []
    parsed = nlp.pipe((text for text, _ in articles), batch_size=8)
    for doc, (text, dct), spacy_doc in zip(gold, articles, parsed, strict=True):
        system = analyze_doc(spacy_doc, dct).pledges
        counts = count(doc.pledges, system)
        per_split.setdefault(doc.split, Counts()).add(counts)
        if with_errors:
            errors.extend(_errors(doc, system, text))
    total = Counts()
    for c in per_split.values():
        total.add(c)
    results = [scores(name, per_split[name]) for name in sorted(per_split)]
    results.append(scores("all", total))
    return Report(scores=results, seconds=time.perf_counter() - started, errors=errors)


def _resolve(path: str) -> Path:
    candidate = Path(path)
    if candidate.exists() or candidate.is_absolute():
        return candidate
    return REPO / path  # relative to the repository, whatever the working directory


@click.command()
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_GOLD,
    show_default=True,
    help="Annotations (JSON lines, offsets into content_original).",
)
@click.option(
    "--corpus",
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Directory of AllSides article JSON files named <ID>.json.",
)
@click.option("--split", "only_split", default=None, help="Score only this split (dev|test).")
@click.option("--errors", "show_errors", is_flag=True, help="List misses and spurious pledges.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(
    gold_path: Path, corpus: str, only_split: str | None, show_errors: bool, as_json: bool
) -> None:
    """Score pledge extraction against hand-annotated AllSides articles."""
    corpus_dir = _resolve(corpus)
    if not corpus_dir.is_dir():
        raise click.ClickException(f"corpus not found: {corpus_dir}")
    gold = read_gold(gold_path)
    if only_split:
        gold = [d for d in gold if d.split == only_split]
        if not gold:
            raise click.ClickException(f"no gold documents in split {only_split!r}")
    report = evaluate(gold, corpus_dir, with_errors=show_errors)
    if as_json:
        click.echo(json.dumps(asdict(report), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{'split':<6} {'docs':>4} {'gold':>5} {'sys':>5} {'match':>5} {'P':>6} {'R':>6} "
        f"{'F1':>6} {'donor':>6} {'d.exact':>7} {'amount':>6} {'status':>6} {'qty':>9}"
    )
    for s in report.scores:
        c = s.counts
        click.echo(
            f"{s.split:<6} {c.docs:>4} {c.gold:>5} {c.system:>5} {c.matched:>5} "
            f"{100 * s.precision:>6.2f} {100 * s.recall:>6.2f} {100 * s.f1:>6.2f} "
            f"{100 * s.donor_overlap:>6.2f} {100 * s.donor_exact:>7.2f} "
            f"{100 * s.amount_accuracy:>6.2f} {100 * s.status_accuracy:>6.2f} "
            f"{c.quantity_match:>4}/{c.quantity_gold:<4}"
        )
    click.echo(f"({report.seconds:.1f}s)")
    for err in report.errors:
        click.echo(json.dumps(err, ensure_ascii=False))
