"""Charts: the server writes the data, the browser draws it.

Why this split: hand-drawn SVG at a fixed viewBox shrank to ~5 px text on a phone, clipped long
labels and treated months as categories. Each chart is now a ``<figure data-chart=...>`` holding
its data as a JSON island (``<script type="application/json">``, which the browser never runs),
and ``static/charts.js`` draws it with the vendored Observable Plot at the figure's real width,
on true UTC date axes. That keeps the Content-Security-Policy at ``script-src 'self'``: no inline
script, no eval.

Every figure also carries its numbers as a plain table (inside ``<details>``), so the chart is
readable without JavaScript and by screen readers, and says how many items had no date precise
enough to place on the axis: those are counted apart, never guessed onto it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

# Above these spans the bars get wider: a bar per day over years is a smear of slivers.
DAY_SPAN = 92
MONTH_SPAN = 366 * 10
TRIM = 0.005  # share of the weight at each end that may be left off a stretched axis


def _fmt_amount(value: float) -> str:
    for div, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= div:
            return f"{value / div:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


def _island(spec: dict[str, Any]) -> str:
    # "<", ">" and "&" as \u escapes: no "</script>" inside article-derived labels can end the
    # island, and JSON.parse reads the escapes back to the same text.
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="chart-data">{text}</script>'


def _figure(
    kind: str,
    title: str,
    spec: dict[str, Any],
    table: tuple[Sequence[str], Iterable[Sequence[Any]]],
    notes: Sequence[str] = (),
) -> Markup:
    head, rows = table
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    spec = {"kind": kind, "title": title, **spec}
    return Markup(
        f'<figure class="chart chart-{escape(kind)}" data-chart="{escape(kind)}">'
        f"<figcaption>{escape(title)}</figcaption>"
        f"{_island(spec)}"
        f'<div class="chart-plot" role="img" aria-label="{escape(title)}"></div>'
        + "".join(f'<p class="chart-note">{escape(n)}</p>' for n in notes)
        + '<details class="chart-table"><summary>The numbers</summary>'
        '<div class="table-scroll"><table class="compact"><thead><tr>'
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + f"</tr></thead><tbody>{body}</tbody></table></div></details></figure>"
    )


def _precision(value: str | None) -> str | None:
    """ "day", "month", "year" or None for what the ISO-ish string really says."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    try:
        if len(value) >= 10 and value[4] == "-" and value[7] == "-":
            date.fromisoformat(value[:10])
            return "day"
        if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit():
            return "month" if 1 <= int(value[5:7]) <= 12 else None
    except ValueError:
        return None
    return "year"


_RANK = {"year": 0, "month": 1, "day": 2}


def _interval(days: Iterable[str]) -> str:
    """Bar width for a set of dates: days for a season, months for years, else years."""
    known = sorted(d[:10] for d in days if _precision(d) == "day")
    if not known:
        return "month"
    span = (date.fromisoformat(known[-1]) - date.fromisoformat(known[0])).days
    return "day" if span <= DAY_SPAN else "month" if span <= MONTH_SPAN else "year"


def _bucket(value: str | None, interval: str) -> str | None:
    """The start of the value's bar, or None when the date is too vague for bars this wide."""
    p = _precision(value)
    if p is None or _RANK[p] < _RANK[interval]:
        return None
    assert value is not None
    return {"day": value[:10], "month": value[:7] + "-01", "year": value[:4] + "-01-01"}[interval]


