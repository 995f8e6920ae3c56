"""A real browser on the real server: Debian's Chromium driven by Playwright.

Builds the demo record from examples/ with the full pipeline, starts `onrecord serve` on a free
loopback port, clicks overview -> person -> quote -> source document, checks the highlighted
span, runs a search, and saves screenshots to docs/screenshots/ (committed, so the look of every
page is reviewed with the code).
"""

from __future__ import annotations

import csv as csv_module
import io
import itertools
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from onrecord.models import Document
from onrecord.search import update_index
from onrecord.store import SQLiteStore
from test_web import demo_database, serving

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(demo_database(request.config)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_click_through_to_the_highlighted_source(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    external: list[str] = []
    page.on(
        "request",
        lambda r: external.append(r.url) if not r.url.startswith(server) else None,
    )
    page.goto(server)
    assert page.title().startswith("Overview")
    assert page.locator(".stats b").first.inner_text() == "10"
    _shot(page, "overview")

    # overview -> the most mentioned person who is quoted: Reinholt's page
    page.get_by_role("link", name="Tomas Reinholt").first.click()
    page.wait_for_url("**/people/*")
    assert page.locator("h1").inner_text() == "Tomas Reinholt"
    page.wait_for_selector("figure.chart-timeline.drawn svg")  # statements over time
    _shot(page, "person")

    # back to the overview, to the outgoing Secretary General, and one of her statements that
    # two outlets carried (the wire report and its syndicated copy)
    page.get_by_role("link", name="Overview").or_(page.locator("a.brand")).first.click()
    page.wait_for_url(server)
    page.get_by_role("link", name="Ilse Varga").first.click()
    page.wait_for_url("**/people/*")
    card = page.locator(".quote-card blockquote a").filter(has_text="door to membership")
    quote_text = card.first.inner_text().strip('“”"')
    card.first.click()
    page.wait_for_url("**/quotes/*")
    assert "door to membership" in page.locator("blockquote.big").inner_text()
    outlets = page.locator("table.group tbody tr").all_inner_texts()
    assert len(outlets) >= 2 and any("Skarland Daily" in o for o in outlets), outlets
    _shot(page, "quote")

    # quote -> the source document, the quote highlighted
    page.locator("a.source-link").first.click()
    page.wait_for_url("**/documents/*#hl")
    marked = "".join(page.locator(".article-text mark").all_inner_texts())
    assert marked.strip() == quote_text.strip()
    assert page.locator("mark#hl").is_visible()
    _shot(page, "document")

    # a search from the header box
    page.locator(".top-search input").fill("nobody promised membership after the war")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    first = page.locator(".hit").first
    assert "Nobody ever promised membership" in first.inner_text()
    assert "Tomas Reinholt" in first.inner_text()
    _shot(page, "search")

    # the timeline with the shift
    page.goto(server + "timeline?speaker=Tomas+Reinholt&topic=Veloria+membership")
    assert page.locator(".shift-flag").count() >= 1
    _shot(page, "timeline")

    page.goto(server + "pledges")
    page.wait_for_selector("figure.chart-volume.drawn svg")
    assert page.locator("figure.chart.drawn svg").count() >= 2
    _shot(page, "pledges")

    assert not external, f"the pages fetched something from outside: {external}"
    page.close()


def test_script_in_article_is_text_in_the_browser(tmp_path: Path, browser: object) -> None:
    db = tmp_path / "hostile.db"
    text = (
        "The harbour master said the pier would reopen. "
        '<script>window.__injected = 1</script><img src=x onerror="window.__injected = 2">'
    )
    with SQLiteStore(db) as store:
        store.add_documents([Document(text=text, source="h.txt", title="<script>x</script>")])
        update_index(store)
    with serving(db) as url:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(url + "documents/1?start=0&end=20")
        assert page.evaluate("typeof window.__injected") == "undefined"
        shown = page.locator(".article-text").inner_text()
        assert "<script>window.__injected = 1</script>" in shown
        assert page.locator("h1").inner_text() == "<script>x</script>"
        page.goto(url + "search?q=harbour+pier")
        assert page.evaluate("typeof window.__injected") == "undefined"
        page.close()


# ---- charts, small screens, keyboard and contrast ----

PHONE = {"width": 390, "height": 844}


def _json(url: str) -> Any:
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def _pages(server: str) -> dict[str, str]:
    """Every kind of page, found through the JSON twins rather than by guessed ids."""
    people = _json(server + "people.json")["people"]["items"]
    reinholt = next(p["id"] for p in people if p["name"] == "Tomas Reinholt")
    quote = _json(server + "quotes.json")["quotes"]["items"][0]["id"]
    return {
        "home": server,
        "quotes": server + "quotes",
        "quote": server + f"quotes/{quote}",
        "person": server + f"people/{reinholt}",
        "pledges": server + "pledges",
        "documents": server + "documents",
        "stories": server + "stories",
        "search": server + "search?q=membership",
        "outlets": server + "outlets",
        "outlet": server
        + "outlets/"
        + urllib.parse.quote(_json(server + "outlets.json")["outlets"][0]["outlet"], safe=""),
    }


def _watch(page: Any) -> list[str]:
    """Console errors and page errors: a CSP refusal or a missing favicon logs one."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_no_horizontal_overflow_at_390_px(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    errors = _watch(page)
    for name, url in _pages(server).items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide at 390 px"
        # chart text is drawn at its real size, not a shrunken viewBox
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.chart-plot svg text')].map(t =>
                 t.getBoundingClientRect().height).filter(h => h > 0)"""
        )
        assert all(h >= 11 for h in sizes), (name, min(sizes))
    assert not errors, errors
    page.close()


def test_charts_are_on_true_date_axes(server: str, browser: Any) -> None:
    page = browser.new_page(viewport=PHONE)
    errors = _watch(page)
    pages = _pages(server)
    for name in ("home", "person", "pledges", "search"):
        page.goto(pages[name])
        page.wait_for_selector("figure.chart.drawn svg")
    # Reinholt's statements: dots sit at distances proportional to the days between them,
    # which months-as-categories (equal steps) would not give
    page.goto(pages["person"])
    page.wait_for_selector("figure.chart-timeline.drawn svg")
    dots = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart-timeline svg circle')].map(c =>
             [c.dataset.date, c.getBoundingClientRect().x + c.getBoundingClientRect().width / 2])"""
    )
    x_of: dict[str, float] = {}
    for day, x in dots:
        x_of.setdefault(day, x)
    days = sorted(x_of)
    assert len(days) >= 3, days
    first, mid, last = (date.fromisoformat(d) for d in (days[0], days[len(days) // 2], days[-1]))
    want = (mid - first).days / (last - first).days
    got = (x_of[days[len(days) // 2]] - x_of[days[0]]) / (x_of[days[-1]] - x_of[days[0]])
    assert abs(got - want) < 0.05, (days, want, got)
    # the axis says dates: month names or years, and no two tick labels overlap
    ticks = page.evaluate(
        """() => [...document.querySelectorAll('figure.chart-timeline g[aria-label="x-axis tick label"] text')]
             .map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.right]; })"""
    )
    assert any(
        re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|20\d\d)", t)
        for t, *_ in ticks
    ), ticks
    spans = sorted((left, right) for _, left, right in ticks)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), ticks
    # the pledges over time: bars a month wide, placed by date (a gap month has no bar)
    page.goto(pages["pledges"])
    page.wait_for_selector("figure.chart-volume.drawn svg")
    spec = json.loads(page.locator("figure.chart-volume script.chart-data").first.text_content())
    assert spec["interval"] == "month" and spec["series"][0]["rows"]
    assert all(re.fullmatch(r"\d{4}-\d\d-01", t) for t, _ in spec["series"][0]["rows"])
    assert not errors, errors
    page.close()


def test_keyboard_skip_link_and_chart_dots_out_of_tab_order(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_pages(server)["person"])
    page.wait_for_selector("figure.chart-timeline.drawn svg")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # tabbing on from the top of main reaches the page's own links, never a chart dot
    for _ in range(15):
        page.keyboard.press("Tab")
        inside_chart = page.evaluate("!!document.activeElement.closest('.chart-plot')")
        assert not inside_chart
    assert page.locator(".chart-plot a").count() > 0  # the dots still link to their quotes
    assert page.locator(".chart-plot a:not([tabindex='-1'])").count() == 0
    page.close()


def _contrast(page: Any, selector: str) -> float:
    """WCAG contrast of the first match's text against the first opaque background behind it."""
    return page.evaluate(
        """(sel) => {
          const el = document.querySelector(sel);
          const rgb = s => s.match(/[\\d.]+/g).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
          let bg = null;
          for (let e = el; e && !bg; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length < 4 || c[3] > 0) bg = c;
          }
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg || [255, 255, 255])]
            .sort((x, y) => y - x);
          return (a + 0.05) / (b + 0.05);
        }""",
        selector,
    )


