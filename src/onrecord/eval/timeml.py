"""Reading TimeML (.tml) documents: plain TEXT, gold TIMEX3 spans and the creation time (DCT).

TimeML interleaves XML tags with the running text, so offsets are rebuilt by walking the
TEXT element's tags and unescaping the character data in between: the plain text we hand to
the extractor is exactly what the annotators saw, and every gold span is a character span in it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>")
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_TEXT_ELEMENT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT_TIMEX = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    tid: str
    type: str
    value: str | None


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: str | None  # YYYY-MM-DD
    timexes: list[GoldTimex] = field(default_factory=list)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def parse_timeml(xml: str, name: str = "") -> TimeMLDoc:
    """Plain text of the TEXT element and the TIMEX3 spans in it (other tags are dropped)."""
    dct: str | None = None
    dct_match = _DCT_TIMEX.search(xml)
    if dct_match:
        value = _attrs(dct_match.group(1)).get("value", "")
        if re.match(r"\d{4}-\d\d-\d\d", value):
            dct = value[:10]
    body_match = _TEXT_ELEMENT.search(xml)
    body = body_match.group(1) if body_match else ""

    parts: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name_, raw, selfclosing = tag.groups()
        if name_ != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timex = (length, _attrs(raw))
        elif open_timex is not None:
            start, attrs = open_timex
            open_timex = None
            text = "".join(parts)[start:length]
            timexes.append(
                GoldTimex(
                    start=start,
                    end=length,
                    text=text,
                    tid=attrs.get("tid", ""),
                    type=attrs.get("type", ""),
                    value=attrs.get("value"),
                )
            )
    parts.append(html.unescape(body[pos:]))
    return TimeMLDoc(name=name, text="".join(parts), dct=dct, timexes=timexes)


def read_corpus(path: Path) -> list[TimeMLDoc]:
    """Every ``*.tml`` file under ``path`` (recursively), in a stable order."""
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    return [
        parse_timeml(f.read_text(encoding="utf-8"), name=str(f.relative_to(path.parent)))
        for f in files
    ]
