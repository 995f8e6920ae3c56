"""``onrecord eval stories``: story clustering on ECB+ against its gold sub-topics.

Every document of the chosen topics is clustered together (the clusterer is not told the
topics). Gold stories are the sub-topics: ``(topic, ecb)`` and ``(topic, ecbplus)`` are two
different events of the same kind, which is exactly the case stories must not merge.

Documents carry no publication date, so dates come from the text (TIMEX extraction without a
document creation time: only explicit, year-bearing dates resolve to a day), and entities and
places from spaCy NER. Scores: B-cubed and pairwise precision/recall/F1, for our clusterer
and, in the same run, a TF-IDF-only agglomerative baseline (average-link cosine). Thresholds of
both were tuned on the train/dev topics (1-35); the default reports the test topics (36-45).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import click
import numpy as np

from onrecord.eval.ecbplus import (
    DEV_TOPICS,
    TEST_TOPICS,
    TRAIN_TOPICS,
    EcbDocument,
    parse_topics,
    read_corpus,
)
from onrecord.link.stories import StoryClusterer, StoryDoc, StoryParams

DEFAULT_CORPUS = "../shared/corpora/ecbplus/ECB+_LREC2014/ECB+"
BASELINE_THRESHOLD = 0.85  # cosine distance, tuned on topics 1-35 (see docs/benchmarks.md)

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART"}
PLACE_LABELS = {"GPE"}

# ---------------------------------------------------------------------------------------------
# cheap extractors (no NLP pipeline): explicit dates and capitalised names

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    re.compile(rf"\b{_MON}\s+{_DAYNUM},?\s+{_YEAR}\b", re.I),  # August 10, 2011
    re.compile(rf"\b{_DAYNUM}\s+{_MON},?\s+{_YEAR}\b", re.I),  # 10 August 2011
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2011-08-10
]


def explicit_dates(text: str) -> list[str]:
    """Day-precision dates written out with their year (no anchoring, nothing relative)."""
    out: list[tuple[int, str]] = []
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            month = int(g["mnum"]) if g.get("mnum") else _MONTHS[g["mon"].lower()]
            day, year = int(g["day"]), int(g["year"])
            try:
                from datetime import date

                out.append((m.start(), date(year, month, day).isoformat()))
            except ValueError:
                continue
    return [d for _, d in sorted(out)]


_CAPS = re.compile(
    r"\b[A-Z][\w'’.-]*[a-z][\w'’-]*(?:\s+(?:of\s+|de\s+)?[A-Z][\w'’-]*[a-z][\w'’-]*)*"
)
_CAPS_STOP = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "At", "But", "And", "This",
    "That", "There", "These", "Those", "His", "Her", "Their", "Our", "Its", "If", "As", "For",
    "After", "Before", "When", "While", "Mr", "Mrs", "Ms", "Dr", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "So", "Not", "Yet",
}  # fmt: skip


def cheap_entities(text: str) -> list[str]:
    """Capitalised word runs as a stand-in for NER where a spaCy pass is too slow (bench)."""
    out = []
    for m in _CAPS.finditer(text):
        words = m.group(0).split()
        while words and words[0] in _CAPS_STOP:
            words = words[1:]
        if words and not (len(words) == 1 and len(words[0]) < 3):
            out.append(" ".join(words))
    return out


# ---------------------------------------------------------------------------------------------
# features from the NLP pipeline


_ANCHORED = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date_values(values: Sequence[str | None]) -> list[str]:
    """Fully anchored calendar values: days gate stories, years/months are soft evidence."""
    return [v for v in values if v and _ANCHORED.fullmatch(v)]


def story_docs(docs: Sequence[EcbDocument]) -> list[StoryDoc]:
    """StoryDocs with spaCy entities/places and text dates (TIMEX rules, no DCT)."""
    from onrecord.nlp.pipeline import load_nlp

    try:
        from onrecord.nlp.time.timex import extract_timexes
    except ImportError:  # the TIMEX module is optional here: fall back to explicit dates
        extract_timexes = None  # type: ignore[assignment]

    nlp = load_nlp()
    out = []
    for i, (d, sp) in enumerate(zip(docs, nlp.pipe(d.text for d in docs), strict=True)):
        if extract_timexes is not None:
            dates = _date_values([t.value for t in extract_timexes(sp, None) if t.type == "DATE"])
        else:
            dates = explicit_dates(d.text) + re.findall(r"\b(?:19|20)\d\d\b", d.text)
        out.append(
            StoryDoc(
                id=i,
                title=d.title,
                text=d.text,
                published=None,
                entities=[e.text for e in sp.ents if e.label_ in ENTITY_LABELS],
                places=[e.text for e in sp.ents if e.label_ in PLACE_LABELS],
                dates=dates,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# scores


@dataclass
class PRF:
    p: float
    r: float
    f1: float


def _prf(p: float, r: float) -> PRF:
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: Sequence[Any], gold: Sequence[Any]) -> PRF:
    """B-cubed precision/recall over items (Bagga & Baldwin 1998)."""
    n = len(gold)
    if n == 0:
        return PRF(0.0, 0.0, 0.0)
    joint = Counter(zip(pred, gold, strict=True))
    psize, gsize = Counter(pred), Counter(gold)
    p = sum(c * c / psize[pc] for (pc, _), c in joint.items()) / n
    r = sum(c * c / gsize[gc] for (_, gc), c in joint.items()) / n
    return _prf(p, r)


def pairwise(pred: Sequence[Any], gold: Sequence[Any]) -> PRF:
    """Precision/recall of same-cluster document pairs."""

    def pairs(labels: Sequence[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels).values())

    both = pairs(list(zip(pred, gold, strict=True)))
    pp, gp = pairs(pred), pairs(gold)
    return _prf(both / pp if pp else 0.0, both / gp if gp else 0.0)


# ---------------------------------------------------------------------------------------------
# systems


def run_clusterer(
    docs: Sequence[StoryDoc],
    params: StoryParams | None = None,
    background: Sequence[str] = (),
) -> list[int]:
    """Cluster ``docs``; ``background`` texts only feed term statistics (no labels)."""
    clusterer = StoryClusterer(params)
    clusterer.observe(background)
    assign = clusterer.add_many(docs)
    return [assign[d.id] for d in docs]


def tfidf_agglomerative(texts: Sequence[str], threshold: float = BASELINE_THRESHOLD) -> list[int]:
    """Baseline: TF-IDF vectors, average-link agglomerative clustering on cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return [0] * len(texts)
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    return [int(v) for v in model.fit_predict(x.toarray())]


