"""Small inline SVG charts, drawn on the server: no JavaScript, no chart library, no network.

Every label goes through ``escape``: donors, outlets and quotes come from article text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

PALETTE = ("#1f5f8b", "#c2571a", "#3b7d4f", "#7a4e9c", "#a33a4a", "#5d6b78")


def _fmt_amount(value: float) -> str:
    for div, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= div:
            return f"{value / div:,.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.0f}"


def bar_chart(
    items: list[tuple[str, float]], *, unit: str = "", width: int = 640, bar: int = 22
) -> Markup:
    """Horizontal bars, largest first: ``items`` are (label, value)."""
    if not items:
        return Markup("")
    items = sorted(items, key=lambda t: -t[1])
    top = max(v for _, v in items) or 1.0
    label_w = 190
    plot_w = width - label_w - 90
    height = len(items) * (bar + 8) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(unit)} by label">'
    ]
    for i, (label, value) in enumerate(items):
        y = 8 + i * (bar + 8)
        w = max(2.0, plot_w * value / top)
        short = label if len(label) <= 28 else label[:27] + "…"
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
    items: list[tuple[str, float]], *, unit: str = "", width: int = 640, height: int = 200
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


def timeline_chart(points: list[dict[str, Any]], *, width: int = 720, height: int = 190) -> Markup:
    """Statements on a time axis. Each point: date, y (-1..1, stance) or None, label, href,
    shift (bool). Without stance values every point sits on the middle line."""
    dated = [(p, _day(p.get("date"))) for p in points]
    dated = [(p, d) for p, d in dated if d is not None]
    if not dated:
        return Markup("")
    first = min(d for _, d in dated)
    last = max(d for _, d in dated)
    span = max(1, (last - first).days)
    pad_l, pad_r, pad_t, pad_b = 70, 30, 18, 34
    plot_w = width - pad_l - pad_r
    plot_h = height - pad_t - pad_b
    mid = pad_t + plot_h / 2

    def x_of(d: date) -> float:
        return pad_l + plot_w * (d - first).days / span if span else pad_l + plot_w / 2

    def y_of(v: float | None) -> float:
        if v is None:
            return mid
        return mid - (max(-1.0, min(1.0, v)) * plot_h / 2)

    parts = [
        f'<svg class="chart timeline-chart" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-label="statements over time">',
        f'<line x1="{pad_l}" y1="{mid}" x2="{width - pad_r}" y2="{mid}" class="axis"/>',
    ]
    if any(p.get("y") is not None for p, _ in dated):
        parts.append(
            f'<text x="{pad_l - 8}" y="{pad_t + 10}" text-anchor="end" class="chart-label">'
            f'commits</text><text x="{pad_l - 8}" y="{mid + 4}" text-anchor="end" '
            f'class="chart-label">hedges</text><text x="{pad_l - 8}" y="{height - pad_b}" '
            'text-anchor="end" class="chart-label">rejects</text>'
        )
    # year ticks
    for year in range(first.year, last.year + 2):
        d = date(year, 1, 1)
        if first <= d <= last:
            x = x_of(d)
            parts.append(
                f'<line x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" y2="{height - pad_b}" class="grid"/>'
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" class="chart-label">'
                f"{year}</text>"
            )
    parts.append(
        f'<text x="{pad_l}" y="{height - 8}" class="chart-label">{first.isoformat()}</text>'
        f'<text x="{width - pad_r}" y="{height - 8}" text-anchor="end" class="chart-label">'
        f"{last.isoformat()}</text>"
    )
    prev: tuple[float, float] | None = None
    for p, d in dated:
        x, y = x_of(d), y_of(p.get("y"))
        if prev is not None and p.get("y") is not None:
            cls = "link shift" if p.get("shift") else "link"
            parts.append(
                f'<line x1="{prev[0]:.1f}" y1="{prev[1]:.1f}" x2="{x:.1f}" y2="{y:.1f}" class="{cls}"/>'
            )
        if p.get("y") is not None:
            prev = (x, y)
    for p, d in dated:
        x, y = x_of(d), y_of(p.get("y"))
        v = p.get("y")
        cls = "dot" + (" pos" if v and v > 0 else " neg" if v and v < 0 else "")
        if p.get("shift"):
            cls += " shift"
        label = f"{p.get('date')}: {p.get('label', '')}"
        dot = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{7 if p.get("shift") else 5}" class="{cls}">'
            f"<title>{escape(label)}</title></circle>"
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
    label_w, bar = 230, 18
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
        short = label if len(label) <= 34 else label[:33] + "…"
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
