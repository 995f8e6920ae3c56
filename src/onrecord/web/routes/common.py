"""What every route module shares: the read-only store dependency, paging, date bounds, the
HTML/JSON/CSV twin registration and the error page.

The store dependency is module-level (it finds the pool on ``request.app.state``) so route
modules can declare their data functions at module level, outside any closure.
"""

import csv
import io
import json
import math
import queue
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from markupsafe import Markup

from onrecord.store import open_store
from onrecord.store.base import QueryTimeout as QueryTimeout  # re-exported for older imports
from onrecord.store.base import Store as StoreT
from onrecord.web.dates import parse_date_bound

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MAX_PAGE = 10_000
# SQLite integers are signed 64-bit: a larger id cannot exist, and binding it raises
# OverflowError, so the route refuses it before any query (422, not 500).
MAX_ID = 2**63 - 1
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Datasette's pages use inline scripts and styles; everything else stays as strict.
DATA_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def security_headers(response: Response, path: str = "") -> Response:
    """Set on every response, errors included (the 500 handler calls this itself: Starlette's
    server-error handler sits outside every middleware)."""
    response.headers["Content-Security-Policy"] = DATA_CSP if path.startswith("/data") else CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def get_store(request: Request) -> Iterator[StoreT]:
    # A request checks a store out of the pool and returns it when done: FastAPI may run
    # a dependency and its endpoint on different threads, so thread-locals would be shared.
    # The store's deadline raises store.base.QueryTimeout, whatever the backend.
    state = request.app.state
    pool: queue.SimpleQueue[StoreT] = state.pool
    try:
        st = pool.get_nowait()
    except queue.Empty:
        st = open_store(state.db_url, readonly=True)
    try:
        with st.deadline(state.query_timeout):
            yield st
    finally:
        pool.put(st)


Store = Annotated[StoreT, Depends(get_store)]


def Id(what: str) -> Any:  # a capitalised helper: reads as a type in signatures
    return Path(ge=1, le=MAX_ID, description=f"{what} id")


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
        pages = max(1, math.ceil(total / self.per_page))
        if self.page > pages:
            # "page 999 of 73" is not a page: say where the list ends instead
            raise HTTPException(404, f"page {self.page} is past the last page ({pages})")
        return {
            "page": self.page,
            "per_page": self.per_page,
            "total": total,
            "pages": pages,
            "items": items,
        }


