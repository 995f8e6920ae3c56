"""The web interface: server-rendered pages, each with a JSON twin (``/people/42`` and
``/people/42.json``), described by FastAPI's OpenAPI schema at ``/openapi.json``.

Safety, because article text is untrusted input:
- the database is opened read-only (SQLite ``mode=ro``), one connection per worker thread;
- Jinja2 autoescaping is on for every template, and the article renderer (web/text.py) escapes
  every piece of text it wraps;
- query sizes are bounded (search text length, ``per_page`` capped at ``MAX_PER_PAGE``);
- every request gets a deadline: a SQLite progress handler interrupts a statement that runs
  past ``query_timeout`` seconds, and the page answers 503 instead of hanging;
- no external resources: CSS and JS are served from web/static, so pages work offline and leak
  nothing to third parties. Responses carry a strict Content-Security-Policy.
"""

import math
import queue
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from onrecord import __version__, queries
from onrecord.search import MAX_QUERY_CHARS, QueryError, resolve_person, search
from onrecord.store import SQLiteStore
from onrecord.timeline import timeline
from onrecord.web import charts
from onrecord.web.text import Mark, render

HERE = Path(__file__).parent
MAX_PER_PAGE = 100
PERSON_DOTS = 300  # above this many statements the person chart counts them per month
CHART_BARS = 15  # donors shown per currency in the pledges chart; the rest summed
CHART_HITS = 200  # search matches whose dates the search chart shows
DEFAULT_PER_PAGE = 25
MAX_PAGE = 10_000
QUERY_TIMEOUT = 5.0
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class QueryTimeout(Exception):
    pass


