"""Date bounds typed by people into ``since``/``until``: a year, a month or a day.

One parser for the CLI, ``Record`` and the web (``queries.parse_date_bound``): a start bound
stays a prefix, so a date stored with year or month precision is not dropped, and an end bound
becomes the last day of its period. Anything else is a ValueError whose message says what is
accepted; the web turns it into a readable 422.
"""

from onrecord.queries import parse_date_bound

ACCEPTED = "use YYYY, YYYY-MM or YYYY-MM-DD"

__all__ = ["ACCEPTED", "parse_date_bound"]
