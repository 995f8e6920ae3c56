"""``onrecord eval dates``: publication dates read from the text, with the metadata withheld.

Each AllSides article is turned into a Document exactly as ``onrecord ingest`` does, but with
its ``date``, ``url`` and ``source_url`` removed; the text-date rules then date it or abstain,
and the withheld date is the gold. What the user sees is whether a shown date is right, so the
scores are coverage (dated / articles with a gold date), exact-day and within-2-days accuracy of
the dated ones, and the **wrong rate**: dated more than 2 days away from the gold, over dated.
Two days of slack absorb time zones and wire copy run the next morning; a date further off puts
a quote in the wrong news cycle.

The split is fixed by a hash of the article id (70% dev, 30% test): thresholds were tuned on
dev only, and test is reported once (docs/benchmarks.md). ``--curve`` sweeps the news-cycle
support threshold to show the precision/coverage trade-off.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import click

from onrecord.ingest.dates import SUPPORT, infer_publication_date, normalize_date
from onrecord.ingest.records import FieldMap, record_to_document
from onrecord.models import Document

DEFAULT_CORPUS = "../shared/corpora/allsides-news/data/jsons"
WITHHELD = ("date", "url", "source_url")
NEAR_DAYS = 2


def split_of(article_id: str) -> str:
    """Split "dev" or "test", stable across runs and machines (not Python's salted hash)."""
    return "dev" if int(hashlib.md5(article_id.encode()).hexdigest(), 16) % 10 < 7 else "test"


@dataclass
class Article:
    id: str
    gold: str | None
    doc: Document


@dataclass
class DateScores:
    articles: int = 0  # with a gold date
    dated: int = 0
    exact: int = 0
    near: int = 0  # within NEAR_DAYS
    by_rule: dict[str, list[int]] = field(default_factory=dict)  # rule -> [dated, wrong]
    wrong_examples: list[dict[str, Any]] = field(default_factory=list)

    @property
    def wrong(self) -> int:
        return self.dated - self.near

    def summary(self) -> dict[str, Any]:
        def pct(a: int, b: int) -> float | None:
            return round(100 * a / b, 2) if b else None

        return {
            "articles": self.articles,
            "dated": self.dated,
            "coverage_pct": pct(self.dated, self.articles),
            "exact": self.exact,
            "exact_pct": pct(self.exact, self.dated),
            "within_2_days": self.near,
            "within_2_days_pct": pct(self.near, self.dated),
            "wrong": self.wrong,
            "wrong_pct": pct(self.wrong, self.dated),
            "by_rule": {r: {"dated": d, "wrong": w} for r, (d, w) in sorted(self.by_rule.items())},
        }


def read_articles(corpus: Path, split: str) -> tuple[list[Article], list[str]]:
    """Articles of the split as ingest would read them with dates withheld, and the files
    that could not be read (reported, not fatal)."""
    articles: list[Article] = []
    problems: list[str] = []
    for path in sorted(corpus.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: {exc}")
            continue
        if not isinstance(record, dict):
            problems.append(f"{path.name}: not a JSON object")
            continue
        article_id = str(record.get("ID") or path.stem)
        if split != "all" and split_of(article_id) != split:
            continue
        gold = normalize_date(record.get("date"))
        stripped = {k: v for k, v in record.items() if k not in WITHHELD}
        doc = record_to_document(stripped, FieldMap(list(stripped)), path.name, "json")
        if not isinstance(doc, Document):
            problems.append(f"{path.name}: {doc.reason}")
            continue
        articles.append(Article(article_id, gold, doc))
    return articles, problems


def score(articles: list[Article], *, support: int = SUPPORT, examples: int = 0) -> DateScores:
    s = DateScores()
    for a in articles:
        if a.gold is None:
            continue
        s.articles += 1
        found = infer_publication_date(
            a.doc.text, title=a.doc.title, caption=a.doc.caption, support=support
        )
        if found.date is None:
            continue
        s.dated += 1
        off = (date.fromisoformat(found.date) - date.fromisoformat(a.gold)).days
        rule = s.by_rule.setdefault(found.rule or "?", [0, 0])
        rule[0] += 1
        s.exact += off == 0
        if abs(off) <= NEAR_DAYS:
            s.near += 1
        else:
            rule[1] += 1
            if len(s.wrong_examples) < examples:
                s.wrong_examples.append(
                    {"id": a.id, "gold": a.gold, "inferred": found.date, "rule": found.rule}
                )
    return s


def curve(articles: list[Article], supports: range) -> list[dict[str, Any]]:
    out = []
    for k in supports:
        summary = score(articles, support=k).summary()
        out.append({"support": k, **{key: summary[key] for key in
                    ("dated", "coverage_pct", "exact_pct", "wrong", "wrong_pct")}})  # fmt: skip
    return out


@click.command()
@click.option(
    "--corpus",
    default=DEFAULT_CORPUS,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of AllSides article JSON files.",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="dev",
    show_default=True,
    help="Articles by a hash of their id: dev (70%, for tuning), test (30%), or all.",
)
@click.option("--curve", "with_curve", is_flag=True, help="Sweep the news-cycle support.")
@click.option("--examples", type=int, default=0, help="List this many wrong dates.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(corpus: Path, split: str, with_curve: bool, examples: int, as_json: bool) -> None:
    """Publication dates inferred from text (AllSides, dates withheld): coverage and wrong rate."""
    if not corpus.is_dir():
        raise click.ClickException(f"AllSides corpus not found at {corpus}")
    t0 = time.perf_counter()
    articles, problems = read_articles(corpus, split)
    if not articles:
        raise click.ClickException(f"no article JSON files in {corpus}")
    scores = score(articles, examples=examples)
    out: dict[str, Any] = {
        "corpus": str(corpus),
        "split": split,
        "support": SUPPORT,
        **scores.summary(),
        "unreadable": problems,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    if with_curve:
        out["curve"] = curve(articles, range(1, 11))
    if examples:
        out["wrong_examples"] = scores.wrong_examples
    if as_json:
        click.echo(json.dumps(out, indent=2))
        return
    click.echo(f"{split}: {out['articles']} articles with a date (withheld), "
               f"{out['dated']} dated from text ({out['coverage_pct']}%)")  # fmt: skip
    click.echo(f"  exact day {out['exact_pct']}%, within 2 days {out['within_2_days_pct']}%, "
               f"wrong {out['wrong']} ({out['wrong_pct']}% of dated)")  # fmt: skip
    for rule, v in out["by_rule"].items():
        click.echo(f"  rule {rule:<11} dated {v['dated']:>4}  wrong {v['wrong']:>3}")
    for p in problems:
        click.echo(f"  unreadable: {p}")
    if with_curve:
        click.echo("  support  dated  coverage%  exact%  wrong  wrong%")
        for row in out["curve"]:
            click.echo(f"  {row['support']:>7}  {row['dated']:>5}  {row['coverage_pct']!s:>9}  "
                       f"{row['exact_pct']!s:>6}  {row['wrong']:>5}  {row['wrong_pct']!s:>6}")  # fmt: skip
    for ex in scores.wrong_examples:
        click.echo(
            f"  wrong: {ex['id']} gold {ex['gold']} inferred {ex['inferred']} ({ex['rule']})"
        )
