"""``onrecord eval quotes``: quote extraction and speaker attribution on PolNeAR.

Units. PolNeAR joins every piece of one attributed statement into one relation (a quote split
around its cue, and quote paragraphs that continue it without a new cue). Our extractor emits
one ``Quote`` per quoted stretch, so predictions are grouped the same way before scoring:
quotes sharing a cue's offsets form one unit, and a cue-less direct quote (which continues
the previous quote's speaker) joins the quote right before it. textacy's triples are grouped by cue tokens alike.

Words. A unit is the set of word tokens (``\\w+`` matches of the document text) that start
inside its content spans, so quotation marks, punctuation and white space never count.

Direct quotes. A gold relation is *direct* when at least 80% of its content words are inside
double quotation marks. Quoted characters are found per paragraph: “ and « open, ” and »
close, a straight " toggles; a quote left open at a paragraph's end carries over when the
next paragraph begins with a quotation mark (the newspaper convention) and is dropped
otherwise. A gold relation with some but fewer quoted words is *mixed*, with none *indirect*.

Matching. A predicted and a gold unit *match* when their shared words cover at least half
of each (overlap / max(|gold|, |pred|) >= 0.5); pairs are taken one-to-one, largest overlap
first. Unit precision = matched / predicted, recall = matched / gold. *Exact* matches have
the same word set once a leading "that" is dropped. Token P/R compare the union of predicted
and gold words per document. Speaker accuracy is over matched pairs whose gold relation has a
Source: correct when any predicted speaker mention overlaps a gold Source span. It is also
reported for the pairs whose gold Source is a pronoun.

The direct-quote rows compare gold direct relations with the predicted units that are direct
by the same rule (so a quote we call ``mixed`` but whose content is 80% quoted counts, as it
does on the gold side); the ``(kind=direct)`` row uses our own ``kind`` label instead. The
all-attribution rows compare all our quotes with all gold relations.
"""

from __future__ import annotations

import importlib.util
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click
from spacy.tokens import Doc

from onrecord.eval.matching import greedy_pairs
from onrecord.eval.polnear import SPLITS, PolnearDoc, read_split
from onrecord.models import Quote
from onrecord.nlp.quotes.reporting import lexicon

DEFAULT_CORPUS = "../shared/corpora/polnear"
DIRECT_SHARE = 0.8
MATCH_SHARE = 0.5
_WORD = re.compile(r"\w+")
_PRONOUNS = lexicon("i you he she it we they me him her us them who this that these those")


@dataclass
class Unit:
    """One attributed statement: its word set and its speaker spans."""

    words: frozenset[int]  # start offsets of the word tokens
    speakers: list[tuple[int, int]] = field(default_factory=list)
    kind: str = ""
    text: str = ""  # for error listings only


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    exact: int = 0
    tok_gold: int = 0
    tok_pred: int = 0
    tok_both: int = 0
    spk_total: int = 0
    spk_correct: int = 0
    pron_total: int = 0
    pron_correct: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Scores:
    counts: Counts
    precision: float
    recall: float
    f1: float
    exact_f1: float
    token_precision: float
    token_recall: float
    token_f1: float
    speaker_accuracy: float
    pronoun_speaker_accuracy: float


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores(c: Counts) -> Scores:
    p, r = _ratio(c.matched, c.pred), _ratio(c.matched, c.gold)
    ep, er = _ratio(c.exact, c.pred), _ratio(c.exact, c.gold)
    tp, tr = _ratio(c.tok_both, c.tok_pred), _ratio(c.tok_both, c.tok_gold)
    return Scores(
        counts=c,
        precision=p,
        recall=r,
        f1=_f1(p, r),
        exact_f1=_f1(ep, er),
        token_precision=tp,
        token_recall=tr,
        token_f1=_f1(tp, tr),
        speaker_accuracy=_ratio(c.spk_correct, c.spk_total),
        pronoun_speaker_accuracy=_ratio(c.pron_correct, c.pron_total),
    )


# ---- gold ----


