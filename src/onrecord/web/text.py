"""Article text as HTML with spans marked: every character escaped, tags only ours.

Spans may overlap (a quote inside the highlighted range), so the text is cut at every span
boundary and each piece is wrapped in the tags of the spans covering it; pieces never contain
a tag that crosses another, so the markup is always well formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # highlight | quote | pledge
    ref: int | None = None  # quote or pledge id
    title: str | None = None


def render(text: str, marks: list[Mark]) -> Markup:
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    first_highlight = True
    for a, b in pairwise(cuts):
        piece = str(escape(text[a:b]))
        covering = [m for m in marks if m.start <= a and b <= m.end]
        for m in sorted(covering, key=lambda m: {"quote": 0, "pledge": 1, "highlight": 2}[m.kind]):
            title = f' title="{escape(m.title)}"' if m.title else ""
            if m.kind == "highlight":
                anchor = ' id="hl"' if first_highlight else ""
                first_highlight = False
                piece = f"<mark{anchor}>{piece}</mark>"
            elif m.kind == "quote":
                piece = (
                    f'<a class="q" href="/quotes/{m.ref}" data-quote="{m.ref}"{title}>{piece}</a>'
                )
            else:
                piece = f'<span class="pl" data-pledge="{m.ref}"{title}>{piece}</span>'
        out.append(piece)
    return Markup("".join(out))
