"""``/documents`` (outlet, date range, sort, facets) and ``/documents/{id}`` with a span
highlighted."""

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from onrecord import queries
from onrecord.web.routes.common import Dates, Id, Pager, Site, Store, sort_param
from onrecord.web.text import Mark, render


def documents_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    dates: Annotated[Dates, Depends()],
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[str | None, Query(max_length=40)] = None,
    sort: Annotated[str, sort_param(queries.DOCUMENT_SORTS)] = "id",
) -> dict[str, Any]:
    page = queries.browse_documents(
        st,
        outlet=outlet or None,
        since=dates.since,
        until=dates.until,
        date_from=date_from or None,
        sort=sort,
        limit=pager.per_page,
        offset=pager.offset,
    )
    return {
        "documents": pager.wrap(page["items"], page["total"]),
        "facets": page["facets"],
        "filters": {
            "outlet": outlet or None,
            **dates.raw,
            "date_from": date_from or None,
            "sort": sort,
        },
    }


def document_data(
    st: Store,
    document_id: Annotated[int, Id("document")],
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> dict[str, Any]:
    doc = queries.document(st, document_id)
    if doc is None:
        raise HTTPException(404, f"no document {document_id}")
    quotes = queries.document_quotes(st, document_id)
    pledges = queries.document_pledges(st, document_id)
    marks = [Mark(q["start"], q["end"], "quote", q["id"], q["speaker"]) for q in quotes]
    marks += [Mark(p["start"], p["end"], "pledge", p["id"], "pledge") for p in pledges]
    highlight = None
    if start is not None and end is not None and start < end <= len(doc["text"]):
        marks.append(Mark(start, end, "highlight"))
        highlight = {"start": start, "end": end, "text": doc["text"][start:end]}
    return {
        "document": doc,
        "highlight": highlight,
        "quotes": quotes,
        "pledges": pledges,
        "people": queries.document_people(st, document_id),
        "html": render(doc["text"], marks),
    }


def register(site: Site) -> None:
    site.twin("/documents", "documents.html", documents_data, "Documents", csv_of="documents")
    site.twin("/documents/{document_id}", "document.html", document_data, "A document, highlighted")
