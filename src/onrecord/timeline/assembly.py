"""A person's statements on a topic, in date order, with stance shifts flagged.

Selection. Every quote of the speaker (resolved as ``queries.find_entity`` does, as in search)
is scored against the topic (onrecord.timeline.topics): on topic when it holds enough of the
topic's IDF-weighted words or their paraphrases, or its vector is near the topic's. Without a
topic every quote of the speaker is listed.

Grouping. Copies of one statement in several outlets are one entry: quotes sharing a
``group_id`` (the quote-group linker), and, within the timeline, quotes at most
``SAME_STATEMENT_DAYS`` apart whose vectors are near-identical (cosine >= ``SAME_STATEMENT``)
or whose words largely coincide — the reported and the direct form of one remark in two
outlets. The direct form, when there is one, stands for the entry (its stance counts).

Shift. Walking the entries in date order, an entry with a clear stance is a shift when the
latest entry with a clear stance *from an earlier day* had the opposite sign and the two are not
near-identical texts (cosine < ``SAME_STATEMENT``: opposite cues in the same words mean a cue was
misread, not that the speaker moved). Hedging entries are listed but never start or end a shift;
statements of the same day are compared with the previous day, not with each other.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np

from onrecord import queries
from onrecord.search import STOP_WORDS, resolve_person, vector_index
from onrecord.store.base import Store
from onrecord.timeline.polarity import SAME_STATEMENT, Stance, stance
from onrecord.timeline.topics import Topic, on_topic

SAME_WORDS = 0.7  # containment of the shorter quote's words in the longer one, same day
MAX_STATEMENTS = 500
SAME_STATEMENT_DAYS = 2  # reports of one remark carry dates a day or two apart


@dataclass
class Entry:
    """One statement (possibly carried by several outlets) in a timeline."""

    quote_id: int
    text: str
    said_on: str | None
    said_on_from: str | None
    speaker: str | None
    document_id: int
    document_title: str | None
    outlet: str | None
    start: int
    end: int
    kind: str
    group_id: int | None
    relevance: float | None  # cosine similarity to the topic
    coverage: float | None  # IDF-weighted share of topic words present
    stance: Stance
    copies: list[dict[str, Any]] = field(default_factory=list)
    shift: dict[str, Any] | None = None  # set on the entry where a shift lands

    def citation(self) -> str:
        title = f' "{self.document_title}"' if self.document_title else ""
        return (
            f"{self.outlet or 'unknown outlet'}, {self.said_on or 'undated'}; document "
            f"{self.document_id}{title}, chars {self.start}-{self.end}"
        )


@dataclass
class Timeline:
    speaker: str
    speaker_ids: list[int]
    topic: str | None
    entries: list[Entry]

    @property
    def shifts(self) -> list[dict[str, Any]]:
        return [e.shift for e in self.entries if e.shift]

    def to_dict(self) -> dict[str, Any]:
        entries = []
        for e in self.entries:
            d = asdict(e)
            d["citation"] = e.citation()
            entries.append(d)
        return {
            "speaker": self.speaker,
            "speaker_ids": self.speaker_ids,
            "topic": self.topic,
            "entries": entries,
            "shifts": self.shifts,
        }


_KIND_RANK = {"direct": 0, "mixed": 1, "indirect": 2}


def _as_copy(e: Entry) -> dict[str, Any]:
    return {
        "quote_id": e.quote_id,
        "document_id": e.document_id,
        "document_title": e.document_title,
        "outlet": e.outlet,
        "said_on": e.said_on,
        "start": e.start,
        "end": e.end,
        "text": e.text,
    }


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) - STOP_WORDS


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    if len(a) != 10 or len(b) != 10:  # coarser dates: only an exact match counts
        return 0 if a == b else None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _same_statement(a: Entry, b: Entry, sim: float) -> bool:
    """One remark reported twice: near in time and nearly the same words (or vector)."""
    days = _days_apart(a.said_on, b.said_on)
    if days is None or days > SAME_STATEMENT_DAYS:
        return False
    if sim >= SAME_STATEMENT:
        return True
    wa, wb = _words(a.text), _words(b.text)
    small = min(len(wa), len(wb))
    return small >= 4 and len(wa & wb) / small >= SAME_WORDS


def timeline(
    store: Store, speaker: str, topic: str | None = None, *, limit: int = MAX_STATEMENTS
) -> Timeline:
    speaker_ids = resolve_person(store, speaker)
    topic = (topic or "").strip() or None
    relevance: dict[int, float] = {}
    coverage: dict[int, float] = {}
    if topic:
        scored = on_topic(store, speaker_ids, speaker, Topic.of(store, topic))
        relevance = {i: sim for i, (sim, _) in scored.items()}
        coverage = {i: cov for i, (_, cov) in scored.items()}
        rows = queries.quotes_by_ids(store, list(scored)) if scored else []
    else:
        rows = queries.quotes(store, speaker=speaker, speaker_ids=speaker_ids, limit=limit)
    rows.sort(
        key=lambda r: (r["said_on"] or r["published"] or "9999", r["document_id"], r["start"])
    )
    rows = rows[:limit]
    vecs = vector_index(store).vectors_of(store, "quote", [r["id"] for r in rows])
    entries: list[Entry] = []
    entry_vec: list[np.ndarray | None] = []
    by_group: dict[int, Entry] = {}
    for r in rows:
        copy = {
            "quote_id": r["id"],
            "document_id": r["document_id"],
            "document_title": r["document_title"],
            "outlet": r["outlet"],
            "said_on": r["said_on"],
            "start": r["start"],
            "end": r["end"],
            "text": r["text"],
        }
        if r["group_id"] is not None and r["group_id"] in by_group:
            by_group[r["group_id"]].copies.append(copy)
            continue
        entry = Entry(
            quote_id=r["id"],
            text=r["text"],
            said_on=r["said_on"] or r["published"],
            said_on_from=r["said_on_from"] if r["said_on"] else "published",
            speaker=r["speaker"],
            document_id=r["document_id"],
            document_title=r["document_title"],
            outlet=r["outlet"],
            start=r["start"],
            end=r["end"],
            kind=r["kind"],
            group_id=r["group_id"],
            relevance=round(relevance[r["id"]], 4) if r["id"] in relevance else None,
            coverage=round(coverage[r["id"]], 4) if r["id"] in coverage else None,
            stance=stance(r["text"], topic),
        )
        vec = vecs.get(r["id"])
        merged = False
        for back in range(1, min(8, len(entries)) + 1):
            prev, pvec = entries[-back], entry_vec[-back]
            sim = float(vec @ pvec) if vec is not None and pvec is not None else 0.0
            if _same_statement(prev, entry, sim):
                if _KIND_RANK.get(entry.kind, 3) < _KIND_RANK.get(prev.kind, 3):
                    # the speaker's own words stand for the remark, a paraphrase is a copy
                    entry.copies = [*prev.copies, _as_copy(prev)]
                    entries[-back], entry_vec[-back] = entry, vec
                    if prev.group_id is not None:
                        by_group[prev.group_id] = entry
                else:
                    prev.copies.append(copy)
                merged = True
                break
        if merged:
            continue
        if r["group_id"] is not None:
            by_group[r["group_id"]] = entry
        entries.append(entry)
        entry_vec.append(vec)
    if topic:  # without a topic consecutive statements are about different things
        _flag_shifts(entries, entry_vec)
    return Timeline(speaker, speaker_ids, topic, entries)


def _flag_shifts(entries: list[Entry], vecs: list[np.ndarray | None]) -> None:
    last_clear: tuple[Entry, np.ndarray | None] | None = None  # from an earlier day
    day_clear: tuple[Entry, np.ndarray | None] | None = None  # latest of the current day
    day: str | None = None
    for entry, vec in zip(entries, vecs, strict=True):
        if entry.said_on != day:
            if day_clear is not None:
                last_clear = day_clear
            day, day_clear = entry.said_on, None
        if entry.stance.sign == 0:
            continue
        if last_clear is not None and last_clear[0].stance.sign != entry.stance.sign:
            prev, pvec = last_clear
            sim = float(vec @ pvec) if vec is not None and pvec is not None else 0.0
            if sim < SAME_STATEMENT:
                entry.shift = {
                    "from_quote_id": prev.quote_id,
                    "from_date": prev.said_on,
                    "from_stance": prev.stance.label,
                    "from_text": prev.text,
                    "to_quote_id": entry.quote_id,
                    "to_date": entry.said_on,
                    "to_stance": entry.stance.label,
                    "to_text": entry.text,
                    "similarity": round(sim, 4),
                }
        day_clear = (entry, vec)
