"""Reader for the ECB+ corpus (LREC 2014 release): documents with their gold topic/sub-topic.

Each topic directory holds documents about two different events of the same kind: the
original ECB documents (``<topic>_<n>ecb.xml``) and the ECB+ additions (``..ecbplus.xml``).
The gold story of a document is therefore ``(topic, "ecb" | "ecbplus")``.

Only tokens are read (annotations are not needed for story clustering). In ``ecbplus`` files
sentence 0 is the tokenised source URL: it is dropped from the text (kept as ``url``) since a
real article body has no such line and it would give the sub-topic away.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TRAIN_TOPICS = tuple(t for t in range(1, 36) if t not in (2, 5, 12, 18, 21, 23, 34, 35))
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = tuple(range(36, 46))

_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass
class EcbDocument:
    name: str  # file name, e.g. "36_1ecb.xml"
    topic: int
    subtopic: str  # "ecb" | "ecbplus"
    number: int
    title: str
    text: str  # detokenised sentences, title first, one sentence per line
    url: str | None = None

    @property
    def gold(self) -> str:
        return f"{self.topic}{self.subtopic}"


def parse_topics(spec: str) -> list[int]:
    """'36-45' or '1,3,5-7' -> sorted topic numbers."""
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            a, b = part.split("-", 1)
            out.update(range(int(a), int(b) + 1))
        else:
            out.add(int(part))
    return sorted(out)


_NO_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_DECIMAL = re.compile(r"\b(\d+)\. (\d+)\b")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenize(tokens: list[str]) -> str:
    """Undo the corpus tokenisation closely enough for NER and date patterns."""
    text = " ".join(tokens).replace("``", '"').replace("''", '"').replace("' '", '"')
    text = _DECIMAL.sub(r"\1.\2", text)  # "6. 1" -> "6.1"
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    # Paired straight double quotes: attach to the quoted words.
    parts = text.split('"')
    if len(parts) % 2 == 1:
        text = "".join(
            p if i == 0 else ('"' + p.lstrip() if i % 2 == 1 else '"' + p)
            for i, p in enumerate(parts)
        )
        text = re.sub(r' "(?=[.,;:!?])', '"', re.sub(r'\s+"(\s|$)', r'"\1', text))
    return text.strip()


def read_document(path: Path) -> EcbDocument:
    m = _NAME.match(path.name)
    if not m:
        raise ValueError(f"not an ECB+ document name: {path.name}")
    root = ET.parse(path).getroot()
    sentences: dict[int, list[str]] = {}
    for tok in root.iter("token"):
        sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    lines = [detokenize(sentences[k]) for k in sorted(sentences)]
    url = None
    if m[3] == "ecbplus" and lines and lines[0].lower().startswith("http"):
        url = lines[0].replace(" ", "")
        lines = lines[1:]
    lines = [ln for ln in lines if ln]
    return EcbDocument(
        name=path.name,
        topic=int(m[1]),
        subtopic=m[3],
        number=int(m[2]),
        title=lines[0] if lines else "",
        text="\n".join(lines),
        url=url,
    )


def read_corpus(corpus: Path, topics: Iterable[int]) -> list[EcbDocument]:
    """Documents of the given topics, in a fixed order (topic, number, ecb before ecbplus)."""
    docs: list[EcbDocument] = []
    for topic in sorted(set(topics)):
        folder = corpus / str(topic)
        if not folder.is_dir():
            continue
        for path in folder.glob("*.xml"):
            if _NAME.match(path.name):
                docs.append(read_document(path))
    docs.sort(key=lambda d: (d.topic, d.number, d.subtopic))
    return docs
