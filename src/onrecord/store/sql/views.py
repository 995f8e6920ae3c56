"""Read-only views of the record (moved from ``onrecord.queries``, which re-exports them):
the SQL of the CLI's, the exports' and the web's lists and pages, in the portable subset, run
through the store's executor so every backend shares it."""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from onrecord.store.base import QuoteFilter, Store

DOC_FIELDS = (
    "id, source, title, outlet, byline, published, published_from, language, sha256, chars, "
    "duplicate_of, story_id, url"
)


def documents(
    store: Store, *, limit: int | None = None, offset: int = 0, with_text: bool = False
) -> list[dict[str, Any]]:
    cols = DOC_FIELDS + (", text" if with_text else "")
    sql = f"SELECT {cols} FROM documents ORDER BY id"
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    rows = store._rows(sql, params)
    sources: dict[int, list[dict[str, Any]]] = {}
    for s in store._rows(
        "SELECT document_id, source, outlet, url, published, published_from FROM sources ORDER BY id"
    ):
        sources.setdefault(s.pop("document_id"), []).append(s)
    for row in rows:
        row["sources"] = sources.get(row["id"], [])
    return rows


def document(store: Store, doc_id: int) -> dict[str, Any] | None:
    rows = store._rows(f"SELECT {DOC_FIELDS}, text, caption FROM documents WHERE id = ?", (doc_id,))
    if not rows:
        return None
    row = rows[0]
    row["sources"] = store._rows(
        "SELECT source, outlet, url, published, published_from FROM sources "
        "WHERE document_id = ? ORDER BY id",
        (doc_id,),
    )
    return row


