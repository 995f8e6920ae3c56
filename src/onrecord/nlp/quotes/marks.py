"""Pairing quotation marks in raw text: which stretches of a document are in quotes.

News text is messy: straight and curly marks are mixed, some outlets use the wrong curly glyph,
closing marks go missing, and a quote that runs over several paragraphs has no closing mark at
the end of each paragraph but re-opens the next one. So the direction of each mark is read from
its context (space before and a letter after opens; a letter or punctuation before and a space
or punctuation after closes), with the glyph only as tie-breaker, and pairs are kept on a
stack per paragraph. Only outermost spans are returned: quotes inside quotes belong to the
outer quote.

Single curly marks (‘…’) serve as outer quotes in some outlets, but ’ is also the apostrophe,
so single-mark spans are looked for only outside double-quoted text and must close on a mark
that looks like the end of a phrase rather than a possessive.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = "“«„‟"
DOUBLE_CLOSE = "”»"
DOUBLE_AMBIG = '"″'
DOUBLE = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_AMBIG
SINGLE_OPEN = "‘‛"
SINGLE_CLOSE = "’"
ALL_MARKS = DOUBLE + SINGLE_OPEN + SINGLE_CLOSE + "'"

_OPENERS_BEFORE = "([{—–-/…:"  # a mark right after these starts a quote
_PUNCT_AFTER = ",.;:!?)]}—–-…'’"  # a mark right before these ends one


@dataclass(frozen=True)
class QuotedSpan:
    """One outermost quoted stretch: the marks and the content between them.

    ``close`` is None when the closing mark is missing (the span then ends at its paragraph's
    end). ``start``/``end`` are content offsets, already trimmed of white space.
    """

    open: int
    close: int | None
    start: int
    end: int
    single: bool = False  # delimited by ‘ ’ rather than double marks


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _direction(text: str, i: int, glyph_open: bool | None) -> bool | None:
    """True if the mark at i opens a quote, False if it closes one, None if unclear."""
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    prev_open = _is_space(prev) or prev in _OPENERS_BEFORE or prev in DOUBLE_OPEN + SINGLE_OPEN
    next_close = _is_space(nxt) or nxt in _PUNCT_AFTER or nxt in DOUBLE_CLOSE + DOUBLE_AMBIG
    opens = prev_open and not _is_space(nxt)
    closes = not _is_space(prev) and next_close
    if opens and not closes:
        return True
    if closes and not opens:
        return False
    return glyph_open


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _family(ch: str) -> str:
    """Straight, curly or guillemet: a mark is closed by one of its own family."""
    return "s" if ch in DOUBLE_AMBIG else "g" if ch in "«»" else "c"


def _opens_paragraph(text: str, start: int, end: int, family: str) -> bool:
    s, _ = _trim(text, start, end)
    if s >= end or text[s] not in DOUBLE or _family(text[s]) != family:
        return False
    return _direction(text, s, text[s] not in DOUBLE_CLOSE) is not False


def find_double(text: str) -> list[QuotedSpan]:
    """Outermost spans delimited by double marks, continuing over paragraphs that re-open.

    Marks pair within their family (a straight mark closes a straight one), so an excerpt
    opened with a straight mark that holds curly-quoted speech keeps both apart. A quote left
    open at a paragraph's end continues when the next paragraph opens with the same family's
    mark, and otherwise ends with its paragraph.
    """
    out: list[QuotedSpan] = []
    paras = _paragraphs(text)
    stack: list[tuple[int, str]] = []  # open marks: (offset, family), outermost first
    for pi, (pstart, pend) in enumerate(paras):
        continuing = bool(stack)
        for i in range(pstart, pend):
            ch = text[i]
            if ch not in DOUBLE:
                continue
            fam = _family(ch)
            if continuing:
                continuing = False
                if text[pstart:i].strip() == "":
                    continue  # the re-opening mark of a quote carried over a paragraph break
            glyph = True if ch in DOUBLE_OPEN else False if ch in DOUBLE_CLOSE else None
            direction = _direction(text, i, glyph)
            if direction is None:  # straight mark with no telling context: toggle
                direction = not any(f == fam for _, f in stack)
            if direction:
                stack.append((i, fam))
                continue
            if not stack:
                continue  # a closing mark with nothing open is stray
            same = [n for n, (_, f) in enumerate(stack) if f == fam]
            cut = same[-1] if same else len(stack) - 1
            outer = stack[0][0]
            del stack[cut:]
            if not stack:
                s, e = _trim(text, outer + 1, i)
                if e > s:
                    out.append(QuotedSpan(outer, i, s, e))
        if stack:
            outer, fam = stack[0]
            nj = pi + 1  # skip blank lines when looking for the re-opening mark
            while nj < len(paras) and text[paras[nj][0] : paras[nj][1]].strip() == "":
                nj += 1
            if nj < len(paras) and _opens_paragraph(text, *paras[nj], fam):
                stack = [stack[0]]  # nested marks do not survive a paragraph break
                continue
            s, e = _trim(text, outer + 1, pend)
            if e > s:
                out.append(QuotedSpan(outer, None, s, e))
            stack = []
    return out


_PHRASE_END_BEFORE = ",.!?;:…"
_PHRASE_END_AFTER = ",.;:!?)"


def find_single(text: str, inside: list[QuotedSpan]) -> list[QuotedSpan]:
    """Outermost ‘…’ spans outside the given double-quoted spans."""
    blocked = bytearray(len(text) + 1)
    for q in inside:
        blocked[q.open : (q.close if q.close is not None else q.end) + 1] = b"\x01" * (
            (q.close if q.close is not None else q.end) + 1 - q.open
        )
    out: list[QuotedSpan] = []
    for pstart, pend in _paragraphs(text):
        i = pstart
        while i < pend:
            ch = text[i]
            if ch not in SINGLE_OPEN or blocked[i] or _direction(text, i, True) is not True:
                i += 1
                continue
            close = _single_close(text, i + 1, pend, blocked)
            if close is None:
                i += 1
                continue
            s, e = _trim(text, i + 1, close)
            if e > s:
                out.append(QuotedSpan(i, close, s, e, single=True))
            i = close + 1
    return out


def _single_close(text: str, start: int, end: int, blocked: bytearray) -> int | None:
    candidates: list[int] = []
    for j in range(start, end):
        if blocked[j]:
            break
        ch = text[j]
        if ch in SINGLE_OPEN and _direction(text, j, True) is True:
            break  # another quote opens first: this one is not closed
        if ch == SINGLE_CLOSE and _direction(text, j, False) is False:
            candidates.append(j)
    if not candidates:
        return None
    for j in candidates:
        prev = text[j - 1]
        nxt = text[j + 1] if j + 1 < len(text) else "\n"
        # "strong,’" or "’." look like the end of a phrase; "allies’ support" does not.
        if prev in _PHRASE_END_BEFORE or nxt in _PHRASE_END_AFTER or nxt == "\n":
            return j
    for j in candidates:
        if text[j - 1] not in "sS":  # a bare ’ after s is most often a plural possessive
            return j
    return candidates[0]


def find_quoted(text: str) -> list[QuotedSpan]:
    """All outermost quoted spans (double, then single outside double), in text order."""
    doubles = find_double(text)
    singles = find_single(text, doubles)
    return sorted(doubles + singles, key=lambda q: q.open)
