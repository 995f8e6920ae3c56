"""``/search`` (hybrid search with filters) and ``/timeline`` (a speaker on a topic)."""

from typing import Annotated, Any

from fastapi import Depends, Query

from onrecord.search import MAX_QUERY_CHARS, resolve_person, search
from onrecord.timeline import timeline
from onrecord.web import charts
from onrecord.web.routes.common import Dates, Pager, Site, Store
from onrecord.web.routes.people import suggest_people

CHART_HITS = 200  # search matches whose dates the search chart shows


def search_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    dates: Annotated[Dates, Depends()],
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="search text")] = "",
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[str | None, Query(pattern="^(quote|document|pledge)$")] = None,
) -> dict[str, Any]:
    filters = {
        "speaker": speaker or None,
        "since": dates.since,
        "until": dates.until,
        "outlet": outlet or None,
        "kind": kind or None,
    }
    hits: list[dict[str, Any]] = []
    more = False
    chart = charts.volume_chart({})
    if q.strip():
        found = search(
            st, q, **filters, limit=pager.per_page + 1, offset=pager.offset
        )  # one extra tells whether a next page exists
        more = len(found) > pager.per_page
        hits = [h.to_dict() for h in found[: pager.per_page]]
        best = search(st, q, **filters, limit=CHART_HITS)
        chart = charts.volume_chart(
            {"matches": [(h.date, 1) for h in best]},
            title=f"When the {len(best)} best matches were said or published",
        )
    return {
        "q": q,
        "filters": {**filters, **dates.raw},
        "hits": {
            "page": pager.page,
            "per_page": pager.per_page,
            "has_next": more,
            "items": hits,
        },
        "chart": chart,
        "suggestions": suggest_people(st, speaker)
        if speaker and not resolve_person(st, speaker)
        else [],
    }


def timeline_data(
    st: Store,
    speaker: Annotated[str, Query(min_length=1, max_length=200)],
    topic: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None,
) -> dict[str, Any]:
    tl = timeline(st, speaker, topic)
    data = tl.to_dict()
    data["person_id"] = tl.speaker_ids[0] if len(tl.speaker_ids) == 1 else None
    data["chart"] = charts.timeline_chart(
        [
            {
                "id": e.quote_id,
                "date": e.said_on,
                "lane": e.stance.label if topic else None,
                "label": e.text[:120],
                "href": f"#q{e.quote_id}",
            }
            for e in tl.entries
        ],
        [(s["from_quote_id"], s["to_quote_id"]) for s in tl.shifts],
    )
    data["suggestions"] = [] if tl.entries else suggest_people(st, speaker)
    return data


def register(site: Site) -> None:
    site.twin("/timeline", "timeline.html", timeline_data, "A speaker's statements on a topic")
    site.twin(
        "/search",
        "search.html",
        search_data,
        "Hybrid search: quotes, pledges, documents",
        csv_of="hits",
    )