def entities(
    store: Store, *, type: str | None = None, limit: int | None = None, offset: int = 0
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
    rows = store._rows(sql, params)
    for row in rows:
        row["aliases"] = json.loads(row["aliases"])
        row["roles"] = json.loads(row["roles"])
    return rows


def _find_entity_sql(store: Any, type: str | None, tail: str | None) -> tuple[str, list[Any]]:
    """The SQL of ``find_entity`` and the order of its parameters after the type (needle and
    tail, twice). Clauses for a missing type or tail are left out rather than bound as NULL
    (PostgreSQL cannot type a bare ``? IS NULL``). lower(...) LIKE: SQLite's LIKE ignores
    ASCII case, PostgreSQL's does not."""
    name = "lower(e.name) = ?" + (" OR lower(e.name) LIKE ? ESCAPE '\\'" if tail else "")
    alias = "lower(j.value) = ?" + (" OR lower(j.value) LIKE ? ESCAPE '\\'" if tail else "")
    sql = (
        "SELECT e.id FROM entities e WHERE e.active = 1"
        + (" AND e.type = ?" if type is not None else "")
        + f" AND ({name} OR EXISTS (SELECT 1 FROM {store.dialect.json_each('e.aliases', 'j')} "
        f"WHERE {alias})) ORDER BY e.id"
    )
    return sql, ["needle", "tail", "needle", "tail"] if tail else ["needle", "needle"]


def find_entity(store: Store, name: str, type: str | None = "PERSON") -> list[int]:
    """Entity ids whose name or any alias matches ``name`` (case-insensitive, whole or surname).

    One SQL pass (json_each over the aliases): ~4x faster than parsing every entity in Python,
    which matters to a one-shot CLI run (bench/bench_cli.py). SQLite lowercases ASCII only, so
    a needle with other letters that finds nothing is checked again in Python."""
    needle = name.strip().lower()
    if not needle:
        return []
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # a surname is one word: "mark rutte" must not match "Prime Minister Mark Rutte"
    tail = None if any(c.isspace() for c in needle) else "% " + escaped
    sql, order = _find_entity_sql(store, type, tail)
    values = {"needle": needle, "tail": tail}
    params = ([type] if type is not None else []) + [values[k] for k in order]
    ids = [int(r[0]) for r in store._tuples(sql, params)]
    if ids or needle.isascii():
        return ids
    hits = []
    for e in entities(store, type=type):
        lowered = [n.lower() for n in (e["name"], *e["aliases"])]
        if needle in lowered or any(n.split()[-1:] == [needle] for n in lowered if n):
            hits.append(e["id"])
    return sorted(hits)


QUOTE_SQL = (
    "SELECT q.id, q.document_id, q.text, q.kind, coalesce(e.name, q.speaker) AS speaker, "
    'q.speaker_id, q.speaker_mention, q.cue, q.start, q."end", q.said_on, q.said_on_from, '
    "q.speaker_type, q.speaker_evidence, q.speaker_confidence, q.speaker_evidence_document, "
    "q.group_id, d.outlet, d.title AS document_title, d.published, d.published_from, d.url "
    "FROM quotes q "
    "JOIN documents d ON d.id = q.document_id LEFT JOIN entities e ON e.id = q.speaker_id"
)


def _quote_filters(
    store: Store,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    speaker_id: int | None = None,
    speaker_ids: Sequence[int] | None = None,
    outlet: str | None = None,
) -> tuple[list[str], list[Any]]:
    """``speaker_ids``: the entities ``speaker`` resolves to, when the caller already knows them
    (the web from the cached ``search.resolve_person``); otherwise ``find_entity`` answers."""
    where: list[str] = []
    params: list[Any] = []
    if speaker:
        ids = list(speaker_ids) if speaker_ids is not None else find_entity(store, speaker)
        clause = "lower(q.speaker) = lower(?)"
        params.append(speaker)
        if ids:
            clause = f"(q.speaker_id IN ({','.join('?' * len(ids))}) OR {clause})"
            params = [*ids, *params]
        where.append(clause)
    if speaker_id is not None:
        where.append("q.speaker_id = ?")
        params.append(speaker_id)
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
    if outlet:
        # any source of the document counts, as in search: a wire story carried by several outlets
        where.append(
            "EXISTS (SELECT 1 FROM sources s WHERE s.document_id = q.document_id "
            "AND lower(s.outlet) LIKE ?)"
        )
        params.append(f"%{outlet.strip().lower()}%")
    return where, params


def _filter_where(store: Store, f: QuoteFilter) -> tuple[list[str], list[Any]]:
    """The WHERE terms of one ``QuoteFilter`` (listing and counting must agree)."""
    return _quote_filters(
        store,
        f.speaker,
        f.since,
        f.until,
        f.kind,
        f.document_id,
        f.speaker_id,
        f.speaker_ids,
        f.outlet,
    )


def quotes(
    store: Store,
    filter: QuoteFilter | None = None,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    speaker_id: int | None = None,
    speaker_ids: Sequence[int] | None = None,
    outlet: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes, earliest first, under ``filter`` (a ``QuoteFilter``, the object search takes
    too) or the same fields given one by one."""
    f = filter or QuoteFilter(
        speaker=speaker,
        speaker_ids=tuple(speaker_ids) if speaker_ids is not None else None,
        speaker_id=speaker_id,
        since=since,
        until=until,
        kind=kind,
        document_id=document_id,
        outlet=outlet,
        limit=limit,
        offset=offset,
    )
    where, params = _filter_where(store, f)
    sql = QUOTE_SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY q.said_on IS NULL, q.said_on, q.document_id, q.start, q.id"
    if f.limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [f.limit, f.offset]
    return store._rows(sql, params)


def _pledge_006(store: Store) -> str:
    """Migration 006's pledge columns, or NULLs when a read-only older database lacks them."""
    names = ("kind", "quantity", "unit", "announced_by")
    have = store.columns("pledges")
    return ", ".join(f"p.{n}" if n in have else f"NULL AS {n}" for n in names)


def pledges(
    store: Store,
    *,
    donor: str | None = None,
    recipient: str | None = None,
    story_id: int | None = None,
    speaker_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    sql = (
        "SELECT p.id, p.document_id, p.donors, p.recipient, p.amount, p.currency, p.qualifier, "
        "p.program, p.purpose, p.period, p.status, p.said_on, coalesce(e.name, p.speaker) AS "
        'speaker, p.speaker_id, p.start, p."end", p.group_id, p.text, d.outlet, d.title AS '
        f"document_title, {_pledge_006(store)} FROM pledges p JOIN documents d ON d.id = p.document_id "
        "LEFT JOIN entities e ON e.id = p.speaker_id"
    )
    where: list[str] = []
    params: list[Any] = []
    if donor:
        where.append(
            f"EXISTS (SELECT 1 FROM {store.dialect.json_each('p.donors', 'j')} "
            "WHERE lower(j.value) LIKE ?)"
        )
        params.append(f"%{donor.lower()}%")
    if recipient:
        where.append("lower(p.recipient) LIKE ?")
        params.append(f"%{recipient.lower()}%")
    if story_id is not None:
        where.append("d.story_id = ?")
        params.append(story_id)
    if speaker_id is not None:
        where.append("p.speaker_id = ?")
        params.append(speaker_id)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY p.said_on IS NULL, p.said_on, p.document_id, p.start, p.id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    rows = store._rows(sql, params)
    for row in rows:
        row["donors"] = json.loads(row["donors"])
    return rows


def stories(store: Store, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    sql = (
        "SELECT s.id, s.title, s.first_published, s.last_published, s.place, "
        f"(SELECT {store.dialect.json_array_agg('sub.id')} FROM (SELECT id FROM documents "
        "WHERE story_id = s.id ORDER BY id) sub) AS document_ids FROM stories s "
        "ORDER BY s.first_published IS NULL, s.first_published DESC, s.id"
    )
    params: list[Any] = []
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [limit, offset]
    rows = store._rows(sql, params)
    for row in rows:
        row["document_ids"] = json.loads(row["document_ids"])
    return rows


# ---- detail views for the web pages and their JSON twins ----


def count(store: Store, table: str, where: str = "", params: Sequence[Any] = ()) -> int:
    """Row count of a table (a fixed name from the caller, never user input)."""
    sql = f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else "")
    return int(store._scalar(sql, list(params)))


def count_quotes(
    store: Store,
    filter: QuoteFilter | None = None,
    *,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    document_id: int | None = None,
    speaker_id: int | None = None,
    speaker_ids: Sequence[int] | None = None,
    outlet: str | None = None,
) -> int:
    """How many quotes ``quotes`` lists under the same filter (limit and offset aside)."""
    f = filter or QuoteFilter(
        speaker=speaker,
        speaker_ids=tuple(speaker_ids) if speaker_ids is not None else None,
        speaker_id=speaker_id,
        since=since,
        until=until,
        kind=kind,
        document_id=document_id,
        outlet=outlet,
    )
    where, params = _filter_where(store, f)
    sql = "SELECT count(*) FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
    return int(store._scalar(sql, params))


def quotes_by_ids(store: Store, ids: Sequence[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    rows = store._rows(QUOTE_SQL + f" WHERE q.id IN ({','.join('?' * len(ids))})", list(ids))
    order = {i: n for n, i in enumerate(ids)}
    return sorted(rows, key=lambda r: order[r["id"]])


def entity(store: Store, entity_id: int) -> dict[str, Any] | None:
    rows = store._rows(
        "SELECT id, name, type, aliases, roles, mentions, active FROM entities WHERE id = ?",
        (entity_id,),
    )
    if not rows:
        return None
    row = rows[0]
    row["aliases"] = json.loads(row["aliases"])
    row["roles"] = json.loads(row["roles"])
    return row


PERSON_DOCS = 100
STORY_STATEMENTS = 200


def person(store: Store, entity_id: int) -> dict[str, Any] | None:
    """A person with their roles over time, statement counts and the documents naming them."""
    row = entity(store, entity_id)
    if row is None:
        return None
    stats = store._rows(
        "SELECT count(*) AS quotes, count(DISTINCT coalesce(group_id, id)) AS statements, "
        "min(said_on) AS first_said, max(said_on) AS last_said FROM quotes WHERE speaker_id = ?",
        (entity_id,),
    )[0]
    row.update(stats)
    # bounded: a person named in thousands of articles gets the first PERSON_DOCS and a count
    row["documents"] = store._rows(
        "SELECT d.id, d.title, d.outlet, d.published, count(*) AS mentions FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE m.entity_id = ? "
        "GROUP BY d.id ORDER BY d.published IS NULL, d.published, d.id LIMIT ?",
        (entity_id, PERSON_DOCS),
    )
    row["documents_total"] = store._scalar(
        "SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = ?", (entity_id,)
    )
    row["by_month"] = store._rows(
        "SELECT substr(said_on, 1, 7) AS month, count(DISTINCT coalesce(group_id, id)) AS n "
        "FROM quotes WHERE speaker_id = ? AND said_on IS NOT NULL GROUP BY month ORDER BY month",
        (entity_id,),
    )
    row["pledges"] = count(store, "pledges", "speaker_id = ?", (entity_id,))
    return row


def people(store: Store, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """People by mentions, each with how many quotes are attributed to them."""
    rows = entities(store, type="PERSON", limit=limit, offset=offset)
    if rows:
        ids = [r["id"] for r in rows]
        counts = {
            r["speaker_id"]: r["n"]
            for r in store._rows(
                "SELECT speaker_id, count(*) AS n FROM quotes WHERE speaker_id IN "
                f"({','.join('?' * len(ids))}) GROUP BY speaker_id",
                ids,
            )
        }
        for r in rows:
            r["quotes"] = counts.get(r["id"], 0)
    return rows


def quote(store: Store, quote_id: int) -> dict[str, Any] | None:
    rows = store._rows(QUOTE_SQL + " WHERE q.id = ?", (quote_id,))
    return rows[0] if rows else None


def quote_group(store: Store, quote_id: int) -> dict[str, Any] | None:
    """A quote and every copy of the statement (its quote group), earliest publication first."""
    row = quote(store, quote_id)
    if row is None:
        return None
    if row["group_id"] is None:
        members = [row]
    else:
        members = store._rows(
            QUOTE_SQL + " WHERE q.group_id = ? ORDER BY d.published IS NULL, d.published, q.id",
            (row["group_id"],),
        )
    for m in members:
        m["sources"] = store._rows(
            "SELECT source, outlet, url, published FROM sources WHERE document_id = ? ORDER BY id",
            (m["document_id"],),
        )
    return {"quote": row, "group_id": row["group_id"], "members": members}


def document_quotes(store: Store, doc_id: int) -> list[dict[str, Any]]:
    return store._rows(QUOTE_SQL + " WHERE q.document_id = ? ORDER BY q.start", (doc_id,))


def document_pledges(store: Store, doc_id: int) -> list[dict[str, Any]]:
    rows = store._rows(
        'SELECT id, text, donors, recipient, amount, currency, qualifier, status, said_on, start, "end" '
        "FROM pledges WHERE document_id = ? ORDER BY start",
        (doc_id,),
    )
    for r in rows:
        r["donors"] = json.loads(r["donors"])
    return rows


def document_people(store: Store, doc_id: int) -> list[dict[str, Any]]:
    return store._rows(
        "SELECT e.id, e.name, count(*) AS mentions FROM mentions m JOIN entities e "
        "ON e.id = m.entity_id WHERE m.document_id = ? AND e.type = 'PERSON' AND e.active = 1 "
        "GROUP BY e.id ORDER BY mentions DESC, e.name",
        (doc_id,),
    )


def story(store: Store, story_id: int) -> dict[str, Any] | None:
    """A story with its articles, the statements made in them and the pledges they report."""
    rows = store._rows(
        "SELECT id, title, first_published, last_published, place FROM stories WHERE id = ?",
        (story_id,),
    )
    if not rows:
        return None
    row = rows[0]
    row["documents"] = store._rows(
        "SELECT id, title, outlet, published, published_from, duplicate_of FROM documents "
        "WHERE story_id = ? ORDER BY published IS NULL, published, id",
        (story_id,),
    )
    # one entry per statement: copies of a quote in the story's other articles are counted
    statements: dict[int, dict[str, Any]] = {}
    for q in store._rows(
        QUOTE_SQL
        + " WHERE d.story_id = ? ORDER BY q.said_on IS NULL, q.said_on, q.document_id, q.start, q.id",
        (story_id,),
    ):
        key = q["group_id"] if q["group_id"] is not None else -q["id"]
        if key in statements:
            statements[key]["copies"] += 1
        else:
            q["copies"] = 0
            statements[key] = q
    row["statements_total"] = len(statements)
    row["quotes"] = list(statements.values())[:STORY_STATEMENTS]
    row["pledges"] = pledges(store, story_id=story_id)
    return row


def overview(store: Store, *, stories_n: int = 5, people_n: int = 10) -> dict[str, Any]:
    dates = store._rows(
        "SELECT min(published) AS first, max(published) AS last FROM documents "
        "WHERE published IS NOT NULL"
    )[0]
    return {
        "counts": store.counts(),
        "published": dates,
        "latest_stories": stories(store, limit=stories_n),
        "top_people": people(store, limit=people_n),
        # from sources, whose rows are small: documents rows carry the whole text
        "outlets": store._rows(
            "SELECT outlet, count(DISTINCT document_id) AS documents FROM sources "
            "WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY documents DESC, outlet LIMIT 20"
        ),
    }


def pledge_totals(store: Store) -> dict[str, Any]:
    """Pledged amounts by donor and by month, per currency, each pledge group counted once.

    A pledge reported by three outlets is one pledge: only the first row of a group counts.
    Amounts in different currencies are never added up.
    """
    rows = store._rows(
        "SELECT p.id, p.group_id, p.donors, p.amount, p.currency, p.status, "
        "coalesce(p.said_on, d.published) "
        "AS day FROM pledges p JOIN documents d ON d.id = p.document_id "
        "WHERE p.amount IS NOT NULL AND p.currency IS NOT NULL ORDER BY p.id"
    )
    seen: set[int] = set()
    firsts = []
    for r in rows:  # the first row of each pledge group stands for it
        if r["group_id"] is not None:
            if r["group_id"] in seen:
                continue
            seen.add(r["group_id"])
        firsts.append(r)
    rows = firsts
    by_donor: dict[tuple[str, str], float] = {}
    by_month: dict[tuple[str, str], float] = {}
    for r in rows:
        donors = json.loads(r["donors"]) or ["(unnamed)"]
        share = r["amount"] / len(donors)  # a joint pledge is split evenly for the chart
        for donor in donors:
            key = (donor, r["currency"])
            by_donor[key] = by_donor.get(key, 0.0) + share
        month = (r["day"] or "")[:7] or "undated"
        by_month[(month, r["currency"])] = by_month.get((month, r["currency"]), 0.0) + r["amount"]
    return {
        "by_donor": [
            {"donor": d, "currency": c, "amount": a}
            for (d, c), a in sorted(by_donor.items(), key=lambda t: (t[0][1], -t[1]))
        ],
        "by_month": [
            {"month": m, "currency": c, "amount": a} for (m, c), a in sorted(by_month.items())
        ],
    }


def quotes_latest(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    """The most recent statements with a known speaker, one per quote group."""
    out: dict[int, dict[str, Any]] = {}
    offset = 0
    while len(out) < limit:
        rows = store._rows(
            QUOTE_SQL + " WHERE q.said_on IS NOT NULL AND coalesce(e.name, q.speaker) IS NOT NULL "
            "ORDER BY q.said_on DESC, q.document_id, q.start LIMIT ? OFFSET ?",
            (limit * 5, offset),
        )
        for r in rows:
            out.setdefault(r["group_id"] if r["group_id"] is not None else -r["id"], r)
        if len(rows) < limit * 5:
            break
        offset += limit * 5
    return list(out.values())[:limit]


def suggest_people(store: Store, name: str, limit: int = 3) -> list[str]:
    """Canonical names of the people whose name or an alias is closest to ``name`` (a typo such
    as "Mark Rute" or "Barak Obama"), best first; [] when nothing is close enough to suggest."""
    from rapidfuzz import fuzz, process, utils

    needle = utils.default_process(name or "")
    if not needle or limit <= 0:
        return []
    choices: list[str] = []
    owner: list[tuple[str, int]] = []  # per choice: canonical name, mentions
    for canonical, aliases, mentions in store._tuples(
        "SELECT name, aliases, mentions FROM entities WHERE active = 1 AND type = 'PERSON'"
    ):
        names = {canonical, *json.loads(aliases or "[]")}
        # a surname typed alone ("Reinholdt") is compared with surnames, not with full names
        names |= {n.split()[-1] for n in set(names) if n and len(n.split()) > 1}
        for n in names:
            if n:
                choices.append(n)
                owner.append((canonical, int(mentions or 0)))
    # token_sort_ratio: a character typo costs little, a different word costs a lot
    # ("Mark Rute" is 95 from "Mark Rutte", 60 from "Mark Carney"); 80 keeps only near misses
    matches = process.extract(
        needle,
        choices,
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        score_cutoff=80,
        limit=None,
    )
    best: dict[str, tuple[float, int]] = {}
    for _choice, score, i in matches:
        canonical, mentions = owner[i]
        if canonical not in best or score > best[canonical][0]:
            best[canonical] = (score, mentions)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    return [canonical for canonical, _ in ranked[:limit]]


def unanalysed(store: Store) -> int:
    """Documents stored without any analysis (ingested with ``--no-analyze``)."""
    return int(
        store._scalar(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM analyses a WHERE a.document_id = d.id)"
        )
    )


# ---- browsing: filters, sort orders and facets for the web's list pages ----
# Sort orders spell out where NULLs go (``x IS NULL, x`` or NULLS FIRST/LAST, as SQLite
# orders them by default): PostgreSQL puts them the other way round.
# New functions beside the ones above (which the CLI and Record use unchanged): the web's lists
# take more filters (outlet, date provenance, multi-article stories) and count facets over the
# same WHERE clause, so a facet count is always the number of rows clicking it would show.

FACET_LIMIT = 30

QUOTE_SORTS = {
    "date": "q.said_on IS NULL, q.said_on, q.document_id, q.start, q.id",
    "-date": "q.said_on IS NULL, q.said_on DESC, q.document_id, q.start",
    "outlet": "d.outlet IS NULL, d.outlet, q.said_on NULLS FIRST, q.id",
    "speaker": "coalesce(e.name, q.speaker) IS NULL, coalesce(e.name, q.speaker), "
    "q.said_on NULLS FIRST, q.id",
    "kind": "q.kind, q.said_on NULLS FIRST, q.id",
}
DOCUMENT_SORTS = {
    "id": "id",
    "date": "published IS NULL, published, id",
    "-date": "published IS NULL, published DESC, id",
    "outlet": "outlet IS NULL, outlet, published NULLS FIRST, id",
    "title": "title IS NULL, title, id",
    "chars": "chars DESC, id",
}
STORY_SORTS = {
    "-date": "s.first_published IS NULL, s.first_published DESC, s.id",
    "date": "s.first_published IS NULL, s.first_published, s.id",
    "articles": "coalesce(a.articles, 0) DESC, s.first_published DESC NULLS LAST, s.id",
    "title": "s.title IS NULL, s.title, s.id",
}
PLEDGE_SORTS = {
    "date": "p.said_on IS NULL, p.said_on, p.document_id, p.start, p.id",
    "-date": "p.said_on IS NULL, p.said_on DESC, p.document_id, p.start",
    "amount": "p.amount IS NULL, p.amount DESC, p.id",
    "outlet": "d.outlet IS NULL, d.outlet, p.id",
    "status": "p.status NULLS FIRST, p.id",
}


# Facets scan every row the filters keep (at 7,000 articles, 60,000 quotes: a few hundred ms),
# while a page of items is an index walk. They are kept per connection and reused until the
# database changes: ``PRAGMA data_version`` moves when any other connection commits, so an
# ingest running beside the web server invalidates them. Weak keys: a closed store drops its own.
_FACET_CACHE: weakref.WeakKeyDictionary[Store, dict[Any, Any]] = weakref.WeakKeyDictionary()
_FACET_CACHE_LOCK = threading.Lock()
FACET_CACHE_SIZE = 128


def _cached(
    store: Store, key: tuple[Any, ...], compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    version = store.data_version()
    with _FACET_CACHE_LOCK:
        cache = _FACET_CACHE.setdefault(store, {})
        hit = cache.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    value = compute()
    with _FACET_CACHE_LOCK:
        if len(cache) >= FACET_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = (version, value)
    return value


def _facets(
    store: Store, from_sql: str, where: list[str], params: list[Any], exprs: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """``{name: [{value, count}]}``, largest first, over the rows the list itself shows."""
    key = ("facets", from_sql, tuple(where), tuple(params), tuple(exprs.items()))
    return _cached(store, key, lambda: _facets_now(store, from_sql, where, params, exprs))


def _facets_now(
    store: Store, from_sql: str, where: list[str], params: list[Any], exprs: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    clause = " WHERE " + " AND ".join(where) if where else ""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, expr in exprs.items():
        out[name] = store._rows(
            # no output alias inside an ORDER BY expression: PostgreSQL refuses it
            f"SELECT {expr} AS value, count(*) AS count {from_sql}{clause} GROUP BY 1 "
            f"ORDER BY count(*) DESC, ({expr}) IS NULL, value LIMIT ?",
            [*params, FACET_LIMIT],
        )
    return out


class Where:
    """A WHERE clause built in one place (as datasette's filters.py does): each filter adds
    its SQL with its parameters, an empty value adds nothing, so the list, its total and its
    facets always share one clause."""

    def __init__(self, clauses: list[str] | None = None, params: list[Any] | None = None):
        self.clauses: list[str] = list(clauses or [])
        self.params: list[Any] = list(params or [])

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def equals(self, column: str, value: Any) -> None:
        if value:
            self.add(f"{column} = ?", value)

    def like(self, column: str, value: str | None) -> None:
        if value:
            self.add(f"lower({column}) LIKE ?", f"%{value.lower()}%")

    def between(
        self, low_column: str, since: str | None, until: str | None, high_column: str | None = None
    ) -> None:
        """``since``/``until`` as given by parse_date_bound; ``high_column`` for a span (a story
        running across the bound is in)."""
        if since:
            self.add(f"{high_column or low_column} >= ?", since)
        if until:
            self.add(f"{low_column} <= ?", until)

    def outlet(self, alias: str, value: str | None) -> None:
        if value:
            self.add(_outlet_clause(alias), value, value)

    @property
    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def _outlet_clause(alias: str) -> str:
    # an article carried by several outlets is in each one's list, not only its first
    return (
        f"({alias}.outlet = ? OR EXISTS (SELECT 1 FROM sources so "
        f"WHERE so.document_id = {alias}.id AND so.outlet = ?))"
    )


QUOTE_FROM = (
    "FROM quotes q JOIN documents d ON d.id = q.document_id "
    "LEFT JOIN entities e ON e.id = q.speaker_id"
)
QUOTE_FACETS = {
    "outlet": "d.outlet",
    "speaker": "coalesce(e.name, q.speaker)",
    "kind": "q.kind",
    "year": "substr(q.said_on, 1, 4)",
    "date_from": "q.said_on_from",
}


def _quote_browse_where(
    store: Store,
    *,
    speaker: str | None,
    speaker_ids: Sequence[int] | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    outlet: str | None,
    date_from: str | None,
) -> tuple[list[str], list[Any]]:
    w = Where(*_quote_filters(store, speaker, since, until, kind, speaker_ids=speaker_ids))
    w.outlet("d", outlet)
    w.equals("q.said_on_from", date_from)
    return w.clauses, w.params


def browse_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    speaker_ids: Sequence[int] | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    sort: str = "date",
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of quotes, the total and the facets, under the same filters."""
    where, params = _quote_browse_where(
        store,
        speaker=speaker,
        speaker_ids=speaker_ids,
        since=since,
        until=until,
        kind=kind,
        outlet=outlet,
        date_from=date_from,
    )
    clause = " WHERE " + " AND ".join(where) if where else ""
    items = store._rows(
        f"{QUOTE_SQL}{clause} ORDER BY {QUOTE_SORTS[sort]} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    # only the outlet filter needs the documents row; counting without the join is a scan of
    # quotes alone (documents rows carry the article text, so joining them is what costs)
    from_sql = QUOTE_FROM if outlet else "FROM quotes q"
    total = store._scalar(f"SELECT count(*) {from_sql}{clause}", params)
    return {
        "items": items,
        "total": int(total),
        "facets": _cached(
            store,
            ("quotes", from_sql, clause, tuple(params)),
            lambda: _quote_facets(store, from_sql, clause, params),
        ),
    }


def _ranked(counts: dict[Any, int]) -> list[dict[str, Any]]:
    """Facet values as ``_facets`` orders them: most first, unknown after known, then value."""
    ranked = sorted(counts.items(), key=lambda t: (-t[1], t[0] is None, t[0] or ""))
    return [{"value": v, "count": n} for v, n in ranked[:FACET_LIMIT]]


def _quote_facets(
    store: Store, from_sql: str, clause: str, params: list[Any]
) -> dict[str, list[dict[str, Any]]]:
    """``QUOTE_FACETS`` in two scans instead of five: one grouped by every quotes-only facet at
    once (few combinations), one by document, whose outlets are then looked up. Values are
    exactly the expressions of QUOTE_FACETS (the speaker is the person's name, else as written)."""
    rows = store._tuples(
        "SELECT q.speaker_id, q.speaker, q.kind, substr(q.said_on, 1, 4), q.said_on_from, "
        f"count(*) {from_sql}{clause} GROUP BY 1, 2, 3, 4, 5",
        params,
    )
    ids = sorted({r[0] for r in rows if r[0] is not None})
    names: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        names.update(
            store._tuples(
                f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
        )
    counts: dict[str, dict[Any, int]] = {k: {} for k in QUOTE_FACETS}
    for speaker_id, speaker, kind, year, date_from, n in rows:
        who = names.get(speaker_id, speaker) if speaker_id is not None else speaker
        for name, value in (
            ("speaker", who),
            ("kind", kind),
            ("year", year),
            ("date_from", date_from),
        ):
            counts[name][value] = counts[name].get(value, 0) + n
    per_doc = store._tuples(f"SELECT q.document_id, count(*) {from_sql}{clause} GROUP BY 1", params)
    doc_ids = [d for d, _ in per_doc]
    outlet_of: dict[int, str | None] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        outlet_of.update(
            store._tuples(
                f"SELECT id, outlet FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        )
    for doc_id, n in per_doc:
        value = outlet_of.get(doc_id)
        counts["outlet"][value] = counts["outlet"].get(value, 0) + n
    return {name: _ranked(counts[name]) for name in QUOTE_FACETS}


DOCUMENT_FACETS = {
    "outlet": "outlet",
    "year": "substr(published, 1, 4)",
    "date_from": "published_from",
}


def browse_documents(
    store: Store,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    date_from: str | None = None,
    sort: str = "id",
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    w = Where()
    w.outlet("documents", outlet)
    w.between("published", since, until)
    w.equals("published_from", date_from)
    where, params, clause = w.clauses, w.params, w.sql
    items = store._rows(
        f"SELECT {DOC_FIELDS} FROM documents{clause} ORDER BY {DOCUMENT_SORTS[sort]} "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    if items:
        ids = [r["id"] for r in items]
        sources: dict[int, list[dict[str, Any]]] = {}
        for s in store._rows(
            "SELECT document_id, source, outlet, url, published, published_from FROM sources "
            f"WHERE document_id IN ({','.join('?' * len(ids))}) ORDER BY id",
            ids,
        ):
            sources.setdefault(s.pop("document_id"), []).append(s)
        for row in items:
            row["sources"] = sources.get(row["id"], [])
    total = store._scalar(f"SELECT count(*) FROM documents{clause}", params)
    return {
        "items": items,
        "total": int(total),
        "facets": _facets(store, "FROM documents", where, params, DOCUMENT_FACETS),
    }


STORY_FROM = (
    "FROM stories s LEFT JOIN (SELECT story_id, count(*) AS articles FROM documents "
    "WHERE story_id IS NOT NULL GROUP BY story_id) a ON a.story_id = s.id"
)
STORY_FACETS = {
    "year": "substr(s.first_published, 1, 4)",
    "place": "s.place",
    "articles": "CASE WHEN a.articles > 1 THEN 'several' ELSE 'one' END",
}


def browse_stories(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    multi: bool = False,
    sort: str = "-date",
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    """Stories overlapping [since, until] (a story running across the bound is in)."""
    w = Where()
    w.between("s.first_published", since, until, "coalesce(s.last_published, s.first_published)")
    w.equals("s.place", place)
    if multi:
        w.add("a.articles > 1")
    where, params, clause = w.clauses, w.params, w.sql
    # the per-story article counts are an aggregate over documents: joined only when the
    # filter or the order needs them, else counted for the page's rows alone
    joined = multi or sort == "articles"
    from_sql = STORY_FROM if joined else "FROM stories s"
    articles = (
        "coalesce(a.articles, 0)"
        if joined
        else "(SELECT count(*) FROM documents WHERE story_id = s.id)"
    )
    items = store._rows(
        "SELECT s.id, s.title, s.first_published, s.last_published, s.place, "
        f"{articles} AS articles, "
        f"(SELECT {store.dialect.json_array_agg('sub.id')} FROM (SELECT id FROM documents "
        f"WHERE story_id = s.id ORDER BY id) sub) AS document_ids {from_sql}{clause} ORDER BY {STORY_SORTS[sort]} "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for row in items:
        row["document_ids"] = json.loads(row["document_ids"])
    total = store._scalar(f"SELECT count(*) {from_sql}{clause}", params)
    facets = _facets(
        store, from_sql, where, params, {k: v for k, v in STORY_FACETS.items() if k != "articles"}
    )
    facets.update(_facets(store, STORY_FROM, where, params, {"articles": STORY_FACETS["articles"]}))
    return {"items": items, "total": int(total), "facets": facets}


PLEDGE_FROM = (
    "FROM pledges p JOIN documents d ON d.id = p.document_id "
    "LEFT JOIN entities e ON e.id = p.speaker_id"
)
PLEDGE_FACETS = {
    "outlet": "d.outlet",
    "speaker": "coalesce(e.name, p.speaker)",
    "status": "p.status",
    "currency": "p.currency",
    "year": "substr(p.said_on, 1, 4)",
}


def browse_pledges(
    store: Store,
    *,
    donor: str | None = None,
    recipient: str | None = None,
    outlet: str | None = None,
    speaker: str | None = None,
    status: str | None = None,
    currency: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "date",
    limit: int = 25,
    offset: int = 0,
) -> dict[str, Any]:
    w = Where()
    if donor:
        w.add(
            f"EXISTS (SELECT 1 FROM {store.dialect.json_each('p.donors', 'j')} "
            "WHERE lower(j.value) LIKE ?)",
            f"%{donor.lower()}%",
        )
    w.like("p.recipient", recipient)
    w.outlet("d", outlet)
    # the speaker as the facet shows it: the person's name, else the name as written
    w.equals("coalesce(e.name, p.speaker)", speaker)
    w.equals("p.status", status)
    w.equals("p.currency", currency)
    w.between("p.said_on", since, until)
    where, params, clause = w.clauses, w.params, w.sql
    items = store._rows(
        "SELECT p.id, p.document_id, p.donors, p.recipient, p.amount, p.currency, p.qualifier, "
        "p.program, p.purpose, p.period, p.status, p.said_on, coalesce(e.name, p.speaker) AS "
        'speaker, p.speaker_id, p.start, p."end", p.group_id, p.text, d.outlet, d.title AS '
        f"document_title, {_pledge_006(store)} {PLEDGE_FROM}{clause} ORDER BY {PLEDGE_SORTS[sort]} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for row in items:
        row["donors"] = json.loads(row["donors"])
    total = store._scalar(f"SELECT count(*) {PLEDGE_FROM}{clause}", params)
    return {
        "items": items,
        "total": int(total),
        "facets": _facets(store, PLEDGE_FROM, where, params, PLEDGE_FACETS),
    }


PEOPLE_SORTS = ("mentions", "name", "quotes")


def search_people(
    store: Store,
    name: str | None,
    *,
    sort: str = "mentions",
    limit: int = 25,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """People whose name or an alias contains ``name`` (all when empty), in ``sort`` order
    (most mentioned, by name, or most quoted first), and how many there are."""
    if (not name or not name.strip()) and sort == "mentions":
        total = count(store, "entities", "type = 'PERSON' AND active = 1")
        return people(store, limit=limit, offset=offset), total
    needle = (name or "").strip().lower()
    matches = [
        e
        for e in entities(store, type="PERSON")
        if any(needle in n.lower() for n in [e["name"], *e["aliases"]])
    ]
    if sort == "name":
        matches.sort(key=lambda e: (e["name"].lower(), e["id"]))
    elif sort == "quotes":
        quoted = {
            r["speaker_id"]: r["n"]
            for r in store._rows(
                "SELECT speaker_id, count(*) AS n FROM quotes WHERE speaker_id IS NOT NULL "
                "GROUP BY speaker_id"
            )
        }
        matches.sort(key=lambda e: (-quoted.get(e["id"], 0), -e["mentions"], e["id"]))
    page = matches[offset : offset + limit]
    if page:
        ids = [r["id"] for r in page]
        counts = {
            r["speaker_id"]: r["n"]
            for r in store._rows(
                "SELECT speaker_id, count(*) AS n FROM quotes WHERE speaker_id IN "
                f"({','.join('?' * len(ids))}) GROUP BY speaker_id",
                ids,
            )
        }
        for r in page:
            r["quotes"] = counts.get(r["id"], 0)
    return page, len(matches)


def outlets(store: Store) -> list[dict[str, Any]]:
    """Every outlet with its number of articles (from sources: an article may have several)."""
    return store._rows(
        "SELECT outlet, count(DISTINCT document_id) AS documents, min(published) AS first, "
        "max(published) AS last FROM sources WHERE outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY documents DESC, outlet"
    )


def outlet(store: Store, name: str) -> dict[str, Any] | None:
    """An outlet: its articles' dates, who it quotes most, and its pledge reports."""
    rows = [o for o in outlets(store) if o["outlet"] == name]
    if not rows:
        return None
    row = rows[0]
    row["speakers"] = store._rows(
        "SELECT coalesce(e.name, q.speaker) AS speaker, q.speaker_id, count(*) AS quotes "
        f"{QUOTE_FROM} WHERE {_outlet_clause('d')} AND coalesce(e.name, q.speaker) IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY quotes DESC, speaker LIMIT 20",
        (name, name),
    )
    row["quotes"] = store._scalar(
        f"SELECT count(*) {QUOTE_FROM} WHERE {_outlet_clause('d')}", (name, name)
    )
    row["pledges"] = store._scalar(
        f"SELECT count(*) {PLEDGE_FROM} WHERE {_outlet_clause('d')}", (name, name)
    )
    return row


def commitment_groups(store: Store, *, limit: int = 10) -> list[dict[str, Any]]:
    """Pledges once per pledge group (however many outlets reported it), latest first, with
    the number of reports and the outlets carrying them (from sources: small rows, and every
    outlet an article appeared in); the group's first stored report stands for it."""
    groups = store._rows(
        "SELECT coalesce(p.group_id, -p.id) AS g, min(p.id) AS first_id, count(DISTINCT p.id) AS reports, "
        f"{store.dialect.json_array_agg('d.outlet', distinct=True)} AS outlets, max(p.said_on) AS said "
        "FROM pledges p JOIN sources d ON d.document_id = p.document_id "
        "GROUP BY coalesce(p.group_id, -p.id) "
        "ORDER BY max(p.said_on) IS NULL, max(p.said_on) DESC, min(p.id) LIMIT ?",
        (limit,),
    )
    if not groups:
        return []
    ids = [g["first_id"] for g in groups]
    rows = {
        r["id"]: r
        for r in store._rows(
            "SELECT p.id, p.group_id, p.donors, p.recipient, p.amount, p.currency, p.qualifier, "
            'p.status, p.said_on, p.text, p.document_id, p.start, p."end", '
            f"{_pledge_006(store)} FROM pledges p "
            f"WHERE p.id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    out = []
    for g in groups:
        r = rows[g["first_id"]]
        r["donors"] = json.loads(r["donors"])
        r["said_on"] = r["said_on"] or g["said"]  # another report of the same pledge dated it
        r["reports"] = g["reports"]
        r["outlets"] = [o for o in json.loads(g["outlets"]) if o]
        out.append(r)
    return out


def sentence_around(store: Store, doc_id: int, start: int, end: int) -> str | None:
    """The sentence(s) of the document that contain [start, end), from the search index."""
    rows = store._rows(
        'SELECT start, "end" FROM sentences WHERE document_id = ? AND "end" > ? AND start < ? '
        "ORDER BY start",
        (doc_id, start, end),
    )
    if not rows:
        return None
    text = store._one(
        "SELECT substr(text, ?, ?) AS t FROM documents WHERE id = ?",
        (rows[0]["start"] + 1, rows[-1]["end"] - rows[0]["start"], doc_id),
    )
    return text["t"] if text else None