class Pager:
    """?page=&per_page= with a cap; ``per_page`` above the cap is clamped, not refused."""

    def __init__(
        self,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")] = 1,
        per_page: Annotated[
            int, Query(ge=1, description=f"items per page (at most {MAX_PER_PAGE})")
        ] = DEFAULT_PER_PAGE,
    ) -> None:
        self.page = page
        self.per_page = min(per_page, MAX_PER_PAGE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def wrap(self, items: list[Any], total: int) -> dict[str, Any]:
        return {
            "page": self.page,
            "per_page": self.per_page,
            "total": total,
            "pages": max(1, math.ceil(total / self.per_page)),
            "items": items,
        }


def create_app(db_path: str | Path, *, query_timeout: float = QUERY_TIMEOUT) -> FastAPI:
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    app = FastAPI(
        title="onrecord",
        version=__version__,
        description="A sourced record of who said what, who promised what, when. Every HTML "
        "page has a JSON twin: append `.json` to its path (`/` is `/index.json`).",
        # FastAPI's /docs and /redoc pull JavaScript from a CDN: not offline, not under our CSP.
        docs_url=None,
        redoc_url=None,
    )
    pool: queue.SimpleQueue[SQLiteStore] = queue.SimpleQueue()
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["money"] = _money
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def store() -> Iterator[SQLiteStore]:
        # A request checks a connection out of the pool and returns it when done: FastAPI may run
        # a dependency and its endpoint on different threads, so thread-locals would be shared.
        try:
            st = pool.get_nowait()
        except queue.Empty:
            st = SQLiteStore(db_path, readonly=True)
        deadline = time.monotonic() + query_timeout
        st.conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 1000)
        try:
            yield st
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout() from exc
            raise
        finally:
            st.conn.set_progress_handler(None, 0)
            pool.put(st)

    Store = Annotated[SQLiteStore, Depends(store)]

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        try:
            response: Response = await call_next(request)
        except QueryTimeout:
            response = _error(request, env, 503, "The query took too long and was stopped.")
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, env, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _error(request, env, 422, f"Invalid request: {problems}")

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, env, 400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout_error(request: Request, exc: QueryTimeout) -> Response:
        return _error(request, env, 503, "The query took too long and was stopped.")

    def twin(path: str, template: str, dep: Callable[..., dict[str, Any]], summary: str) -> None:
        """Register ``path`` (HTML) and ``path.json`` (JSON) over one data function."""
        json_path = "/index.json" if path == "/" else path + ".json"

        def as_json(data: Annotated[dict[str, Any], Depends(dep)]) -> Any:
            return JSONResponse(_jsonable(data))

        def as_html(request: Request, data: Annotated[dict[str, Any], Depends(dep)]) -> Any:
            json_url = json_path.format(**request.path_params)
            if request.url.query:
                json_url += "?" + request.url.query
            html = env.get_template(template).render(
                request=request, json_url=json_url, page_url=_page_url(request), **data
            )
            return HTMLResponse(html)

        app.add_api_route(json_path, as_json, methods=["GET"], summary=summary + " (JSON)")
        app.add_api_route(
            path,
            as_html,
            methods=["GET"],
            response_class=HTMLResponse,
            summary=summary,
            include_in_schema=False,
        )

    # ---- overview ----

    def overview_data(st: Store) -> dict[str, Any]:
        data = queries.overview(st)
        data["latest_quotes"] = queries.quotes_latest(st, limit=6)
        data["chart"] = charts.volume_chart(
            st.volume(), title="Articles and quotes by date published"
        )
        return data

    twin("/", "index.html", overview_data, "Overview: counts, latest stories, top people")

    # ---- people ----

    def people_data(st: Store, pager: Annotated[Pager, Depends()]) -> dict[str, Any]:
        items = queries.people(st, limit=pager.per_page, offset=pager.offset)
        total = queries.count(st, "entities", "type = 'PERSON' AND active = 1")
        return {"people": pager.wrap(items, total)}

    twin("/people", "people.html", people_data, "People, most mentioned first")

    def person_data(
        st: Store, person_id: int, pager: Annotated[Pager, Depends()]
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

    twin("/people/{person_id}", "person.html", person_data, "A person: roles, statements")

    # ---- timelines ----

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
        return data

    twin("/timeline", "timeline.html", timeline_data, "A speaker's statements on a topic")

    # ---- quotes ----

    def quotes_data(
        st: Store,
        pager: Annotated[Pager, Depends()],
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=10)] = None,
        until: Annotated[str | None, Query(max_length=10)] = None,
        kind: Annotated[str | None, Query(pattern="^(direct|indirect|mixed)$")] = None,
    ) -> dict[str, Any]:
        filters = {"speaker": speaker, "since": since, "until": until, "kind": kind}
        ids = resolve_person(st, speaker) if speaker else None
        items = queries.quotes(
            st, **filters, speaker_ids=ids, limit=pager.per_page, offset=pager.offset
        )
        return {
            "quotes": pager.wrap(items, queries.count_quotes(st, **filters, speaker_ids=ids)),
            "filters": filters,
        }

    twin("/quotes", "quotes.html", quotes_data, "Quotes in date order")

    def quote_data(st: Store, quote_id: int) -> dict[str, Any]:
        group = queries.quote_group(st, quote_id)
        if group is None:
            raise HTTPException(404, f"no quote {quote_id}")
        group["related"] = _same_words(st, group)
        return group

    twin("/quotes/{quote_id}", "quote.html", quote_data, "A quote and every outlet carrying it")

    # ---- documents ----

    def documents_data(st: Store, pager: Annotated[Pager, Depends()]) -> dict[str, Any]:
        items = queries.documents(st, limit=pager.per_page, offset=pager.offset)
        return {"documents": pager.wrap(items, queries.count(st, "documents"))}

    twin("/documents", "documents.html", documents_data, "Documents")

    def document_data(
        st: Store,
        document_id: int,
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

    twin("/documents/{document_id}", "document.html", document_data, "A document, highlighted")

    # ---- stories ----

    def stories_data(st: Store, pager: Annotated[Pager, Depends()]) -> dict[str, Any]:
        items = queries.stories(st, limit=pager.per_page, offset=pager.offset)
        return {"stories": pager.wrap(items, queries.count(st, "stories"))}

    twin("/stories", "stories.html", stories_data, "Stories, newest first")

    def story_data(st: Store, story_id: int) -> dict[str, Any]:
        s = queries.story(st, story_id)
        if s is None:
            raise HTTPException(404, f"no story {story_id}")
        return {"story": s}

    twin("/stories/{story_id}", "story.html", story_data, "A story: articles, quotes, pledges")

    # ---- pledges ----

    def pledges_data(
        st: Store,
        pager: Annotated[Pager, Depends()],
        donor: Annotated[str | None, Query(max_length=200)] = None,
        recipient: Annotated[str | None, Query(max_length=200)] = None,
    ) -> dict[str, Any]:
        items = queries.pledges(
            st, donor=donor, recipient=recipient, limit=pager.per_page, offset=pager.offset
        )
        total = len(queries.pledges(st, donor=donor, recipient=recipient))
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
            "pledges": pager.wrap(items, total),
            "totals": totals,
            "charts": chart_list,
            "filters": {"donor": donor, "recipient": recipient},
        }

    twin("/pledges", "pledges.html", pledges_data, "Pledges ledger with totals by donor and month")

    # ---- search ----

    def search_data(
        st: Store,
        pager: Annotated[Pager, Depends()],
        q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description="search text")] = "",
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(max_length=10)] = None,
        until: Annotated[str | None, Query(max_length=10)] = None,
        outlet: Annotated[str | None, Query(max_length=200)] = None,
        kind: Annotated[str | None, Query(pattern="^(quote|document|pledge)$")] = None,
    ) -> dict[str, Any]:
        filters = {
            "speaker": speaker or None,
            "since": since or None,
            "until": until or None,
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
            "filters": filters,
            "hits": {
                "page": pager.page,
                "per_page": pager.per_page,
                "has_next": more,
                "items": hits,
            },
            "chart": chart,
        }

    twin("/search", "search.html", search_data, "Hybrid search: quotes, pledges, documents")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # browsers ask for /favicon.ico whatever the page links; answer with the SVG icon
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> Any:
        spec = app.openapi()
        routes = [
            {
                "path": path,
                "summary": op.get("summary", ""),
                "params": [p["name"] for p in op.get("parameters", [])],
            }
            for path, ops in spec["paths"].items()
            for op in ops.values()
        ]
        html = env.get_template("api.html").render(
            request=request, routes=routes, max_per_page=MAX_PER_PAGE, json_url="/openapi.json"
        )
        return HTMLResponse(html)

    app.state.env = env
    return app


