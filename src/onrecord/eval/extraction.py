"""``onrecord eval extraction``: article-body extraction on the Zyte article-extraction-benchmark.

The metric is the benchmark's own (scrapinghub/article-extraction-benchmark, evaluate.py),
re-implemented here: texts are split into ``\\w+`` tokens, each page's 4-token shingles are
compared as multisets (TP/FP/FN), the three counts are normalised by their sum so every page
weighs the same, precision and recall are averaged over pages (pages with an empty
denominator are left out), and F1 = 2PR/(P+R) of those means. Accuracy is the share of pages
whose token sequence equals the ground truth. The ± figures are bootstrap standard deviations
over pages (1000 resamples, fixed seed).

The scorer is checked on every run against the reference outputs shipped with the corpus
(trafilatura 2.0.0 and others), whose published F1 it must reproduce.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import click

from onrecord.ingest.decode import IngestError

DEFAULT_CORPUS = "../shared/corpora/article-extraction-benchmark"

# Published F1 (upstream README), for the reference outputs copied into the corpus.
PUBLISHED_F1 = {
    "AutoExtract": 0.970,
    "go_trafilatura": 0.960,
    "trafilatura": 0.958,
    "readability": 0.922,
    "html-text": 0.665,
}

_TOKEN = re.compile(r"\w+")
Counts = tuple[float, float, float]  # normalised (tp, fp, fn) of one page


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    # a text shorter than n tokens still gives one (short) shingle, as upstream does
    return (
        Counter(zip(*(toks[i:] for i in range(n)), strict=False))  # stops at the shortest
        if len(toks) >= n
        else Counter([tuple(toks)] if toks else [])
    )


def page_counts(true: str, pred: str, n: int = 4) -> Counts:
    t, p = shingles(true, n), shingles(pred, n)
    # multiset overlap: tp = shared shingles; the rest of each side is fp / fn
    tp = float(sum(min(count, p[key]) for key, count in t.items() if key in p))
    fp = float(p.total()) - tp
    fn = float(t.total()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def prf(pages: list[Counts]) -> tuple[float, float, float]:
    """(precision, recall, F1) over pages, as in the benchmark."""
    precision = statistics.mean(_precision(*c) for c in pages if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in pages if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Scores:
    name: str
    pages: int
    precision: float
    recall: float
    f1: float
    accuracy: float
    std: dict[str, float] = field(default_factory=dict)
    failures: int = 0  # pages where nothing was extracted
    seconds: float = 0.0
    published_f1: float | None = None


def score(
    name: str, truth: dict[str, str], predicted: dict[str, str], *, n_bootstrap: int = 1000
) -> Scores:
    keys = sorted(truth)
    pages = [page_counts(truth[k], predicted.get(k, "")) for k in keys]
    exact = [float(tokens(truth[k]) == tokens(predicted.get(k, ""))) for k in keys]
    p, r, f1 = prf(pages)
    rng = random.Random(0)
    samples: dict[str, list[float]] = {"precision": [], "recall": [], "f1": [], "accuracy": []}
    for _ in range(n_bootstrap):
        idx = [rng.randrange(len(keys)) for _ in keys]
        bp, br, bf = prf([pages[i] for i in idx])
        samples["precision"].append(bp)
        samples["recall"].append(br)
        samples["f1"].append(bf)
        samples["accuracy"].append(statistics.mean(exact[i] for i in idx))
    std = {k: statistics.stdev(v) for k, v in samples.items()} if n_bootstrap > 1 else {}
    return Scores(name, len(keys), p, r, f1, statistics.mean(exact), std)


def load_truth(corpus: Path) -> dict[str, str]:
    data = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    return {k: v.get("articleBody") or "" for k, v in data.items()}


def load_reference(path: Path) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("output", data) if isinstance(data, dict) else {}
    return {k: (v or {}).get("articleBody") or "" for k, v in items.items()}


def extract_all(
    corpus: Path, keys: Iterable[str], extractor: Callable[[bytes, str], str]
) -> tuple[dict[str, str], int, float]:
    """Run an extractor over every page: (id → body, pages with no body, seconds)."""
    out: dict[str, str] = {}
    failures = 0
    start = time.perf_counter()
    for key in keys:
        data = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())
        out[key] = extractor(data, key)
        failures += not out[key]
    return out, failures, time.perf_counter() - start


def onrecord_body(data: bytes, key: str) -> str:
    from onrecord.ingest.html import (
        read_html,
    )  # trafilatura takes 0.3 s to import; not at CLI start

    try:
        return read_html(data, key).text
    except IngestError:
        return ""


def plain_trafilatura_body(data: bytes, key: str) -> str:
    # what the benchmark's own trafilatura runner does, with the installed version
    import trafilatura

    return trafilatura.extract(data.decode("utf-8"), include_comments=False) or ""


def _table(rows: list[Scores], corpus: Path) -> str:
    lines = [
        f"Article body extraction on {corpus}",
        f"{rows[0].pages} pages; 4-gram shingle metric of the benchmark; ± bootstrap std",
        "",
        f"{'system':<36}{'F1':>14}{'P':>8}{'R':>8}{'acc':>8}{'published F1':>14}",
    ]
    for s in rows:
        f1 = f"{s.f1:.3f} ± {s.std.get('f1', 0):.3f}" if s.std else f"{s.f1:.3f}"
        pub = f"{s.published_f1:.3f}" if s.published_f1 is not None else ""
        lines.append(
            f"{s.name:<36}{f1:>14}{s.precision:>8.3f}{s.recall:>8.3f}{s.accuracy:>8.3f}{pub:>14}"
        )
    timed = [s for s in rows if s.seconds]
    if timed:
        lines.append("")
        for s in timed:
            lines.append(
                f"{s.name}: {s.seconds:.1f}s ({1000 * s.seconds / s.pages:.0f} ms/page), "
                f"{s.failures} pages with no body"
            )
    return "\n".join(lines)


@click.command()
@click.option("--corpus", default=DEFAULT_CORPUS, show_default=True, help="Benchmark folder.")
@click.option(
    "--compare-trafilatura",
    is_flag=True,
    help="Also run plain trafilatura.extract (installed version), as the benchmark runner does.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(corpus: str, compare_trafilatura: bool, as_json: bool) -> None:
    """Score onrecord's HTML article extraction on the article-extraction-benchmark."""
    path = Path(corpus).resolve() if Path(corpus).exists() else Path(corpus)
    if not (path / "ground-truth.json").exists():
        raise click.ClickException(f"benchmark not found: {path} (needs ground-truth.json)")
    truth = load_truth(path)
    rows: list[Scores] = []
    predicted, failures, seconds = extract_all(path, sorted(truth), onrecord_body)
    ours = score("onrecord read_html", truth, predicted)
    ours.failures, ours.seconds = failures, seconds
    rows.append(ours)
    if compare_trafilatura:
        import trafilatura

        predicted, failures, seconds = extract_all(path, sorted(truth), plain_trafilatura_body)
        plain = score(f"trafilatura {trafilatura.__version__} extract()", truth, predicted)
        plain.failures, plain.seconds = failures, seconds
        rows.append(plain)
    # the shipped reference outputs, scored by this scorer: they must match the published F1
    for ref in sorted((path / "output").glob("*.json")):
        s = score(f"reference: {ref.stem}", truth, load_reference(ref))
        s.published_f1 = PUBLISHED_F1.get(ref.stem)
        rows.append(s)
    if as_json:
        click.echo(json.dumps([s.__dict__ for s in rows], indent=2))
        return
    click.echo(_table(rows, path))
