"""``/quotes`` (filters, sort, facets) and ``/quotes/{id}``: a statement, every copy of it, its
sentence and where its dates came from."""

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from onrecord import queries
from onrecord.search import MAX_QUERY_CHARS, QueryError, resolve_person, search
from onrecord.store.base import Store as StoreT
from onrecord.web.routes.common import Dates, Id, Pager, Site, Store, sort_param
from onrecord.web.routes.people import suggest_people


def quotes_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    dates: Annotated[Dates, Depends()],
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern="^(direct|indirect|mixed)$")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[
        str | None, Query(max_length=40, description="where the date came from, e.g. text")
    ] = None,
    sort: Annotated[str, sort_param(queries.QUOTE_SORTS)] = "date",
) -> dict[str, Any]:
    speaker = speaker or None
    ids = resolve_person(st, speaker) if speaker else None
    page = queries.browse_quotes(
        st,
        speaker=speaker,
        speaker_ids=ids,
        since=dates.since,
        until=dates.until,
        kind=kind or None,
        outlet=outlet or None,
        date_from=date_from or None,
        sort=sort,
        limit=pager.per_page,
        offset=pager.offset,
    )
    return {
        "quotes": pager.wrap(page["items"], page["total"]),
        "facets": page["facets"],
        "filters": {
            "speaker": speaker,
            **dates.raw,
            "kind": kind or None,
            "outlet": outlet or None,
            "date_from": date_from or None,
            "sort": sort,
        },
        # a name that matches no one: offer the close ones rather than an empty page alone
        "suggestions": suggest_people(st, speaker) if speaker and not ids else [],
    }


def _speaker(members: list[dict[str, Any]], quote: dict[str, Any]) -> dict[str, Any] | None:
    """Who said it: this copy's speaker, else the first copy that names one (an outlet that
    left a copy unattributed does not make the statement unattributed)."""
    # a resolved person first: a raw speaker string ("national co") is a weaker claim
    for resolved in (True, False):
        for m in [quote, *members]:
            if (m["speaker_id"] is not None) if resolved else bool(m["speaker"]):
                return {
                    "name": m["speaker"],
                    "id": m["speaker_id"],
                    "from_quote": m["id"],
                    "from_outlet": m["outlet"],
                }
    return None


def quote_data(st: Store, quote_id: Annotated[int, Id("quote")]) -> dict[str, Any]:
    group = queries.quote_group(st, quote_id)
    if group is None:
        raise HTTPException(404, f"no quote {quote_id}")
    q = group["quote"]
    members = group["members"]
    # every member already carries its article's published_from (QUOTE_SQL)
    current = next((m for m in members if m["id"] == q["id"]), q)
    q["published_from"] = current.get("published_from")
    group["speaker"] = _speaker(members, q)
    group["sentence"] = queries.sentence_around(st, q["document_id"], q["start"], q["end"])
    group["outlets"] = sorted({m["outlet"] for m in members if m["outlet"]})
    group["articles"] = len({m["document_id"] for m in members})
    group["related"] = _same_words(st, group)
    return group


def _same_words(st: StoreT, group: dict[str, Any]) -> list[dict[str, Any]]:
    """Quotes outside the group that repeat most of its words (the group linker only joins
    copies; a speaker saying the same thing twice, or an outlet quoting a fragment, shows here)."""
    q = group["quote"]
    members = {m["id"] for m in group["members"]}
    try:
        hits = search(st, q["text"][:MAX_QUERY_CHARS], kind="quote", limit=10, collapse=False)
    except QueryError:
        return []
    return [
        h.to_dict()
        for h in hits
        if h.id not in members
        and ((h.coverage or 0) >= 0.8 or (h.similarity or 0) >= 0.9)
        and (q["speaker_id"] is None or h.speaker_id in (None, q["speaker_id"]))
    ]


def register(site: Site) -> None:
    site.twin("/quotes", "quotes.html", quotes_data, "Quotes in date order", csv_of="quotes")
    site.twin(
        "/quotes/{quote_id}", "quote.html", quote_data, "A quote and every outlet carrying it"
    )
