from __future__ import annotations

import sqlite3
from pathlib import Path

from onrecord.models import Document, text_sha256
from onrecord.store import SQLiteStore, open_store
from onrecord.store.migrations import migration_names


def test_migrations_apply_once_and_wal(db_path: Path) -> None:
    with open_store(db_path) as store:
        names = [r["name"] for r in store._rows("SELECT name FROM schema_migrations")]
        assert names == migration_names()
        assert store._rows("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
    with open_store(db_path) as store:  # reopening applies nothing twice
        assert len(store._rows("SELECT name FROM schema_migrations")) == len(names)


def test_hash_ignores_typography_and_wrapping() -> None:
    a = "The minister said: “We will help.”\nIt was   late."
    b = 'The minister said: "We will help." It was late.'
    assert text_sha256(a) == text_sha256(b)
    assert text_sha256(a) != text_sha256(a + " More.")


def test_same_text_twice_is_stored_once(db_path: Path) -> None:
    with open_store(db_path) as store:
        first = store.add_documents([Document(text="A body.", source="a.txt")])
        again = store.add_documents([Document(text="A body.", source="a.txt")])
        other = store.add_documents(
            [
                Document(
                    text="A  body.",
                    source="feed#3",
                    outlet="Gazette",
                    published="2024-01-02",
                    published_from="feed",
                )
            ]
        )
        assert [r.status for r in (*first, *again, *other)] == ["new", "already", "duplicate"]
        assert store.counts()["documents"] == 1
        sources = store.sources_of(first[0].document_id)
        assert [s["source"] for s in sources] == ["a.txt", "feed#3"]
        doc = store.get_document(first[0].document_id)
        assert doc is not None
        # the second copy knew the outlet and a date: the record gains them, loses nothing
        assert doc["outlet"] == "Gazette" and doc["published"] == "2024-01-02"


def test_weaker_date_never_overrides_stronger(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.add_documents(
            [Document(text="B.", source="b", published="2024-05-01", published_from="metadata")]
        )
        store.add_documents(
            [Document(text="B.", source="c", published="2023-01-01", published_from="text")]
        )
        assert store._rows("SELECT published FROM documents")[0]["published"] == "2024-05-01"


def test_readonly_store_cannot_write(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.add_documents([Document(text="C.", source="c")])
    with open_store(db_path, readonly=True) as ro:
        assert ro.counts()["documents"] == 1
        try:
            ro._conn.execute("DELETE FROM documents")
        except sqlite3.OperationalError as exc:
            assert "readonly" in str(exc)
        else:
            raise AssertionError("a read-only store accepted a write")


def test_a_read_only_open_upgrades_an_older_record(tmp_path: Path) -> None:
    """`onrecord serve` opens read-only; a record made by an earlier version (here: only the
    first three migrations) must not fail on every quote page for lack of newer columns."""
    from importlib import resources

    from onrecord import queries

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    files = resources.files("onrecord.store.sqlite").joinpath("migrations")
    for name in migration_names()[:3]:
        conn.executescript(files.joinpath(name).read_text(encoding="utf-8"))
        conn.execute("INSERT INTO schema_migrations VALUES (?, datetime('now'))", (name,))
    conn.close()
    with SQLiteStore(path, readonly=True) as store:
        assert queries.quotes(store) == []
        done = {r["name"] for r in store._rows("SELECT name FROM schema_migrations")}
    assert done == set(migration_names())
