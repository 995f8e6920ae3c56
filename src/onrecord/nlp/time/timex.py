"""Temporal expressions (TIMEX3) and the date a statement was made.

``extract_timexes`` runs the rules of :mod:`onrecord.nlp.time.rules` over the text of an
already-parsed spaCy ``Doc``, keeps the longest non-overlapping matches, drops the ones
spaCy's tags show to be something else ("May" the modal, "2,000 troops"), and resolves
relative expressions against the document creation time (DCT). The tense of the clause a
weekday or a yearless date sits in decides which way it resolves: "said Friday" looks back,
"will meet Friday" looks ahead. Without a DCT nothing relative is guessed: values stay open
(``XXXX-12-03``, ``XXXX-WXX-4``) or ``None``.

Pure: no I/O, no database; the spaCy doc is computed once by the caller.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from onrecord.models import Timex
from onrecord.nlp.time.calendar import Direction, fmt_week, parse_dct
from onrecord.nlp.time.rules import RULES, Ctx, Hit, Rule

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "going"}
_FUTURE_HEADS = {
    "expect", "schedule", "set", "due", "plan", "intend", "aim", "hope", "prepare", "go",
}  # fmt: skip
_NON_TIME_FOLLOWERS = re.compile(
    r"\s*(%|percent|per cent|people|troops|soldiers|points|km|kilometers|miles|feet|meters|"
    r"tons|tonnes|votes|units|cars|jobs|members|pages|acres|barrels|shares|employees|workers)\b",
    re.I,
)
_YEAR_PREPOSITIONS = {
    "in", "since", "by", "from", "until", "till", "before", "after", "of", "during", "through",
    "between", "to", "and", "for", "around", "early", "late", "mid", "fiscal", "year", "circa",
}  # fmt: skip


def _tense_direction(token: Token) -> Direction:
    """Which way in time the clause governing ``token`` points: past, future or unknown."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX"):
            aux = [c for c in current.children if c.dep_ in ("aux", "auxpass")]
            words = {c.lower_ for c in aux}
            if words & _FUTURE_AUX or current.lower_ in _FUTURE_AUX:
                return "future"
            if current.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
                return "past"
            if current.tag_ == "VBN" and words & {"has", "have", "had", "'s", "'ve"}:
                return "past"
            if current.tag_ in ("VBZ", "VBP") and current.dep_ in ("ROOT", "ccomp", "conj"):
                return "nearest"
            if current.tag_ == "MD":
                return "future" if current.lower_ in _FUTURE_AUX else "nearest"
            if current.dep_ == "xcomp" and current.head.lemma_ in _FUTURE_HEADS:
                return "future"
        if current.head.i == current.i:
            break
        current = current.head
    return "nearest"


def _direction_finder(doc: Doc) -> Callable[[int], Direction]:
    starts = [t.idx for t in doc]
    cache: dict[int, Direction] = {}

    def direction(offset: int) -> Direction:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        if i not in cache:
            cache[i] = _tense_direction(doc[i]) if len(doc) else "nearest"
        return cache[i]

    return direction


def _token_at(doc: Doc, starts: list[int], offset: int) -> Token | None:
    if not len(doc):
        return None
    return doc[max(0, bisect.bisect_right(starts, offset) - 1)]


def _plausible(rule: Rule, m: re.Match[str], doc: Doc, starts: list[int]) -> bool:
    """Reject matches whose words spaCy tags as something other than a time."""
    text = m.string  # not doc.text, which spaCy rebuilds on every access
    tok = _token_at(doc, starts, m.start())
    if tok is None:
        return True
    if rule.name == "month" and not (m["rel"] or m["pmod"]):
        # A bare month name: "May" the modal, "March" the verb, "Mar" the name.
        if tok.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD") or tok.pos_ == "VERB":
            return False
        if tok.lower_ == "may" and (
            tok.i == 0 or doc[tok.i - 1].is_sent_start or tok.is_sent_start
        ):
            return False
        if (
            tok.lower_ in ("may", "march")
            and tok.i + 1 < len(doc)
            and doc[tok.i + 1].pos_
            in (
                "VERB",
                "AUX",
            )
        ):
            return False
    if rule.name == "year" and not m["fiscal"] and not m["pmod"]:
        if m.start() >= 2 and text[m.start() - 1] in ",." and text[m.start() - 2].isdigit():
            return False
        if _NON_TIME_FOLLOWERS.match(text, m.end()):
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if (
            nxt is not None
            and nxt.tag_ == "NNS"
            and tok.ent_type_ != "DATE"
            and (prev is None or prev.lower_ not in _YEAR_PREPOSITIONS)
        ):
            return False  # "2000 troops"
        if (
            prev is not None
            and prev.tag_ == "NNP"
            and prev.lower_.rstrip(".") not in _MONTHISH
            and tok.ent_type_ != "DATE"
        ):
            return False  # "Resolution 2231", "Windows 2000"
        if prev is not None and prev.lower_ in ("no", "no.", "number", "#", "flight", "route"):
            return False
    # "recent" alone is a timex only as a bare temporal modifier, which TimeBank marks too
    # rarely to be worth the false alarms; "recent years" etc. go to the duration rules.
    return not (rule.name == "past_ref" and m["word"].lower() == "recent")


