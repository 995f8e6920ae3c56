"""Who said what: direct, indirect and mixed quotes with their cue and speaker mention.

One pass per parsed document:

1. ``quote_marks`` finds the quoted stretches of the text (outermost only: quotes inside
   quotes belong to the outer quote).
2. ``quote_indirect`` finds reported speech from the parse, for cues outside quotes and
   headlines. A reported clause that is all quotation becomes the *frame* of that direct
   quote (``Rutte said: "..."``); one that holds a quoted fragment next to the reporter's own
   words becomes a ``mixed`` quote (``noted that support "is making a difference"``); the rest
   are ``indirect``.
3. Each quoted stretch not yet placed looks for a cue after it (``"...," he said``,
   ``"...," said Rutte``, ``"...," according to X``) or before it (``X said: "..."``,
   ``X told Y "..."``). A quote with no cue that stands as its own sentence continues the
   previous quote's speaker (cue None). Anything else -- scare quotes, quoted names and
   titles -- is not a quote.

A quote split around its cue (``"...," he said, "..."``) comes out as two quotes sharing the
same cue and speaker offsets, so each quote's text is exactly ``doc.text[start:end]``;
consumers that want one statement group quotes by cue offsets.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from onrecord.models import Quote
from onrecord.nlp.people.roles import HONORIFICS, word_key
from onrecord.nlp.quotes.cues import (
    Sentences,
    doc_text,
    is_cue_verb,
    is_verbal,
    lemma,
    mention_span,
    speaker_head,
)
from onrecord.nlp.quotes.indirect import Reported, find_reported
from onrecord.nlp.quotes.marks import ALL_MARKS, QuotedSpan, find_quoted
from onrecord.nlp.quotes.reporting import JUDGING_VERBS, NAMING_VERBS, PARTICLE_REQUIRED, lexicon
from onrecord.nlp.quotes.transcripts import Turn, find_turns

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_SENT_END = ".!?…"
_CLOSING_AFTER_END = '”"’»)]'
# Words that may open a sentence before a quote without making it part of a larger clause.
_LEAD_WORDS = lexicon("and but so yet still however then also or")
_SMALL_WORDS = lexicon("a an the of and or in on at to for from by with as de la le von van der")
_MAX_AFTER_TOKENS = 25
_MAX_BEFORE_TOKENS = 30


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    standalone: bool = False


def extract_quotes(doc: Doc) -> list[Quote]:
    """Quotes in a parsed document, in text order. Never raises: a failure logs and yields []."""
    try:
        return _extract(doc)
    except Exception:
        log.warning(
            "quote extraction failed on a %d-char document", len(doc_text(doc)), exc_info=True
        )
        return []


def _extract(doc: Doc) -> list[Quote]:
    text = doc_text(doc)
    if not text.strip() or len(doc) == 0:
        return []
    headline = _headline_mask(text)
    spans = [q for q in find_quoted(text) if not headline[q.open]]
    found: list[_Found] = []
    turns = find_turns(text)
    if turns:
        spans, pieces = _split_for_turns(text, spans, turns)
        found.extend(pieces)
    quoted = bytearray(len(text) + 1)
    for q in spans:
        hi = (q.close + 1) if q.close is not None else q.end
        quoted[q.open : hi] = b"\x01" * (hi - q.open)
    for f in found:  # transcript turns: their words are quoted speech too
        quoted[f.start : f.end] = b"\x01" * (f.end - f.start)
    skip = bytearray(a | b for a, b in zip(quoted, headline, strict=True))
    sents = _SentIndex(doc)
    reported = _outermost(find_reported(doc, skip, sents))

    reports, framed, consumed = _place_reported(doc, reported, spans, quoted)
    found.extend(reports)

    for i, q in enumerate(spans):
        if i in consumed or not _WORD.search(text[q.start : q.end]):
            continue
        frame = framed.get(i)
        if frame is not None:
            found.append(_Found(q.start, q.end, "direct", _cue(frame), frame.speaker))
            continue
        direct = _place_direct(doc, q, sents, quoted)
        if direct is not None:
            found.append(direct)

    found.sort(key=lambda f: (f.start, f.end))
    _credit_lines(text, found, doc)
    _continue_speakers(text, found, doc, quoted)
    return [_to_quote(text, f) for f in found]


def _split_for_turns(
    text: str, spans: list[QuotedSpan], turns: list[Turn]
) -> tuple[list[QuotedSpan], list[_Found]]:
    """Transcript turns become quotes of their labelled speaker.

    Transcripts are often printed as one long quotation whose paragraphs each re-open the
    quote, so the quoted span covering them is broken up: a labelled paragraph is a turn, an
    unlabelled quoted paragraph after it continues that turn's speaker.
    """
    found = [
        _Found(t.start, t.end, "direct", (t.cue_start, t.cue_end), (t.label_start, t.label_end))
        for t in turns
    ]
    turn_paras = [(t.para_start, t.para_end) for t in turns]
    kept: list[QuotedSpan] = []
    for q in spans:
        q_end = _q_end(q)
        if not any(a < q_end and q.open < b for a, b in turn_paras):
            kept.append(q)
            continue
        pos = q.open
        while pos < q_end:
            nl = text.find("\n", pos)
            pend = q_end if nl < 0 or nl > q_end else nl
            if not any(a <= pos < b or a < pend <= b for a, b in turn_paras):
                start, end = pos, pend
                while start < end and (text[start].isspace() or text[start] in ALL_MARKS):
                    start += 1
                while end > start and (text[end - 1].isspace() or text[end - 1] in ALL_MARKS):
                    end -= 1
                body = text[start:end]
                if _WORD.search(body) and not (body.startswith("(") and body.endswith(")")):
                    found.append(_Found(start, end, "direct", None, None, standalone=True))
            pos = pend + 1
    return kept, found


def _place_reported(
    doc: Doc, reported: list[Reported], spans: list[QuotedSpan], quoted: bytearray
) -> tuple[list[_Found], dict[int, Reported], set[int]]:
    """Reported speech meets the quotation marks.

    Returns the indirect and mixed quotes, the reporting frame of each quoted span that a
    report introduces whole (index -> report), and the spans a mixed quote took in.
    """
    text = doc_text(doc)
    q_ends = [_q_end(q) for q in spans]  # increasing: spans are disjoint and in order
    found: list[_Found] = []
    framed: dict[int, Reported] = {}  # quoted span index -> its reporting frame
    consumed: set[int] = set()
    for rep in reported:
        hits = _overlapping(spans, q_ends, rep.start, rep.end)
        if not hits:
            if not rep.weak:  # a belief or request without quoted words is no statement
                found.append(_Found(rep.start, rep.end, "indirect", _cue(rep), rep.speaker))
            continue
        pre = text[rep.start : spans[hits[0]].open].rstrip()
        if pre.endswith(":") and _WORD.search(pre):
            # 'asserted that France had changed: "France is no longer France"': the report
            # ends at the colon and introduces the quote, which keeps its cue and speaker.
            end = rep.start + len(pre.rstrip(":").rstrip())
            found.append(_Found(rep.start, end, "indirect", _cue(rep), rep.speaker))
            for i in hits:
                framed.setdefault(i, rep)
            continue
        outside = _outside_words(text, rep.start, _tail_cut(text, rep, spans, hits), quoted)
        quoted_words = sum(len(_WORD.findall(text[spans[i].start : spans[i].end])) for i in hits)
        if outside == 0 or (outside <= 2 and any(rep.start >= spans[i].start for i in hits)):
            for i in hits:
                framed.setdefault(i, rep)
            continue
        speech = [i for i in hits if not _name_like(doc, spans[i])]
        if not speech:
            found.append(_Found(rep.start, rep.end, "indirect", _cue(rep), rep.speaker))
            consumed.update(hits)
            continue
        if quoted_words > 3 * outside and any(rep.start >= spans[i].start for i in speech):
            # The parse hung a long quote's last sentence on the cue: still a direct frame.
            for i in hits:
                framed.setdefault(i, rep)
            continue
        end = max([rep.end] + [_q_end(spans[i]) for i in hits])
        start = min([rep.start] + [spans[i].open for i in hits])
        found.append(_Found(start, end, "mixed", _cue(rep), rep.speaker))
        consumed.update(hits)

    return found, framed, consumed


def _q_end(q: QuotedSpan) -> int:
    return q.close + 1 if q.close is not None else q.end


def _cue(rep: Reported) -> tuple[int, int]:
    return rep.cue_start, rep.cue_end


def _tail_cut(text: str, rep: Reported, spans: list[QuotedSpan], hits: list[int]) -> int:
    """Where a reported clause's words stop counting: before '..." and shared a link' or
    '...," referring to the convention'.

    The parser often hangs the reporter's next predicate on the quoted clause.
    """
    last = max(_q_end(spans[i]) for i in hits)
    m = re.match(r"[\s,;]*(and|but|or|then)\b|\s*,?\s*\w+ing\b", text[last : rep.end])
    return last if m else rep.end


def _overlapping(spans: list[QuotedSpan], q_ends: list[int], start: int, end: int) -> list[int]:
    """Indexes of the quoted spans overlapping [start, end)."""
    out: list[int] = []
    i = bisect_right(q_ends, start)
    while i < len(spans) and spans[i].start < end:
        out.append(i)
        i += 1
    return out


def _outermost(reps: list[Reported]) -> list[Reported]:
    """Drop reported speech nested in another report's content ("said that X told him ...").

    A report's content never holds its own cue, so a cue inside any content is nested.
    """
    by_start = sorted(reps, key=lambda r: r.start)
    starts = [r.start for r in by_start]
    reach: list[int] = []  # reach[i]: the furthest content end among by_start[: i + 1]
    for r in by_start:
        reach.append(max(r.end, reach[-1]) if reach else r.end)
    keep: list[Reported] = []
    for r in reps:
        i = bisect_right(starts, r.cue_start) - 1
        if i >= 0 and reach[i] > r.cue_start:
            continue
        keep.append(r)
    return keep


def _outside_words(text: str, start: int, end: int, quoted: bytearray) -> int:
    """Words of a reported clause outside quotation marks, not counting "that"."""
    n = 0
    for m in _WORD.finditer(text, start, end):
        if quoted[m.start()]:
            continue
        if m.group().lower() in ("that", "and", "but"):
            continue
        n += 1
    return n


def _name_like(doc: Doc, q: QuotedSpan) -> bool:
    """Quoted names and titles: short, capitalised, or introduced by "called"/"so-called"."""
    words = _WORD.findall(doc_text(doc)[q.start : q.end])
    if not words:
        return True
    before = doc_text(doc)[max(0, q.open - 20) : q.open].lower()
    if re.search(r"(so-called|called|named|dubbed|titled|entitled|known as|labell?ed)\s*$", before):
        return True
    if len(words) > 6 or re.search(r"[.!?]", doc_text(doc)[q.start : q.end].rstrip(".,!?")):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


class _SentIndex(Sentences):
    """Sentence bounds by token, and token lookups by character offset."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.token_starts = [t.idx for t in doc]

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.token_starts, char) - 1)