def quoted_mask(text: str) -> bytearray:
    """1 for characters inside double quotation marks (the gold definition, see module doc)."""
    mask = bytearray(len(text))
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    carried = False
    for n, line in enumerate(lines):
        inside = carried
        opened_at = offsets[n] if carried else -1
        first_mark = True
        for i, ch in enumerate(line):
            if ch not in '“”«»"':
                continue
            if carried and first_mark and not line[:i].strip():
                first_mark = False
                continue  # the re-opening mark of a carried-over quote
            first_mark = False
            if ch in "“«" or (ch == '"' and not inside):
                if not inside:
                    inside, opened_at = True, offsets[n] + i
            elif inside:
                mask[opened_at + 1 : offsets[n] + i] = b"\x01" * (offsets[n] + i - opened_at - 1)
                inside = False
        carried = False
        if inside:
            nxt = next((ln for ln in lines[n + 1 :] if ln.strip()), "")
            if nxt.lstrip()[:1] in ("“", '"', "«"):
                end = offsets[n] + len(line)
                mask[opened_at + 1 : end] = b"\x01" * (end - opened_at - 1)
                carried = True
    return mask


def _words(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(m.start() for m in _WORD.finditer(text, a, b))
    return frozenset(out)


def gold_units(doc: PolnearDoc, mask: bytearray) -> list[Unit]:
    units: list[Unit] = []
    for rel in doc.attributions:
        words = _words(doc.text, rel.content)
        if not words:
            continue
        text = " | ".join(doc.text[a:b] for a, b in rel.content)
        units.append(Unit(words, list(rel.source), _kind(words, mask), text))
    return units


def _kind(words: frozenset[int], mask: bytearray) -> str:
    """direct / mixed / indirect by the share of quoted words (the same rule on both sides)."""
    share = sum(mask[w] for w in words) / len(words) if words else 0.0
    return "direct" if share >= DIRECT_SHARE else "mixed" if share > 0 else "indirect"


def _is_pronoun_source(doc: PolnearDoc, rel_sources: Sequence[tuple[int, int]]) -> bool:
    return any(doc.text[a:b].strip().lower() in _PRONOUNS for a, b in rel_sources)


# ---- predictions ----


def quote_units(
    text: str, quotes: Sequence[Quote], kinds: Iterable[str] | None = None
) -> list[Unit]:
    """Group our quotes into attributed statements (see module doc)."""
    wanted = set(kinds) if kinds is not None else None
    units: list[Unit] = []
    by_cue: dict[tuple[int, int], Unit] = {}
    prev: Quote | None = None
    prev_unit: Unit | None = None
    for q in sorted(quotes, key=lambda q: q.start):
        if wanted is not None and q.kind not in wanted:
            prev, prev_unit = q, None
            continue
        words = _words(text, [(q.start, q.end)])
        spk = (
            [(q.speaker_start, q.speaker_end)]
            if q.speaker_start is not None and q.speaker_end is not None
            else []
        )
        unit: Unit | None = None
        if q.cue_start is not None and q.cue_end is not None:
            unit = by_cue.get((q.cue_start, q.cue_end))
        elif q.kind == "direct" and prev is not None:
            unit = prev_unit  # a cue-less quote continues the statement before it
        if unit is None:
            unit = Unit(words, spk, q.kind, q.text)
            units.append(unit)
            if q.cue_start is not None and q.cue_end is not None:
                by_cue[(q.cue_start, q.cue_end)] = unit
        else:
            unit.words = unit.words | words
            unit.speakers.extend(s for s in spk if s not in unit.speakers)
            unit.text += " | " + q.text
        prev, prev_unit = q, unit
    return [u for u in units if u.words]


def textacy_units(doc: Doc) -> list[Unit] | None:
    """textacy's direct quotations as units, or None when textacy raises on the document."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # raised on an odd number of quotation marks
        return None
    units: list[Unit] = []
    by_cue: dict[tuple[int, ...], Unit] = {}
    for tr in triples:
        key = tuple(t.i for t in tr.cue)
        words = _words(doc.text, [(tr.content.start_char, tr.content.end_char)])
        spk = [(t.idx, t.idx + len(t)) for t in tr.speaker]
        unit = by_cue.get(key) if key else None
        if unit is None:
            unit = Unit(words, spk, "direct", tr.content.text)
            units.append(unit)
            if key:
                by_cue[key] = unit
        else:
            unit.words = unit.words | words
            unit.speakers.extend(spk)
    return [u for u in units if u.words]


# ---- scoring ----


def _drop_that(text: str, words: frozenset[int]) -> frozenset[int]:
    if not words:
        return words
    first = min(words)
    return words - {first} if text[first : first + 5].lower() == "that " else words


def match(gold: Sequence[Unit], pred: Sequence[Unit]) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) pairs sharing at least half of each one's words."""
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            both = len(g.words & p.words)
            if both and both >= MATCH_SHARE * max(len(g.words), len(p.words)):
                pairs.append((both, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    return greedy_pairs((gi, pi) for _, gi, pi in pairs)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def count(text: str, gold: Sequence[Unit], pred: Sequence[Unit], pron: Sequence[bool]) -> Counts:
    """Counts for one document; ``pron[i]`` says whether gold unit i has a pronoun source."""
    c = Counts(gold=len(gold), pred=len(pred))
    gw = frozenset().union(*(g.words for g in gold)) if gold else frozenset()
    pw = frozenset().union(*(p.words for p in pred)) if pred else frozenset()
    c.tok_gold, c.tok_pred, c.tok_both = len(gw), len(pw), len(gw & pw)
    for gi, pi in match(gold, pred):
        g, p = gold[gi], pred[pi]
        c.matched += 1
        if _drop_that(text, g.words) == _drop_that(text, p.words):
            c.exact += 1
        if g.speakers:
            ok = any(_overlaps(s, t) for s in p.speakers for t in g.speakers)
            c.spk_total += 1
            c.spk_correct += ok
            if pron[gi]:
                c.pron_total += 1
                c.pron_correct += ok
    return c


@dataclass
class EvalResult:
    split: str
    docs: int
    seconds: float
    textacy_failed_docs: int  # -1: textacy is not installed
    rows: dict[str, Scores]
    gold_kinds: dict[str, int]
    recall_by_gold_kind: dict[str, float]
    errors: list[dict[str, object]] = field(default_factory=list)


def evaluate(docs: Sequence[PolnearDoc], with_errors: bool = False) -> EvalResult:
    from onrecord.nlp.pipeline import load_nlp
    from onrecord.nlp.quotes.extract import extract_quotes

    started = time.perf_counter()
    nlp = load_nlp()
    # textacy is a dev dependency (the peer baseline); without it its rows stay empty.
    has_textacy = importlib.util.find_spec("textacy") is not None
    totals = {name: Counts() for name, _ in _ROWS}
    kind_gold: dict[str, int] = {"direct": 0, "mixed": 0, "indirect": 0}
    kind_hit: dict[str, int] = dict.fromkeys(kind_gold, 0)
    failed = 0
    errors: list[dict[str, object]] = []
    for pdoc, doc in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        text = pdoc.text
        mask = quoted_mask(text)
        gold_all = gold_units(pdoc, mask)
        rels = [r for r in pdoc.attributions if _words(text, r.content)]
        pron_all = [_is_pronoun_source(pdoc, r.source) for r in rels]
        gold_direct = [g for g in gold_all if g.kind == "direct"]
        pron_direct = [p for g, p in zip(gold_all, pron_all, strict=True) if g.kind == "direct"]
        quotes = extract_quotes(doc)
        ours_all = quote_units(text, quotes)
        ours_direct = [u for u in ours_all if _kind(u.words, mask) == "direct"]
        ours_labelled = quote_units(text, quotes, kinds=("direct",))
        theirs = textacy_units(doc) if has_textacy else []
        if theirs is None:
            failed += 1
            theirs = []
        theirs_direct = [u for u in theirs if _kind(u.words, mask) == "direct"]
        totals["direct"].add(count(text, gold_direct, ours_direct, pron_direct))
        totals["direct_label"].add(count(text, gold_direct, ours_labelled, pron_direct))
        totals["direct_textacy"].add(count(text, gold_direct, theirs_direct, pron_direct))
        totals["all"].add(count(text, gold_all, ours_all, pron_all))
        totals["all_textacy"].add(count(text, gold_all, theirs, pron_all))
        matched_gold = {gi for gi, _ in match(gold_all, ours_all)}
        for gi, g in enumerate(gold_all):
            kind_gold[g.kind] += 1
            kind_hit[g.kind] += gi in matched_gold
        if with_errors:
            errors.extend(_errors(pdoc.name, gold_direct, ours_direct))
    return EvalResult(
        split="",
        docs=len(docs),
        seconds=time.perf_counter() - started,
        textacy_failed_docs=failed if has_textacy else -1,
        rows={name: scores(c) for name, c in totals.items()},
        gold_kinds=kind_gold,
        recall_by_gold_kind={k: _ratio(kind_hit[k], kind_gold[k]) for k in kind_gold},
        errors=errors,
    )


def _errors(name: str, gold: Sequence[Unit], pred: Sequence[Unit]) -> list[dict[str, object]]:
    pairs = match(gold, pred)
    mg = {g for g, _ in pairs}
    mp = {p for _, p in pairs}
    out: list[dict[str, object]] = []
    out.extend(
        {"doc": name, "error": "missed", "gold": g.text[:300]}
        for i, g in enumerate(gold)
        if i not in mg
    )
    out.extend(
        {"doc": name, "error": "spurious", "pred": p.text[:300]}
        for i, p in enumerate(pred)
        if i not in mp
    )
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if g.speakers and not any(_overlaps(s, t) for s in p.speakers for t in g.speakers):
            out.append(
                {
                    "doc": name,
                    "error": "speaker",
                    "pred": p.text[:120],
                    "pred_speakers": p.speakers,
                    "gold_speakers": g.speakers,
                }
            )
    return out


_ROWS = (
    ("direct", "onrecord  direct"),
    ("direct_label", "  (kind=direct)"),
    ("direct_textacy", "textacy   direct"),
    ("all", "onrecord  all"),
    ("all_textacy", "textacy   all"),
)


def _table(result: EvalResult, corpus: Path) -> str:
    pct = lambda x: f"{100 * x:6.1f}"  # noqa: E731
    head = (
        f"{'':<18}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'exact':>7}"
        f"{'tokP':>7}{'tokR':>7}{'tokF1':>7}{'spk':>7}{'spkPRP':>7}"
    )
    lines = [
        f"PolNeAR {result.split} ({corpus}): {result.docs} documents, {result.seconds:.1f}s; "
        + (
            "textacy is not installed (pip install textacy): its rows are empty"
            if result.textacy_failed_docs < 0
            else f"textacy raised on {result.textacy_failed_docs} documents (scored as no output)"
        ),
        "",
        head,
    ]
    for key, label in _ROWS:
        s = result.rows[key]
        c = s.counts
        lines.append(
            f"{label:<18}{c.gold:>6}{c.pred:>6}{pct(s.precision)}{pct(s.recall)}{pct(s.f1)}"
            f"{pct(s.exact_f1)}{pct(s.token_precision)}{pct(s.token_recall)}{pct(s.token_f1)}"
            f"{pct(s.speaker_accuracy)}{pct(s.pronoun_speaker_accuracy)}"
        )
    lines += [
        "",
        "exact = exact-match F1; spk = speaker accuracy on matched units with a gold source;",
        "spkPRP = the same where the gold source is a pronoun.",
        "all-attribution recall by gold kind: "
        + ", ".join(
            f"{k} {pct(v).strip()}% of {result.gold_kinds[k]}"
            for k, v in result.recall_by_gold_kind.items()
        ),
    ]
    return "\n".join(lines)


@click.command()
@click.option("--corpus", default=DEFAULT_CORPUS, show_default=True, help="PolNeAR folder.")
@click.option("--split", type=click.Choice(SPLITS), default="dev", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list direct-quote errors.")
def command(corpus: str, split: str, limit: int | None, as_json: bool, show_errors: bool) -> None:
    """Score quote extraction and speaker attribution on PolNeAR, next to textacy."""
    path = Path(corpus)
    if not (path / "data").is_dir():
        raise click.ClickException(f"PolNeAR corpus not found: {path}")
    try:
        docs = read_split(path, split, limit)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    if not docs:
        raise click.ClickException(f"no documents in split {split!r}")
    result = evaluate(docs, with_errors=show_errors)
    result.split = split
    if as_json:
        payload = asdict(result)
        if not show_errors:
            payload.pop("errors")
        payload["corpus"] = str(path.resolve())
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(_table(result, path.resolve()))
    for err in result.errors:
        click.echo(json.dumps(err, ensure_ascii=False))


if __name__ == "__main__":
    command()
