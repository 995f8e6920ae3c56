"""HTML pages → Document: trafilatura for the article body, page metadata for the rest.

The publication date comes only from machine-readable page metadata (meta tags, JSON-LD,
``<time itemprop=datePublished>``). trafilatura's own date (htmldate) is ignored on purpose: even
in its fast mode htmldate falls back to dates in URLs, copyright years and loose text patterns,
which would put invented dates on the record. Dates in the running text are the dispatcher's
job (``dates.publication_date_from_text``), where they are labelled as coming from the text.
"""

from __future__ import annotations

import codecs
import html
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import lxml.html
from lxml import etree
from trafilatura import bare_extraction

from onrecord.ingest.dates import normalize_date
from onrecord.ingest.decode import (
    Decoded,
    IngestError,
    binary_reason,
    decode_bytes,
    looks_binary,
)
from onrecord.models import Document, normalize_for_hash

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)

# Meta keys (name / property / itemprop, lower-cased) that state when the piece was published,
# best first. Modified/updated dates are deliberately absent: they are not publication dates.
# Creation dates come last: a CMS creates the record before the piece goes out.
_PUBLISHED_RANK = {
    **dict.fromkeys(
        (
            "article:published_time",
            "og:published_time",
            "og:article:published_time",
            "datepublished",
            "article:published",
            "published_time",
            "publication_date",
            "citation_publication_date",
        ),
        0,
    ),
    **dict.fromkeys(
        (
            "publish_date",
            "publish-date",
            "publishdate",
            "pubdate",
            "pub_date",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "dcterms.issued",
            "citation_date",
            "sailthru.date",
            "parsely-pub-date",
            "originalpublicationdate",
        ),
        1,
    ),
    **dict.fromkeys(("datecreated", "dc.date.created", "dcterms.created"), 2),
}
_JSONLD_RANK = {"datePublished": 0, "dateCreated": 2}
# a UTC timestamp (or one without any offset), e.g. 2019-11-20T02:59:46Z / +00:00 / GMT
# ISO 8601 ("...T02:59:46Z", "+00:00", no offset) and RFC 822 ("... 02:59:46 GMT", "+0000")
_UTC_OR_NAIVE = re.compile(
    r"[T\s]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00|GMT|UTC)?\s*$", re.I
)
# a full date in a URL path: /2019/11/18/ or 2019-11-18
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|[^\d]|$)")


def read_html(
    data: bytes, source: str, *, url: str | None = None, content_type: str | None = None
) -> Document:
    """Extract the article in an HTML page.

    ``content_type`` is the HTTP Content-Type when known (WARC, URL fetches): its charset
    outranks the page's own ``<meta charset>``, as in a browser.
    """
    decoded = decode_html(data, content_type=content_type)
    extracted = _extract(decoded.text, url, tables=True)
    title = _clean(extracted.title) if extracted is not None else None
    text = _drop_leading_title(_clean_body(extracted.text), title) if extracted is not None else ""
    if _layout_table(text):
        # the page is laid out in a table, which trafilatura flattens into one line per
        # cell, losing the paragraphs; without tables it usually finds them again
        retry = _extract(decoded.text, url, tables=False)
        if retry is not None:
            alt = _drop_leading_title(_clean_body(retry.text), title)
            if _has_prose(alt) and len(alt) >= len(text) / 2:
                text = alt
    if extracted is None or not _has_prose(text):
        raise IngestError("no article text found in HTML")

    tree = _parse_tree(decoded.text)
    page_urls = (url, _clean(extracted.url))
    published = _published_from_metadata(tree, page_urls) if tree is not None else None
    doc = Document(
        text=text,
        source=source,
        title=title,
        outlet=_outlet(extracted.sitename),
        byline=_clean(extracted.author),
        published=published,
        published_from="html" if published else None,
        url=url or _clean(extracted.url),
        caption=_caption(tree) if tree is not None else None,
        source_type="html",
    )
    lang = _page_language(tree) if tree is not None else None
    if lang:
        doc.language = lang
    doc.notes.extend(decoded.warnings)
    return doc


def _extract(text: str, url: str | None, *, tables: bool) -> Any:
    try:
        return bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=False,  # reader comments are not the article
            include_tables=tables,
            # we do not use trafilatura's date (see module doc); keep its search cheap
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on hostile markup
        raise IngestError(f"HTML could not be parsed: {exc}") from exc


def _layout_table(text: str) -> bool:
    # trafilatura writes table cells as "| ... |"; a cell holding a whole paragraph or more
    # is page layout, not a data table
    return any(line.startswith("|") and len(line) > 400 for line in text.splitlines())


