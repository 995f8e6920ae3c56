"""Interview transcripts printed in articles: "WALLACE: ..." / "PENCE: ..." paragraphs.

A paragraph is a turn when it starts (after an optional quotation mark) with an upper-case
speaker label and a colon. Such labels are also used for section heads ("UPDATE:",
"EXCLUSIVE:"), so a document only counts as holding a transcript when at least two different
labels take turns and one of them speaks more than once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from onrecord.nlp.quotes.reporting import lexicon

_TURN = re.compile(
    r"^[^\S\n]*[\"“]?[^\S\n]*"
    r"(?P<label>[A-Z][A-Z'’.\-]*(?:[^\S\n][A-Z][A-Z'’.\-]*){0,3})"
    r"(?P<colon>:)[^\S\n]+(?P<body>\S[^\n]*)$",
    re.MULTILINE,
)
_NOT_SPEAKERS = lexicon(
    """
    UPDATED EMAIL E-MAIL BYLINE VIDEO PHOTO PHOTOS WATCH EXCLUSIVE BREAKING NOTE UPDATE
    CORRECTION SOURCE SOURCES READ RELATED FACT CHECK ANALYSIS OPINION EDITOR'S EDITOR’S
    WARNING ALERT LIVE POLL Q A HEADLINE TITLE DATE BY
    """
)
_TRAILING_MARKS = "\"”’'"


@dataclass(frozen=True)
class Turn:
    para_start: int
    para_end: int
    label_start: int
    label_end: int
    cue_start: int  # the colon
    cue_end: int
    start: int  # what the speaker says
    end: int


def find_turns(text: str) -> list[Turn]:
    """Transcript turns in the text, or [] when it holds no transcript."""
    turns: list[Turn] = []
    for m in _TURN.finditer(text):
        label = m.group("label")
        words = label.replace(".", " ").split()
        if not any(len(w) > 1 for w in words) or any(w in _NOT_SPEAKERS for w in words):
            continue
        start, end = m.start("body"), m.end("body")
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_MARKS):
            end -= 1
        if end <= start:
            continue
        turns.append(
            Turn(
                para_start=m.start(),
                para_end=m.end(),
                label_start=m.start("label"),
                label_end=m.end("label"),
                cue_start=m.start("colon"),
                cue_end=m.end("colon"),
                start=start,
                end=end,
            )
        )
    labels = Counter(text[t.label_start : t.label_end] for t in turns)
    if len(labels) < 2 or max(labels.values()) < 2:
        return []
    return turns