class Dates:
    """?since=&until= as YYYY, YYYY-MM or YYYY-MM-DD, normalised to whole days."""

    def __init__(
        self,
        since: Annotated[
            str | None,
            Query(max_length=40, description="from this date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ] = None,
        until: Annotated[
            str | None,
            Query(max_length=40, description="to this date: YYYY, YYYY-MM or YYYY-MM-DD"),
        ] = None,
    ) -> None:
        self.raw = {"since": since or None, "until": until or None}
        self.since = _bound("since", since, end=False)
        self.until = _bound("until", until, end=True)


def _bound(name: str, text: str | None, *, end: bool) -> str | None:
    if not text or not text.strip():
        return None
    try:
        return parse_date_bound(text, end=end)
    except ValueError as exc:
        raise HTTPException(422, f"{name}: {exc}") from None


def sort_param(choices: dict[str, str]) -> Any:
    return Query(
        pattern="^(" + "|".join(k.replace("-", r"\-") for k in choices) + ")$",
        description="order: " + ", ".join(choices),
    )


@dataclass
class Site:
    app: FastAPI
    env: Environment

    def twin(
        self,
        path: str,
        template: str,
        dep: Callable[..., dict[str, Any]],
        summary: str,
        *,
        csv_of: str | None = None,
    ) -> None:
        """Register ``path`` (HTML) and ``path.json`` (JSON) over one data function, and with
        ``csv_of`` (the key of the list in the data) ``path.csv`` too: the same rows, same
        filters, same page."""
        json_path = "/index.json" if path == "/" else path + ".json"
        env = self.env
        # "{name:path}" -> "{name}" to fill in, each value quoted back into its URL form
        template_of = re.compile(r"\{(\w+):\w+\}")

        def fill(pattern: str, params: dict[str, Any]) -> str:
            quoted = {k: quote(str(v), safe="") for k, v in params.items()}
            return template_of.sub(r"{\1}", pattern).format(**quoted)

        def as_json(data: Annotated[dict[str, Any], Depends(dep)]) -> Any:
            return JSONResponse(jsonable(data))

        def as_html(request: Request, data: Annotated[dict[str, Any], Depends(dep)]) -> Any:
            query = "?" + request.url.query if request.url.query else ""
            json_url = fill(json_path, request.path_params) + query
            csv_url = fill(path, request.path_params) + ".csv" + query if csv_of else None
            html = env.get_template(template).render(
                request=request,
                json_url=json_url,
                csv_url=csv_url,
                page_url=page_url(request),
                facet_url=facet_url(request),
                sort_url=sort_url(request),
                **data,
            )
            return HTMLResponse(html)

        self.app.add_api_route(json_path, as_json, methods=["GET"], summary=summary + " (JSON)")
        if csv_of:
            key = csv_of

            def as_csv(data: Annotated[dict[str, Any], Depends(dep)]) -> Any:
                rows = data[key]["items"] if isinstance(data[key], dict) else data[key]
                return Response(to_csv(rows), media_type="text/csv")

            self.app.add_api_route(
                path + ".csv",
                as_csv,
                methods=["GET"],
                summary=summary + " (CSV)",
                response_class=Response,
                responses={200: {"content": {"text/csv": {}}}},
            )
        self.app.add_api_route(
            path,
            as_html,
            methods=["GET"],
            response_class=HTMLResponse,
            summary=summary,
            include_in_schema=False,
        )


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV, columns in first-seen order; lists joined with "; ", nested values as JSON."""
    columns: list[str] = []
    for row in rows:
        for k in row:
            if k not in columns and not isinstance(row[k], Markup):
                columns.append(k)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


# A cell a spreadsheet would run as a formula: article text is untrusted, so such a cell gets a
# leading apostrophe (the spreadsheet convention for "this is text"). "-" is left alone: it
# starts too many real quotes and numbers.
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def page_url(request: Request) -> Callable[[int], str]:
    def url(page: int) -> str:
        params = dict(request.query_params)
        params["page"] = str(page)
        return f"{request.url.path}?{urlencode(params)}"

    return url


def facet_url(request: Request) -> Callable[..., str]:
    """The current page's URL with some parameters set (None removes one), back on page 1."""

    def url(**changes: Any) -> str:
        params = {k: v for k, v in request.query_params.items() if k != "page"}
        for k, v in changes.items():
            if v is None:
                params.pop(k, None)
            else:
                params[k] = str(v)
        return f"{request.url.path}?{urlencode(params)}" if params else request.url.path

    return url


def sort_url(request: Request) -> Callable[..., str]:
    """Link for a column header: sorts by it; the date column, the one every list can order
    both ways, reverses when it is already the order."""

    def url(column: str, default_dir: str = "", current: str | None = None) -> str:
        # ``current``: the order in force (the page's default when no ?sort= was given)
        current = current or request.query_params.get("sort", "")
        target = default_dir + column
        if column == "date" and current.lstrip("-") == "date":
            target = current[1:] if current.startswith("-") else "-" + current
        return facet_url(request)(sort=target)

    return url


def error_response(request: Request, env: Environment, status: int, message: str) -> Response:
    if request.url.path.endswith((".json", ".csv")) or "application/json" in request.headers.get(
        "accept", ""
    ):
        response: Response = JSONResponse({"error": message, "status": status}, status_code=status)
    else:
        html = env.get_template("error.html").render(
            request=request, status=status, message=message, json_url=None
        )
        response = HTMLResponse(html, status_code=status)
    return security_headers(response, request.url.path)


def jsonable(data: Any) -> Any:
    """Markup (rendered HTML, SVG) stays out of the JSON twin: it is presentation, not data."""
    if isinstance(data, dict):
        return {k: jsonable(v) for k, v in data.items() if not isinstance(v, Markup)}
    if isinstance(data, list | tuple):
        return [jsonable(v) for v in data]
    return data


def money(value: float | None, currency: str | None = None) -> str:
    if value is None:
        return "—"
    for div, suffix in ((1e9, " billion"), (1e6, " million")):
        if abs(value) >= div:
            text = f"{value / div:,.2f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{value:,.0f}"
    return f"{text} {currency}" if currency else text