# ---------------------------------------------------------------------------------------------
# tuning (on train/dev topics only)

GRID: dict[str, list[Any]] = {
    "threshold": [0.25, 0.3, 0.35],
    "text_weight": [0.7, 0.85, 1.0],
    "key_entity_weight": [0.0, 0.1, 0.15, 0.2],
    "inferred_penalty": [0.1, 0.2],
}
BASELINE_GRID = [round(x, 2) for x in np.arange(0.5, 0.96, 0.05)]


def tune(
    docs: Sequence[StoryDoc],
    gold: Sequence[str],
    background: Sequence[str] = (),
    base: StoryParams | None = None,
) -> tuple[StoryParams, float, float, float]:
    """Grid-search clusterer params and the baseline threshold by B-cubed F1 on ``docs``."""
    base = base or StoryParams()
    best_params, best_f = base, -1.0
    names = list(GRID)
    for values in itertools.product(*(GRID[n] for n in names)):
        params = replace(base, **dict(zip(names, values, strict=True)))
        f = bcubed(run_clusterer(docs, params, background), gold).f1
        if f > best_f + 1e-9:
            best_params, best_f = params, f
    texts = [d.text for d in docs]
    base_best, base_f = BASELINE_GRID[0], -1.0
    for th in BASELINE_GRID:
        f = bcubed(tfidf_agglomerative(texts, th), gold).f1
        if f > base_f + 1e-9:
            base_best, base_f = th, f
    return best_params, best_f, base_best, base_f


