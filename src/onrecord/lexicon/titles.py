"""Titles of people who act for a state or an organisation.

A person with one of these titles announces on behalf of the body they serve: "Germany's
defence minister announced €50 million" is Germany's pledge, announced by the minister.
"""

from __future__ import annotations

# Lower-case head words of state office titles: the holder speaks for their country.
STATE_TITLES = frozenset(
    [
        "minister",
        "secretary",
        "president",
        "chancellor",
        "premier",
        "prime",
        "ambassador",
        "envoy",
        "king",
        "queen",
        "emir",
        "sheikh",
        "sultan",
        "governor",
        "spokesperson",
        "spokesman",
        "spokeswoman",
    ]
)
# Lower-case head words of company and organisation titles: the holder speaks for the body.
ORG_TITLES = frozenset(
    [
        "ceo",
        "chief",
        "executive",
        "chairman",
        "chairwoman",
        "chair",
        "founder",
        "director",
        "head",
        "president",
        "secretary-general",
        "spokesperson",
        "spokesman",
        "spokeswoman",
    ]
)
