"""``onrecord eval speakers``: is the speaker the record shows the right person or body?

The PolNeAR speaker figure (``onrecord eval quotes``) only checks that the speaker *mention*
overlaps the gold source span: "he" pointing at the right token scores, whoever "he" became.
This scorer checks the name the record finally shows for a quote against a hand-made gold
set of canonical speakers on AllSides articles.

Gold: ``tests/data/speakers_gold.jsonl`` (guidelines in ``tests/data/speakers_gold.md``), one
line per article: ``{"id", "split", "attributions": [{"quote_start", "quote_end",
"mention_start", "mention_end", "mention_type", "speaker", "speaker_type"}]}``, offsets into
the article's ``content_original``; ``speaker`` is ``null`` when the text does not say who
spoke. The articles are read from the corpus and never stored with the annotations.

Ours: the gold articles go through the real path (store, per-document analysis, corpus
linking) in a throw-away database, and each quote's speaker is what ``onrecord quotes``
shows: the linked entity's canonical name, else the in-document name. textacy (a dev
dependency) runs on a parse by the same spaCy model; its speaker is the text of its speaker tokens, since it
resolves nothing. A third row shows our speaker mention as written, to tell how much the
resolution step adds. Linking sees only the scored articles, not a whole record: a name
written in full in another article of a real record cannot help here.

Matching: a gold attribution and a predicted quote match when their character spans overlap;
pairs are one-to-one, largest overlap first (``matching.greedy_pairs``). Quote recall =
matched / gold, precision = matched / predicted (a lower bound: quotes the annotator did not
count, such as headline quotes, count against it). On matched pairs a speaker is *correct*
when both names are equal after normalisation (case, accents, honorifics, initials and a
leading "the" dropped), or when both are unknown. Errors split into ``none`` (we show no
speaker where the gold names one), ``wrong`` (another name; ``partial`` counts those whose
words are among the gold name's, such as a bare surname, most likely the right person under
an incomplete name) and ``invented`` (a name where the gold says the text does not tell).
Accuracy = correct / matched; ``end_to_end`` = correct / gold, which dropping quotes cannot
raise.
"""

from __future__ import annotations

import importlib.util
import json
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import click

from onrecord.eval.matching import greedy_pairs
from onrecord.nlp.people.roles import HONORIFICS, word_key

REPO = Path(__file__).resolve().parents[3]
DEFAULT_GOLD = REPO / "tests" / "data" / "speakers_gold.jsonl"
DEFAULT_CORPUS = "../shared/corpora/allsides-news/data/jsons"
MENTION_TYPES = ("name", "pronoun", "role", "organisation", "document")
SPEAKER_TYPES = ("person", "organisation", "government", "country", "news_agency")
SYSTEMS = ("onrecord", "onrecord_mention", "textacy")
_ISO = re.compile(r"\d{4}-\d\d-\d\d")
# Titles an article puts before a name ("Sen. Mark S. Kirk") that a record's canonical name
# leaves out; on top of the social honorifics in nlp.roles.
_TITLES = frozenset(
    [
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "gen",
        "general",
        "adm",
        "admiral",
        "capt",
        "col",
        "lt",
        "sgt",
        "pres",
        "president",
        "vice",
        "hon",
        "judge",
        "justice",
        "mayor",
        "secretary",
        "sec",
        "chairman",
        "chairwoman",
    ]
)


@dataclass
class GoldAttribution:
    quote_start: int
    quote_end: int
    mention_start: int | None
    mention_end: int | None
    mention_type: str
    speaker: str | None
    speaker_type: str | None


@dataclass
class GoldDoc:
    id: str
    split: str
    attributions: list[GoldAttribution]


@dataclass
class Predicted:
    start: int
    end: int
    speaker: str | None


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    correct: int = 0
    none: int = 0  # no speaker shown where the gold names one
    wrong: int = 0  # another name
    partial: int = 0  # of wrong: the shown name is part of the gold one ("Jones", "Van Jones")
    invented: int = 0  # a name where the gold says the text does not tell

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Scores:
    counts: Counts
    accuracy: float  # correct / matched
    end_to_end: float  # correct / gold
    recall: float
    precision: float | None  # None in the per-type rows: a prediction has no gold type


@dataclass
class SystemReport:
    overall: Scores
    by_mention_type: dict[str, Scores]
    by_speaker_type: dict[str, Scores]


@dataclass
class Report:
    split: str
    docs: int
    seconds: float
    textacy_failed_docs: int  # -1: textacy is not installed
    systems: dict[str, SystemReport]
    errors: list[dict[str, Any]] = field(default_factory=list)


