"""Timelines: a person's statements on a topic in date order, stance shifts flagged.

- ``polarity``: stance of a statement towards a topic from lexical cues;
- ``topics``: whether a statement is on the topic (words, paraphrases, vector);
- ``assembly``: selecting the speaker's statements on the topic, folding copies, flagging shifts;
- ``evaluation``: the detector measured on annotated pairs (``python -m onrecord.timeline``).

``from onrecord.timeline import ...`` keeps working for every name the single module had.
"""

from onrecord.timeline.assembly import (
    MAX_STATEMENTS,
    SAME_STATEMENT_DAYS,
    SAME_WORDS,
    Entry,
    Timeline,
    timeline,
)
from onrecord.timeline.evaluation import evaluate_shifts, main
from onrecord.timeline.polarity import (
    BARE_DENIAL,
    CLEAR,
    HEDGE_ALONE,
    OFF_TOPIC_WEIGHT,
    SAME_STATEMENT,
    Stance,
    is_shift,
    stance,
)
from onrecord.timeline.topics import TOPIC_COVERAGE, TOPIC_SIMILARITY, Topic, on_topic

__all__ = [
    "BARE_DENIAL",
    "CLEAR",
    "HEDGE_ALONE",
    "MAX_STATEMENTS",
    "OFF_TOPIC_WEIGHT",
    "SAME_STATEMENT",
    "SAME_STATEMENT_DAYS",
    "SAME_WORDS",
    "TOPIC_COVERAGE",
    "TOPIC_SIMILARITY",
    "Entry",
    "Stance",
    "Timeline",
    "Topic",
    "evaluate_shifts",
    "is_shift",
    "main",
    "on_topic",
    "stance",
    "timeline",
]
