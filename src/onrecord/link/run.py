"""Corpus-level linking over the stored analyses: a pure computation, then one write.

``compute_links(inputs) -> LinkResult`` decides everything from plain values (testable
without a database); ``Store.write_links`` writes the result in one transaction. Entities,
quote groups and pledge groups are recomputed from the stored per-document analyses (cheap:
no parsing). Near-duplicates and stories are incremental: their state lives in the store, and
only documents not seen before are added. Everything runs in a fixed order, so an interrupted
run followed by a new one gives the same record as one uninterrupted run.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from onrecord.link.dedup import NearDuplicateIndex
from onrecord.link.entities import Correction, EntityDoc, link_entities
from onrecord.link.pledges import group_pledges
from onrecord.link.quotegroups import QuoteItem, group_quotes
from onrecord.link.speakers import quote_speakers, speaker_kind_rows
from onrecord.link.stories import StoryClusterer, StoryDoc, inheritable
from onrecord.models import Analysis, normalize_for_hash
from onrecord.store.base import EntityRow, LinkInputs, LinkResult, Store, StoryRow

STORY_STATE = "stories"
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def link_corpus(store: Store) -> dict[str, int]:
    """Load the link inputs, compute the links, write them: one transaction under the link lock."""
    with store.linking():  # one linker at a time, from its reads to its writes
        result = compute_links(store.load_link_inputs())
        store.write_links(result)
    return result.counts


def compute_links(inputs: LinkInputs) -> LinkResult:
    """Every corpus-level decision from ``inputs`` alone: no database, no side effects
    (the story clusterer's and the near-duplicate index's new state come back in the result)."""
    docs = inputs.documents
    analyses = inputs.analyses
    # the user's corrections of who is who, replayed over every relink
    corrections = [Correction(c["action"], c["name"], c["other"]) for c in inputs.corrections]
    result = LinkResult()
    duplicates = _near_duplicates(inputs, result)
    stories = _stories(inputs, result)
    quote_speaker = _entities(docs, analyses, corrections, inputs.linked_speaker_quotes, result)
    groups = _quote_groups(inputs, result, quote_speaker)
    pledge_groups = _pledge_groups(inputs, result)
    result.counts = {
        "entities": len(result.entities),
        "duplicates": duplicates,
        "stories": stories,
        "quote groups": groups,
        "pledge groups": pledge_groups,
    }
    return result


def _near_duplicates(inputs: LinkInputs, result: LinkResult) -> int:
    index = NearDuplicateIndex.restore(inputs.minhash)
    for doc in inputs.documents:
        if doc["id"] in index:
            continue
        dup_of = index.add(doc["id"], doc["text"])
        result.minhash_new.append((doc["id"], index.signature(doc["id"])))
        if dup_of is not None:
            result.duplicate_of.append((doc["id"], dup_of))
    return len(index.duplicates())


def _story_doc(doc: dict[str, Any], analysis: Analysis | None) -> StoryDoc:
    entities: list[str] = []
    places: list[str] = []
    dates: list[str] = []
    if analysis is not None:
        for m in analysis.mentions:
            if m.label in ("PERSON", "ORG", "NORP", "EVENT", "FAC"):
                entities.append(m.text)
            elif m.label in ("GPE", "LOC"):
                places.append(m.text)
        # days gate stories; years and months only hint for undated documents
        dates = [
            t.value
            for t in analysis.timexes
            if t.type == "DATE" and t.value and _CALENDAR.match(t.value)
        ]
    published = doc["published"] if doc["published_from"] != "story" else None
    return StoryDoc(
        evidence=_event_evidence(analysis) if analysis is not None else [],
        id=doc["id"],
        title=doc["title"],
        text=doc["text"],
        published=published,
        entities=entities,
        places=places,
        dates=dates,
    )


_WORD = re.compile(r"\w+")
_SPEECH_RUN = 8  # words of quoted speech two reports of one statement share


def _event_evidence(analysis: Analysis) -> list[str]:
    """Fingerprints of one event: runs of quoted words and specific pledges.

    Two articles that quote the same eight words in a row, or report the same donors giving
    the same amount, are about the same statement or announcement.
    """
    keys: set[str] = set()
    for q in analysis.quotes:
        if q.kind == "indirect":
            continue
        words = _WORD.findall(normalize_for_hash(q.text))
        for i in range(len(words) - _SPEECH_RUN + 1):
            run = " ".join(words[i : i + _SPEECH_RUN])
            keys.add("q" + hashlib.blake2b(run.encode(), digest_size=8).hexdigest())
    for p in analysis.pledges:
        if p.amount and p.currency and p.donors:
            donors = "|".join(sorted(d.lower() for d in p.donors))
            keys.add(f"p:{p.currency}:{p.amount:.0f}:{donors}")
    return sorted(keys)


def _stories(inputs: LinkInputs, result: LinkResult) -> int:
    docs = inputs.documents
    state = inputs.story_state
    clusterer = StoryClusterer.from_bytes(state) if state else StoryClusterer()
    new = [
        _story_doc(d, inputs.analyses.get(d["id"]))
        for d in docs
        if d["id"] not in clusterer.story_of
    ]
    if new:
        clusterer.add_many(new)
        result.story_state = clusterer.to_bytes()
    stories = clusterer.stories_list()
    texts = {d["id"]: d["text"] for d in docs}
    for s in stories:
        result.stories.append(
            StoryRow(
                s.id, s.title, s.first_published, s.last_published, s.place, list(s.document_ids)
            )
        )
        for doc_id, day in s.inherited_dates.items():
            # an undated article that joined a dated story takes the story's date, marked so
            if inheritable(texts.get(doc_id) or "", day):
                result.inherited_dates.append((doc_id, day))
    return len(stories)


def _published_after_stories(inputs: LinkInputs, result: LinkResult) -> dict[int, str | None]:
    """Each document's publication date once ``write_links`` has applied the stories: dates
    an earlier run took from a story are dropped, this run's inherited ones set."""
    published: dict[int, str | None] = {}
    source: dict[int, str | None] = {}
    for d in inputs.documents:
        story = d["published_from"] == "story"
        published[d["id"]] = None if story else d["published"]
        source[d["id"]] = None if story else d["published_from"]
    for doc_id, day in result.inherited_dates:
        if doc_id in published and (published[doc_id] is None or source[doc_id] == "story"):
            published[doc_id] = day
            source[doc_id] = "story"
    return published


