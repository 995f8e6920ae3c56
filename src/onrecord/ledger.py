"""Ledger views over pledges: one row per commitment group, totals per donor."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

UNNAMED = "(no donor named)"


def by_donor(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per donor: number of distinct commitments (groups), reports, and totals per currency.

    A commitment reported by several articles counts once (its group), so totals are not
    inflated by syndication. Pledges whose text names no donor are counted under
    ``(no donor named)`` without a total: they are unrelated commitments by different givers,
    and adding them up would be a figure nobody pledged. Amounts and quantities of things
    (troops, doses) are kept apart: totals are per currency, quantities per unit.
    """
    groups: dict[str, dict[Any, dict[str, Any]]] = defaultdict(dict)
    reports: dict[str, int] = defaultdict(int)
    for p in rows:
        gid = p.get("group_id") or ("p", p["id"])
        for donor in p["donors"] or [UNNAMED]:
            reports[donor] += 1
            groups[donor].setdefault(gid, p)
    out = []
    for donor in sorted(groups, key=lambda d: (-len(groups[d]), d)):
        totals: dict[str, float] = defaultdict(float)
        for p in groups[donor].values():
            if donor == UNNAMED:
                break
            if p["amount"] and p["currency"]:
                totals[p["currency"]] += p["amount"]
            elif p.get("quantity") and p.get("unit"):
                totals[p["unit"]] += p["quantity"]
        out.append({"donor": donor, "pledges": len(groups[donor]), "reports": reports[donor],
                    "totals": dict(totals)})  # fmt: skip
    return out
