"""Small inline SVG charts, drawn on the server: no JavaScript, no chart library, no network.

Every label goes through ``escape``: donors, outlets and quotes come from article text.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape

PALETTE = ("#1f5f8b", "#c2571a", "#3b7d4f", "#7a4e9c", "#a33a4a", "#5d6b78")


def _fmt_amount(value: float) -> str:
    for div, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= div:
            return f"{value / div:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


def bar_chart(
    items: list[tuple[str, float]], *, unit: str = "", width: int = 520, bar: int = 22
) -> Markup:
    """Horizontal bars, largest first: ``items`` are (label, value)."""
    if not items:
        return Markup("")
    items = sorted(items, key=lambda t: -t[1])
    top = max(v for _, v in items) or 1.0
    label_w = 150
    plot_w = width - label_w - 80
    height = len(items) * (bar + 8) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(unit)} by label">'
    ]
    for i, (label, value) in enumerate(items):
        y = 8 + i * (bar + 8)
        w = max(2.0, plot_w * value / top)
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
            f'class="chart-label"><title>{escape(label)}</title>{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" rx="3" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {escape(_fmt_amount(value))} '
            f"{escape(unit)}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar * 0.7:.1f}" class="chart-value">'
            f"{escape(_fmt_amount(value))} {escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(
    items: list[tuple[str, float]], *, unit: str = "", width: int = 520, height: int = 180
) -> Markup:
    """Vertical columns in the given order (e.g. months): ``items`` are (label, value)."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1.0
    pad_b, pad_t = 36, 22
    plot_h = height - pad_b - pad_t
    step = width / len(items)
    col = min(48.0, step * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(unit)} over time">',
        f'<line x1="0" y1="{height - pad_b}" x2="{width}" y2="{height - pad_b}" class="axis"/>',
    ]
    for i, (label, value) in enumerate(items):
        h = max(2.0, plot_h * value / top)
        x = i * step + (step - col) / 2
        y = height - pad_b - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{col:.1f}" height="{h:.1f}" rx="2" '
            f'fill="{PALETTE[1]}"><title>{escape(label)}: {escape(_fmt_amount(value))} '
            f"{escape(unit)}</title></rect>"
            f'<text x="{x + col / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" '
            f'class="chart-value">{escape(_fmt_amount(value))}</text>'
            f'<text x="{x + col / 2:.1f}" y="{height - pad_b + 16}" text-anchor="middle" '
            f'class="chart-label">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _day(value: str | None) -> date | None:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    y = int(value[:4])
    m = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else 6
    d = int(value[8:10]) if len(value) >= 10 and value[8:10].isdigit() else 15
    try:
        return date(y, m, d)
    except ValueError:
        return None