def _core(rows: Sequence[tuple[str, float]]) -> tuple[str, str] | None:
    """The range of dates without far strays, when they stretch the axis to more than twice the
    range holding all but the outermost 0.5% of the weight at each end (an article "published"
    in 1945 among 2012-2020 ones would squeeze every real bar into a corner); None when
    nothing needs trimming."""
    rows = sorted(rows)
    total = sum(n for _, n in rows)
    if len(rows) < 3 or total <= 0:
        return None
    edge, seen = total * TRIM, 0.0
    lo = hi = rows[0][0]
    for d, n in rows:
        seen += n
        if seen - n <= edge:
            lo = d
        if seen - n < total - edge:
            hi = d
    # only strays far from the core go: a tenth of its span around it stays on the axis
    a, b = date.fromisoformat(lo), date.fromisoformat(hi)
    margin = timedelta(days=max(31, (b - a).days // 10))
    kept = [d for d, _ in rows if (a - margin).isoformat() <= d <= (b + margin).isoformat()]
    full = date.fromisoformat(rows[-1][0]) - date.fromisoformat(rows[0][0])
    if full.days <= 2 * max((b - a).days, 31) or len(kept) == len(rows):
        return None
    return kept[0], kept[-1]


def volume_chart(
    series: dict[str, Sequence[tuple[str | None, float]]],
    *,
    title: str = "Coverage over time",
    interval: str | None = None,
) -> Markup:
    """Counts over time, one panel per series (e.g. articles, quotes), each on its own scale.

    ``series`` maps a name to (date or None, count) rows; dates may be days, months or years.
    Undated rows, rows too vague for the bar width, and rare strays far outside the period
    everything else falls in are counted in notes, not plotted; the table keeps every dated row.
    """
    if not any(n for rows in series.values() for _, n in rows):
        return Markup("")
    dated = [(d[:10], n) for rows in series.values() for d, n in rows if _precision(d) == "day"]
    core = _core(dated)
    if core:
        dated = [(d, n) for d, n in dated if core[0] <= d <= core[1]]
    interval = interval or _interval(d for d, _ in dated)
    panels = []
    table: Counter[tuple[str, str]] = Counter()
    notes = []
    for name, rows in series.items():
        bars: Counter[str] = Counter()
        unplaced = strays = 0.0
        for d, n in rows:
            b = _bucket(d, interval)
            if b is None:
                unplaced += n
                continue
            table[(b[: {"day": 10, "month": 7, "year": 4}[interval]], name)] += n
            if core and not (_bucket(core[0], interval) <= b <= core[1]):
                strays += n
            else:
                bars[b] += n
        panels.append({"name": name, "rows": sorted(bars.items())})
        if unplaced:
            vague = {"day": "no exact day", "month": "no month", "year": ""}[interval]
            notes.append(
                f"{round(unplaced)} {name} not on the axis: undated"
                + (f", or {vague}." if vague else ".")
            )
        if strays:
            assert core is not None
            notes.append(
                f"{round(strays)} {name} dated outside {core[0]} – {core[1]}, where the rest "
                "fall, are left off the axis (they are in the table)."
            )
    names = list(series)
    periods = sorted({p for p, _ in table})
    return _figure(
        "volume",
        title,
        {"interval": interval, "series": panels},
        (
            [interval, *names],
            [[p, *(_fmt_amount(table[(p, n)]) for n in names)] for p in periods],
        ),
        notes,
    )


def column_chart(
    items: list[tuple[str, float]], *, unit: str = "", title: str | None = None
) -> Markup:
    """Amounts per month (``items`` are ("YYYY-MM" or "undated", value)) on a date axis."""
    return volume_chart(
        {unit or "count": [(None if m == "undated" else m, v) for m, v in items]},
        title=title or (f"{unit} per month" if unit else "Per month"),
        interval="month",
    )


def bar_chart(
    items: list[tuple[str, float]], *, unit: str = "", title: str | None = None
) -> Markup:
    """Horizontal bars, largest first: ``items`` are (label, value). Labels sit above their
    bar at full length, so long names wrap instead of being cut."""
    if not items:
        return Markup("")
    items = sorted(items, key=lambda t: -t[1])
    title = title or (f"Total {unit}, largest first" if unit else "Totals, largest first")
    rows = [
        {"label": lab, "value": v, "text": f"{lab}: {_fmt_amount(v)} {unit}".strip()}
        for lab, v in items
    ]
    return _figure(
        "bars",
        title,
        {"unit": unit, "rows": rows},
        (["", unit or "value"], [[lab, _fmt_amount(v)] for lab, v in items]),
    )


def timeline_chart(
    points: list[dict[str, Any]],
    shifts: list[tuple[Any, Any]] | None = None,
    *,
    title: str = "Statements by the day they were said",
) -> Markup:
    """Statements on a date axis.

    Each point: id, date, lane ("commits" | "hedges" | "rejects", or None), label, href.
    With lanes, each statement sits in its stance's lane and every (from id, to id) in
    ``shifts`` is drawn as an arrow. Without lanes, statements pile up over their day, so the
    height of a pile is the number of statements around then. Points with no day-precise date
    are counted in a note rather than placed at a guessed day.
    """
    if not points:
        return Markup("")
    lanes = any(p.get("lane") for p in points)
    shifted = {b for _, b in shifts or []}
    placed = []
    unplaced = 0
    for p in points:
        d = p.get("date")
        if _precision(d) != "day":
            unplaced += 1
            continue
        assert d is not None
        placed.append(
            {
                "id": p.get("id"),
                "t": d[:10],
                "lane": p.get("lane") if lanes else None,
                "label": f"{d[:10]}: {p.get('label', '')}",
                "href": p.get("href"),
                "shift": p.get("id") in shifted,
            }
        )
    if not placed:
        return Markup("")
    where = {p["id"]: p for p in placed}
    arrows = [
        {"t1": where[a]["t"], "l1": where[a]["lane"], "t2": where[b]["t"], "l2": where[b]["lane"]}
        for a, b in shifts or []
        if a in where and b in where
    ]
    placed.sort(key=lambda p: p["t"])
    per_month = Counter(p["t"][:7] for p in placed)
    notes = [f"{unplaced} statements not on the axis: no exact day."] if unplaced else []
    return _figure(
        "timeline",
        title,
        {"lanes": lanes, "points": placed, "shifts": arrows},
        (["month", "statements"], sorted(per_month.items())),
        notes,
    )


def roles_chart(
    roles: list[dict[str, Any]], *, title: str = "From first to last seen in the coverage"
) -> Markup:
    """Each role as a bar from first to last seen (a role seen once is a short mark)."""
    spans = []
    for r in roles:
        a, b = r.get("first_seen"), r.get("last_seen") or r.get("first_seen")
        if _precision(a) == "day" and _precision(b) == "day":
            assert a is not None and b is not None
            label = " ".join(x for x in (r.get("qualifier"), r.get("title")) if x)
            if r.get("org"):
                label += f", {r['org']}"
            spans.append({"label": label, "a": a[:10], "b": b[:10]})
    if not spans:
        return Markup("")
    return _figure(
        "roles",
        title,
        {"rows": spans},
        (["role", "first seen", "last seen"], [[s["label"], s["a"], s["b"]] for s in spans]),
    )
