"""HTML pages: article body without page furniture, metadata, encodings, hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.ingest import read_bytes
from onrecord.ingest.decode import IngestError
from onrecord.ingest.html import html_fragment_to_text, read_html
from onrecord.models import Document

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _read(name: str, **kwargs: str) -> Document:
    return read_html((FIXTURES / name).read_bytes(), name, **kwargs)


def test_article_body_and_metadata() -> None:
    doc = _read("article.html")
    assert doc.source_type == "html"
    assert doc.title == "Harbourtown council backs new ferry link"
    assert doc.byline == "Mara Ellison"
    assert doc.outlet == "The Harbourtown Ledger"
    assert doc.url == "https://ledger.example/2019/01/02/ferry-link"
    assert doc.caption == "The old ferry pier at Harbourtown, photographed by Tomas Brandt."
    assert doc.language == "en"
    paragraphs = doc.text.split("\n")
    # the headline has its own field and is not repeated as the first body line
    assert paragraphs[0].startswith("Harbourtown's council voted on Thursday")
    assert paragraphs[-1].startswith("Mayor Henrik Solberg said")
    assert any(p.startswith('"This is the day the island stops') for p in paragraphs)
    for furniture in ("Subscribe today", "Related stories", "Privacy", "All rights reserved"):
        assert furniture not in doc.text


def test_published_date_is_the_metadata_date_as_written() -> None:
    doc = _read("article.html")
    # 23:30 at UTC-5 is the 15th in UTC; the page's own calendar date is the 14th. Neither
    # the modified date (20th) nor the date in the canonical URL (2019) is a publication date.
    assert (doc.published, doc.published_from) == ("2025-03-14", "html")


def test_json_ld_date_and_author() -> None:
    doc = _read("jsonld.html")  # the first JSON-LD block is broken and must be skipped
    assert (doc.published, doc.published_from) == ("2024-09-05", "html")
    assert doc.byline == "Ines Calloway"
    assert doc.text.count("\n") == 2


def test_no_date_is_invented() -> None:
    # dates in the URL, the copyright year, a modified date and a date in the text: none
    # of them is page metadata for publication
    doc = _read("undated.html")
    assert doc.published is None and doc.published_from is None
    assert doc.outlet is None  # a bare copyright year is not an outlet name


def test_given_url_wins_over_canonical() -> None:
    doc = _read("article.html", url="https://mirror.example/ferry")
    assert doc.url == "https://mirror.example/ferry"


def test_page_without_article_fails() -> None:
    with pytest.raises(IngestError, match="no article text found in HTML"):
        _read("no_article.html")


def test_latin1_page_with_meta_charset() -> None:
    doc = _read("latin1.html")
    assert doc.title == "Café Müller wins the town’s bakery prize"
    assert "\ufffd" not in doc.text
    # windows-1252 bytes for curly quotes inside a page labelled iso-8859-1, as browsers read it
    assert "“We baked through the night,” said owner Zoë Müller" in doc.text
    assert "Señor Andrés Ibáñez" in doc.text
    assert doc.notes == []  # the declared charset was used, not a guess


def test_http_charset_is_used_when_the_page_declares_none() -> None:
    body = (
        "<html><body><article><h1>Новый мост</h1>"
        "<p>Мэр города Заречный открыл новый мост через реку в воскресенье утром.</p>"
        "<p>Строительство заняло два года и обошлось дешевле, чем планировали.</p>"
        "</article></body></html>"
    ).encode("cp1251")
    doc = read_html(body, "page", content_type="text/html; charset=windows-1251")
    assert "Мэр города Заречный открыл новый мост" in doc.text


def test_dispatcher_reads_html_and_keeps_the_metadata_date(tmp_path: Path) -> None:
    items = list(
        read_bytes((FIXTURES / "article.html").read_bytes(), "a.html", "html", max_bytes=10**6)
    )
    assert len(items) == 1 and isinstance(items[0], Document)
    assert items[0].published_from == "html"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html>",
        b"<html><body></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
        bytes(range(256)) * 8,
        b"<html><body>" + b"<div>" * 3000 + b"deep" + b"</div>" * 3000 + b"</body></html>",
        b"<p>" + "\u00e9t\u00e9 ".encode() * 10 + b"\xff\xfe\xfa",
        b'<?xml version="1.0" encoding="bogus-enc"?><html><body><p>x</p></body></html>',
        b"<html><head><meta charset='no-such-codec'></head><body><p>Hi.</p></body></html>",
    ],
    ids=[
        "empty",
        "bare-tag",
        "empty-body",
        "png",
        "bytes",
        "deep",
        "bad-utf8",
        "xml-decl",
        "bad-charset",
    ],
)
def test_hostile_input_raises_only_ingest_error(data: bytes) -> None:
    try:
        doc = read_html(data, "bad.html")
    except IngestError:
        return
    assert doc.text.strip()  # if anything comes back it must be real text


def test_truncated_page_still_yields_the_text_before_the_cut() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    cut = data[: data.index(b"Mayor Henrik")]
    doc = read_html(cut, "cut.html")
    assert "Opponents said the money" in doc.text
    assert "Mayor Henrik" not in doc.text


def test_fragment_to_text_keeps_blocks_on_their_own_lines() -> None:
    assert html_fragment_to_text("<p>One.</p><p>Two &amp; three.</p>") == "One.\nTwo & three."
    assert html_fragment_to_text("line a<br>line b") == "line a\nline b"
    assert html_fragment_to_text("plain &amp; simple") == "plain & simple"
    assert html_fragment_to_text("<ul><li>a</li><li>b</li></ul><script>x()</script>") == "a\nb"


def test_article_in_a_layout_table_keeps_its_paragraphs() -> None:
    paragraph = (
        "<p>Item {i}: the harbour board of Kelmouth met again on Monday to review the tender for "
        "dredging the outer channel, and members argued for two hours about whether the lowest "
        "bid could be trusted to finish before the autumn storms reach the coast. The chair, "
        "Agnes Whitlow, said a decision would follow next week.</p>"
    )
    page = (
        "<html><head><title>Dredging tender delayed</title></head><body><table><tr>"
        "<td><a href='/'>Home</a><br><a href='/n'>News</a></td><td><h1>Dredging tender delayed</h1>"
        + "".join(paragraph.format(i=i) for i in range(3))
        + "</td></tr></table></body></html>"
    )
    doc = read_html(page.encode(), "layout.html")
    lines = doc.text.split("\n")
    assert [line[:7] for line in lines] == ["Item 0:", "Item 1:", "Item 2:"]
    assert "|" not in doc.text and "Home" not in doc.text


_BODY = (
    "<body><article><h1>Ferry fares frozen</h1>"
    "<p>The Skerrow ferry company said on Tuesday that fares will not rise next year.</p>"
    "<p>Its director, Hanne Lyst, said fuel costs had fallen since the spring.</p>"
    "</article></body></html>"
)


def _page(head: str) -> bytes:
    return f"<html><head><title>Ferry fares frozen</title>{head}</head>{_BODY}".encode()


def test_published_outranks_created_whatever_the_order() -> None:
    page = _page(
        '<meta itemprop="dateCreated" content="2024-05-02T09:00:00+02:00">'
        '<meta itemprop="dateModified" content="2024-06-01T09:00:00+02:00">'
        '<meta itemprop="datePublished" content="2024-05-01T16:45:00+02:00">'
    )
    assert read_html(page, "p.html").published == "2024-05-01"


def test_utc_timestamp_takes_the_outlets_day_from_its_url() -> None:
    page = _page('<meta property="article:published_time" content="2024-11-06T03:10:00Z">')
    # 03:10 UTC is the evening before in the Americas; the outlet's URL says which day it was
    local = read_html(page, "p.html", url="https://news.example/2024/11/05/ferry-fares")
    assert local.published == "2024-11-05"
    # without a URL date, the date as written stands
    assert read_html(page, "p.html", url="https://news.example/ferry-fares").published == (
        "2024-11-06"
    )
    # a URL date far from the metadata date is not a time-zone shift and is ignored
    far = read_html(page, "p.html", url="https://news.example/2023/01/15/ferry-fares")
    assert far.published == "2024-11-06"
    # a timestamp with a local offset is already the local day
    offset = _page('<meta property="article:published_time" content="2024-11-06T03:10:00+01:00">')
    assert read_html(offset, "p.html", url="https://news.example/2024/11/05/x").published == (
        "2024-11-06"
    )
