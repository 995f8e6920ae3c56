"""Who a speaker filter means: ``queries.find_entity`` answered from a cached name index.

Repeats ``find_entity``'s matching (whole name or alias, or surname) because a pass over every
entity per search is too slow on a large record; the two must agree (tests compare them).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass

from onrecord import queries
from onrecord.store.base import Store

_LOCK = threading.Lock()


@dataclass
class _NameIndex:
    exact: dict[str, set[int]]  # lowercased name or alias -> entity ids
    surname: dict[str, set[int]]  # last word of a name or alias -> entity ids
    signature: tuple[int, int]
    checked: float


_NAMES: dict[str, _NameIndex] = {}
NAME_RECHECK_S = 5.0


def resolve_person(store: Store, name: str) -> list[int]:
    """``queries.find_entity(store, name)`` (same matching: whole name or alias, or surname),
    answered from a name index built once per database instead of a pass over every entity:
    with ~50k entities that pass costs ~250 ms, a lookup here microseconds. The index is
    rebuilt when the entities change (checked at most every ``NAME_RECHECK_S`` seconds)."""
    key = store.key
    now = time.monotonic()
    with _LOCK:
        idx = _NAMES.get(key)
    if idx is None or now - idx.checked > NAME_RECHECK_S:
        signature = store.entity_signature()
        if idx is None or idx.signature != signature:
            exact: dict[str, set[int]] = defaultdict(set)
            surname: dict[str, set[int]] = defaultdict(set)
            for e in queries.entities(store, type="PERSON"):
                for n in {e["name"], *e["aliases"]}:
                    low = n.lower()
                    if low:
                        exact[low].add(e["id"])
                        surname[low.split()[-1]].add(e["id"])
            idx = _NameIndex(dict(exact), dict(surname), signature, now)
        else:
            idx.checked = now
        with _LOCK:
            _NAMES[key] = idx
    needle = name.strip().lower()
    return sorted(idx.exact.get(needle, set()) | idx.surname.get(needle, set()))