# ---- gold ----


def read_gold(path: Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            atts = [GoldAttribution(**a) for a in row["attributions"]]
            for a in atts:
                if a.mention_type not in MENTION_TYPES:
                    raise ValueError(f"{path}:{n}: unknown mention_type {a.mention_type!r}")
                if a.speaker_type is not None and a.speaker_type not in SPEAKER_TYPES:
                    raise ValueError(f"{path}:{n}: unknown speaker_type {a.speaker_type!r}")
            docs.append(GoldDoc(id=row["id"], split=row["split"], attributions=atts))
    return docs


def read_article(corpus: Path, doc_id: str) -> dict[str, Any]:
    return json.loads((corpus / f"{doc_id}.json").read_text(encoding="utf-8"))


# ---- names ----


def normalize_name(name: str | None) -> str | None:
    """The comparison key of a speaker name; None for no name.

    Honorifics and initials differ between how an article and the record write a name
    ("Sen. Mark S. Kirk" / "Mark Kirk"); suffixes such as "Jr." stay, since they tell
    people apart.
    """
    if name is None:
        return None
    parts = [word_key(p) for p in re.split(r"[\s,]+", name.strip()) if p]
    parts = [p for p in parts if p]
    while len(parts) > 1 and (parts[0] in HONORIFICS or parts[0] in _TITLES or parts[0] == "the"):
        parts = parts[1:]
    if len(parts) > 1:
        parts = [p for p in parts if len(p.strip(".")) > 1]
    key = " ".join(parts).replace("\u2019", "'")
    return key or None


def same_speaker(gold: str | None, pred: str | None) -> bool:
    return normalize_name(gold) == normalize_name(pred)


_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


def part_of(gold: str | None, pred: str | None) -> bool:
    """The shown name's words are among the gold name's ("Trump", "Trump Donald" for
    Donald Trump): likely the right person under an incomplete name. Never when the gold
    has a generational suffix, since "Donald Trump" is not Donald Trump Jr."""
    g, p = normalize_name(gold), normalize_name(pred)
    if not g or not p:
        return False
    gw, pw = set(g.replace(".", "").split()), set(p.replace(".", "").split())
    return not gw & _SUFFIXES and pw <= gw


# ---- scoring ----


def match(gold: Sequence[GoldAttribution], pred: Sequence[Predicted]) -> list[tuple[int, int]]:
    """One-to-one (gold, predicted) pairs whose quote spans overlap, largest overlap first."""
    cands: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            both = min(g.quote_end, p.end) - max(g.quote_start, p.start)
            if both > 0:
                cands.append((both, gi, pi))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    return greedy_pairs((gi, pi) for _, gi, pi in cands)


def _judge(g: GoldAttribution, p: Predicted) -> str:
    if same_speaker(g.speaker, p.speaker):
        return "correct"
    if g.speaker is None:
        return "invented"
    return "none" if normalize_name(p.speaker) is None else "wrong"


def count(
    gold: Sequence[GoldAttribution], pred: Sequence[Predicted]
) -> tuple[dict[str, Counts], list[tuple[int, int, str]]]:
    """Counts keyed "all", "mention:<type>" and "speaker:<type>"; also the judged pairs."""
    out: dict[str, Counts] = {"all": Counts(pred=len(pred))}

    def keys(g: GoldAttribution) -> list[str]:
        return ["all", f"mention:{g.mention_type}", f"speaker:{g.speaker_type or 'unknown'}"]

    for g in gold:
        for k in keys(g):
            out.setdefault(k, Counts()).gold += 1
    judged: list[tuple[int, int, str]] = []
    for gi, pi in match(gold, pred):
        verdict = _judge(gold[gi], pred[pi])
        judged.append((gi, pi, verdict))
        for k in keys(gold[gi]):
            c = out.setdefault(k, Counts())
            c.matched += 1
            if verdict == "correct":
                c.correct += 1
            else:
                setattr(c, verdict, getattr(c, verdict) + 1)
                c.partial += verdict == "wrong" and part_of(gold[gi].speaker, pred[pi].speaker)
    return out, judged


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def scores(c: Counts) -> Scores:
    return Scores(
        counts=c,
        accuracy=_ratio(c.correct, c.matched),
        end_to_end=_ratio(c.correct, c.gold),
        recall=_ratio(c.matched, c.gold),
        precision=_ratio(c.matched, c.pred) if c.pred else None,
    )


def system_report(totals: dict[str, Counts]) -> SystemReport:
    return SystemReport(
        overall=scores(totals.get("all", Counts())),
        by_mention_type={
            t: scores(totals.get(f"mention:{t}", Counts()))
            for t in ("name", "pronoun", "role", "organisation", "document")
        },
        by_speaker_type={
            t: scores(totals.get(f"speaker:{t}", Counts())) for t in (*SPEAKER_TYPES, "unknown")
        },
    )


# ---- predictions ----


def ours(
    articles: Sequence[tuple[str, dict[str, Any]]],
) -> dict[str, tuple[list[Predicted], list[Predicted]]]:
    """Run ingest's store, the analysis and the corpus linking on the articles, in a throw-away
    database; per article id, (quotes with the shown speaker, quotes with the mention as written).
    """
    from onrecord import queries
    from onrecord.models import Document
    from onrecord.record import Record

    out: dict[str, tuple[list[Predicted], list[Predicted]]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="onrecord-eval-speakers-") as tmp,
        Record(Path(tmp) / "eval.db") as rec,
    ):
        docs = []
        for doc_id, art in articles:
            date = art.get("date") or None
            docs.append(
                Document(
                    text=art["content_original"],
                    source=f"allsides:{doc_id}",
                    title=art.get("title") or None,
                    outlet=art.get("source") or None,
                    published=date if date and _ISO.fullmatch(date) else None,
                    published_from="metadata" if date and _ISO.fullmatch(date) else None,
                    url=art.get("url") or None,
                    source_type="json",
                )
            )
        results = rec.store.add_documents(docs)
        ids = {}
        for (doc_id, art), res in zip(articles, results, strict=True):
            if res.status != "new":
                raise click.ClickException(f"{doc_id}: stored as {res.status}, not new")
            ids[doc_id] = res.document_id
            stored = rec.store.get_document(res.document_id) or {}
            if stored.get("text") != art["content_original"]:
                # the offsets would not line up: say so rather than score garbage
                raise click.ClickException(f"{doc_id}: the store changed the article text")
        rec.analyze()
        rec.link()
        for doc_id, _ in articles:
            rows = queries.quotes(rec.store, document_id=ids[doc_id])
            shown = [Predicted(r["start"], r["end"], r["speaker"]) for r in rows]
            written = [Predicted(r["start"], r["end"], r["speaker_mention"]) for r in rows]
            out[doc_id] = (shown, written)
    return out