_MONTHISH = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "summer", "winter", "spring", "fall", "autumn",
}  # fmt: skip


def extract_timexes(doc: Doc, dct: str | None) -> list[Timex]:
    """Temporal expressions in ``doc.text``, normalised against ``dct`` (YYYY-MM-DD or None)."""
    text = doc.text
    starts = [t.idx for t in doc]
    ctx = Ctx(dct=parse_dct(dct), text=text, direction=_direction_finder(doc))
    candidates: list[tuple[int, int, int, Hit]] = []
    for rule in RULES:
        for m in rule.regex.finditer(text):
            if m.end() == m.start() or not _plausible(rule, m, doc, starts):
                continue
            hit = rule.handler(m, ctx)
            if hit is not None:
                candidates.append((m.start(), m.end(), rule.priority, hit))
    # Longest first, then the more specific rule: "December 3-4, 2024" beats "December 3".
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[2], c[0]))
    taken: list[tuple[int, int]] = []
    chosen: list[Timex] = []
    for start, end, _, hit in candidates:
        start += hit.lead
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append(
            Timex(
                start=start,
                end=end,
                text=text[start:end],
                type=hit.type,
                value=hit.value,
                anchored=hit.anchored,
            )
        )
    chosen.sort(key=lambda t: t.start)
    return _add_anaphoric(doc, text, chosen, taken)


# ---- anaphoric expressions ("that evening", "the next day") ----

_ANAPHORIC = re.compile(
    r"(?i)(?:(?P<pmod>earlier|later|early|late)\s+)?"
    r"(?P<rel>that|that same|the same|the next|the following|the previous|the preceding)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)"
    r"|(?P<before>the day before|the day after)(?![\w ]*\w)"
)
_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_REF_VALUE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")


def _add_anaphoric(
    doc: Doc, text: str, chosen: list[Timex], taken: list[tuple[int, int]]
) -> list[Timex]:
    """Timexes that point back at the last mentioned date ('that evening', 'the next day').

    spaCy's DATE/TIME entities are the candidates (its tagger knows when "the day" is a time
    and not "the day of reckoning"); the value comes from the nearest preceding timex of fine
    enough granularity, falling back to nothing when there is none: such phrases are
    resolved against the story's own time, never guessed from the publication date.
    """
    added: list[Timex] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        for m in _ANAPHORIC.finditer(ent.text):
            start, end = ent.start_char + m.start(), ent.start_char + m.end()
            if any(start < e and s < end for s, e in taken):
                continue
            unit = (m["unit"] or "day").lower()
            need = 1 if unit == "year" else 2 if unit == "month" else 3
            ref = next(
                (t for t in reversed(chosen) if t.end <= start and _granularity(t.value) >= need),
                None,
            )
            timex = _resolve_anaphoric(m, ref)
            if timex is None:
                continue
            timex.start, timex.end, timex.text = start, end, text[start:end]
            taken.append((start, end))
            added.append(timex)
    return sorted(chosen + added, key=lambda t: t.start)


def _granularity(value: str | None) -> int:
    """3 for a day, 2 for a month, 1 for a year, 0 for anything else."""
    match = _REF_VALUE.match(value or "")
    return 0 if match is None else 1 + sum(g is not None for g in match.groups()[1:])


