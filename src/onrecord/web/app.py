"""The web interface: server-rendered pages, each with a JSON twin (``/people/42`` and
``/people/42.json``) and, for lists, a CSV twin (``/quotes.csv``), described by FastAPI's OpenAPI
schema at ``/openapi.json``. The pages live in web/routes/, one module per part of the record,
over the same read functions (queries.py) the CLI and ``Record`` use. The raw tables are
browsable read-only through Datasette at ``/data``.

Safety, because article text is untrusted input:
- the store is opened read-only (``open_store(url, readonly=True)``: SQLite ``mode=ro``), from
  a pool of stores, one per request in flight;
- Jinja2 autoescaping is on for every template, and the article renderer (web/text.py) escapes
  every piece of text it wraps;
- query sizes are bounded (search text length, ``per_page`` capped at ``MAX_PER_PAGE``, ids
  within SQLite's 64-bit range);
- every request gets a deadline (``Store.deadline``: SQLite's progress handler, PostgreSQL's
  statement_timeout) past ``query_timeout`` seconds, and the page answers 503 instead of
  hanging;
- no external resources: CSS and JS are served from web/static, so pages work offline and leak
  nothing to third parties. Every response, errors and 500s included, carries a strict
  Content-Security-Policy, nosniff and frame-ancestors 'none'.
"""

import logging
import queue
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from onrecord import __version__
from onrecord.provenance import date_label
from onrecord.search import QueryError
from onrecord.store import open_store
from onrecord.store.base import QueryTimeout, Store
from onrecord.web.routes import (
    documents,
    outlets,
    overview,
    people,
    pledges,
    quotes,
    search,
    stories,
)
from onrecord.web.routes.common import (
    MAX_PER_PAGE,
    Site,
    error_response,
    money,
    security_headers,
)

__all__ = ["MAX_PER_PAGE", "create_app"]

HERE = Path(__file__).parent
QUERY_TIMEOUT = 5.0
log = logging.getLogger(__name__)


def create_app(
    db: str | Path, *, query_timeout: float = QUERY_TIMEOUT, datasette: bool = True
) -> FastAPI:
    """The app over the record ``db`` (a SQLite path or ``sqlite:///``, or ``postgresql://``)."""
    first = open_store(db, readonly=True)  # fails now (no such file) rather than per request
    app = FastAPI(
        title="onrecord",
        version=__version__,
        description="A sourced record of who said what, who promised what, when. Every HTML "
        "page has a JSON twin: append `.json` to its path (`/` is `/index.json`); every list "
        "and search page also has a CSV twin (`.csv`) with the same filters.",
        # FastAPI's /docs and /redoc pull JavaScript from a CDN: not offline, not under our CSP.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db_url = str(db)
    app.state.db_path = getattr(first, "path", None)  # the SQLite file, for Datasette
    app.state.query_timeout = query_timeout
    app.state.pool = queue.SimpleQueue[Store]()
    app.state.pool.put(first)
    # Datasette reads a SQLite file; other backends have no /data
    datasette = datasette and first.backend == "sqlite"
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.globals["date_label"] = date_label
    env.globals["datasette"] = datasette
    env.filters["money"] = money
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        try:
            response: Response = await call_next(request)
        except QueryTimeout:
            response = error_response(request, env, 503, "The query took too long and was stopped.")
        return security_headers(response, request.url.path)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, env, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, env, 422, "Invalid request: " + _problems(exc))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error_response(request, env, 400, str(exc))

    @app.exception_handler(QueryTimeout)
    async def timeout_error(request: Request, exc: QueryTimeout) -> Response:
        return error_response(request, env, 503, "The query took too long and was stopped.")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Starlette runs this outside every middleware, so it sets the headers itself
        log.exception("error serving %s", request.url.path)
        return error_response(request, env, 500, "Something went wrong on our side.")

    site = Site(app, env)
    for module in (overview, people, search, quotes, documents, stories, pledges, outlets):
        module.register(site)

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

    if datasette:
        from onrecord.web.data import mount_datasette

        mount_datasette(app, app.state.db_path)
    else:

        @app.get("/data", include_in_schema=False)
        @app.get("/data/{rest:path}", include_in_schema=False)
        def no_data(request: Request, rest: str = "") -> Response:
            return error_response(
                request,
                env,
                404,
                f"/data (Datasette) browses SQLite records only; this one is a "
                f"{first.backend} store. Use the JSON and CSV twins of each page instead."
                if first.backend != "sqlite"
                else "/data is turned off for this server.",
            )

    app.state.env = env
    return app


def _problems(exc: RequestValidationError) -> str:
    """FastAPI's errors as sentences: "speaker is required", not a bare "Field required"."""
    out = []
    for e in exc.errors():
        name = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
        if e.get("type") == "missing":
            out.append(f"{name} is required")
        else:
            value = e.get("input")
            shown = f" (got {str(value)[:60]!r})" if isinstance(value, str | int) else ""
            out.append(f"{name}: {e.get('msg')}{shown}")
    return "; ".join(out)
