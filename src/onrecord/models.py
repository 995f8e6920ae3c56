"""Plain data records that flow through the pipeline.

Everything here is a dataclass of JSON-friendly values so that an ``Analysis`` computed on
one worker can be serialised, shipped and stored by another (see DEVELOPERS.md).
Character offsets are always into ``Document.text`` as stored.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


def normalize_for_hash(text: str) -> str:
    """Text as compared for identity: NFKC, unified quotes/dashes, collapsed white space, lower case.

    Two copies of one article that differ only in typography or line wrapping must hash alike.
    """
    text = unicodedata.normalize("NFKC", text)
    # str.replace per character is an order of magnitude faster than str.translate with a dict
    for src, dst in _TYPO:
        if src in text:
            text = text.replace(src, dst)
    return " ".join(text.split()).lower()


_TYPO = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
)


def text_sha256(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One article as ingested: body text plus what we know about where it came from."""

    text: str
    source: str  # the path or URL as the user gave it
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_from: str | None = None  # metadata | html | feed | text | story
    url: str | None = None
    language: str | None = "en"
    caption: str | None = None
    source_type: str = "text"  # text | html | json | jsonl | csv | feed | warc | url
    notes: list[str] = field(default_factory=list)  # warnings worth showing the user

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


@dataclass
class Failure:
    """An input that could not become a Document, and why."""

    source: str
    reason: str


# ---- per-document annotations (produced by nlp/, pure) ----


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A named-entity mention in the document."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC, ...
    cluster: int | None = None  # index into Analysis.people for PERSON mentions / coreferent refs


@dataclass
class Role:
    """A title seen attached to a person in this document: 'NATO Secretary General Mark Rutte'."""

    title: str  # normalised title, e.g. "Secretary General"
    org: str | None  # e.g. "NATO"
    start: int
    end: int
    text: str
    qualifier: str | None = None  # former | outgoing | incoming | acting | new (None: plain)


@dataclass
class Person:
    """A person as referred to within one document (an in-document coreference cluster)."""

    name: str  # the fullest name seen in the document, e.g. "Mark Rutte"
    aliases: list[str] = field(default_factory=list)  # every surface form, incl. "he", roles
    roles: list[Role] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (start, end)


@dataclass
class Timex:
    """A TIMEX3-style temporal expression."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # e.g. 2024-12-03, 2024-SU, P2D, PRESENT_REF; None when it can't be anchored
    anchored: bool = False  # resolved relative to the publication date


@dataclass
class Quote:
    start: int  # offsets of the content (without outer quote marks)
    end: int
    text: str
    kind: str  # direct | indirect | mixed
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_mention: str | None = None  # as written: "he", "the NATO Secretary General"
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_cluster: int | None = None  # index into Analysis.people, when resolved in-document
    speaker: str | None = None  # resolved name within the document (canonicalised in link/)
    # person | organisation | government | news_agency (nlp/quotes/speakers.py)
    speaker_type: str | None = None
    # how the speaker was found: named | pronoun | role | organisation | document | corpus_role
    speaker_evidence: str | None = None
    speaker_confidence: float | None = None  # probability, from SPEAKER_CONFIDENCE
    said_on: str | None = None  # YYYY-MM-DD (or coarser) date of the statement
    said_on_from: str | None = None  # text | published | None


@dataclass
class Amount:
    start: int
    end: int
    text: str
    amount: float
    currency: str | None  # ISO 4217, or None for non-money (e.g. percent)
    qualifier: str | None = None  # about | nearly | more than | up to | at least
    unit: str = "money"  # money | percent


@dataclass
class Pledge:
    start: int  # the source span (usually the sentence)
    end: int
    text: str
    donors: list[str] = field(default_factory=list)
    recipient: str | None = None
    amount: float | None = None
    currency: str | None = None
    qualifier: str | None = None
    program: str | None = None
    purpose: str | None = None
    period: str | None = None
    status: str = "pledged"  # pledged | announced | delivered | agreed
    said_on: str | None = None
    speaker: str | None = None
    speaker_cluster: int | None = None
    # money | personnel | equipment | in-kind; quantity and unit for what is not money
    kind: str | None = None
    quantity: float | None = None
    unit: str | None = None
    announced_by: str | None = None  # the person who announced a state's or company's pledge


@dataclass
class Analysis:
    """Everything nlp/ says about one document. Pure data."""

    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    # What was skipped or cut short to stay within the document's budget ("too many quotation
    # marks: quotes skipped"): a partial analysis says so instead of passing for a full one.
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            sentences=[tuple(s) for s in data.get("sentences", [])],  # type: ignore[misc]
            mentions=[_build(Mention, m) for m in data.get("mentions", [])],
            people=[
                Person(
                    name=p["name"],
                    aliases=list(p.get("aliases", [])),
                    roles=[_build(Role, r) for r in p.get("roles", [])],
                    mentions=[tuple(m) for m in p.get("mentions", [])],  # type: ignore[misc]
                )
                for p in data.get("people", [])
            ],
            quotes=[_build(Quote, q) for q in data.get("quotes", [])],
            timexes=[_build(Timex, t) for t in data.get("timexes", [])],
            amounts=[_build(Amount, a) for a in data.get("amounts", [])],
            pledges=[_build(Pledge, p) for p in data.get("pledges", [])],
            notes=list(data.get("notes", [])),
        )


def _build(cls: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})