def _entities(
    docs: list[dict[str, Any]],
    analyses: dict[int, Analysis],
    corrections: list[Correction],
    previously_linked: list[tuple[int, int]],
    result: LinkResult,
) -> dict[tuple[int, int], str]:
    by_id = {d["id"]: d for d in docs}
    entity_docs = [
        EntityDoc(doc_id, by_id[doc_id]["published"], a, by_id[doc_id]["text"])
        for doc_id, a in sorted(analyses.items())
        if doc_id in by_id
    ]
    linking = link_entities(entity_docs, corrections)
    result.entities = [
        EntityRow(e.key, e.name, e.type, e.aliases, e.roles, e.mentions) for e in linking.entities
    ]
    result.mention_entity = [(k, d, i) for (d, i), k in linking.mention_entity.items()]
    # institutions ("State Department", "China" for "Beijing") link to their ORG/GPE entity
    quote_speaker = quote_speakers(entity_docs, linking)
    result.quote_speaker = [(k, d, i) for (d, i), k in quote_speaker.items()]
    result.speaker_kinds = speaker_kind_rows(previously_linked, entity_docs, linking, quote_speaker)
    # pledges stated by a person: the speaker's in-document person -> canonical entity
    result.pledge_speaker = [(k, d, p) for (d, p), k in linking.person_entity.items()]
    return quote_speaker


def _quote_groups(
    inputs: LinkInputs, result: LinkResult, speakers: dict[tuple[int, int], str]
) -> int:
    published = _published_after_stories(inputs, result)
    rows = inputs.quote_rows
    items = [
        QuoteItem(d, i, text, speakers.get((d, i)), published.get(d)) for _, d, i, text in rows
    ]
    group_of = group_quotes(items)
    # the group id is the row id of the group's first quote: stable and citable
    result.quote_groups = [(rows[g][0], r[0]) for r, g in zip(rows, group_of, strict=True)]
    return len(set(group_of))


def _pledge_groups(inputs: LinkInputs, result: LinkResult) -> int:
    analyses = inputs.analyses
    items = [(doc_id, p) for doc_id, a in sorted(analyses.items()) for p in a.pledges]
    positions = [
        (doc_id, i) for doc_id, a in sorted(analyses.items()) for i in range(len(a.pledges))
    ]
    if not items:
        return 0
    group_of = group_pledges(items)
    row_id = {(d, i): pid for pid, d, i in inputs.pledge_rows}
    result.pledge_groups = [
        (row_id[positions[g]], row_id[pos]) for pos, g in zip(positions, group_of, strict=True)
    ]
    return len(set(group_of))
