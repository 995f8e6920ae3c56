"""``/outlets`` and ``/outlets/{name}``: what an outlet published, whom it quotes, and links
into the quotes, pledges and documents lists filtered to it."""

from typing import Annotated, Any

from fastapi import HTTPException, Path

from onrecord import queries
from onrecord.web import charts
from onrecord.web.routes.common import Site, Store


def outlets_data(st: Store) -> dict[str, Any]:
    return {"outlets": queries.outlets(st)}


def outlet_data(
    st: Store, name: Annotated[str, Path(min_length=1, max_length=200)]
) -> dict[str, Any]:
    o = queries.outlet(st, name)
    if o is None:
        raise HTTPException(404, f"no outlet {name!r}")
    chart = charts.volume_chart(
        st.volume(outlet=o["outlet"]), title="Articles and quotes by date published"
    )
    return {"outlet": o, "chart": chart}


def register(site: Site) -> None:
    site.twin(
        "/outlets", "outlets.html", outlets_data, "Outlets and their articles", csv_of="outlets"
    )
    # {name:path}: an outlet's name may contain "/" (a "%2F" arrives decoded)
    site.twin("/outlets/{name:path}", "outlet.html", outlet_data, "An outlet: articles, speakers")
