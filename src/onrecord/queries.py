"""Read-only views of the record, shared by the CLI, export and the web/JSON API."""

from __future__ import annotations

import json
from typing import Any

from onrecord.store import SQLiteStore

DOC_FIELDS = (
    "id, source, title, outlet, byline, published, published_from, language, sha256, chars, "
    "duplicate_of, story_id, url"
)


def documents(
    store: SQLiteStore, *, limit: int | None = None, offset: int = 0, with_text: bool = False
) -> list[dict[str, Any]]:
    cols = DOC_FIELDS + (", text" if with_text else "")
    sql = f"SELECT {cols} FROM documents ORDER BY id"
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    rows = store.query(sql, params)
    sources: dict[int, list[dict[str, Any]]] = {}
    for s in store.query(
        "SELECT document_id, source, outlet, url, published, published_from FROM sources ORDER BY id"
    ):
        sources.setdefault(s.pop("document_id"), []).append(s)
    for row in rows:
        row["sources"] = sources.get(row["id"], [])
    return rows


def document(store: SQLiteStore, doc_id: int) -> dict[str, Any] | None:
    rows = store.query(f"SELECT {DOC_FIELDS}, text, caption FROM documents WHERE id = ?", (doc_id,))
    if not rows:
        return None
    row = rows[0]
    row["sources"] = store.query(
        "SELECT source, outlet, url, published, published_from FROM sources "
        "WHERE document_id = ? ORDER BY id",
        (doc_id,),
    )
    return row


def entities(
    store: SQLiteStore, *, type: str | None = None, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    sql = "SELECT id, name, type, aliases, roles, mentions FROM entities WHERE active = 1"
    params: list[Any] = []
    if type:
        sql += " AND type = ?"
        params.append(type)
    sql += " ORDER BY mentions DESC, name, id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = store.query(sql, params)
    for row in rows:
        row["aliases"] = json.loads(row["aliases"])
        row["roles"] = json.loads(row["roles"])
    return rows


def find_entity(store: SQLiteStore, name: str, type: str | None = "PERSON") -> list[int]:
    """Entity ids whose name or any alias matches ``name`` (case-insensitive, whole or surname)."""
    needle = name.strip().lower()
    hits = []
    for e in entities(store, type=type):
        names = [e["name"], *e["aliases"]]
        lowered = [n.lower() for n in names]
        if needle in lowered or any(n.split()[-1:] == [needle] for n in lowered if n):
            hits.append(e["id"])
    return hits


QUOTE_SQL = (
    "SELECT q.id, q.document_id, q.text, q.kind, coalesce(e.name, q.speaker) AS speaker, "
    'q.speaker_id, q.speaker_mention, q.cue, q.start, q."end", q.said_on, q.said_on_from, '
    "q.group_id, d.outlet, d.title AS document_title, d.published FROM quotes q "
    "JOIN documents d ON d.id = q.document_id LEFT JOIN entities e ON e.id = q.speaker_id"
)


def quotes(
    store: SQLiteStore,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        ids = find_entity(store, speaker)
        clause = "lower(q.speaker) = lower(?)"
        params.append(speaker)
        if ids:
            clause = f"(q.speaker_id IN ({','.join('?' * len(ids))}) OR {clause})"
            params = [*ids, *params]
        where.append(clause)
    if since:
        where.append("q.said_on >= ?")
        params.append(since)
    if until:
        where.append("q.said_on <= ?")
        params.append(until)
    if kind:
        where.append("q.kind = ?")
        params.append(kind)
    if document_id is not None:
        where.append("q.document_id = ?")
        params.append(document_id)
    sql = QUOTE_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY q.said_on IS NULL, q.said_on, q.document_id, q.start"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return store.query(sql, params)


def pledges(
    store: SQLiteStore,
    *,
    donor: str | None = None,
    recipient: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    sql = (
        "SELECT p.id, p.document_id, p.donors, p.recipient, p.amount, p.currency, p.qualifier, "
        "p.program, p.purpose, p.period, p.status, p.said_on, coalesce(e.name, p.speaker) AS "
        'speaker, p.speaker_id, p.start, p."end", p.group_id, p.text, d.outlet, d.title AS '
        "document_title FROM pledges p JOIN documents d ON d.id = p.document_id "
        "LEFT JOIN entities e ON e.id = p.speaker_id"
    )
    where: list[str] = []
    params: list[Any] = []
    if donor:
        where.append("EXISTS (SELECT 1 FROM json_each(p.donors) WHERE lower(value) LIKE ?)")
        params.append(f"%{donor.lower()}%")
    if recipient:
        where.append("lower(p.recipient) LIKE ?")
        params.append(f"%{recipient.lower()}%")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY p.said_on IS NULL, p.said_on, p.document_id, p.start"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = store.query(sql, params)
    for row in rows:
        row["donors"] = json.loads(row["donors"])
    return rows


def stories(
    store: SQLiteStore, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    sql = (
        "SELECT s.id, s.title, s.first_published, s.last_published, s.place, "
        "(SELECT json_group_array(id) FROM (SELECT id FROM documents WHERE story_id = s.id "
        "ORDER BY id)) AS document_ids FROM stories s "
        "ORDER BY s.first_published IS NULL, s.first_published DESC, s.id"
    )
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    rows = store.query(sql, params)
    for row in rows:
        row["document_ids"] = json.loads(row["document_ids"])
    return rows
