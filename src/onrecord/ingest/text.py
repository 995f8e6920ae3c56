"""Plain-text and Markdown articles: headline, byline, caption and page furniture."""

from __future__ import annotations

import re

from onrecord.models import Document

# Short list-item lines that pages carry around an article ("- Category", "- Latest news").
_FURNITURE = re.compile(r"^\s*[-*•]\s+\S.{0,40}$")
_FURNITURE_WORDS = {
    "advertisement", "share", "share this", "print", "read more", "related", "subscribe",
    "sign up", "menu", "home", "latest news", "category", "tags", "comments",
}  # fmt: skip
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|van|von|de|der|da|del|bin|al))*"
_BYLINE = re.compile(
    r"^(?:by|written by|text:)\s+(?P<name>" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*)"
    r"(?:\s*[–—|,-]\s*(?P<outlet>[^\n]{2,60}))?\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^\s*(?:photo|image|picture|caption|credit)s?\s*[:|]", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(r"\((?:photo|image)[^)]*\)\s*$|\b(?:photo|image) by\b", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")


def _is_furniture(line: str) -> bool:
    s = line.strip()
    if _FURNITURE.match(s):
        return True
    return s.lower().strip(" -*•:|") in _FURNITURE_WORDS


def _byline(line: str) -> tuple[str, str | None] | None:
    m = _BYLINE.match(line.strip())
    if not m or len(line) > 120:
        return None
    outlet = m["outlet"].strip() if m["outlet"] else None
    if outlet and outlet.isupper():
        outlet = outlet.title()  # "DIPLOMATIC TIMES" in a byline is styling, not the name
    return m["name"].strip(), outlet


def _is_caption(line: str, *, first: bool) -> bool:
    s = line.strip()
    if _CAPTION.match(s) or _CAPTION_CREDIT.search(s):
        return True
    # A first line that is a full sentence with a full date ("X meets Y in Kyiv Oct. 3, 2024.")
    # is a photo caption standing where a headline would be.
    from onrecord.ingest.dates import find_full_dates

    return first and s.endswith(".") and bool(find_full_dates(s)) and len(s) < 300


def parse_text(text: str, source: str, *, markdown: bool = False) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    caption: str | None = None
    body: list[str] = []
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            if body and body[-1] != "":
                body.append("")
            continue
        if markdown:
            line = _MD_HEADING.sub("", line)
        # furniture sits around the headline and byline, before the first body paragraph
        if not any(body) and _is_furniture(line):
            continue
        parsed = _byline(line)
        if parsed and byline is None:
            byline, outlet = parsed
            continue
        if title is None:
            title = line.strip()
            if _is_caption(line, first=True):
                caption = title
            continue
        if caption is None and _is_caption(line, first=False):
            caption = line.strip()
            continue
        body.append(line)
    while body and body[-1] == "":
        body.pop()
    # Paragraph breaks are kept as single newlines: offsets stay simple and stable.
    paragraphs = [p for p in body if p != ""]
    return Document(
        text="\n".join(paragraphs),
        source=source,
        title=title,
        byline=byline,
        outlet=outlet,
        caption=caption,
        source_type="text",
    )
