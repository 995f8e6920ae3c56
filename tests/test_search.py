"""Hybrid search: FTS5 kept in sync by triggers, stored vectors, the HNSW file, filters, citations.

The corpus is written here (fictional people and places). Quotes, sentences and pledges are
stored as the NLP pass would store them (``save_analyses``), and entities as the linker would,
so that these tests exercise search alone; tests/test_web.py runs the real pipeline end to end.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from onrecord import vectors
from onrecord.models import Analysis, Document, Pledge, Quote
from onrecord.search import (
    MAX_QUERY_CHARS,
    QueryError,
    clear_cache,
    fts_query,
    search,
    split_sentences,
    update_index,
    vector_index,
)
from onrecord.store import SQLiteStore
from onrecord.vectors import index_dir

DOCS: list[dict[str, Any]] = [
    {
        "title": "Ferrand backs Corvia at Harlow meeting",
        "outlet": "Harbour Post",
        "published": "2031-03-02",
        "text": (
            "HARLOW - Alliance chief Tomas Ferrand spoke to ministers on Monday.\n\n"
            '"Corvia\'s path to membership is irreversible," Ferrand said. '
            "He added that the coastal fund would keep growing."
        ),
        "quotes": [("Corvia's path to membership is irreversible,", "Tomas Ferrand", "2031-03-02")],
    },
    {
        "title": "Alliance chief: Corvia will join",
        "outlet": "Coast Wire",
        "published": "2031-03-02",
        "text": (
            '"Corvia\'s path to membership is irreversible," Tomas Ferrand told reporters in '
            "Harlow. The meeting also discussed fishing rights."
        ),
        "quotes": [("Corvia's path to membership is irreversible,", "Tomas Ferrand", "2031-03-02")],
        "group_with": 0,
    },
    {
        "title": "Ferrand: membership was never promised",
        "outlet": "Harbour Post",
        "published": "2031-09-14",
        "text": (
            '"Nobody ever promised Corvia membership after the war," Ferrand said on Thursday. '
            'Fisheries minister Lena Obi said: "The herring quota will rise next spring."'
        ),
        "quotes": [
            (
                "Nobody ever promised Corvia membership after the war,",
                "Tomas Ferrand",
                "2031-09-14",
            ),
            ("The herring quota will rise next spring.", "Lena Obi", "2031-09-14"),
        ],
    },
    {
        "title": "Kesland funds radars on the Corvian shore",
        "outlet": "Valley Times",
        "published": "2031-05-01",
        "text": (
            "Kesland pledged 300 million euros for radar stations along the Corvian coast. "
            'Lena Obi said: "We will pay for the radar stations on the shore."'
        ),
        "quotes": [("We will pay for the radar stations on the shore.", "Lena Obi", "2031-05-01")],
        "pledges": [
            (
                "Kesland pledged 300 million euros for radar stations along the Corvian coast.",
                ["Kesland"],
                300e6,
                "EUR",
            )
        ],
    },
]
ENTITIES = {"Tomas Ferrand": ["Ferrand", "the alliance chief"], "Lena Obi": ["Obi"]}


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def add_corpus(store: SQLiteStore, docs: list[dict[str, Any]] = DOCS) -> list[int]:
    """Store the documents and their analyses; entities and quote groups as the linker would."""
    results = store.add_documents(
        Document(
            text=d["text"],
            source=f"test://{i}",
            title=d["title"],
            outlet=d["outlet"],
            published=d["published"],
            published_from="metadata",
        )
        for i, d in enumerate(docs)
    )
    ids = [r.document_id for r in results]
    items = []
    for doc_id, d in zip(ids, docs, strict=True):
        quotes = []
        for text, speaker, said_on in d.get("quotes", []):
            s, e = _span(d["text"], text)
            quotes.append(
                Quote(s, e, text, "direct", speaker=speaker, said_on=said_on, said_on_from="text")
            )
        pledges = []
        for text, donors, amount, currency in d.get("pledges", []):
            s, e = _span(d["text"], text)
            pledges.append(Pledge(s, e, text, donors=donors, amount=amount, currency=currency))
        analysis = Analysis(sentences=split_sentences(d["text"]), quotes=quotes, pledges=pledges)
        items.append((doc_id, analysis))
    store.save_analyses(items, "test")
    with store.transaction() as conn:
        for name, aliases in ENTITIES.items():
            conn.execute(
                "INSERT OR IGNORE INTO entities (key, name, type, aliases, mentions) "
                "VALUES (?, ?, 'PERSON', ?, 1)",
                (f"PERSON:{name.lower()}", name, json.dumps([name, *aliases])),
            )
        conn.execute(
            "UPDATE quotes SET speaker_id = (SELECT id FROM entities e WHERE e.name = quotes.speaker)"
        )
        for i, d in enumerate(docs):
            if "group_with" in d:
                first = conn.execute(
                    "SELECT id FROM quotes WHERE document_id = ? ORDER BY idx LIMIT 1",
                    (ids[d["group_with"]],),
                ).fetchone()[0]
                conn.execute(
                    "UPDATE quotes SET group_id = ? WHERE document_id IN (?, ?) AND idx = 0",
                    (first, ids[i], ids[d["group_with"]]),
                )
    return ids


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    st = SQLiteStore(tmp_path / "t.db")
    add_corpus(st)
    update_index(st)
    yield st
    st.close()


def test_fts_query_keeps_phrases_drops_stop_words_and_neutralises_operators() -> None:
    # "not" and "and" are stop words here, never FTS5 operators
    assert fts_query('the path to "Corvia membership" NOT AND') == '"corvia membership" OR "path"'
    assert fts_query("the of and") is None
    assert fts_query('NEAR(ab cd) * ^xy "') == '"near" OR "ab" OR "cd" OR "xy"'
    assert fts_query("Trump's") == '"trump"'  # the tail of a possessive is no term


def test_quote_hit_carries_its_citation(store: SQLiteStore) -> None:
    hits = search(store, "membership irreversible", kind="quote")
    assert hits, "no hits"
    top = hits[0]
    assert top.kind == "quote"
    assert "irreversible" in top.text
    doc = store.get_document(top.document_id)
    assert doc is not None
    assert doc["text"][top.start : top.end] == top.text
    assert top.outlet == doc["outlet"] and top.document_title == doc["title"]
    assert top.date == "2031-03-02" and top.speaker == "Tomas Ferrand"
    assert top.fts_rank == 1 and top.vector_rank is not None
    # the Coast Wire copy is the same statement: folded into the first hit
    assert [c["outlet"] for c in top.copies] == ["Coast Wire"]
    assert "Harbour Post, 2031-03-02; document" in top.citation()


def test_speaker_filter_resolves_aliases_and_surnames(store: SQLiteStore) -> None:
    for name in ("Ferrand", "tomas ferrand", "the alliance chief"):
        hits = search(store, "membership", speaker=name)
        assert hits and all(h.speaker == "Tomas Ferrand" for h in hits), name
    obi = search(store, "membership", speaker="Obi")
    assert all(h.speaker == "Lena Obi" for h in obi)


def test_semantic_match_without_shared_words(store: SQLiteStore) -> None:
    # no word of the query occurs in the quote: only the vector ranker can find it
    hits = search(store, "never guaranteed joining", kind="quote")
    assert hits and hits[0].text.startswith("Nobody ever promised")
    assert hits[0].fts_rank is None and hits[0].vector_rank == 1
    # and a query about nothing in the corpus finds nothing rather than the nearest noise
    assert not search(store, "volcanic eruption ash cloud", kind="quote")


def test_date_outlet_and_kind_filters(store: SQLiteStore) -> None:
    hits = search(store, "membership", since="2031-06", kind="quote")
    assert [h.date for h in hits] == ["2031-09-14"]
    hits = search(store, "membership", until="2031-03", kind="quote")
    assert hits and all(h.date == "2031-03-02" for h in hits)
    hits = search(store, "radar", outlet="valley")
    assert hits and {h.outlet for h in hits} == {"Valley Times"}
    pledges = search(store, "radar stations", kind="pledge")
    assert pledges and pledges[0].kind == "pledge" and pledges[0].text.startswith("Kesland")
    docs = search(store, "fishing rights", kind="document")
    assert docs and docs[0].document_title == "Alliance chief: Corvia will join"
    assert "fishing rights" in docs[0].text  # cited span is the matching sentence


def test_mixed_kinds_do_not_repeat_a_span(store: SQLiteStore) -> None:
    hits = search(store, "herring quota", limit=20)
    spans = [(h.document_id, h.start, h.end) for h in hits]
    assert hits[0].kind == "quote"
    quote = hits[0]
    for h in hits[1:]:
        if h.kind == "document" and h.document_id == quote.document_id:
            assert h.end <= quote.start or h.start >= quote.end
    assert len(spans) == len(set(spans))


def test_query_bounds() -> None:
    with pytest.raises(QueryError):
        search(None, "x" * (MAX_QUERY_CHARS + 1))  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        search(None, "   ")  # type: ignore[arg-type]


def test_triggers_follow_reanalysis(store: SQLiteStore) -> None:
    n_vec = store._rows("SELECT count(*) AS n FROM embeddings WHERE kind = 'quote'")[0]["n"]
    assert n_vec == 5
    doc_id = store._rows("SELECT document_id FROM quotes WHERE text LIKE 'Nobody%'")[0][
        "document_id"
    ]
    # a re-analysis that no longer finds the quote: FTS row and vector go with it
    store.save_analyses([(doc_id, Analysis(sentences=[(0, 10)]))], "test2")
    assert not search(store, "nobody promised", kind="quote", min_similarity=0.99)
    assert store._rows("SELECT count(*) AS n FROM embeddings WHERE kind = 'quote'")[0]["n"] == 3
    assert (
        store._rows("SELECT count(*) AS n FROM sentences WHERE document_id = ?", (doc_id,))[0]["n"]
        == 1
    )


def test_vector_index_file_is_reused_extended_and_rebuilt(tmp_path: Path) -> None:
    st = SQLiteStore(tmp_path / "v.db")
    add_corpus(st, DOCS[:2])
    update_index(st)
    directory = index_dir(st.path)
    assert (directory / json.loads((directory / "quote.json").read_text())["file"]).exists()
    meta = json.loads((directory / "sentence.json").read_text())
    assert meta["count"] == st._rows("SELECT count(*) AS n FROM sentences")[0]["n"]
    st.close()
    # a reader opens the saved file as it is
    clear_cache()
    ro = SQLiteStore(tmp_path / "v.db", readonly=True)
    assert vector_index(ro).describe()["quote"]["source"] == "file"
    ro.close()
    # new rows only: the file is extended
    st = SQLiteStore(tmp_path / "v.db")
    add_corpus(st, DOCS[2:])
    update_index(st)
    assert vector_index(st).describe()["quote"]["source"] == "extended"
    # a deletion: rebuilt
    st._conn.execute("DELETE FROM quotes WHERE speaker = 'Lena Obi'")
    update_index(st)
    described = vector_index(st).describe()["quote"]
    assert described["source"] == "built" and described["vectors"] == 3
    st.close()


def test_readonly_store_embeds_missing_rows_in_memory(tmp_path: Path) -> None:
    st = SQLiteStore(tmp_path / "m.db")
    add_corpus(st)  # no index step: no stored vectors at all
    st.close()
    ro = SQLiteStore(tmp_path / "m.db", readonly=True)
    described = vector_index(ro).describe()
    assert described["quote"]["in_memory"] == 5 and described["quote"]["vectors"] == 0
    hits = search(ro, "never guaranteed joining", kind="quote")
    assert hits and hits[0].text.startswith("Nobody ever promised")
    ro.close()


def test_documents_without_analysis_get_fallback_sentences(tmp_path: Path) -> None:
    st = SQLiteStore(tmp_path / "n.db")
    st.add_documents(
        [Document(text=DOCS[3]["text"], source="x", title="t", published="2031-05-01")]
    )
    counts = update_index(st)
    assert counts["fallback_sentences"] == 2
    hits = search(st, "pay for radar", kind="document")
    assert hits and hits[0].text.startswith("Lena Obi said")
    st.close()


def test_a_huge_unanalysed_document_gets_bounded_fallback_sentences(tmp_path: Path) -> None:
    """A document refused analysis must not be split into ~100k sentences and embedded one by
    one: its fallback sentences stop at MAX_FALLBACK_CHARS, and it is still found by its text."""
    from onrecord.search.upkeep import MAX_FALLBACK_CHARS

    sentence = "The harbour board met again and voted on the dredging budget. "
    text = "Harbour vote\n\n" + sentence * (3 * MAX_FALLBACK_CHARS // len(sentence))
    st = SQLiteStore(tmp_path / "huge.db")
    st.add_documents([Document(text=text, source="huge.txt", title="Harbour vote")])
    counts = update_index(st)
    cap = MAX_FALLBACK_CHARS // len(sentence) + 2
    assert 0 < counts["fallback_sentences"] <= cap
    ends = [r["end"] for r in st._rows('SELECT "end" FROM sentences')]
    assert max(ends) <= MAX_FALLBACK_CHARS
    assert search(st, "dredging budget", kind="document")
    st.close()


def test_split_sentences_spans_are_exact() -> None:
    text = 'He spoke. "We will go," she said! Then:\nA new paragraph starts here.  '
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "He spoke.",
        '"We will go," she said!',
        "Then:",
        "A new paragraph starts here.",
    ]


# ---- the vector index cannot tear (#13) ----


def _manifest(directory: Path, kind: str = "quote") -> dict[str, Any]:
    return json.loads((directory / f"{kind}.json").read_text())


def _reopen(path: Path, *, readonly: bool) -> SQLiteStore:
    clear_cache()
    return SQLiteStore(path, readonly=readonly)


def _assert_searches_and_index_repairs(path: Path) -> None:
    """A reader and a writer both search despite the damage; ``update_index`` alone repairs it,
    after which a reader opens the saved file as it is."""
    for readonly in (True, False):
        st = _reopen(path, readonly=readonly)
        hits = search(st, "Corvia membership", kind="quote")
        assert hits and "Corvia" in hits[0].text
        n = st._rows("SELECT count(*) AS n FROM embeddings WHERE kind = 'quote'")[0]["n"]
        assert vector_index(st).describe()["quote"]["vectors"] == n
        st.close()
    st = _reopen(path, readonly=False)
    update_index(st)
    st.close()
    ro = _reopen(path, readonly=True)
    assert {k["source"] for k in vector_index(ro).describe().values()} == {"file"}
    ro.close()


def test_new_index_beside_old_manifest_is_rebuilt_not_extended(tmp_path: Path) -> None:
    # The state a kill between the two renames of the old layout left: the new index under the
    # fixed name, the old manifest beside it. Extending it re-adds keys the file already holds
    # ("Duplicate keys not allowed in high-level wrappers").
    path = tmp_path / "torn.db"
    st = SQLiteStore(path)
    add_corpus(st, DOCS[:2])
    update_index(st)
    directory = index_dir(path)
    old_meta = _manifest(directory)
    add_corpus(st, DOCS[2:])
    update_index(st)
    new_meta = _manifest(directory)
    assert new_meta["count"] > old_meta["count"]
    st.close()
    shutil.copy(directory / new_meta["file"], directory / "quote.usearch")
    legacy = {k: v for k, v in old_meta.items() if k != "file"}  # the old layout's manifest
    (directory / "quote.json").write_text(json.dumps(legacy))
    _assert_searches_and_index_repairs(path)
    assert not (directory / "quote.usearch").exists()  # the legacy file is gone after repair


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "missing"])
def test_corrupt_index_file_falls_back_and_is_repaired(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "bad.db"
    st = SQLiteStore(path)
    add_corpus(st)
    update_index(st)
    st.close()
    directory = index_dir(path)
    file = directory / _manifest(directory)["file"]
    data = file.read_bytes()
    if damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        file.write_bytes(b"\x00not an index" * 64)
    elif damage == "empty":
        file.write_bytes(b"")
    else:
        file.unlink()
    _assert_searches_and_index_repairs(path)


@pytest.mark.parametrize("text", ["{not json", "[]", '{"max_id": "7"}', ""])
def test_garbage_manifest_falls_back_and_is_repaired(tmp_path: Path, text: str) -> None:
    path = tmp_path / "meta.db"
    st = SQLiteStore(path)
    add_corpus(st)
    update_index(st)
    st.close()
    (index_dir(path) / "quote.json").write_text(text)
    _assert_searches_and_index_repairs(path)


def test_kill_between_steps_leaves_a_consistent_pair(tmp_path: Path) -> None:
    # A writer killed after writing its new file (and a half-written temporary one) but before
    # swapping the manifest: the old manifest still names the old, intact file.
    path = tmp_path / "kill.db"
    st = SQLiteStore(path)
    add_corpus(st, DOCS[:2])
    update_index(st)
    add_corpus(st, DOCS[2:])
    update_embeddings_only = vectors.update_embeddings(st)
    assert update_embeddings_only["quote"] > 0
    st.close()
    directory = index_dir(path)
    meta = _manifest(directory)
    orphan = directory / "quote-999-9-1-1.usearch"
    shutil.copy(directory / meta["file"], orphan)
    half = directory / "quote-999-9-1-2.usearch.tmp"
    half.write_bytes(b"half written")
    old = time.time() - 2 * vectors.STALE_TMP_S
    os.utime(half, (old, old))
    _assert_searches_and_index_repairs(path)
    assert not orphan.exists() and not half.exists()  # left-overs go at the next save


def test_concurrent_reader_never_sees_a_torn_index(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    st = SQLiteStore(path)
    add_corpus(st)
    update_index(st)
    st.close()
    directory = index_dir(path)
    errors: list[BaseException] = []
    sources: set[str] = set()
    stop = threading.Event()

    def reader() -> None:
        ro = SQLiteStore(path, readonly=True)
        try:
            count = ro.vector_state("quote")[1]
            while not stop.is_set():
                ki = vectors.load_kind(ro, "quote", directory, writable=False)
                assert len(ki.index) == count
                sources.add(ki.source)
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            ro.close()

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    writer = SQLiteStore(path)
    try:
        for _ in range(30):  # republish the index again and again while readers open it
            built = vectors._new_index()
            vectors._add_rows(built, writer, "quote")
            max_id, count = writer.vector_state("quote")
            vectors._save(directory, "quote", built, max_id, count)
    finally:
        stop.set()
        for t in threads:
            t.join()
        writer.close()
    assert not errors, errors[0]
    assert "file" in sources
    assert len(list(directory.glob("quote-*.usearch"))) == 1


def test_nonsense_query_gets_no_meaning_only_hits(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onrecord.search import fusion

    assert search(store, "zzqxv") == []
    assert search(store, "qwpx vrrbl") == []
    # the floor is what keeps them out: without it the vector ranker offers its neighbours
    monkeypatch.setattr(fusion, "MIN_SIMILARITY_UNSEEN", 0.0)
    assert search(store, "zzqxv", min_similarity=0.0)
    # real words keep their meaning-only matches (no word of this query is in the quote found)
    monkeypatch.undo()
    hits = search(store, "never guaranteed joining", kind="quote")
    assert hits and hits[0].text.startswith("Nobody ever promised")


def test_package_keeps_the_public_names_of_the_former_modules() -> None:
    # other code imports these from onrecord.search / onrecord.timeline, as from the modules
    import onrecord.search
    import onrecord.timeline

    for name in [
        "COMMON_FRACTION",
        "Filters",
        "Hit",
        "KINDS",
        "MAX_LIMIT",
        "MAX_QUERY_CHARS",
        "MAX_TERMS",
        "MIN_SIMILARITY",
        "MIN_SPAN_CHARS",
        "MODES",
        "NAME_RECHECK_S",
        "POOL",
        "ParsedQuery",
        "QueryError",
        "QueryVectors",
        "RRF_K",
        "SENTENCE_FTS_MAX_DOCS",
        "SENTENCE_POOL",
        "STOP_WORDS",
        "clear_cache",
        "fts_query",
        "make_filters",
        "parse_query",
        "resolve_person",
        "search",
        "split_sentences",
        "term_df",
        "term_idf",
        "update_index",
        "vector_index",
        "_fallback_sentences",
        "_DF_CACHE",
    ]:
        assert hasattr(onrecord.search, name), name
    for name in [
        "BARE_DENIAL",
        "CLEAR",
        "Entry",
        "HEDGE_ALONE",
        "MAX_STATEMENTS",
        "OFF_TOPIC_WEIGHT",
        "SAME_STATEMENT",
        "SAME_STATEMENT_DAYS",
        "SAME_WORDS",
        "Stance",
        "TOPIC_COVERAGE",
        "TOPIC_SIMILARITY",
        "Timeline",
        "evaluate_shifts",
        "is_shift",
        "main",
        "stance",
        "timeline",
    ]:
        assert hasattr(onrecord.timeline, name), name
    assert callable(onrecord.timeline.stance) and callable(onrecord.timeline.timeline)
    assert callable(onrecord.search.search)


def test_search_during_concurrent_index_updates(tmp_path: Path) -> None:
    # A server searching while ingest adds documents and republishes the index files.
    path = tmp_path / "live.db"
    st = SQLiteStore(path)
    add_corpus(st, DOCS[:2])
    update_index(st)
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        ro = SQLiteStore(path, readonly=True)
        try:
            while not done.is_set():
                clear_cache()  # open the files afresh each time, as a new process would
                assert search(ro, "Corvia membership", kind="quote")
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            ro.close()

    t = threading.Thread(target=reader)
    t.start()
    try:
        for _ in range(3):
            add_corpus(st, DOCS)
            update_index(st)
    finally:
        done.set()
        t.join()
        st.close()
    assert not errors, errors[0]
