"""RSS 2.0 and Atom feeds: one document per entry, failures per entry or per feed."""

from __future__ import annotations

from pathlib import Path

from onrecord.ingest import read_bytes
from onrecord.ingest.feeds import read_feed
from onrecord.models import Document, Failure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _items(name: str) -> list[Document | Failure]:
    return list(read_feed((FIXTURES / name).read_bytes(), name))


def test_rss2_entries() -> None:
    first, second, third = _items("rss2.xml")
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.source == "rss2.xml#gazette-1001"
    assert first.source_type == "feed"
    assert first.title == "Island vets warn of ferry delays for livestock"
    assert first.outlet == "The Skerrow Island Gazette"
    assert first.byline == "Lena Hart"
    assert first.url == "https://gazette.example/news/ferry-livestock"
    # content:encoded wins over the teaser; paragraphs stay apart; scripts are gone
    assert first.text == (
        "Farmers on Skerrow say the ferry timetable leaves cattle waiting on the pier for hours.\n"
        '"The animals cannot stand in the rain all morning," said vet Aurelio Banks.'
    )
    # 22:15 at UTC-4 is already the 11th in UTC; the feed's own date is the 10th
    assert (first.published, first.published_from) == ("2025-06-10", "feed")
    # an escaped-HTML description becomes plain text
    assert second.text.startswith("Builders finished the roof") and "<p>" not in second.text
    assert second.published == "2025-06-02"
    assert second.source == "rss2.xml#https://gazette.example/news/school-roof"
    # an entry with nothing to read is a failure of its own; the others are unaffected
    assert isinstance(third, Failure)
    assert third.source == "rss2.xml#gazette-1003" and "no text" in third.reason


def test_atom_entries() -> None:
    first, second, third = _items("atom.xml")
    assert all(isinstance(i, Document) for i in (first, second, third))
    assert first.source == "atom.xml#urn:uuid:nw-0042"
    assert first.byline == "Sam Okafor" and first.outlet == "Northfield Weekly"
    assert first.url == "https://northfield.example/bridge-closure"
    assert first.published == "2025-02-01"  # <published>, not the later <updated>
    assert first.text.split("\n") == [
        "The Mill Lane bridge will stay closed until March, the county engineer said on Friday.",
        "Drivers face a detour of six kilometres.",
    ]
    # xhtml content; only an <updated> date, used and flagged
    assert second.text.startswith("The Northfield community choir took first place")
    assert second.published == "2025-01-28"
    assert any("updated" in n for n in second.notes)
    # a month is not a publication date; a URN id is not a link
    assert third.published is None and any("not a full date" in n for n in third.notes)
    assert third.url is None
    assert third.text == "The Saturday market opens an hour later in winter."


def test_malformed_feed_is_one_failure() -> None:
    items = _items("malformed_feed.xml")
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert items[0].source == "malformed_feed.xml"
    assert items[0].reason.startswith("malformed feed XML")


def test_slightly_broken_feed_keeps_its_entries_with_a_note() -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Dunmore Post</title>'
        b"<item><guid>p1</guid><title>Bridge&nbsp;opens</title>"
        b"<description>The mayor of Dunmore opened the new footbridge on Sunday.</description>"
        b"</item></channel></rss>"
    )
    (doc,) = read_feed(data, "post.xml")
    assert isinstance(doc, Document)
    assert doc.text == "The mayor of Dunmore opened the new footbridge on Sunday."
    assert any("malformed" in n for n in doc.notes)


def test_not_a_feed_and_empty_feed() -> None:
    (html,) = read_feed(b"<html><body><p>A page, not a feed.</p></body></html>", "page.xml")
    assert isinstance(html, Failure) and "not an RSS or Atom feed" in html.reason
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    (none,) = read_feed(empty, "empty.rss")
    assert isinstance(none, Failure) and "no entries" in none.reason


def test_duplicate_entry_ids_get_distinct_sources() -> None:
    item = (
        b"<item><guid>same</guid><description>The ferry sailed on time today.</description></item>"
    )
    data = b'<rss version="2.0"><channel><title>T</title>' + item * 2 + b"</channel></rss>"
    sources = [i.source for i in read_feed(data, "d.rss")]
    assert len(set(sources)) == 2 and sources[0] == "d.rss#same"


def test_dispatcher_routes_feeds_and_keeps_the_feed_date() -> None:
    data = (FIXTURES / "atom.xml").read_bytes()
    items = list(read_bytes(data, "atom.xml", "feed", max_bytes=10**6))
    assert [type(i).__name__ for i in items] == ["Document"] * 3
    assert items[0].published_from == "feed"  # type: ignore[union-attr]


def test_gmt_pubdate_takes_the_day_in_the_entry_link() -> None:
    item = (
        "<item><guid>{guid}</guid><link>{link}</link><pubDate>Wed, 06 Nov 2024 02:10:00 GMT"
        "</pubDate><description>The county board approved the new bus routes.</description></item>"
    )
    data = (
        '<rss version="2.0"><channel><title>T</title>'
        + item.format(guid="a", link="https://news.example/2024/11/05/bus-routes")
        + item.format(guid="b", link="https://news.example/bus-routes")
        + "</channel></rss>"
    ).encode()
    shifted, plain = read_feed(data, "f.rss")
    assert isinstance(shifted, Document) and isinstance(plain, Document)
    assert shifted.published == "2024-11-05"  # 02:10 GMT was still the 5th where it was posted
    assert plain.published == "2024-11-06"


def test_entity_expansion_bomb_is_defused() -> None:
    entities = '<!ENTITY e0 "ha">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)
    )
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>T</title><item><guid>1</guid><description>&e9; The quay reopened on Friday."
        "</description></item></channel></rss>"
    ).encode()
    (doc,) = read_feed(data, "bomb.rss")  # 10^9 "ha"s if expanded; must come back at once
    assert isinstance(doc, Document)
    assert doc.text.endswith("The quay reopened on Friday.") and len(doc.text) < 100
    assert any("entity declarations" in n for n in doc.notes)