def _place_direct(doc: Doc, q: QuotedSpan, sents: _SentIndex, quoted: bytearray) -> _Found | None:
    text = doc_text(doc)
    after = _cue_after(doc, q, sents, quoted)
    if after is not None:
        cue, speaker = after
        lead = _clause_lead(text, q, quoted)
        if lead is not None:  # 'The plan is "dead on arrival," he said.'
            if _name_like(doc, q):  # 'On "Fox News Sunday," Pence said ...'
                return None
            return _Found(lead, _q_end(q), "mixed", cue, speaker)
        return _Found(q.start, q.end, "direct", cue, speaker)
    before = _cue_before(doc, q, sents, quoted)
    if before is not None:
        return _Found(q.start, q.end, "direct", before[0], before[1])
    calling = _calling(doc, q, sents, quoted) or _put_words(doc, q, sents, quoted)
    if calling is not None:
        return calling
    if _standalone(text, q):
        return _Found(q.start, q.end, "direct", None, None, standalone=True)
    return None


def _clause_lead(text: str, q: QuotedSpan, quoted: bytearray) -> int | None:
    """Start of the reporter's words leading into a quote in the same sentence, if any.

    The lead starts after the last sentence end or the last quotation before the quote.
    """
    para_start = text.rfind("\n", 0, q.open) + 1
    seg_start = para_start
    for m in re.finditer(r"[.!?…][”\"’»)]?\s", text[para_start : q.open]):
        seg_start = para_start + m.end()
    for i in range(q.open - 1, seg_start - 1, -1):
        # A colon, dash or parenthesis introduces the quote: what comes before is not a lead.
        if quoted[i] or text[i] in "(:;—":
            seg_start = i + 1
            break
    lead = text[seg_start : q.open]
    words = [w for w in _WORD.findall(lead) if w.lower() not in _LEAD_WORDS]
    if not words:
        return None
    m = re.search(r"\S", lead)
    return seg_start + (m.start() if m else 0)


