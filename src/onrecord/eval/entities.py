"""``onrecord eval entities``: cross-document person/organisation canonicalisation on MEANTIME.

Gold: MEANTIME's English Wikinews articles (``intra_cross-doc_annotation``), where every
entity mention points (REFERS_TO) to an entity with a corpus-wide ``instance_id``. We score
the gold PER and ORG mentions that have an instance id.

System: each article's gold tokens are parsed by our spaCy pipeline, ``extract_people`` finds
mentions and in-document people, ``link_entities`` links them across all 120 articles (with
each article's creation time as its date). A gold mention takes the entity of the predicted
mention overlapping it most; a gold mention no predicted mention overlaps is a singleton
(so missed mentions cost recall, as they should).

Metric: B-cubed precision/recall/F1 over gold mentions (Bagga & Baldwin 1998), per mention
averaged. Baseline in the same run, on the same alignment: predicted mentions grouped by
their exact text — what a record without canonicalisation would show. Two subsets: all
PER/ORG mentions, and names only (syntactic type NAM / PRE.NAM / APP).
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from onrecord.link.entities import EntityDoc, link_entities
from onrecord.models import Analysis

if TYPE_CHECKING:  # spaCy loads only when the command runs, not with the CLI
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_CORPUS = "../shared/corpora/meantime/intra_cross-doc_annotation"
GOLD_TYPES = ("PER", "ORG")
NAME_TYPES = frozenset({"NAM", "PRE.NAM", "APP"})


@dataclass
class GoldMention:
    doc: str
    start: int  # char offsets into the text rebuilt from the gold tokens
    end: int
    text: str
    type: str  # PER | ORG
    syntactic: str
    instance: str


@dataclass
class MeantimeDoc:
    doc_id: str
    words: list[str]
    dct: str | None
    mentions: list[GoldMention] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def read_meantime(path: Path) -> list[MeantimeDoc]:
    docs = []
    for f in sorted(path.rglob("*.xml")):
        root = ET.parse(f).getroot()
        doc_id = root.get("doc_id") or f.stem
        words: list[str] = []
        offsets: dict[str, tuple[int, int]] = {}
        pos = 0
        for tok in root.iter("token"):
            w = tok.text or "_"
            offsets[tok.get("t_id", "")] = (pos, pos + len(w))
            words.append(w)
            pos += len(w) + 1
        markables = root.find("Markables")
        relations = root.find("Relations")
        if markables is None or relations is None:
            continue
        dct = None
        for t in markables.iter("TIMEX3"):
            if t.get("functionInDocument") == "CREATION_TIME":
                dct = t.get("value")
        spans: dict[str, tuple[list[str], str]] = {}
        for m in markables.iter("ENTITY_MENTION"):
            anchors = [a.get("t_id", "") for a in m.findall("token_anchor")]
            spans[m.get("m_id", "")] = (anchors, m.get("syntactic_type") or "")
        entities = {e.get("m_id", ""): e for e in markables.iter("ENTITY")}
        doc = MeantimeDoc(doc_id, words, dct)
        text = doc.text
        for rel in relations.iter("REFERS_TO"):
            target = rel.find("target")
            ent = entities.get(target.get("m_id", "")) if target is not None else None
            if ent is None or ent.get("ent_type") not in GOLD_TYPES or not ent.get("instance_id"):
                continue
            for src in rel.findall("source"):
                anchors, syntactic = spans.get(src.get("m_id", ""), ([], ""))
                anchors = [a for a in anchors if a in offsets]
                if not anchors:
                    continue
                start = min(offsets[a][0] for a in anchors)
                end = max(offsets[a][1] for a in anchors)
                doc.mentions.append(
                    GoldMention(
                        doc_id,
                        start,
                        end,
                        text[start:end],
                        ent.get("ent_type", ""),
                        syntactic,
                        ent.get("instance_id", ""),
                    )
                )
        docs.append(doc)
    return docs


@dataclass
class BCubed:
    precision: float
    recall: float
    f1: float
    mentions: int


def b_cubed(gold: list[str], system: list[str]) -> BCubed:
    """B-cubed over parallel lists of cluster labels (one entry per gold mention)."""
    n = len(gold)
    if n == 0:
        return BCubed(0.0, 0.0, 0.0, 0)
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_sys: dict[str, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, system, strict=True)):
        by_gold[g].add(i)
        by_sys[s].add(i)
    p = r = 0.0
    for i in range(n):
        g, s = by_gold[gold[i]], by_sys[system[i]]
        both = len(g & s)
        p += both / len(s)
        r += both / len(g)
    p, r = p / n, r / n
    return BCubed(p, r, 2 * p * r / (p + r) if p + r else 0.0, n)


@dataclass
class EntityScores:
    docs: int
    gold_mentions: int
    aligned: int  # gold mentions some predicted mention overlaps
    seconds: float
    scores: dict[str, dict[str, BCubed]]  # subset -> system -> B-cubed


def _parse(nlp: Language, words: list[str]) -> Doc:
    """Parse the gold tokens as they are, so predicted and gold offsets agree."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def evaluate(docs: list[MeantimeDoc], nlp: Language) -> EntityScores:
    from onrecord.nlp.people.extract import extract_people

    t0 = time.perf_counter()
    entity_docs = []
    for i, d in enumerate(docs):
        mentions, people = extract_people(_parse(nlp, d.words))
        entity_docs.append(EntityDoc(i, d.dct, Analysis(mentions=mentions, people=people), d.text))
    linking = link_entities(entity_docs)
    rows: list[tuple[GoldMention, str, str]] = []  # gold mention, system label, baseline label
    aligned = 0
    for i, (d, ed) in enumerate(zip(docs, entity_docs, strict=True)):
        predicted = ed.analysis.mentions
        for gi, g in enumerate(d.mentions):
            # The overlapping mention of the gold type wins ("Apple CEO Steve Jobs" is the
            # person, not Apple), then the largest overlap.
            best, rank = None, (0, 0)
            for mi, m in enumerate(predicted):
                ov = min(g.end, m.end) - max(g.start, m.start)
                if ov <= 0:
                    continue
                r = (int((m.label == "PERSON") == (g.type == "PER")), ov)
                if r > rank:
                    best, rank = mi, r
            singleton = f"unaligned:{i}:{gi}"
            if best is None:
                rows.append((g, singleton, singleton))
                continue
            aligned += 1
            system = linking.mention_entity.get((i, best), f"unlinked:{i}:{best}")
            rows.append((g, system, "exact:" + predicted[best].text))
    subsets = {
        "all PER+ORG": lambda g: True,
        "PER": lambda g: g.type == "PER",
        "ORG": lambda g: g.type == "ORG",
        "names PER+ORG": lambda g: g.syntactic in NAME_TYPES,
    }
    scores: dict[str, dict[str, BCubed]] = {}
    for name, keep in subsets.items():
        kept = [r for r in rows if keep(r[0])]
        gold = [r[0].instance for r in kept]
        scores[name] = {
            "onrecord": b_cubed(gold, [r[1] for r in kept]),
            "exact-string": b_cubed(gold, [r[2] for r in kept]),
        }
    return EntityScores(len(docs), len(rows), aligned, time.perf_counter() - t0, scores)