def _resolve_anaphoric(m: re.Match[str], ref: Timex | None) -> Timex | None:
    if ref is None or ref.value is None:
        return None
    year, month, day = _REF_VALUE.match(ref.value).groups()  # type: ignore[union-attr]
    if m["before"]:
        unit, offset = "day", (-1 if m["before"].lower().endswith("before") else 1)
    else:
        unit = m["unit"].lower()
        rel = m["rel"].lower()
        offset = 1 if rel in ("the next", "the following") else -1 if "pre" in rel else 0
    if unit == "year":
        return Timex(0, 0, "", "DATE", f"{int(year) + offset:04d}", ref.anchored)
    if unit == "month":
        if month is None:
            return None
        total = int(year) * 12 + int(month) - 1 + offset
        return Timex(0, 0, "", "DATE", f"{total // 12:04d}-{total % 12 + 1:02d}", ref.anchored)
    if day is None or month is None:
        return None
    ref_day = date(int(year), int(month), int(day))
    if unit == "week":
        return Timex(0, 0, "", "DATE", fmt_week(ref_day + timedelta(weeks=offset)), ref.anchored)
    value = (ref_day + timedelta(days=offset)).isoformat()
    if unit in _POD:
        return Timex(0, 0, "", "TIME", f"{value}T{_POD[unit]}", ref.anchored)
    return Timex(0, 0, "", "DATE", value, ref.anchored)


# ---- statement dates ----

_DAYLIKE = re.compile(r"^\d{4}-\d\d(-\d\d)?$")
_DAY_WITH_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)T")


def _statement_value(timex: Timex) -> str | None:
    """A day or month precise date ('Wednesday evening' counts as its day); else None."""
    if not timex.value:
        return None
    if timex.type == "DATE" and _DAYLIKE.match(timex.value):
        return timex.value
    with_time = _DAY_WITH_TIME.match(timex.value)
    if timex.type == "TIME" and with_time:
        return with_time.group(1)
    return None


def _governing_verb(token: Token) -> Token | None:
    """The verb a timex hangs from, climbing only through prepositions ('On February 14, ...')."""
    current = token
    for _ in range(3):
        head = current.head
        if head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ != "ADP":
            return None
        current = head
    return None


def _reporting_verbs(doc: Doc, start: int, end: int, lo: int, hi: int) -> set[int]:
    """Token indices of the verbs outside [start, end) that govern the statement span.

    Only tokens ``lo..hi`` (the sentences around the statement) are looked at: scanning the
    whole document for every quote made long articles quadratic.
    """
    window = doc[lo:hi]
    verbs: set[int] = set()
    for t in window:
        if not start <= t.idx < end:
            continue
        head = t.head
        while head.head.i != head.i and start <= head.idx < end:
            head = head.head
        if not start <= head.idx < end and head.pos_ in ("VERB", "AUX"):
            verbs.add(head.i)
    # Inverted reports ("..., Rutte said."): the verb outside hangs from the quote's root.
    for t in window:
        outside = t.idx < start or t.idx >= end
        if outside and t.pos_ in ("VERB", "AUX") and start <= t.head.idx < end:
            verbs.add(t.i)
    return verbs


def statement_date(
    doc: Doc, start: int, end: int, timexes: list[Timex], dct: str | None
) -> tuple[str | None, str | None]:
    """When a statement spanning [start, end) of ``doc.text`` was made.

    An explicit day/month date attached to the reporting clause in the same sentence
    ("On February 14, X stated that ...") wins: ``(value, "text")``. A date inside the
    statement itself is what the statement is about, not when it was made. Otherwise the
    publication date: ``(dct, "published")``, or ``(None, None)`` without one.
    """
    fallback: tuple[str | None, str | None] = (dct, "published") if dct else (None, None)
    if not len(doc):
        return fallback
    doc_end = doc[-1].idx + len(doc[-1].text_with_ws)  # not len(doc.text): rebuilt per access
    first = doc.char_span(start, min(start + 1, doc_end), alignment_mode="expand")
    if first is None:
        return fallback
    sent = first[0].sent
    candidates = []
    for timex in timexes:
        value = _statement_value(timex)
        if value is None:
            continue
        if start <= timex.start < end or start < timex.end <= end:
            continue  # inside the quoted/reported content
        if not sent.start_char <= timex.start < sent.end_char:
            continue
        candidates.append((timex, value))
    if not candidates:
        return fallback  # most statements: nothing to attach, no parse walking needed
    last = doc.char_span(max(start, end - 1), end, alignment_mode="expand")
    hi = max(sent.end, (last[-1].sent.end if last is not None else sent.end))
    verbs = _reporting_verbs(doc, start, end, sent.start, hi)
    for timex, value in candidates:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        verb = _governing_verb(span.root)
        if verb is None or start <= verb.idx < end:
            continue
        if verb.i in verbs or (verb.dep_ == "ROOT" and not verbs):
            return value, "text"
    return fallback