def _cue_after(
    doc: Doc, q: QuotedSpan, sents: _SentIndex, quoted: bytearray
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    if q.close is None or q.close + 1 >= len(doc_text(doc)):
        return None
    text = doc_text(doc)
    j = sents.token_at(q.close) + 1
    if j >= len(doc):
        return None
    sent_end = sents.bounds(j)[1]
    ends_sentence = text[q.start : q.end].rstrip()[-1:] in "."
    dash = _dash_attribution(doc, q, sents)
    if dash is not None:
        return dash
    nxt = doc[j]
    if (
        nxt.pos_ in ("NOUN", "ADJ")
        and nxt.text[:1].islower()
        and text[q.start : q.end].rstrip()[-1:] not in ",.!?…;:"
    ):
        return None  # '"Ted Cruz" campaign pins': the quote modifies a noun
    # Skip the comma or dash (and any odd space) between quote and cue.
    while j < len(doc) and (doc[j].is_punct or doc[j].is_space) and doc[j].text not in ALL_MARKS:
        j += 1
    if j >= len(doc) or quoted[doc[j].idx]:
        return None
    if "\n" in text[q.close : doc[j].idx]:
        return None  # the cue of a quote never starts a new paragraph
    end = min(sent_end, j + _MAX_AFTER_TOKENS, len(doc))
    if doc[j].lower_ == "according" and j + 1 < len(doc) and doc[j + 1].lower_ == "to":
        pobj = next((c for c in doc[j + 1].children if c.dep_ == "pobj"), None)
        target = pobj or (doc[j + 2] if j + 2 < len(doc) else None)
        if target is None:
            return None
        to = doc[j + 1]
        return (doc[j].idx, to.idx + len(to)), mention_span(doc, target)
    for k in range(j, end):
        tok = doc[k]
        if not is_cue_verb(tok, direct=True) or quoted[tok.idx]:
            continue
        # The first reporting verb decides: it is the cue if what stands between it and the
        # quote is its subject ('"...," Flynn, a top surrogate, wearing a hat, said') or
        # looks like a speaker phrase; otherwise the quote has no cue after it.
        if ends_sentence and (k - j > 8 or _has_complement(tok)):
            return None  # '"... ." Rutte also expressed his backing': a new sentence
        head = speaker_head(tok, quoted)
        if k == j:
            if tok.tag_ in ("VBG", "VBN"):
                return None  # '"...," saying that ...' starts a new clause of the sentence
            if head is None or head.i < k:
                head = _noun_next_to(doc, tok)  # '"...," said Rutte'
        elif doc[j].pos_ == "CCONJ":
            return None  # '"..." and shared a link': a second predicate, not a cue
        elif head is None or not j <= head.i < k or not _covers(doc, head, j, k):
            stop = _speaker_phrase_end(doc, j, k, quoted)
            if stop is None:
                return None
            head = _first_nominal(doc, j, stop)
        if head is None:
            return None
        return _verb_cue(doc, tok), mention_span(doc, head)
    return None


def _speaker_phrase_end(doc: Doc, lo: int, hi: int, quoted: bytearray) -> int | None:
    """End of the speaker phrase in [lo, hi) between a quote and its verb, or None.

    Either all of it looks like a noun phrase, or a noun phrase is followed by a modifier set
    off by commas ('Bill Eastland, wearing a hat, said').
    """

    def nominal(a: int, b: int) -> bool:
        return all(doc[m].pos_ in _SPEAKER_POS and not quoted[doc[m].idx] for m in range(a, b))

    if nominal(lo, hi):
        return hi
    comma = next((m for m in range(lo, hi) if doc[m].text == ","), None)
    if comma is not None and comma > lo and doc[hi - 1].text == "," and nominal(lo, comma):
        return comma
    return None


def _covers(doc: Doc, head: Token, lo: int, hi: int) -> bool:
    """Whether tokens [lo, hi) are all the subject's phrase, punctuation or adverbs."""
    left, right = head.left_edge.i, head.right_edge.i
    return all(
        left <= m <= right or doc[m].is_punct or doc[m].pos_ in ("ADV", "AUX", "PART", "CCONJ")
        for m in range(lo, hi)
    )


# Parts of speech of the words between a quote and its cue: a speaker phrase, an adverb.
_SPEAKER_POS = frozenset(
    {
        "PROPN",
        "NOUN",
        "PRON",
        "DET",
        "ADJ",
        "PUNCT",
        "ADV",
        "AUX",
        "PART",
        "ADP",
        "CCONJ",
        "NUM",
        "SPACE",
        "X",
    }
)


def _first_nominal(doc: Doc, lo: int, hi: int) -> Token | None:
    """Head of the first noun phrase in [lo, hi): 'Flynn' in 'Flynn, a top surrogate,'."""
    for m in range(lo, hi):
        tok = doc[m]
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            while (
                tok.i + 1 < hi
                and doc[tok.i + 1].pos_ in ("PROPN", "NOUN", "PART")
                and not doc[tok.i + 1].is_punct
            ):
                tok = doc[tok.i + 1]
            if tok.pos_ == "PART":  # "Obama's" -> the possessor's noun follows
                continue
            return tok
    return None


_DASH_NAME = re.compile(r"[^\S\n]*([―—–]|--?)[^\S\n]*(?=[A-Z])")


def _dash_attribution(
    doc: Doc, q: QuotedSpan, sents: _SentIndex
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """'"..." ― Carla Ruiz': a quote signed with a dash and a name ending the line."""
    if q.close is None:
        return None
    text = doc_text(doc)
    m = _DASH_NAME.match(text, q.close + 1)
    if m is None:
        return None
    k = sents.token_at(m.end())
    lo = hi = k
    while hi < len(doc) and doc[hi].pos_ == "PROPN" and "\n" not in doc[hi].text_with_ws[:-1]:
        hi += 1
    if hi == lo:
        return None
    rest = text[doc[hi - 1].idx + len(doc[hi - 1]) :]
    if rest.split("\n", 1)[0].strip()[:1] not in ("", ",", ".", "(", ";"):
        return None
    return (m.start(1), m.end(1)), (doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1]))


