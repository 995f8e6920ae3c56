"""``/pledges``: the ledger (filters, sort, facets) with totals by donor and by month."""

from typing import Annotated, Any

from fastapi import Depends, Query

from onrecord import queries
from onrecord.web import charts
from onrecord.web.routes.common import Dates, Pager, Site, Store, sort_param

CHART_BARS = 15  # donors shown per currency in the pledges chart; the rest summed


def _top(items: list[tuple[str, float]], n: int) -> list[tuple[str, float]]:
    """The n largest, and the rest summed as one bar."""
    items = sorted(items, key=lambda t: -t[1])
    if len(items) <= n:
        return items
    rest = sum(v for _, v in items[n - 1 :])
    return [*items[: n - 1], (f"{len(items) - n + 1} others", rest)]


def pledges_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    dates: Annotated[Dates, Depends()],
    donor: Annotated[str | None, Query(max_length=200)] = None,
    recipient: Annotated[str | None, Query(max_length=200)] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=40)] = None,
    currency: Annotated[str | None, Query(max_length=10)] = None,
    sort: Annotated[str, sort_param(queries.PLEDGE_SORTS)] = "date",
) -> dict[str, Any]:
    filters = {
        "donor": donor or None,
        "recipient": recipient or None,
        "outlet": outlet or None,
        "speaker": speaker or None,
        "status": status or None,
        "currency": currency or None,
    }
    page = queries.browse_pledges(
        st,
        **filters,
        since=dates.since,
        until=dates.until,
        sort=sort,
        limit=pager.per_page,
        offset=pager.offset,
    )
    totals = queries.pledge_totals(st)
    by_currency: dict[str, dict[str, Any]] = {}
    for row in totals["by_donor"]:
        by_currency.setdefault(row["currency"], {"donors": [], "months": []})["donors"].append(
            (row["donor"], row["amount"])
        )
    for row in totals["by_month"]:
        by_currency.setdefault(row["currency"], {"donors": [], "months": []})["months"].append(
            (row["month"], row["amount"])
        )
    chart_list = [
        {
            "currency": cur,
            "by_donor": charts.bar_chart(_top(v["donors"], CHART_BARS), unit=cur),
            "by_month": charts.column_chart(v["months"], unit=cur),
        }
        for cur, v in sorted(by_currency.items())
    ]
    return {
        "pledges": pager.wrap(page["items"], page["total"]),
        "facets": page["facets"],
        "totals": totals,
        "charts": chart_list,
        "filters": {**filters, **dates.raw, "sort": sort},
    }


def register(site: Site) -> None:
    site.twin(
        "/pledges",
        "pledges.html",
        pledges_data,
        "Pledges ledger with totals by donor and month",
        csv_of="pledges",
    )
