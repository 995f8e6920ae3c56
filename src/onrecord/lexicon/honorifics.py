"""Honorifics that precede a name and are not part of it."""

from __future__ import annotations

HONORIFICS = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "rev.",
        "hon",
        "hon.",
    ]
)