def _has_complement(verb: Token) -> bool:
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def _noun_next_to(doc: Doc, verb: Token) -> Token | None:
    """'"...," said Rutte' when the parser did not make Rutte the subject."""
    k = verb.i + 1
    if k < len(doc) and doc[k].pos_ in ("PROPN", "PRON", "NOUN", "DET", "ADJ"):
        tok = doc[k]
        while tok.dep_ in ("compound", "det", "amod", "nmod", "poss") and tok.head.i > tok.i:
            tok = tok.head
        if tok.pos_ in ("PROPN", "PRON", "NOUN"):
            return tok
    return None


def _verb_cue(doc: Doc, verb: Token) -> tuple[int, int]:
    end = verb.idx + len(verb)
    needed = PARTICLE_REQUIRED.get(verb.lemma_.lower(), frozenset())
    for c in verb.children:  # "pointed out", "shot back"
        if c.i == verb.i + 1 and (c.dep_ == "prt" or c.lower_ in needed):
            end = c.idx + len(c)
    return verb.idx, end


def _cue_before(
    doc: Doc, q: QuotedSpan, sents: _SentIndex, quoted: bytearray
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    text = doc_text(doc)
    k = sents.token_at(q.open) - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0:
        return None
    prev = doc[k]
    if "\n" in text[prev.idx + len(prev) : q.open] and prev.text != ":":
        return None  # only a colon ('Caddell continued:') introduces the next paragraph
    if prev.text in (":", ",", "—", "–"):
        lo = max(0, k - _MAX_BEFORE_TOKENS)
        for m in range(k - 1, lo - 1, -1):
            tok = doc[m]
            if quoted[tok.idx] or tok.text in _SENT_END or "\n" in tok.text_with_ws:
                break
            if is_cue_verb(tok, direct=True):
                head = speaker_head(tok, quoted)
                if head is None:
                    head = _noun_next_to(doc, tok)
                return _verb_cue(doc, tok), mention_span(doc, head) if head is not None else None
        if prev.text == ":":
            return _colon_frame(doc, q, k, quoted)
        return None
    m = k
    while m >= 0 and (doc[m].lower_ == "that" or doc[m].pos_ == "ADV"):
        m -= 1
    if m < 0:
        return None
    tok = doc[m]
    if tok.lemma_.lower() in NAMING_VERBS and not is_cue_verb(tok, direct=False):
        return None
    if is_cue_verb(tok, direct=False):  # not "should continue “...”"
        head = speaker_head(tok, quoted)
        if head is None:
            return None  # "to counter “...”": an infinitive reports nobody's words
        return _verb_cue(doc, tok), mention_span(doc, head)
    # 'told Zelenskyy "..."': the verb's object sits between cue and quote.
    obj = tok
    while obj.dep_ in ("compound", "det", "amod", "poss") and obj.head.i > obj.i:
        obj = obj.head
    verb = obj.head
    if (
        obj.dep_ in ("dobj", "dative", "npadvmod")
        and verb.i < obj.i
        and verb.lemma_.lower() in ("tell", "remind", "assure", "warn", "inform", "ask")
        and is_cue_verb(verb, direct=True)
        and obj.left_edge.i == verb.i + 1
    ):
        head = speaker_head(verb, quoted)
        return _verb_cue(doc, verb), mention_span(doc, head) if head is not None else None
    return None


_CALLING = lexicon("call declare describe label dub brand deem term pronounce")


def _calling(doc: Doc, q: QuotedSpan, sents: _SentIndex, quoted: bytearray) -> _Found | None:
    """'calls her "an extremely intelligent woman"': words put on someone, a mixed quote."""
    if _name_like(doc, q):
        return None  # 'called the plan "Shield"' names a thing
    k = sents.token_at(q.open) - 1
    while k >= 0 and (doc[k].is_space or doc[k].lower_ == "as"):
        k -= 1
    if k < 0:
        return None
    obj = doc[k]
    while obj.dep_ in ("compound", "det", "amod", "poss") and obj.head.i > obj.i:
        obj = obj.head
    verb = obj.head
    if (
        obj.dep_ not in ("dobj", "dative", "nsubj", "oprd")
        or not verb.i < obj.i
        or verb.lemma_.lower() not in _CALLING
        or obj.left_edge.i != verb.i + 1
        or quoted[verb.idx]
    ):
        return None
    head = speaker_head(verb, quoted)
    if head is None:
        return None
    return _Found(
        obj.left_edge.idx, _q_end(q), "mixed", _verb_cue(doc, verb), mention_span(doc, head)
    )


# Verbs that put words on someone or something: 'called the decision a "disgrace"',
# 'described him as "a skilled prosecutor"', 'praised her as "a good friend"'.
_PUTTING = _CALLING | JUDGING_VERBS | lexicon("characterize characterise chide accuse blame")


def _put_words(doc: Doc, q: QuotedSpan, sents: _SentIndex, quoted: bytearray) -> _Found | None:
    """A quoted phrase the parse hangs on a verb of calling or judging before it, however many
    words sit between ('called it an "absurd notion"'): the subject's words, a mixed quote."""
    if _name_like(doc, q):
        return None
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    verb = root.head
    for _ in range(2):  # 'as "a good friend"', 'for "character assassination"'
        if verb.dep_ == "prep" and verb.i < span.start:
            verb = verb.head
    if (
        verb.i >= span.start
        or not is_verbal(verb)
        or lemma(verb) not in _PUTTING
        or quoted[verb.idx]
        or sents.bounds(verb.i) != sents.bounds(span.start)
        # 'is accused of "..."': the subject is the one called names, not the speaker
        or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    ):
        return None
    head = speaker_head(verb, quoted)
    if head is None:
        return None
    # The quote runs from what the words are put on ("the decision a "disgrace""), as in
    # _calling, but not back over an earlier quote of the same verb.
    lo = doc[verb.i + 1].idx
    while lo < q.open and (quoted[lo] or not doc_text(doc)[lo].strip()):
        lo += 1
    if any(quoted[lo : q.open]):
        lo = q.open
    return _Found(lo, _q_end(q), "mixed", _verb_cue(doc, verb), mention_span(doc, head))


def _colon_frame(
    doc: Doc, q: QuotedSpan, colon: int, quoted: bytearray
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """A quote after a colon with no reporting verb: 'Trump boomed: "..."', 'Clinton: "..."'.

    The colon itself says a quotation follows; the speaker is the subject of the clause's
    verb (close to the colon, or any verb when a whole sentence is quoted), or, when the
    paragraph so far is a bare name, that name.
    """
    text = doc_text(doc)
    pstart = text.rfind("\n", 0, doc[colon].idx) + 1
    lo = colon
    while lo > 0 and doc[lo - 1].idx >= pstart and not quoted[doc[lo - 1].idx]:
        lo -= 1
        if doc[lo].text in _SENT_END:
            lo += 1
            break
    clause = doc[lo:colon]
    if len(clause) == 0:
        return None
    verbs = [t for t in clause if t.pos_ == "VERB"]
    if verbs:
        # The clause's own main verb ('Bush broke down what was wrong ... to the paper:').
        mains = [t for t in verbs if t.head.i == t.i or not lo <= t.head.i < colon]
        verb = mains[0] if mains else verbs[-1]
        head = speaker_head(verb, quoted)
        if head is None:
            return None
        content = text[q.start : q.end]
        sentence = content[:1].isupper() and len(_WORD.findall(content)) >= 4
        near = colon - verb.i <= 4
        if (near and _is_animate(head)) or (
            sentence and (_is_animate(head) or head.pos_ in ("NOUN", "PROPN"))
        ):
            return _verb_cue(doc, verb), mention_span(doc, head)
        return None
    if text[pstart : doc[lo].idx].strip() or len(clause) > 12:
        return None  # a name label must open its paragraph
    if not all(t.pos_ in ("PROPN", "NOUN", "ADJ", "DET", "ADP", "PART", "PUNCT") for t in clause):
        return None
    if not any(t.pos_ == "PROPN" for t in clause):
        return None
    last = doc[colon - 1]
    return (doc[colon].idx, doc[colon].idx + 1), (doc[lo].idx, last.idx + len(last))


def _is_animate(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "we", "i", "you")
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _standalone(text: str, q: QuotedSpan) -> bool:
    """A quote that is a sentence (or more) on its own, not a fragment of the reporter's."""
    para_start = text.rfind("\n", 0, q.open) + 1
    before = text[para_start : q.open].rstrip()
    if before:
        last = before[-1]
        if last in _CLOSING_AFTER_END:
            before = before[:-1].rstrip()
            last = before[-1:] or "."
        if last not in _SENT_END:
            return False
    content = text[q.start : q.end].rstrip()
    if len(_WORD.findall(content)) < 2 or q.close is None:
        return q.close is None and bool(_WORD.search(content)) and not before
    if content[-1:] in _SENT_END:
        return True
    para_end = text.find("\n", q.close)
    after = text[q.close + 1 : para_end if para_end >= 0 else len(text)].lstrip()
    return after == "" or after[0] in _SENT_END


# "Christina Cauterucci, Slate" / "— Jane Roe, The Daily": a line crediting the quote
# paragraph above it (opinion round-ups, pull quotes)
_CREDIT = re.compile(
    r"[\u2014\u2013-]?\s*(?P<name>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3})"
    r"(?:,\s*[^\n,.!?\"\u201c\u201d]{1,60})?"
)


def _credit_lines(text: str, found: list[_Found], doc: Doc) -> None:
    """A quote paragraph with no cue, followed by a line that is only a person's name and
    where it appeared ("Christina Cauterucci, Slate"), is that person's: the line is its
    credit. Only a name the model tags as a person; the next quote is not theirs."""
    for f in found:
        if f.speaker is not None or f.kind != "direct":
            continue
        para_end = text.find("\n", f.end)
        if para_end < 0 or text[f.end : para_end].strip(" \t\"\u201d\u2019'.,"):
            continue  # the paragraph goes on after the quote: no credit line
        start = para_end
        while start < len(text) and text[start].isspace():
            start += 1
        line_end = text.find("\n", start)
        line = text[start : line_end if line_end >= 0 else len(text)].rstrip()
        m = _CREDIT.fullmatch(line)
        if m is None:
            continue
        lo, hi = start + m.start("name"), start + m.end("name")
        span = doc.char_span(lo, hi, alignment_mode="contract")
        if span is not None and len(span) and all(t.ent_type_ == "PERSON" for t in span):
            f.speaker = (lo, hi)


def _continue_speakers(
    text: str, found: list[_Found], doc: Doc | None = None, quoted: bytearray | None = None
) -> None:
    """A cue-less quote continues the speaker of the quote before it (or right after it),
    unless the sentence right before it is about someone else: "Mr Bush paid tribute to
    the senator's courage. / "At various points ..."" is Bush speaking, not the last
    speaker."""
    last: _Found | None = None
    for i, f in enumerate(found):
        if f.standalone and f.speaker is None:
            source = last
            if doc is not None and quoted is not None and last is not None and last.speaker:
                subject = _narrative_subject(doc, last.end, f.start, quoted)
                said = text[last.speaker[0] : last.speaker[1]]
                if subject is not None and text[subject[0] : subject[1]] not in said:
                    f.speaker = subject
                    last = f
                    continue
            nxt = found[i + 1] if i + 1 < len(found) else None
            if (
                nxt is not None
                and nxt.speaker is not None
                and nxt.kind == "direct"
                and "\n" not in text[f.end : nxt.start]
                and (last is None or "\n" in text[last.end : f.start])
            ):
                # '"A." "B," she said.' -- both belong to the speaker named after them.
                source = nxt
            if source is not None:
                f.speaker = source.speaker
        if f.speaker is not None:
            last = f


def _narrative_subject(doc: Doc, lo: int, hi: int, quoted: bytearray) -> tuple[int, int] | None:
    """The person a paragraph of narration between two quote paragraphs is about: its first
    sentence opens with that person as subject ("Mr Bush - who defeated Mr McCain - paid
    tribute to ..."), and it is the paragraph right before the quote."""
    text = doc_text(doc)
    body = text[lo:hi].rstrip(" \t\n\"“”'‘’")
    cut = body.rfind("\n")
    if cut < 0:
        return None  # the quote follows in the same paragraph: its cue, if any, is there
    start = lo + cut + 1
    while start < hi and text[start].isspace():
        start += 1
    end = lo + len(body)
    if end <= start or any(quoted[start:end]):
        return None
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or len(span) < 3:
        return None
    first = next(iter(span.sents))
    for tok in first[:4]:
        if tok.ent_type_ == "PERSON" and (
            tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "ROOT" and tok.head == tok)
        ):
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and ent.start >= span.start:
                return ent.start_char, ent.end_char
        if (
            tok.pos_ == "PROPN"
            and tok.dep_ in ("nsubj", "nsubjpass", "ROOT")
            and tok.i > span.start
            and word_key(doc[tok.i - 1].text) in HONORIFICS
        ):
            return tok.idx, tok.idx + len(tok.text)  # "Mr Kastner", which the model missed
    return None


def _headline_mask(text: str) -> bytearray:
    """Characters in headline-like lines at the top of the text (quotes there are skipped)."""
    mask = bytearray(len(text) + 1)
    pos = 0
    seen = 0
    lines = text.split("\n")
    for n, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > 3:
            break
        words = len(stripped.split())
        rest = "\n".join(lines[n + 1 :]).strip()
        if not rest or words > 30:
            break
        blank_after = n + 1 < len(lines) and not lines[n + 1].strip()
        bare = stripped.rstrip(_CLOSING_AFTER_END).rstrip()
        no_end = bare[-1:] not in tuple(_SENT_END) and not _SIGNED.search(stripped)
        if no_end or (seen == 1 and blank_after and _title_case(stripped)):
            mask[start : start + len(line)] = b"\x01" * len(line)
        else:
            break
    return mask


# '"..." ― Mara Quist': a signed quote line, not a headline, though it ends without a stop.
_SIGNED = re.compile(r"[”\"’»]\s*(?:[―—–]|--?)\s*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*$")


def _title_case(line: str) -> bool:
    """'Wash Post Fact-Check: If Obama Says It, It Is True.' rather than a lead sentence."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _to_quote(text: str, f: _Found) -> Quote:
    cue = f.cue
    spk = f.speaker
    if spk:
        # "the Secretary-General said": the parse may take "General" alone as the subject;
        # a word joined by a hyphen belongs to it (no military general, no "Cortez")
        joined = re.search(r"(?:\w+-)+$", text[max(0, spk[0] - 60) : spk[0]])
        if joined:
            spk = (spk[0] - len(joined.group(0)), spk[1])
    return Quote(
        start=f.start,
        end=f.end,
        text=text[f.start : f.end],
        kind=f.kind,
        cue=text[cue[0] : cue[1]] if cue else None,
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        speaker_mention=text[spk[0] : spk[1]] if spk else None,
        speaker_start=spk[0] if spk else None,
        speaker_end=spk[1] if spk else None,
    )
