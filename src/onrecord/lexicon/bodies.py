"""Short forms of public bodies and news agencies that news copy uses on their own.

A speaker shown as "Fed" or "AP" cannot be found by a user who searches for the body's name,
and is a different speaker from the same body written in full in another article. Only
forms that the world (not one article) uses for exactly one body belong here; acronyms an
article defines itself ("the Congressional Budget Office ... the CBO") are expanded from the
article, not from this table.
"""

from __future__ import annotations

# (canonical, short forms, speaker type)
BODIES: list[tuple[str, tuple[str, ...], str]] = [
    ("Federal Reserve", ("Fed", "U.S. Federal Reserve", "Federal Reserve Board"), "government"),
    ("Associated Press", ("AP", "A.P."), "news_agency"),
    ("Agence France-Presse", ("AFP", "Agence France Presse"), "news_agency"),
]
