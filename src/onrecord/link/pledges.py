"""One commitment, many reports: group pledges across the corpus.

The allies' €40 billion pledge is reported by several articles months apart; each report is a
Pledge in its own document. Two reports are the same commitment when

- their donors overlap (same canonical name, or one name's words contain the other's:
  "Trump" ~ "Trump administration"),
- they state the same amount in the same currency (within 0.5%), or neither states one,
- their periods do not contradict ("for this year" vs "2026"), and
- for reports without an amount, the program or purpose agrees and they were made within two
  weeks of each other (otherwise "Germany announced military aid" in March and in June would
  fold into one).

Different amounts, currencies or donors never merge. Groups are built by complete linkage:
a report joins a group only if it is compatible with every member, so A~B and B~C cannot drag
an incompatible A and C together.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from onrecord.models import Pledge
from onrecord.nlp.money.pledges import normalize_donor

_MAX_DAYS_APART = 14


def _words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", normalize_donor(name).lower()))


def _donor_overlap(a: Pledge, b: Pledge) -> bool:
    for x in a.donors:
        wx = _words(x)
        for y in b.donors:
            wy = _words(y)
            if wx and wy and (wx <= wy or wy <= wx):
                return True
    return False


def _same_amount(a: Pledge, b: Pledge) -> bool:
    if a.amount is None or b.amount is None:
        return a.amount is None and b.amount is None
    if a.currency != b.currency:
        return False
    return abs(a.amount - b.amount) <= 0.005 * max(abs(a.amount), abs(b.amount), 1.0)


def _years(period: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d\d\b", period))


def _compatible_periods(a: Pledge, b: Pledge) -> bool:
    if not a.period or not b.period:
        return True
    ya, yb = _years(a.period), _years(b.period)
    if ya and yb:
        return bool(ya & yb)
    return True  # "for this year" and "within a year" can describe the same pledge


def _day(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d\d)-(\d\d)", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def compatible(a: Pledge, b: Pledge) -> bool:
    """Could these two reports be the same commitment?"""
    if not a.donors or not b.donors or not _donor_overlap(a, b):
        return False
    if not _same_amount(a, b) or not _compatible_periods(a, b):
        return False
    if a.amount is not None:
        return True
    # Without an amount only a shared program or purpose and a close date tie two reports.
    if a.program and b.program:
        if a.program.lower() != b.program.lower():
            return False
    elif a.purpose != b.purpose or a.purpose is None:
        return False
    da, db = _day(a.said_on), _day(b.said_on)
    return da is not None and db is not None and abs((da - db).days) <= _MAX_DAYS_APART


def _blocks(pledge: Pledge) -> set[tuple[object, ...]]:
    """Keys that any compatible pledge must share: the amount, or a donor word."""
    if pledge.amount is not None:
        return {("amount", pledge.currency, round(pledge.amount, -3))}
    return {("donor", w) for d in pledge.donors for w in _words(d)}


def group_pledges(items: list[tuple[int, Pledge]]) -> list[int]:
    """A group id per (document id, pledge) item; same id = same commitment.

    Ids are 0, 1, 2, ... in order of each group's first item.
    """
    if not items:
        return []
    by_key: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, (_, pledge) in enumerate(items):
        for key in _blocks(pledge):
            by_key[key].append(i)
    # Candidate pairs only inside a block; amounts rounded to the thousand may straddle a
    # boundary, which costs a rare missed merge, never a wrong one.
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if compatible(items[i][1], items[j][1]):
                    pairs.add((i, j))
    group_of = list(range(len(items)))
    members_of: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for i, j in sorted(pairs):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        # Complete linkage: every member of one group must be compatible with every other.
        if all((min(a, b), max(a, b)) in pairs for a in members_of[gi] for b in members_of[gj]):
            keep, drop = min(gi, gj), max(gi, gj)
            for m in members_of[drop]:
                group_of[m] = keep
            members_of[keep].extend(members_of.pop(drop))
    ids: dict[int, int] = {}
    return [ids.setdefault(g, len(ids)) for g in group_of]
