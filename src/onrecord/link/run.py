"""Corpus-level linking over the stored analyses, written back in one transaction.

Entities, quote groups and pledge groups are recomputed from the stored per-document analyses
(cheap: no parsing). Near-duplicates and stories are incremental: their state lives in the
store, and only documents not seen before are added. Everything runs in a fixed order, so an
interrupted run followed by a new one gives the same record as one uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from typing import Any

from onrecord.link.dedup import NearDuplicateIndex
from onrecord.link.entities import Correction, EntityDoc, link_entities
from onrecord.link.pledges import group_pledges
from onrecord.link.quotegroups import QuoteItem, group_quotes
from onrecord.link.speakers import quote_speakers, write_speaker_kinds
from onrecord.link.stories import StoryClusterer, StoryDoc, inheritable
from onrecord.models import Analysis, normalize_for_hash
from onrecord.store import SQLiteStore

STORY_STATE = "stories"
_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def link_corpus(store: SQLiteStore) -> dict[str, int]:
    docs = store.query(
        "SELECT id, title, text, published, published_from, story_id FROM documents ORDER BY id"
    )
    analyses = dict(store.iter_analyses())
    # the user's corrections of who is who, replayed over every relink
    corrections = [Correction(c["action"], c["name"], c["other"]) for c in store.corrections()]
    with store.transaction() as conn:
        duplicates = _near_duplicates(store, conn, docs)
        stories = _stories(store, conn, docs, analyses)
        entities = _entities(store, conn, docs, analyses, corrections)
        groups = _quote_groups(conn, entities)
        pledge_groups = _pledge_groups(conn, analyses)
    return {
        "entities": entities["count"],
        "duplicates": duplicates,
        "stories": stories,
        "quote groups": groups,
        "pledge groups": pledge_groups,
    }


def _near_duplicates(
    store: SQLiteStore, conn: sqlite3.Connection, docs: list[dict[str, Any]]
) -> int:
    rows = conn.execute(
        "SELECT m.document_id, m.signature, d.duplicate_of FROM minhash m "
        "JOIN documents d ON d.id = m.document_id ORDER BY m.document_id"
    ).fetchall()
    index = NearDuplicateIndex.restore((r[0], r[1], r[2]) for r in rows)
    for doc in docs:
        if doc["id"] in index:
            continue
        dup_of = index.add(doc["id"], doc["text"])
        conn.execute(
            "INSERT INTO minhash (document_id, signature) VALUES (?, ?)",
            (doc["id"], index.signature(doc["id"])),
        )
        if dup_of is not None:
            conn.execute("UPDATE documents SET duplicate_of = ? WHERE id = ?", (dup_of, doc["id"]))
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


def _stories(
    store: SQLiteStore,
    conn: sqlite3.Connection,
    docs: list[dict[str, Any]],
    analyses: dict[int, Analysis],
) -> int:
    state = store.get_state(STORY_STATE)
    clusterer = StoryClusterer.from_bytes(state) if state else StoryClusterer()
    new = [_story_doc(d, analyses.get(d["id"])) for d in docs if d["id"] not in clusterer.story_of]
    if new:
        clusterer.add_many(new)
        store.put_state(conn, STORY_STATE, clusterer.to_bytes())
    stories = clusterer.stories_list()
    texts = {d["id"]: d["text"] for d in docs}
    conn.execute("DELETE FROM stories")
    # story dates are recomputed below; one the rule no longer gives must not linger
    conn.execute(
        "UPDATE documents SET published = NULL, published_from = NULL WHERE published_from = 'story'"
    )
    conn.execute(
        "UPDATE quotes SET said_on = NULL, said_on_from = NULL WHERE said_on_from = 'story'"
    )
    for s in stories:
        conn.execute(
            "INSERT INTO stories (id, title, first_published, last_published, place) "
            "VALUES (?,?,?,?,?)",
            (s.id, s.title, s.first_published, s.last_published, s.place),
        )
        conn.executemany(
            "UPDATE documents SET story_id = ? WHERE id = ?", [(s.id, d) for d in s.document_ids]
        )
        for doc_id, day in s.inherited_dates.items():
            if not inheritable(texts.get(doc_id) or "", day):
                continue
            # an undated article that joined a dated story takes the story's date, marked so
            conn.execute(
                "UPDATE documents SET published = ?, published_from = 'story' "
                "WHERE id = ? AND (published IS NULL OR published_from = 'story')",
                (day, doc_id),
            )
            conn.execute(
                "UPDATE quotes SET said_on = ?, said_on_from = 'story' WHERE document_id = ? "
                "AND (said_on IS NULL OR said_on_from = 'story')",
                (day, doc_id),
            )
    return len(stories)


def _entities(
    store: SQLiteStore,
    conn: sqlite3.Connection,
    docs: list[dict[str, Any]],
    analyses: dict[int, Analysis],
    corrections: list[Correction] | None = None,
) -> dict[str, Any]:
    by_id = {d["id"]: d for d in docs}
    entity_docs = [
        EntityDoc(doc_id, by_id[doc_id]["published"], a, by_id[doc_id]["text"])
        for doc_id, a in sorted(analyses.items())
        if doc_id in by_id
    ]
    linking = link_entities(entity_docs, corrections)
    conn.execute("UPDATE entities SET active = 0")
    ids: dict[str, int] = {}
    for e in linking.entities:
        conn.execute(
            "INSERT INTO entities (key, name, type, aliases, roles, mentions, active) "
            "VALUES (?,?,?,?,?,?,1) ON CONFLICT(key) DO UPDATE SET name = excluded.name, "
            "type = excluded.type, aliases = excluded.aliases, roles = excluded.roles, "
            "mentions = excluded.mentions, active = 1",
            (
                e.key,
                e.name,
                e.type,
                json.dumps(e.aliases, ensure_ascii=False),
                json.dumps(e.roles, ensure_ascii=False),
                e.mentions,
            ),
        )
    for key, eid in conn.execute("SELECT key, id FROM entities WHERE active = 1"):
        ids[key] = eid
    conn.execute("UPDATE mentions SET entity_id = NULL")
    conn.executemany(
        "UPDATE mentions SET entity_id = ? WHERE document_id = ? AND idx = ?",
        [(ids[k], d, i) for (d, i), k in linking.mention_entity.items() if k in ids],
    )
    # institutions ("State Department", "China" for "Beijing") link to their ORG/GPE entity
    quote_speaker = quote_speakers(entity_docs, linking)
    conn.execute("UPDATE quotes SET speaker_id = NULL")
    conn.executemany(
        "UPDATE quotes SET speaker_id = ? WHERE document_id = ? AND idx = ?",
        [(ids[k], d, i) for (d, i), k in quote_speaker.items() if k in ids],
    )
    write_speaker_kinds(store, conn, entity_docs, linking, quote_speaker)
    # pledges stated by a person: the speaker's in-document person → canonical entity
    conn.execute("UPDATE pledges SET speaker_id = NULL")
    conn.executemany(
        "UPDATE pledges SET speaker_id = ? WHERE document_id = ? AND speaker_person = ?",
        [(ids[k], d, p) for (d, p), k in linking.person_entity.items() if k in ids],
    )
    return {"count": len(linking.entities), "ids": ids, "quote_speaker": quote_speaker}


def _quote_groups(conn: sqlite3.Connection, entities: dict[str, Any]) -> int:
    rows = conn.execute(
        "SELECT q.id, q.document_id, q.idx, q.text, d.published FROM quotes q "
        "JOIN documents d ON d.id = q.document_id ORDER BY q.document_id, q.idx"
    ).fetchall()
    speakers: dict[tuple[int, int], str] = entities["quote_speaker"]
    items = [QuoteItem(r[1], r[2], r[3], speakers.get((r[1], r[2])), r[4]) for r in rows]
    group_of = group_quotes(items)
    # the group id is the row id of the group's first quote: stable and citable
    conn.executemany(
        "UPDATE quotes SET group_id = ? WHERE id = ?",
        [(rows[g][0], r[0]) for r, g in zip(rows, group_of, strict=True)],
    )
    return len(set(group_of))


def _pledge_groups(conn: sqlite3.Connection, analyses: dict[int, Analysis]) -> int:
    items = [(doc_id, p) for doc_id, a in sorted(analyses.items()) for p in a.pledges]
    positions = [
        (doc_id, i) for doc_id, a in sorted(analyses.items()) for i in range(len(a.pledges))
    ]
    if not items:
        return 0
    group_of = group_pledges(items)
    row_id = {(d, i): pid for pid, d, i in conn.execute("SELECT id, document_id, idx FROM pledges")}
    conn.executemany(
        "UPDATE pledges SET group_id = ? WHERE id = ?",
        [(row_id[positions[g]], row_id[pos]) for pos, g in zip(positions, group_of, strict=True)],
    )
    return len(set(group_of))