def textacy_quotes(doc: Any) -> list[Predicted] | None:
    """textacy's direct quotations with its speaker tokens as the name; None when it raises."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # raised on an odd number of quotation marks
        return None
    return [
        Predicted(
            tr.content.start_char,
            tr.content.end_char,
            " ".join(t.text for t in tr.speaker) or None,
        )
        for tr in triples
    ]


def evaluate(gold: Sequence[GoldDoc], corpus: Path, with_errors: bool = False) -> Report:
    started = time.perf_counter()
    articles = [(d.id, read_article(corpus, d.id)) for d in gold]
    predicted = ours(articles)
    has_textacy = importlib.util.find_spec("textacy") is not None
    theirs: dict[str, list[Predicted]] = {}
    failed = 0
    if has_textacy:
        from onrecord.nlp.pipeline import load_nlp

        nlp = load_nlp()
        texts = (art["content_original"] for _, art in articles)
        for (doc_id, _), doc in zip(articles, nlp.pipe(texts, batch_size=8), strict=True):
            got = textacy_quotes(doc)
            if got is None:
                failed += 1
            theirs[doc_id] = got or []
    totals: dict[str, dict[str, Counts]] = {s: {} for s in SYSTEMS}
    errors: list[dict[str, Any]] = []
    for d, (_, art) in zip(gold, articles, strict=True):
        shown, written = predicted[d.id]
        per_system = {
            "onrecord": shown,
            "onrecord_mention": written,
            "textacy": theirs.get(d.id, []),
        }
        for name, preds in per_system.items():
            counts, judged = count(d.attributions, preds)
            for k, c in counts.items():
                totals[name].setdefault(k, Counts()).add(c)
            if with_errors and name == "onrecord":
                errors.extend(_errors(d, art["content_original"], preds, judged))
    return Report(
        split="",
        docs=len(gold),
        seconds=time.perf_counter() - started,
        textacy_failed_docs=failed if has_textacy else -1,
        systems={name: system_report(totals[name]) for name in SYSTEMS},
        errors=errors,
    )


def _errors(
    d: GoldDoc, text: str, preds: Sequence[Predicted], judged: Sequence[tuple[int, int, str]]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen = {gi for gi, _, _ in judged}
    for gi, g in enumerate(d.attributions):
        mention = text[g.mention_start : g.mention_end] if g.mention_start is not None else None
        if gi not in seen:
            out.append({"id": d.id, "error": "missed", "mention": mention, "gold": g.speaker,
                        "quote": text[g.quote_start : g.quote_end][:120]})  # fmt: skip
    for gi, pi, verdict in judged:
        if verdict == "correct":
            continue
        g = d.attributions[gi]
        mention = text[g.mention_start : g.mention_end] if g.mention_start is not None else None
        out.append({"id": d.id, "error": verdict, "mention_type": g.mention_type,
                    "mention": mention, "gold": g.speaker, "shown": preds[pi].speaker,
                    "quote": text[g.quote_start : g.quote_end][:120]})  # fmt: skip
    return out


# ---- output ----

_LABELS = {
    "onrecord": "onrecord",
    "onrecord_mention": "  mention as written",
    "textacy": "textacy",
}


def _row(label: str, s: Scores) -> str:
    c = s.counts
    pct = lambda x: f"{100 * x:7.1f}"  # noqa: E731
    return (
        f"{label:<22}{c.gold:>5}{c.matched:>6}{pct(s.recall)}"
        f"{pct(s.precision) if s.precision is not None else '      -'}"
        f"{pct(s.accuracy)}{pct(s.end_to_end)}{c.none:>6}{c.wrong:>6}{c.partial:>6}{c.invented:>6}"
    )


def table(report: Report, corpus: Path) -> str:
    head = (
        f"{'':<22}{'gold':>5}{'match':>6}{'R':>7}{'P':>7}{'acc':>7}{'e2e':>7}"
        f"{'none':>6}{'wrong':>6}{'part':>6}{'inv':>6}"
    )
    lines = [
        f"Canonical speakers, split {report.split} ({corpus}): {report.docs} articles, "
        f"{report.seconds:.1f}s; "
        + (
            "textacy is not installed (pip install textacy): its rows are empty"
            if report.textacy_failed_docs < 0
            else f"textacy raised on {report.textacy_failed_docs} articles (scored as no output)"
        ),
        "",
        head,
    ]
    for name in SYSTEMS:
        lines.append(_row(_LABELS[name], report.systems[name].overall))
    for group, attr in (("mention type", "by_mention_type"), ("speaker type", "by_speaker_type")):
        lines += ["", f"by gold {group}:", head]
        for name in ("onrecord", "textacy"):
            for key, s in getattr(report.systems[name], attr).items():
                if s.counts.gold:
                    lines.append(_row(f"{name[:8]} {key}", s))
    lines += [
        "",
        "R/P = quote recall/precision (spans overlap, one-to-one); acc = right canonical speaker",
        "among matched quotes (both unknown counts as right); e2e = right speaker / gold; none =",
        "no speaker shown for a named gold speaker; wrong = another name (part = of those, a name",
        "whose words are some of the gold name's, e.g. a bare surname); inv = a name where the",
        "text does not say.",
    ]
    return "\n".join(lines)


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
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "test2", "all"]),
    default="dev",
    show_default=True,
    help="test was the first held-out half (spent); test2 is a later held-out set, "
    "annotated blind to the system: score it once, at the end.",
)
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List our misses and wrong speakers.")
def command(
    gold_path: Path, corpus: str, split: str, limit: int | None, as_json: bool, show_errors: bool
) -> None:
    """Score the canonical speaker of quotes against hand-annotated AllSides articles."""
    corpus_dir = _resolve(corpus)
    if not corpus_dir.is_dir():
        raise click.ClickException(f"corpus not found: {corpus_dir}")
    if not gold_path.is_file():
        raise click.ClickException(f"gold file not found: {gold_path}")
    try:
        gold = read_gold(gold_path)
    except (ValueError, KeyError, TypeError) as exc:
        raise click.ClickException(f"bad gold file {gold_path}: {exc}") from exc
    if split != "all":
        gold = [d for d in gold if d.split == split]
    if limit is not None:
        gold = gold[:limit]
    if not gold:
        raise click.ClickException(f"no gold articles in split {split!r}")
    missing = [d.id for d in gold if not (corpus_dir / f"{d.id}.json").is_file()]
    if missing:
        raise click.ClickException(f"articles missing from {corpus_dir}: {', '.join(missing)}")
    report = evaluate(gold, corpus_dir, with_errors=show_errors)
    report.split = split
    if as_json:
        payload = asdict(report)
        if not show_errors:
            payload.pop("errors")
        payload["corpus"] = str(corpus_dir.resolve())
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(table(report, corpus_dir.resolve()))
    for err in report.errors:
        click.echo(json.dumps(err, ensure_ascii=False))


if __name__ == "__main__":
    command()
