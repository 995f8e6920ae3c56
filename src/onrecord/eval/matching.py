"""The one-to-one matching every scorer here uses: best candidate pairs first, each side once."""

from __future__ import annotations

from collections.abc import Iterable


def greedy_pairs(ranked: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Take (gold, system) pairs in the given order, skipping any whose side is already used.

    The caller orders the candidates best first; the result is in that order.
    """
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for gi, si in ranked:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    return pairs
