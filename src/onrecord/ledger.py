"""Ledger views over pledges: one row per commitment group, totals per donor."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


def by_donor(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per donor: number of distinct commitments (groups), reports, and totals per currency.

    A commitment reported by several articles counts once (its group), so totals are not
    inflated by syndication.
    """
    groups: dict[str, dict[Any, dict[str, Any]]] = defaultdict(dict)
    reports: dict[str, int] = defaultdict(int)
    for p in rows:
        gid = p.get("group_id") or ("p", p["id"])
        for donor in p["donors"] or ["(unknown)"]:
            reports[donor] += 1
            groups[donor].setdefault(gid, p)
    out = []
    for donor in sorted(groups, key=lambda d: (-len(groups[d]), d)):
        totals: dict[str, float] = defaultdict(float)
        for p in groups[donor].values():
            if p["amount"] and p["currency"]:
                totals[p["currency"]] += p["amount"]
        out.append({"donor": donor, "pledges": len(groups[donor]), "reports": reports[donor],
                    "totals": dict(totals)})  # fmt: skip
    return out