def decode_html(data: bytes, *, content_type: str | None = None) -> Decoded:
    """Bytes → str. UTF-8 when it is valid, else the declared charset, else detection."""
    if looks_binary(data):
        raise IngestError(f"binary content, not HTML ({binary_reason(data)})")
    try:
        return Decoded(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for declared in (_charset_from_content_type(content_type), _charset_from_meta(data)):
        if declared is None:
            continue
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            continue  # the declaration lies; fall through to detection
    return decode_bytes(data)


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return _known_codec(m.group(1)) if m else None


def _charset_from_meta(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return _known_codec(m.group(1).decode("ascii", "ignore")) if m else None


def _known_codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    # WHATWG: pages labelled latin-1 are decoded as windows-1252 (curly quotes live in 0x80-0x9f)
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def _parse_tree(text: str) -> Any:
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def _published_from_metadata(tree: Any, urls: tuple[str | None, ...] = ()) -> str | None:
    """The best-ranked publication date in the page metadata, as YYYY-MM-DD.

    The calendar day is the one written in the timestamp. Timestamps are often in UTC,
    which puts evening stories in the Americas on the next day; when the page's own URL
    carries a full date one day off a UTC timestamp, the URL's day (the outlet's local day)
    is taken. A URL date alone is never used.
    """
    best: tuple[int, str, str] | None = None  # (rank, date, raw value)
    for el in tree.iter("meta", "time"):
        keys = [(el.get(a) or "").strip().lower() for a in ("property", "name", "itemprop")]
        ranks = [_PUBLISHED_RANK[k] for k in keys if k in _PUBLISHED_RANK]
        if el.tag == "time" and "pubdate" in el.attrib:  # the old HTML5 draft attribute
            ranks.append(1)
        if el.tag == "time" and "datepublished" not in keys and "pubdate" not in el.attrib:
            continue  # any other <time> is just a date somewhere on the page
        if not ranks:
            continue
        raw = (el.get("datetime") or el.get("content") or "").strip()
        value = normalize_date(raw)
        if value and (best is None or min(ranks) < best[0]):
            best = (min(ranks), value, raw)
    for obj in _json_ld(tree):
        for key, rank in _JSONLD_RANK.items():
            raw = _find_key(obj, key) or ""
            value = normalize_date(raw)
            if value and (best is None or rank < best[0]):
                best = (rank, value, raw)
    if best is None:
        return None
    return local_day(best[2], urls)


def local_day(raw: str, urls: tuple[str | None, ...] = ()) -> str | None:
    """A metadata timestamp → YYYY-MM-DD, shifted to the URL's day when UTC put it a day off.

    Publishers stamp metadata in UTC while their URLs carry their own calendar day; a story
    posted at 21:00 in New York is "tomorrow" in UTC. Only a one-day gap under a UTC (or
    offset-less) timestamp is read as that shift; a URL date alone is never used.
    """
    value = normalize_date(raw)
    if value and _UTC_OR_NAIVE.search(raw):
        for url in urls:
            local = _url_date(url)
            if local and abs((date.fromisoformat(value) - date.fromisoformat(local)).days) == 1:
                return local
    return value


def _url_date(url: str | None) -> str | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def _json_ld(tree: Any) -> Iterator[Any]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            yield json.loads(script.text)
        except ValueError:
            continue  # broken JSON-LD is common; the rest of the page is still usable


def _find_key(obj: Any, key: str, depth: int = 0) -> str | None:
    """First string value of key in nested JSON-LD (@graph, arrays), breadth before depth."""
    if depth > 6:
        return None
    if isinstance(obj, dict):
        value = obj.get(key)
        if isinstance(value, str):
            return value
        children: list[Any] = list(obj.values())
    elif isinstance(obj, list):
        children = obj
    else:
        return None
    for child in children:
        if isinstance(child, dict | list):
            found = _find_key(child, key, depth + 1)
            if found:
                return found
    return None


def _caption(tree: Any) -> str | None:
    # prefer a caption inside the article, then any on the page
    for path in ("//article//figcaption", "//main//figcaption", "//figcaption"):
        for el in tree.xpath(path):
            text = _clean(el.text_content())
            if text:
                return text
    return None


def _page_language(tree: Any) -> str | None:
    lang = (
        tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    ).strip()
    primary = lang.split("-")[0].split("_")[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _outlet(sitename: str | None) -> str | None:
    # trafilatura falls back to the copyright meta tag, which is often just a year
    name = _clean(sitename)
    return name if name and any(c.isalpha() for c in name) else None


# sentence punctuation, Latin and CJK, optionally followed by closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u300d\u300f)\]]*$")


def _has_prose(text: str) -> bool:
    """True when the extraction holds at least one real sentence.

    On pages without an article (log-in forms, section fronts) trafilatura still returns
    menu labels and button text; those are short and do not end like sentences. Length is
    counted in characters so that text without spaces between words (CJK) counts too.
    """
    return any(
        len(line) >= 25 and _SENTENCE_END.search(line.rstrip("| ")) for line in text.splitlines()
    )


def _clean_body(text: str | None) -> str:
    """One paragraph per line, no blank runs or trailing space."""
    if not text:
        return ""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _drop_leading_title(text: str, title: str | None) -> str:
    # trafilatura keeps the <h1> headline as the first line; the title has its own field and
    # a headline glued to the body would confuse sentence splitting and dateline detection
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if normalize_for_hash(first) == normalize_for_hash(title):
        return rest
    return text


def html_fragment_to_text(fragment: str) -> str:
    """Markup of a feed entry (already sanitised by feedparser) → text, one block per line."""
    if "<" not in fragment:
        return _clean_body(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for el in list(root.iter("script", "style")):
        el.drop_tree()
    for el in root.iter(tag=etree.Element):
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    return _clean_body(root.text_content())


_BLOCK_TAGS = {
    "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr",
    "figcaption", "figure", "section", "article", "ul", "ol", "table", "dd", "dt",
}  # fmt: skip