def _table(result: EntityScores, corpus: Path) -> str:
    lines = [
        f"MEANTIME cross-document entities (B-cubed over gold mentions) on {corpus}",
        f"{result.docs} documents, {result.gold_mentions} gold PER/ORG mentions with an "
        f"instance, {result.aligned} overlapped by a predicted mention, {result.seconds:.1f}s",
        "",
        f"{'subset':<16} {'system':<13} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}",
    ]
    for subset, by_system in result.scores.items():
        for system, s in by_system.items():
            lines.append(
                f"{subset:<16} {system:<13} {100 * s.precision:6.2f} {100 * s.recall:6.2f} "
                f"{100 * s.f1:6.2f} {s.mentions:6d}"
            )
    return "\n".join(lines)


@click.command()
@click.option(
    "--corpus",
    default=DEFAULT_CORPUS,
    show_default=True,
    help="MEANTIME intra_cross-doc_annotation folder (XML files, searched recursively).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def command(corpus: str, as_json: bool) -> None:
    """Score cross-document PER/ORG canonicalisation against MEANTIME (B-cubed)."""
    from onrecord.nlp.pipeline import load_nlp

    path = Path(corpus)
    path = path.resolve() if path.exists() else path
    if not path.exists():
        raise click.ClickException(f"corpus not found: {path}")
    docs = read_meantime(path)
    if not docs:
        raise click.ClickException(f"no MEANTIME .xml files under {path}")
    result = evaluate(docs, load_nlp())
    if as_json:
        payload = asdict(result)
        payload["corpus"] = str(path)
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(_table(result, path))


if __name__ == "__main__":
    command()
