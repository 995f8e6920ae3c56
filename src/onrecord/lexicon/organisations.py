"""Organisations that give, receive or are named as actors: canonical name and aliases.

A demonym may belong to an organisation rather than a state: "European" here means the
European Union (the actor behind "European Commission", "European funds"), not the continent,
because a ledger needs a party that can give; the continent gives nothing.
"""

from __future__ import annotations

# (canonical, aliases, demonyms)
ORGANISATIONS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("European Union", ("EU", "E.U."), ("European",)),
    ("United Nations", ("UN", "U.N."), ()),
    ("NATO", ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"), ()),
    ("World Bank", (), ()),
    ("International Monetary Fund", ("IMF",), ()),
    ("World Health Organization", ("World Health Organisation",), ()),
    ("UNICEF", ("United Nations Children's Fund",), ()),
    ("World Food Programme", ("WFP", "World Food Program"), ()),
    ("Red Cross", ("International Committee of the Red Cross", "ICRC", "American Red Cross"), ()),
    (
        "Gates Foundation",
        ("Bill & Melinda Gates Foundation", "Bill and Melinda Gates Foundation"),
        (),
    ),
    ("U.S. Agency for International Development", ("USAID",), ()),
    # news copy writes the network of foundations in the singular as often as not
    ("Open Society Foundations", ("Open Society Foundation", "Open Society Institute"), ()),
    ("Allies", ("NATO allies", "NATO members", "NATO member states"), ()),
]

# Phrases that stand for a state's government: "the Trump administration" gives for the
# United States. The key is the word before "administration"/"government".
GOVERNMENT_HEADS = {"administration", "government", "cabinet", "ministry", "department"}
US_ADMINISTRATIONS = (
    "Trump", "Biden", "Obama", "Bush", "Clinton", "Reagan", "Carter", "Harris",
)  # fmt: skip

# News outlets and fact-checkers report pledges; they are named next to one ("a report by
# Politico", "Fox News reported") and the parse can make them look like the giver. A pledge
# whose giver is an outlet is far more often a misparse than a gift, so they are not givers.
NEWS_OUTLETS: frozenset[str] = frozenset(
    [
        "AP",
        "Associated Press",
        "Reuters",
        "AFP",
        "Bloomberg News",
        "CNN",
        "Fox News",
        "MSNBC",
        "NBC",
        "NBC News",
        "ABC",
        "ABC News",
        "CBS",
        "CBS News",
        "NPR",
        "PBS",
        "Politico",
        "Axios",
        "The Hill",
        "Vox",
        "Slate",
        "Salon",
        "Breitbart",
        "New York Times",
        "Washington Post",
        "Wall Street Journal",
        "USA Today",
        "Guardian",
        "BBC",
        "Al Jazeera",
        "PolitiFact",
        "FactCheck.org",
        "Snopes",
        "Atlantic",
        "HuffPost",
        "Huffington Post",
        "BuzzFeed News",
        "Daily Beast",
        "Newsweek",
        "Washington Times",
        "Daily Caller",
        "National Review",
        "Intercept",
        "ProPublica",
        "New Yorker",
        "Los Angeles Times",
        "Chicago Tribune",
        "Wired",
        "Vice",
        "The Outlet",
        "outlet",
    ]
)