def timeline_chart(
    points: list[dict[str, Any]],
    shifts: list[tuple[Any, Any]] | None = None,
    *,
    width: int = 760,
) -> Markup:
    """Statements on a time axis.

    Each point: id, date, lane ("commits" | "hedges" | "rejects", or None), label, href.
    With lanes, each statement sits in its stance's lane and every (from id, to id) in
    ``shifts`` is drawn as a dashed arrow. Without lanes, statements of one day stack upwards,
    so the height of a stack is the number of statements that day.
    """
    dated = [(p, _day(p.get("date"))) for p in points]
    dated = [(p, d) for p, d in dated if d is not None]
    if not dated:
        return Markup("")
    lanes = any(p.get("lane") for p, _ in dated)
    first = min(d for _, d in dated)
    last = max(d for _, d in dated)
    span = max(1, (last - first).days)
    per_day: dict[date, int] = {}
    for _, d in dated:
        per_day[d] = per_day.get(d, 0) + 1
    stack = max(per_day.values())
    pad_l, pad_r, pad_t, pad_b = (92 if lanes else 30), 30, 20, 40
    height = 230 if lanes else max(120, min(320, 40 + stack * 16 + pad_b))
    plot_w = width - pad_l - pad_r
    plot_h = height - pad_t - pad_b
    lane_y = {"commits": pad_t + 12, "hedges": pad_t + plot_h / 2, "rejects": pad_t + plot_h - 12}

    def x_of(d: date) -> float:
        return pad_l + plot_w * (d - first).days / span if last > first else pad_l + plot_w / 2

    parts = [
        f'<svg class="chart timeline-chart" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-label="statements over time">'
    ]
    base = height - pad_b
    if lanes:
        for name, y in lane_y.items():
            parts.append(
                f'<line x1="{pad_l}" y1="{y:.1f}" x2="{width - pad_r}" y2="{y:.1f}" '
                f'class="grid lane-{name}"/><text x="{pad_l - 10}" y="{y + 4:.1f}" '
                f'text-anchor="end" class="chart-label lane-label {name}">{name}</text>'
            )
    else:
        parts.append(
            f'<line x1="{pad_l}" y1="{base}" x2="{width - pad_r}" y2="{base}" class="axis"/>'
        )
    for year in range(first.year + 1, last.year + 1):
        x = x_of(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" y2="{base}" class="grid"/>'
            f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle" class="chart-label">{year}'
            "</text>"
        )
    parts.append(
        f'<text x="{pad_l}" y="{height - 6}" class="chart-label">{first.isoformat()}</text>'
        f'<text x="{width - pad_r}" y="{height - 6}" text-anchor="end" class="chart-label">'
        f"{last.isoformat()}</text>"
    )
    # position every point; statements of one day (and lane) are spread so none hides another
    seen: dict[tuple[date, str | None], int] = {}
    where: dict[Any, tuple[float, float]] = {}
    placed = []
    for p, d in dated:
        lane = p.get("lane") if lanes else None
        k = seen.get((d, lane), 0)
        seen[(d, lane)] = k + 1
        if lanes:
            x = x_of(d) + (k % 2 * 2 - 1) * 7 * ((k + 1) // 2)
            y = lane_y.get(lane or "hedges", lane_y["hedges"])
        else:
            x, y = x_of(d), base - 9 - k * 16
        where[p.get("id")] = (x, y)
        placed.append((p, x, y))
    if lanes:
        ordered = sorted(placed, key=lambda t: (t[0].get("date") or "", t[1]))
        for (_, x1, y1), (_, x2, y2) in pairwise(ordered):
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="link"/>'
            )
        for a, b in shifts or []:
            if a in where and b in where:
                (x1, y1), (x2, y2) = where[a], where[b]
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    'class="link shift" marker-end="url(#arrow)"/>'
                )
        parts.insert(
            1,
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="14" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
            'class="arrow-head"/></marker></defs>',
        )
    shifted = {b for _, b in shifts or []}
    for p, x, y in placed:
        lane = p.get("lane")
        cls = "dot" + (f" {lane}" if lane else "") + (" shift" if p.get("id") in shifted else "")
        label = f"{p.get('date')}: {p.get('label', '')}"
        dot = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{7 if p.get("id") in shifted else 6}" '
            f'class="{cls}"><title>{escape(label)}</title></circle>'
        )
        href = p.get("href")
        parts.append(f'<a href="{escape(href)}">{dot}</a>' if href else dot)
    parts.append("</svg>")
    return Markup("".join(parts))


def roles_chart(roles: list[dict[str, Any]], *, width: int = 720) -> Markup:
    """Each role as a bar from first to last seen."""
    spans = []
    for r in roles:
        a, b = _day(r.get("first_seen")), _day(r.get("last_seen") or r.get("first_seen"))
        if a and b:
            label = " ".join(x for x in (r.get("qualifier"), r.get("title")) if x)
            if r.get("org"):
                label += f", {r['org']}"
            spans.append((label, a, b))
    if not spans:
        return Markup("")
    first = min(a for _, a, _ in spans)
    last = max(b for _, _, b in spans)
    days = max(1, (last - first).days)
    label_w, bar = 280, 18
    plot_w = width - label_w - 20
    height = len(spans) * (bar + 10) + 30
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="roles over time">'
    ]
    for i, (label, a, b) in enumerate(spans):
        y = 6 + i * (bar + 10)
        x = label_w + plot_w * (a - first).days / days
        w = max(6.0, plot_w * (b - a).days / days)
        short = label if len(label) <= 36 else label[:35] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" class="chart-label">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" rx="3" fill="{PALETTE[2]}">'
            f"<title>{escape(label)}: {a.isoformat()} – {b.isoformat()}</title></rect>"
        )
    parts.append(
        f'<text x="{label_w}" y="{height - 6}" class="chart-label">{first.isoformat()}</text>'
        f'<text x="{width - 20}" y="{height - 6}" text-anchor="end" class="chart-label">'
        f"{last.isoformat()}</text></svg>"
    )
    return Markup("".join(parts))
