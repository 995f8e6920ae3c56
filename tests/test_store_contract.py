"""The Store contract: every backend answers the protocol's methods the same way.

Parametrised over the ``store_url`` fixture: ``sqlite`` here; the PostgreSQL backend adds
``postgres`` (a URL from its throwaway server) and must pass the same tests unchanged. Texts
and analyses are our own writing, built by hand so each test knows exactly what went in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from onrecord import queries
from onrecord.link.run import link_corpus
from onrecord.models import Analysis, Document, Mention, Person, Pledge, Quote
from onrecord.search import Filters, parse_query, search, update_index
from onrecord.store import open_store
from onrecord.store.base import QueryTimeout, QuoteFilter, Store

BACKENDS = ["sqlite", "postgres"]
VERSION = "contract-1"

STATEMENT = "Ukraine's path to membership is irreversible and we will keep that promise"
TEXTS = [
    (
        "rutte.txt",
        "Gazette",
        "2024-12-03",
        "NATO Secretary General Mark Rutte spoke in Brussels on Tuesday. "
        f'"{STATEMENT}," Rutte said. Norway pledged 50 million euros for air defence.',
    ),
    (
        "harvest.txt",
        "Valley News",
        "2024-09-01",
        "Farmers in the valley began the grape harvest early this year after a dry summer. "
        "Cooperative members said yields were lower but the quality was promising.",
    ),
    (
        "bridge.txt",
        None,
        None,
        "The council voted to repair the old stone bridge before winter. Engineers said the "
        "work would take three months and close the road to heavy traffic.",
    ),
]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "contract.db")
    # another backend provides its URL through a fixture of its own name (e.g. pg_url)
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as st:
        yield st


def _analysis(text: str) -> Analysis:
    if "Rutte" not in text:
        return Analysis(sentences=[(0, len(text))])
    start = text.index("Mark Rutte")
    second = text.index("Rutte said")
    q = text.index(STATEMENT)
    p = text.index("Norway pledged")
    return Analysis(
        sentences=[(0, q - 1), (q - 1, p - 1), (p, len(text))],
        mentions=[
            Mention(start, start + 10, "Mark Rutte", "PERSON", 0),
            Mention(second, second + 5, "Rutte", "PERSON", 0),
            Mention(p, p + 6, "Norway", "GPE"),
        ],
        people=[Person("Mark Rutte", ["Mark Rutte", "Rutte"], [], [(start, start + 10)])],
        quotes=[
            Quote(
                q,
                q + len(STATEMENT),
                STATEMENT,
                "direct",
                cue="said",
                speaker_mention="Rutte",
                speaker_cluster=0,
                speaker="Mark Rutte",
                speaker_type="person",
                speaker_evidence="named",
                said_on="2024-12-03",
                said_on_from="published",
            )
        ],
        pledges=[
            Pledge(
                p,
                len(text),
                text[p:],
                donors=["Norway"],
                amount=50_000_000.0,
                currency="EUR",
                purpose="air defence",
                said_on="2024-12-03",
            )
        ],
    )


def _docs() -> list[Document]:
    return [
        Document(
            text=text,
            source=source,
            title=source.removesuffix(".txt").title() + " news",
            outlet=outlet,
            published=published,
            published_from="metadata" if published else None,
        )
        for source, outlet, published, text in TEXTS
    ]


def _filled(store: Store) -> dict[str, int]:
    """The three documents stored, analysed and linked; returns source -> document id."""
    ids = {r.source: r.document_id for r in store.add_documents(_docs())}
    by_id = {d.source: d for d in _docs()}
    store.save_analyses(
        [(ids[s], _analysis(by_id[s].text)) for s in sorted(ids, key=ids.get)], VERSION
    )
    link_corpus(store)
    return ids


# ---- identity and lifecycle ----


def test_identity(store: Store, store_url: str) -> None:
    assert store.url == store_url
    assert store.backend in ("sqlite", "postgres")
    assert store.key and isinstance(store.key, str)
    assert isinstance(store.index_dir, Path)
    assert "secret" not in repr(store)
    assert isinstance(store, Store)  # the runtime-checkable protocol's attributes are there


# ---- documents ----


def test_add_duplicate_already_and_ids(store: Store) -> None:
    first = store.add_documents(_docs())
    assert [r.status for r in first] == ["new", "new", "new"]
    assert [r.document_id for r in first] == [1, 2, 3]  # ids are the same on every backend
    again = store.add_documents([Document(text=TEXTS[0][3], source="rutte.txt")])
    copy = store.add_documents(
        [Document(text=TEXTS[0][3].replace(" ", "  "), source="wire#7", byline="A. Writer")]
    )
    assert (again[0].status, again[0].document_id) == ("already", 1)
    assert (copy[0].status, copy[0].document_id, copy[0].duplicate_source) == (
        "duplicate",
        1,
        "rutte.txt",
    )
    assert [s["source"] for s in store.sources_of(1)] == ["rutte.txt", "wire#7"]
    doc = store.get_document(1)
    assert doc is not None and doc["byline"] == "A. Writer"  # a copy fills in, never erases
    assert store.get_document(99) is None
    assert [d["id"] for d in store.documents()] == [1, 2, 3]
    assert [d["id"] for d in store.documents(limit=1, offset=1)] == [2]
    counts = store.counts()
    assert (counts["documents"], counts["sources"]) == (3, 4)


def test_date_precedence(store: Store) -> None:
    text = "A short notice about the town fair, held on the green as every year."
    store.add_documents(
        [Document(text=text, source="a", published="2024-05-02", published_from="text")]
    )
    store.add_documents(
        [Document(text=text, source="b", published="2024-05-01", published_from="metadata")]
    )
    store.add_documents(
        [Document(text=text, source="c", published="2023-01-01", published_from="html")]
    )
    doc = store.get_document(1)
    assert doc is not None and (doc["published"], doc["published_from"]) == (
        "2024-05-01",
        "metadata",
    )


def test_failures(store: Store) -> None:
    store.record_failure("bad.pdf", "not a text format")
    store.record_failure("bad.pdf", "not a text format")  # seen again: one row
    store.add_documents(_docs()[:1])
    store.record_analysis_failure(1, "parser crashed", VERSION)
    kinds = [(f["kind"], f["source"], f["reason"]) for f in store.failures()]
    assert kinds == [
        ("ingest", "bad.pdf", "not a text format"),
        ("analysis", "rutte.txt", "parser crashed"),
    ]
    assert [f["source"] for f in store.failures("analysis")] == ["rutte.txt"]
    assert store.counts()["failures"] == 2
    # a failed document is not pending again for this version, but is for the next
    assert store.count_pending(VERSION) == 0 and store.count_pending("next") == 1


def test_sentences_written_twice_stay_one_copy(store: Store, store_url: str) -> None:
    # two ingests finishing together both find a document without sentences and index it
    store.add_documents(_docs()[:1])
    assert [doc_id for doc_id, _ in store.iter_unsentenced()] == [1]
    rows = [(1, 0, 0, 10), (1, 1, 11, 30)]
    with open_store(store_url) as other:
        other.add_sentences(rows)
    store.add_sentences(rows)
    store.add_sentences([])
    assert list(store.iter_unsentenced()) == []
    assert store.document_sentences(1) == [(1, 0, 10), (2, 11, 30)]


# ---- analysis ----


def test_pending_streams_in_batches(store: Store) -> None:
    store.add_documents(_docs())
    assert store.count_pending(VERSION) == 3
    batches = list(store.iter_pending(VERSION, batch_size=2))
    assert [[r["id"] for r in b] for b in batches] == [[1, 2], [3]]
    assert batches[0][0]["text"] == TEXTS[0][3] and batches[0][0]["published"] == "2024-12-03"
    store.save_analyses([(1, _analysis(TEXTS[0][3]))], VERSION)
    assert [r["id"] for b in store.iter_pending(VERSION) for r in b] == [2, 3]


def test_claims_split_between_two_stores(store: Store, store_url: str) -> None:
    store.add_documents(_docs())
    with open_store(store_url) as other:
        a = [r["id"] for r in store.claim_pending(VERSION, "host:1:a", 2, 60)]
        b = [r["id"] for r in other.claim_pending(VERSION, "host:2:b", 2, 60)]
        assert a == [1, 2] and b == [3]
        assert other.claim_pending(VERSION, "host:2:b", 2, 60) == []
        store.renew_claims("host:1:a")
        store.release_claims("host:1:a")
        assert [r["id"] for r in other.claim_pending(VERSION, "host:2:b", 5, 60)] == [1, 2]
        # a stale lease (older than lease_seconds) is taken over
        assert [r["id"] for r in store.claim_pending(VERSION, "host:3:c", 5, 0)] == [1, 2, 3]


def test_one_linker_at_a_time_from_its_reads_to_its_writes(store: Store, store_url: str) -> None:
    # Two runs linking at once must not both read the record before either writes: the
    # second would write links computed from a stale record (two concurrent `onrecord
    # analyze` runs once failed on a near-duplicate signature the first had just stored).
    _filled(store)
    events: list[str] = []
    inside = threading.Event()

    def second() -> None:
        with open_store(store_url) as other:
            inside.wait(30)
            with other.linking():
                events.append("second in")
                link_corpus_inputs = other.load_link_inputs()
                events.append(f"second read {len(link_corpus_inputs.documents)}")

    t = threading.Thread(target=second)
    t.start()
    with store.linking():
        events.append("first in")
        inside.set()
        t.join(1.0)  # the second linker must still be waiting
        events.append("first out")
    t.join(30)
    assert events[:3] == ["first in", "first out", "second in"], events
    link_corpus(store)  # and linking as a whole still works after
    assert store.counts()["entities"] > 0


def test_save_and_read_analyses(store: Store) -> None:
    ids = _filled(store)
    rutte = ids["rutte.txt"]
    got = store.get_analysis(rutte)
    assert got is not None and got == _analysis(TEXTS[0][3])
    assert [d for d, _ in store.iter_analyses()] == sorted(ids.values())
    assert store.count_pending(VERSION) == 0
    counts = store.counts()
    assert (counts["quotes"], counts["pledges"]) == (1, 1)
    # saving again replaces, never duplicates
    store.save_analyses([(rutte, _analysis(TEXTS[0][3]))], VERSION)
    assert store.counts()["quotes"] == 1


# ---- linking, corrections and the read views ----


def test_link_write_and_read_views(store: Store) -> None:
    ids = _filled(store)
    rutte_doc = ids["rutte.txt"]
    people = queries.people(store)
    assert [p["name"] for p in people if p["quotes"]] == ["Mark Rutte"]
    quotes = queries.quotes(store, speaker="Rutte")
    assert [(q["text"], q["speaker"], q["document_id"]) for q in quotes] == [
        (STATEMENT, "Mark Rutte", rutte_doc)
    ]
    assert queries.count_quotes(store, speaker="Rutte") == 1
    assert quotes[0]["group_id"] == quotes[0]["id"]  # a group of one is named by its quote
    pledges = queries.pledges(store, donor="norway")
    assert [(p["donors"], p["amount"], p["currency"]) for p in pledges] == [
        (["Norway"], 50_000_000.0, "EUR")
    ]
    stories = queries.stories(store)
    assert sorted(d for s in stories for d in s["document_ids"]) == sorted(ids.values())
    page = queries.browse_quotes(store, outlet="Gazette")
    assert page["total"] == 1 and page["facets"]["speaker"] == [{"value": "Mark Rutte", "count": 1}]
    person = queries.person(store, quotes[0]["speaker_id"])
    assert person is not None and person["quotes"] == 1 and person["documents_total"] == 1
    doc = queries.document(store, rutte_doc)
    assert doc is not None and [s["source"] for s in doc["sources"]] == ["rutte.txt"]
    assert queries.outlets(store)[0]["outlet"] in ("Gazette", "Valley News")
    vol = store.volume()
    assert sum(n for _, n in vol["articles"]) == 3 and sum(n for _, n in vol["quotes"]) == 1
    # relinking gives the same record (entity ids are stable by key)
    before = queries.quotes(store)
    link_corpus(store)
    assert queries.quotes(store) == before


def test_corrections(store: Store) -> None:
    _filled(store)
    cid = store.add_correction("not-person", "Mark Rutte")
    assert cid >= 1
    got = [(c["id"], c["action"], c["name"], c["other"]) for c in store.corrections()]
    assert got == [(cid, "not-person", "Mark Rutte", None)]
    link_corpus(store)
    assert "Mark Rutte" not in [p["name"] for p in queries.people(store)]


def test_state_blobs(store: Store) -> None:
    assert store.get_state("contract") is None
    store.put_state("contract", b"\x00\x01state")
    store.put_state("contract", b"\x02")
    assert store.get_state("contract") == b"\x02"


# ---- search: full-text candidates, vectors, the whole path ----


def test_search_candidates_and_vectors(store: Store) -> None:
    ids = _filled(store)
    q = parse_query("membership promise")
    assert store.fts_candidates("quotes_fts", q, Filters(), 10) == [1]
    assert store.fts_candidates("quotes_fts", q, Filters(since="2025-01-01"), 10) == []
    # in three articles every word is "common" (in over a fifth of them): titles decide
    assert store.fts_candidates("documents_fts", parse_query("harvest"), Filters(), 10) == [
        ids["harvest.txt"]
    ]
    assert store.fts_candidates("documents_fts", parse_query("grape"), Filters(), 10) == []
    n, dfs = store.term_df("documents_fts", parse_query("harvest bridge valley"))
    assert n >= 3 and dfs == [1, 1, 1]
    counts = update_index(store)
    assert counts["quote_vectors"] == 1 and counts["pledge_vectors"] == 1
    assert store.vector_state("quote")[1] == 1
    assert [i for i, _ in store.get_vectors("quote", [1])] == [1]
    hits = search(store, "NATO membership", speaker="Rutte")
    assert hits and hits[0].kind == "quote" and hits[0].text == STATEMENT
    assert hits[0].document_id == ids["rutte.txt"]


def test_one_filter_for_listing_and_search(store: Store) -> None:
    _filled(store)
    update_index(store)
    f = QuoteFilter(speaker="Rutte", since="2024-12-01")
    listed = queries.quotes(store, f)
    assert [q["text"] for q in listed] == [STATEMENT] and queries.count_quotes(store, f) == 1
    hits = search(store, "membership", kind="quote", filter=f)
    assert [h.id for h in hits] == [q["id"] for q in listed]
    later = QuoteFilter(speaker="Rutte", since="2025-01-01")
    assert queries.quotes(store, later) == [] and queries.count_quotes(store, later) == 0
    assert search(store, "membership", kind="quote", filter=later) == []


# ---- deadline and snapshot ----

SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 50000000) "
    "SELECT count(*) FROM c"
)


def test_deadline_raises_query_timeout(store: Store) -> None:
    store.add_documents(_docs())
    with pytest.raises(QueryTimeout), store.deadline(0.05):
        store._rows(SLOW)  # type: ignore[attr-defined]
    # the store is usable afterwards, without a deadline
    assert store.counts()["documents"] == 3


def test_snapshot_is_one_consistent_view(store: Store, store_url: str) -> None:
    store.add_documents(_docs()[:1])
    with open_store(store_url, readonly=True) as reader:
        with reader.snapshot():
            assert reader.counts()["documents"] == 1
            writer = threading.Thread(target=lambda: store.add_documents(_docs()[1:]))
            writer.start()
            writer.join()
            assert reader.counts()["documents"] == 1  # the commit is not seen inside
        assert reader.counts()["documents"] == 3
