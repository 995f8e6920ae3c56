"""Chart data on the server side: what goes into each figure's JSON island and table.

The drawing itself is checked in a real browser (test_browser.py); here, that hostile labels
cannot leave the island, that every item is either on the axis or counted in a note, and that
real publication dates (AllSides) give a readable axis.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from onrecord.store import SQLiteStore
from onrecord.web import charts
from test_web import demo_database

ALLSIDES = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "allsides-news"


def _spec(markup: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" class="chart-data">(.*?)</script>', markup)
    assert m, markup
    return json.loads(m.group(1))


def _notes(markup: str) -> list[str]:
    return re.findall(r'<p class="chart-note">(.*?)</p>', markup)


def test_hostile_label_stays_inside_the_island() -> None:
    label = '</script><script>alert("x")</script> & <b>Fund</b>'
    html = str(charts.bar_chart([(label, 5.0), ("Plain", 2.0)], unit="EUR"))
    assert html.count("</script>") == 1  # only the island's own end tag
    assert "<script>alert" not in html and "<b>Fund" not in html
    spec = _spec(html)
    assert spec["rows"][0]["label"] == label  # JSON.parse gives the text back unchanged
    assert "&lt;b&gt;Fund&lt;/b&gt;" in html  # the table cell is escaped text


def test_volume_counts_every_item_once_on_the_axis_or_in_a_note() -> None:
    html = str(
        charts.volume_chart(
            {
                "articles": [
                    ("2024-03-02", 2),
                    ("2024-03-30", 1),
                    ("2024-05-01", 4),
                    ("2024", 3),  # a year alone: no month to put it in
                    (None, 5),
                ],
            }
        )
    )
    spec = _spec(html)
    assert spec["interval"] == "day"  # two months of data: a bar per day
    rows = dict(spec["series"][0]["rows"])
    assert rows == {"2024-03-02": 2, "2024-03-30": 1, "2024-05-01": 4}
    assert _notes(html) == ["8 articles not on the axis: undated, or no exact day."]
    monthly = _spec(str(charts.column_chart([("2024-03", 3.0), ("undated", 1.0)], unit="EUR")))
    assert monthly["interval"] == "month" and monthly["series"][0]["rows"] == [["2024-03-01", 3.0]]


def test_volume_leaves_far_strays_off_the_axis_and_says_so() -> None:
    days = [(f"20{y}-{m:02d}-15", 10) for y in range(16, 21) for m in range(1, 13)]
    html = str(charts.volume_chart({"articles": [("1945-05-08", 1), *days]}))
    spec = _spec(html)
    assert spec["interval"] == "month"
    assert spec["series"][0]["rows"][0][0] == "2016-01-01"
    assert any(n.startswith("1 articles dated outside 2016-01-15") for n in _notes(html))
    assert "<td>1945-05</td>" in html  # the table still has it
    # a compact range is left alone
    assert not _notes(str(charts.volume_chart({"articles": days})))


def test_timeline_places_only_day_dates_and_keeps_shifts() -> None:
    points = [
        {"id": 1, "date": "2025-03-12", "lane": "commits", "label": "a", "href": "#q1"},
        {"id": 2, "date": "2025-09-18", "lane": "rejects", "label": "b", "href": "#q2"},
        {"id": 3, "date": "2025-09", "lane": "hedges", "label": "c", "href": "#q3"},
    ]
    html = str(charts.timeline_chart(points, [(1, 2), (1, 3)]))
    spec = _spec(html)
    assert [p["t"] for p in spec["points"]] == ["2025-03-12", "2025-09-18"]
    assert spec["shifts"] == [
        {"t1": "2025-03-12", "l1": "commits", "t2": "2025-09-18", "l2": "rejects"}
    ]
    assert [p["shift"] for p in spec["points"]] == [False, True]
    assert _notes(html) == ["1 statements not on the axis: no exact day."]
    assert charts.timeline_chart([{"id": 1, "date": None}]) == ""


@pytest.mark.skipif(not ALLSIDES.exists(), reason="../shared/corpora/allsides-news is absent")
def test_allsides_publication_dates_give_a_monthly_axis() -> None:
    dates: Counter[str | None] = Counter()
    for path in sorted((ALLSIDES / "data" / "jsons").glob("*.json")):
        dates[json.loads(path.read_text(encoding="utf-8")).get("date") or None] += 1
    total = sum(dates.values())
    assert total == 6996
    html = str(charts.volume_chart({"articles": list(dates.items())}))
    spec = _spec(html)
    # 2012-2020, a bar per month; the 818 with no ISO date counted in the one note, no strays
    assert spec["interval"] == "month"
    rows = spec["series"][0]["rows"]
    assert rows[0][0].startswith("2012") and rows[-1][0].startswith("2020")
    notes = _notes(html)
    assert len(notes) == 1 and notes[0].endswith("not on the axis: undated, or no month.")
    plotted = sum(n for _, n in rows)
    assert plotted + int(notes[0].split()[0]) == total
    assert plotted == sum(n for d, n in dates.items() if d and re.match(r"\d{4}-\d\d-\d\d", d))


def test_store_volume_matches_the_record_and_filters_by_outlet(
    request: pytest.FixtureRequest,
) -> None:
    with SQLiteStore(demo_database(request.config), readonly=True) as st:
        counts = st.counts()
        vol = st.volume()
        assert sum(n for _, n in vol["articles"]) == counts["documents"]
        assert sum(n for _, n in vol["quotes"]) == counts["quotes"]
        outlet = st._rows("SELECT outlet FROM sources WHERE outlet IS NOT NULL LIMIT 1")[0][
            "outlet"
        ]
        mine = st.volume(outlet=outlet)
        carried = st._rows(
            "SELECT count(DISTINCT document_id) AS n FROM sources WHERE outlet = ?", (outlet,)
        )[0]["n"]
        assert 0 < sum(n for _, n in mine["articles"]) == carried < counts["documents"]
        html = str(charts.volume_chart(mine))
        assert _spec(html)["series"][0]["name"] == "articles"
