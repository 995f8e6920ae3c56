"""A real browser on the real server: Debian's Chromium driven by Playwright.

Builds the demo record from examples/ with the full pipeline, starts `onrecord serve` on a free
loopback port, clicks overview -> person -> quote -> source document, checks the highlighted
span, runs a search, and saves screenshots to docs/screenshots/ (committed, so the look of every
page is reviewed with the code).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    assert page.locator("svg.chart").count() >= 1  # statements over time
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
    assert page.locator("svg.chart").count() >= 2
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