# Every element with its own text, against the first opaque background behind it: WCAG AA
# (4.5:1, or 3:1 for large text). Chart SVGs are left to the figure's table; disabled pager
# labels are exempt as inactive controls.
LOW_CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg, .pager .off, script, style')) continue;
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
    if (!text) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    let bg = null;
    for (let e = el; e && !bg; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) bg = c;
    }
    bg = bg || [255, 255, 255];
    const [a, b] = [lum(rgb(cs.color)), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const px = parseFloat(cs.fontSize), bold = +cs.fontWeight >= 700;
    const need = (px >= 24 || (bold && px >= 18.66)) ? 3 : 4.5;
    if (ratio < need) bad.push(`${el.tagName}.${el.className} "${text.slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""


def test_contrast_and_favicon(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = _watch(page)
    pages = _pages(server)
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(LOW_CONTRAST) == [], name
    # the two the issue names
    page.goto(pages["pledges"])
    assert _contrast(page, "table th") >= 4.5
    page.goto(pages["quotes"])
    assert page.locator(".cite .span").first.inner_text().startswith("chars ")
    assert _contrast(page, ".cite .span") >= 4.5
    assert page.locator("link[rel=icon]").count() == 1
    assert page.request.get(server + "favicon.ico").status == 200
    assert not errors, errors
    page.close()


def test_facets_filter_and_csv_links_follow(server: str, browser: Any) -> None:
    """A fact-checker narrows the quotes list by clicking facet values, then takes the CSV of
    exactly what is on screen."""
    page = browser.new_page(viewport=PHONE)
    errors = _watch(page)
    page.goto(server + "quotes")
    total = _json(server + "quotes.json")["quotes"]["total"]
    facet = page.locator("aside.facets section.facet").filter(has_text="Speaker")
    link = facet.locator("a").first
    name = link.inner_text().strip()
    want = next(
        v["count"] for v in _json(server + "quotes.json")["facets"]["speaker"] if v["value"] == name
    )
    link.click()
    page.wait_for_load_state("networkidle")
    assert "speaker=" in page.url
    assert page.locator("article.quote-card").count() == min(want, 25)
    assert want <= total
    # the active filter is shown and can be removed
    assert page.locator(".active-filters").inner_text().startswith("Filtered by")
    csv = page.locator("a", has_text="CSV of this list").get_attribute("href")
    assert csv and csv.startswith("/quotes.csv") and "speaker=" in csv
    with urllib.request.urlopen(server + csv.lstrip("/")) as r:
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv_module.DictReader(io.StringIO(r.read().decode())))
    assert len(rows) == min(want, 25)
    assert all(row["speaker"] == name for row in rows)
    assert not errors, errors
    page.close()
