"""``/people`` (with a name search) and ``/people/{id}``; also the "did you mean" suggestions
other pages show for a speaker name that matches nobody."""

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from onrecord import queries
from onrecord.store.base import Store as StoreT
from onrecord.web import charts
from onrecord.web.routes.common import Id, Pager, Site, Store

PERSON_DOTS = 300  # above this many statements the person chart counts them per month


def suggest_people(store: StoreT, name: str, *, n: int = 5) -> list[dict[str, Any]]:
    """People whose name or alias is close to ``name`` (typos: the CLI's rapidfuzz suggester,
    ``queries.suggest_people``), then those whose name contains it (a surname typed alone)."""
    needle = name.strip().lower()
    if not needle:
        return []
    people = queries.entities(store, type="PERSON")
    by_name = {e["name"]: e for e in people}
    out = [
        {"id": by_name[c]["id"], "name": c}
        for c in queries.suggest_people(store, name, limit=n)
        if c in by_name
    ]
    for e in people:
        if len(out) >= n:
            break
        if any(needle in a.lower() for a in {e["name"], *e["aliases"]}) and all(
            o["id"] != e["id"] for o in out
        ):
            out.append({"id": e["id"], "name": e["name"]})
    return out[:n]


def people_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    q: Annotated[str | None, Query(max_length=200, description="part of a name")] = None,
    sort: Annotated[
        str, Query(pattern="^(" + "|".join(queries.PEOPLE_SORTS) + ")$", description="order")
    ] = "mentions",
) -> dict[str, Any]:
    items, total = queries.search_people(
        st, q, sort=sort, limit=pager.per_page, offset=pager.offset
    )
    return {
        "people": pager.wrap(items, total),
        "filters": {"q": q or None, "sort": sort},
        "q_people": q or "",
        "suggestions": suggest_people(st, q) if q and not total else [],
    }


def person_data(
    st: Store,
    person_id: Annotated[int, Id("person")],
    pager: Annotated[Pager, Depends()],
) -> dict[str, Any]:
    p = queries.person(st, person_id)
    if p is None or p["type"] != "PERSON":
        raise HTTPException(404, f"no person {person_id}")
    quotes = queries.quotes(st, speaker_id=person_id, limit=pager.per_page, offset=pager.offset)
    statements: dict[int, dict[str, Any]] = {}
    for q in queries.quotes(st, speaker_id=person_id, limit=2000):
        # a statement once, however many outlets carried it
        statements.setdefault(q["group_id"] if q["group_id"] is not None else -q["id"], q)
    if len(statements) > PERSON_DOTS:  # too many dots to read: statements per month
        chart = charts.column_chart(
            [(m["month"], m["n"]) for m in p["by_month"]],
            unit="statements",
            title="Statements per month",
        )
    else:
        chart = charts.timeline_chart(
            [
                {
                    "id": q["id"],
                    "date": q["said_on"] or q["published"],
                    "label": q["text"][:120],
                    "href": f"/quotes/{q['id']}",
                }
                for q in statements.values()
            ]
        )
    return {
        "person": p,
        "quotes": pager.wrap(quotes, queries.count_quotes(st, speaker_id=person_id)),
        "chart": chart,
        "chart_dots": len(statements) <= PERSON_DOTS,
        "roles_chart": charts.roles_chart(p["roles"]),
    }


def register(site: Site) -> None:
    site.twin(
        "/people", "people.html", people_data, "People, most mentioned first", csv_of="people"
    )
    site.twin("/people/{person_id}", "person.html", person_data, "A person: roles, statements")
