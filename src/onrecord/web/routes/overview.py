"""``/``: counts, latest stories and statements, top people, outlets, commitments once each."""

from typing import Any

from onrecord import queries
from onrecord.web import charts
from onrecord.web.routes.common import Site, Store


def overview_data(st: Store) -> dict[str, Any]:
    data = queries.overview(st)
    data["latest_quotes"] = queries.quotes_latest(st, limit=6)
    # a pledge reported by three outlets is one commitment with three reports, listed once
    data["commitments"] = queries.commitment_groups(st, limit=8)
    data["chart"] = charts.volume_chart(st.volume(), title="Articles and quotes by date published")
    return data


def register(site: Site) -> None:
    site.twin("/", "index.html", overview_data, "Overview: counts, latest stories, top people")