def _top(items: list[tuple[str, float]], n: int) -> list[tuple[str, float]]:
    """The n largest, and the rest summed as one bar."""
    items = sorted(items, key=lambda t: -t[1])
    if len(items) <= n:
        return items
    rest = sum(v for _, v in items[n - 1 :])
    return [*items[: n - 1], (f"{len(items) - n + 1} others", rest)]


def _same_words(st: SQLiteStore, group: dict[str, Any]) -> list[dict[str, Any]]:
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


def _page_url(request: Request) -> Callable[[int], str]:
    def url(page: int) -> str:
        params = dict(request.query_params)
        params["page"] = str(page)
        return f"{request.url.path}?{urlencode(params)}"

    return url


def _error(request: Request, env: Environment, status: int, message: str) -> Response:
    if request.url.path.endswith(".json") or "application/json" in request.headers.get(
        "accept", ""
    ):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    html = env.get_template("error.html").render(
        request=request, status=status, message=message, json_url=None
    )
    return HTMLResponse(html, status_code=status)


def _money(value: float | None, currency: str | None = None) -> str:
    if value is None:
        return "—"
    for div, suffix in ((1e9, " billion"), (1e6, " million")):
        if abs(value) >= div:
            text = f"{value / div:,.2f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{value:,.0f}"
    return f"{text} {currency}" if currency else text


def _jsonable(data: Any) -> Any:
    """Markup (rendered HTML, SVG) stays out of the JSON twin: it is presentation, not data."""
    from markupsafe import Markup

    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items() if not isinstance(v, Markup)}
    if isinstance(data, list | tuple):
        return [_jsonable(v) for v in data]
    return data
