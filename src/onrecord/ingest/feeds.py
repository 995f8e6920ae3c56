"""RSS / Atom feeds → one Document per entry (feedparser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import feedparser

from onrecord.ingest.html import html_fragment_to_text, local_day
from onrecord.models import Document, Failure


def read_feed(data: bytes, source: str) -> Iterator[Document | Failure]:
    """Every entry of an RSS/Atom feed, or a Failure saying why there is none.

    feedparser is lenient: with ``bozo`` set it still recovers entries from slightly broken
    XML; those entries are kept with a note, and only a feed with nothing usable fails.
    """
    data, defused = _drop_entity_declarations(data)
    try:
        # bytes, so feedparser applies the XML encoding declaration itself
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    except Exception as exc:  # feedparser wraps most errors in bozo, but not all
        yield Failure(source, f"feed could not be parsed: {exc}")
        return
    entries = parsed.get("entries") or []
    problem = _bozo_reason(parsed)
    if not entries:
        if problem:
            yield Failure(source, f"malformed feed XML: {problem}")
        elif not parsed.get("version"):
            yield Failure(source, "not an RSS or Atom feed")
        else:
            yield Failure(source, "feed has no entries")
        return
    feed = parsed.get("feed") or {}
    outlet = _clean(feed.get("title"))
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        key = _entry_key(entry, index, seen)
        item = _entry_document(entry, f"{source}#{key}", outlet)
        if isinstance(item, Document) and problem:
            item.notes.append(f"feed XML is malformed ({problem}); entry recovered leniently")
        if isinstance(item, Document) and defused:
            item.notes.append("entity declarations in the feed's DOCTYPE were ignored")
        yield item


# a DOCTYPE with an internal subset: <!DOCTYPE rss [ ... ]>
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.S | re.I)


def _drop_entity_declarations(data: bytes) -> tuple[bytes, bool]:
    """Remove a DOCTYPE that declares entities before parsing.

    Real feeds do not need their own entities, and nested ones expand exponentially
    ("billion laughs"): a 1 KB feed kept expat busy for seconds. External entities are
    not fetched by feedparser in any case.
    """
    m = _DOCTYPE.search(data, 0, 1 << 16)
    if m is None or b"<!ENTITY" not in m.group(0).upper():
        return data, False
    return data[: m.start()] + data[m.end() :], True


def _entry_key(entry: Any, index: int, seen: set[str]) -> str:
    # the entry id is stable across refetches of a feed, the position is not
    key = _clean(entry.get("id")) or str(index)
    if key in seen:  # duplicated ids do occur; keep sources unique
        key = f"{key}~{index}"
    seen.add(key)
    return key


def _entry_document(entry: Any, source: str, outlet: str | None) -> Document | Failure:
    text = _entry_text(entry)
    if not text:
        return Failure(source, "feed entry has no text (no content or summary)")
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    published = local_day(raw_date, (_link(entry),)) if raw_date else None
    doc = Document(
        text=text,
        source=source,
        title=_clean(entry.get("title")),
        outlet=outlet,
        byline=_byline(entry),
        published=published,
        published_from="feed" if published else None,
        url=_link(entry),
        source_type="feed",
    )
    if raw_date and not published:
        doc.notes.append(f"feed date {raw_date!r} is not a full date; ignored")
    elif published and not entry.get("published") and not entry.get("created"):
        doc.notes.append("feed gives only an 'updated' date; used as the publication date")
    return doc


def _entry_text(entry: Any) -> str:
    """The fullest body the entry offers: content (e.g. content:encoded) over summary."""
    candidates: list[tuple[str, str]] = [
        (c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []
    ]
    if entry.get("summary"):
        detail = entry.get("summary_detail") or {}
        candidates.append((entry["summary"], detail.get("type") or "text/html"))
    best = ""
    for value, mime in candidates:
        text = _to_text(value, mime)
        if len(text) > len(best):
            best = text
    return best


def _to_text(value: str, mime: str) -> str:
    if not value.strip():
        return ""
    if mime == "text/plain":
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    return html_fragment_to_text(value)


def _byline(entry: Any) -> str | None:
    names = [_clean(a.get("name")) for a in entry.get("authors") or [] if isinstance(a, dict)]
    names = [n for n in names if n]
    if names:
        return ", ".join(dict.fromkeys(names))
    return _clean(entry.get("author"))


def _link(entry: Any) -> str | None:
    # feedparser falls back to the entry id for the link, and ids are often URNs
    link = _clean(entry.get("link"))
    return link if link and link.lower().startswith(("http://", "https://")) else None


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "unknown XML error"
    # a declared-vs-actual encoding mismatch is harmless: feedparser re-decoded the bytes
    if isinstance(exc, feedparser.CharacterEncodingOverride):
        return None
    return str(exc) or type(exc).__name__


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
