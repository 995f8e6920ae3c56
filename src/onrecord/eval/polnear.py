"""Reading PolNeAR (Newell et al., LREC 2018): brat standoff attribution relations.

Each article ``data/<split>/text/<article>.txt`` has one or more annotation files
``data/<split>/attributions/<article>_<annotator>.ann``. ``T`` lines are typed spans
(Source, Cue, Content, Attribution, Attribution-no-source, Discuss, Discard) whose offsets may
be discontinuous (``a b;c d``); ``E`` lines tie one attribution's Content/Cue/Source spans
together (several ``Content``/``Content2`` roles when a quote is split around its cue).

When an article has several annotators we keep the one whose id sorts first, so every run
scores the same gold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SPLITS = ("train", "dev", "test", "annotator-training")


@dataclass
class Attribution:
    """One gold attribution relation; each role holds (start, end) fragments into the text."""

    id: str
    content: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PolnearDoc:
    name: str
    annotator: str
    text: str
    attributions: list[Attribution]


def parse_ann(ann: str) -> list[Attribution]:
    """Attribution relations from the text of one .ann file; malformed lines are skipped."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or " " not in parts[1]:
            continue
        ranges = parts[1].split(" ", 1)[1]
        frags: list[tuple[int, int]] = []
        try:
            for rng in ranges.split(";"):
                a, b = rng.split()
                frags.append((int(a), int(b)))
        except ValueError:
            continue
        spans[parts[0]] = frags
    out: list[Attribution] = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        rel = Attribution(id=parts[0])
        for arg in parts[1].split():
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789")  # Content2 -> Content
            frags = spans.get(tid, [])
            if role == "Content":
                rel.content.extend(frags)
            elif role == "Cue":
                rel.cue.extend(frags)
            elif role == "Source":
                rel.source.extend(frags)
        if rel.content:
            rel.content.sort()
            out.append(rel)
    return out


def read_split(corpus: Path, split: str, limit: int | None = None) -> list[PolnearDoc]:
    """Documents of one split in name order, one annotator each (the first id in sort order)."""
    base = corpus / "data" / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"no PolNeAR split {split!r} under {corpus}")
    by_article: dict[str, list[Path]] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        article, _, _annotator = ann.stem.rpartition("_")
        by_article.setdefault(article, []).append(ann)
    docs: list[PolnearDoc] = []
    for article in sorted(by_article):
        text_path = text_dir / f"{article}.txt"
        if not text_path.is_file():
            continue
        ann = sorted(by_article[article])[0]
        docs.append(
            PolnearDoc(
                name=article,
                annotator=ann.stem.rpartition("_")[2],
                text=_read_exact(text_path),
                attributions=parse_ann(ann.read_text(encoding="utf-8")),
            )
        )
        if limit is not None and len(docs) >= limit:
            break
    return docs


def _read_exact(path: Path) -> str:
    # newline="" keeps any \r so brat offsets stay aligned with the file's characters.
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()
