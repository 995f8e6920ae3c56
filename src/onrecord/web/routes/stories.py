"""``/stories`` (date range, place, multi-article only, sort, facets) and ``/stories/{id}``."""

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from onrecord import queries
from onrecord.web.routes.common import Dates, Id, Pager, Site, Store, sort_param


def stories_data(
    st: Store,
    pager: Annotated[Pager, Depends()],
    dates: Annotated[Dates, Depends()],
    place: Annotated[str | None, Query(max_length=200)] = None,
    multi: Annotated[bool, Query(description="only stories told by more than one article")] = False,
    sort: Annotated[str, sort_param(queries.STORY_SORTS)] = "-date",
) -> dict[str, Any]:
    page = queries.browse_stories(
        st,
        since=dates.since,
        until=dates.until,
        place=place or None,
        multi=multi,
        sort=sort,
        limit=pager.per_page,
        offset=pager.offset,
    )
    return {
        "stories": pager.wrap(page["items"], page["total"]),
        "facets": page["facets"],
        "filters": {**dates.raw, "place": place or None, "multi": multi, "sort": sort},
    }


def story_data(st: Store, story_id: Annotated[int, Id("story")]) -> dict[str, Any]:
    s = queries.story(st, story_id)
    if s is None:
        raise HTTPException(404, f"no story {story_id}")
    return {"story": s}


def register(site: Site) -> None:
    site.twin("/stories", "stories.html", stories_data, "Stories, newest first", csv_of="stories")
    site.twin("/stories/{story_id}", "story.html", story_data, "A story: articles, quotes, pledges")