# ---------------------------------------------------------------------------------------------
# command


def _background(corpus: Path, topics: Sequence[int]) -> list[str]:
    """Texts of the other ECB+ topics: term statistics for the clusterer, as a store of
    earlier articles would give (their labels are never read)."""
    others = [t for t in range(1, 46) if t not in set(topics)]
    return [d.text for d in read_corpus(corpus, others)]


def evaluate(
    corpus: Path, topics: Sequence[int], params: StoryParams | None = None
) -> dict[str, Any]:
    started = time.monotonic()
    ecb = read_corpus(corpus, topics)
    if not ecb:
        raise click.ClickException(f"no ECB+ documents for topics {list(topics)} in {corpus}")
    gold = [d.gold for d in ecb]
    docs = story_docs(ecb)
    prepared = time.monotonic()
    background = _background(corpus, topics)
    systems: dict[str, list[int]] = {
        "stories": run_clusterer(docs, params, background),
        "tfidf_agglomerative": tfidf_agglomerative([d.text for d in docs]),
    }
    results: dict[str, Any] = {
        "topics": list(topics),
        "documents": len(docs),
        "gold_stories": len(set(gold)),
        "nlp_seconds": round(prepared - started, 1),
        "background_documents": len(background),
        "systems": {},
    }
    for name, pred in systems.items():
        results["systems"][name] = {
            "stories": len(set(pred)),
            "bcubed": asdict(bcubed(pred, gold)),
            "pairwise": asdict(pairwise(pred, gold)),
        }
    return results


@click.command()
@click.option(
    "--corpus",
    default=DEFAULT_CORPUS,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The ECB+ folder holding one sub-folder per topic.",
)
@click.option(
    "--topics",
    default=f"{TEST_TOPICS[0]}-{TEST_TOPICS[-1]}",
    show_default=True,
    help="Topics to cluster together, e.g. '36-45' or '1,3,5-7'.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--tune",
    "do_tune",
    is_flag=True,
    help="Grid-search thresholds on the train+dev topics (1-35) and print the best ones.",
)
def command(corpus: Path, topics: str, as_json: bool, do_tune: bool) -> None:
    """Story clustering on ECB+: B-cubed and pairwise P/R/F1 against gold sub-topics."""
    if not corpus.is_dir():
        raise click.ClickException(f"ECB+ corpus not found at {corpus}")
    if do_tune:
        tune_topics = sorted(TRAIN_TOPICS + DEV_TOPICS)
        ecb = read_corpus(corpus, tune_topics)
        background = _background(corpus, tune_topics)
        params, f, th, bf = tune(story_docs(ecb), [d.gold for d in ecb], background)
        out = {
            "params": asdict(params),
            "bcubed_f1": f,
            "baseline_threshold": th,
            "baseline_f1": bf,
        }
        click.echo(json.dumps(out, indent=2))
        return
    results = evaluate(corpus, parse_topics(topics))
    if as_json:
        click.echo(json.dumps(results, indent=2))
        return
    click.echo(
        f"ECB+ topics {topics}: {results['documents']} documents, "
        f"{results['gold_stories']} gold stories (NLP {results['nlp_seconds']} s)"
    )
    click.echo(f"{'system':<22}{'stories':>8}  {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6}  "
               f"{'pair P':>6} {'pair R':>6} {'pair F1':>7}")  # fmt: skip
    for name, r in results["systems"].items():
        b, pw = r["bcubed"], r["pairwise"]
        click.echo(
            f"{name:<22}{r['stories']:>8}  {b['p']:>6.3f} {b['r']:>6.3f} {b['f1']:>6.3f}  "
            f"{pw['p']:>6.3f} {pw['r']:>6.3f} {pw['f1']:>7.3f}"
        )
