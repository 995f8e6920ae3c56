"""Search SQL both backends share: the filters (speaker, dates, outlet) as WHERE clauses and
the reads that turn candidate ids into hits. The full-text ranking itself is per backend
(FTS5 in ``store/sqlite/fts.py``, tsvector in PostgreSQL).

``filters`` is any object with ``speaker``, ``speaker_ids``, ``since``, ``until``, ``outlet``
(``onrecord.search.Filters``); the store does not import the search package."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# a term in more of the articles than this is "common": left out next to rarer terms (both
# backends' lexical rankers)
COMMON_FRACTION = 0.2

# fts table -> (rows joined as x, filter kind)
FTS_JOIN = {
    "quotes_fts": ("quotes x", "quote"),
    "pledges_fts": ("pledges x", "pledge"),
    "sentences_fts": ("sentences x", "document"),
}
# fts table -> the table whose rows it indexes
_CONTENT = {
    "quotes_fts": "quotes",
    "pledges_fts": "pledges",
    "documents_fts": "documents",
    "sentences_fts": "sentences",
}


def marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


def filter_sql(filters: Any, kind: str) -> tuple[list[str], list[Any]]:
    """WHERE clauses (alias x = the row, d = its document) and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if filters.speaker:
        # Linked entities answer through the indexes on speaker_id / entity_id. The names
        # as written are only searched (a table scan) when no entity matches: the linker
        # gives an entity to every attributed quote it can, so the two rarely differ.
        name = filters.speaker.strip().lower()
        ids = list(filters.speaker_ids or ())
        if kind == "document":
            if ids:
                clause, args = f"m.entity_id IN ({marks(ids)})", list(ids)
            else:
                clause, args = "lower(m.text) = ?", [name]
            where.append(
                f"EXISTS (SELECT 1 FROM mentions m WHERE m.document_id = d.id AND {clause})"
            )
            params += args
        elif ids:
            where.append(f"x.speaker_id IN ({marks(ids)})")
            params += ids
        else:
            # the surname alone ("Rutte") matches "Mark Rutte" when entities are not linked
            where.append("(lower(x.speaker) = ? OR lower(x.speaker) LIKE ?)")
            params += [name, f"% {name}"]
    date = "d.published" if kind == "document" else "coalesce(x.said_on, d.published)"
    if filters.since:
        where.append(f"{date} >= ?")
        params.append(filters.since)
    if filters.until:
        # "2025-04" as an upper bound includes all of April
        where.append(f"{date} <= ?")
        params.append(filters.until + "\uffff" if len(filters.until) < 10 else filters.until)
    if filters.outlet:
        where.append(
            "(lower(d.outlet) LIKE ? OR EXISTS (SELECT 1 FROM sources so "
            "WHERE so.document_id = d.id AND lower(so.outlet) LIKE ?))"
        )
        pattern = f"%{filters.outlet.strip().lower()}%"
        params += [pattern, pattern]
    return where, params


# the rows of each vector kind, and the filter kind that applies to them
VECTOR_TABLES = {"quote": "quotes", "pledge": "pledges", "sentence": "sentences"}

_ROW_SQL = {
    "quote": (
        'SELECT x.id, x.text, x.document_id, x.start, x."end", x.kind AS quote_kind, '
        "coalesce(e.name, x.speaker) AS speaker, x.speaker_id, x.group_id, x.said_on, "
        "d.title, d.outlet, d.published FROM quotes x JOIN documents d ON d.id = x.document_id "
        "LEFT JOIN entities e ON e.id = x.speaker_id WHERE x.id IN ({ids})"
    ),
    "pledge": (
        'SELECT x.id, x.text, x.document_id, x.start, x."end", NULL AS quote_kind, '
        "coalesce(e.name, x.speaker) AS speaker, x.speaker_id, x.group_id, x.said_on, "
        "d.title, d.outlet, d.published FROM pledges x JOIN documents d ON d.id = x.document_id "
        "LEFT JOIN entities e ON e.id = x.speaker_id WHERE x.id IN ({ids})"
    ),
}


def candidates_sql(kind: str, filters: Any) -> tuple[str, list[Any]]:
    """SELECT of the ids of ``kind`` rows (quote, pledge, sentence) the filters keep."""
    where, params = filter_sql(filters, "document" if kind == "sentence" else kind)
    sql = f"SELECT x.id FROM {VECTOR_TABLES[kind]} x JOIN documents d ON d.id = x.document_id" + (
        " WHERE " + " AND ".join(where) if where else ""
    )
    return sql, params


class SearchSQL:
    """Store methods for search; mixed into each backend's store (needs its executor)."""

    _rows: Any
    _tuples: Any
    _one: Any
    _tx: Any
    _many: Any

    def search_rows(self, kind: str, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Quote or pledge hits' rows (text, span, speaker, document) for ``ids``."""
        if not ids:
            return []
        return self._rows(_ROW_SQL[kind].format(ids=marks(ids)), list(ids))

    def filtered_ids(self, kind: str, filters: Any, among: Sequence[int]) -> set[int]:
        """Which of ``among`` (ids of ``kind`` rows) the filters keep."""
        if not among:
            return set()
        cand, params = candidates_sql(kind, filters)
        return {
            int(r[0])
            for r in self._tuples(
                f"SELECT c.id FROM ({cand}) c WHERE c.id IN ({marks(among)})",
                [*params, *among],
            )
        }

    def sentence_documents(self, ids: Sequence[int], min_chars: int) -> dict[int, int]:
        """{sentence id: document id} of those of ``ids`` at least ``min_chars`` long."""
        if not ids:
            return {}
        return {
            int(r[0]): int(r[1])
            for r in self._tuples(
                f"SELECT id, document_id FROM sentences WHERE id IN ({marks(ids)}) "
                'AND "end" - start >= ?',
                [*ids, min_chars],
            )
        }

    def search_documents(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        return self._rows(
            "SELECT id, title, outlet, published, duplicate_of, chars FROM documents "
            f"WHERE id IN ({marks(ids)})",
            list(ids),
        )

    def sentence_spans(self, ids: Sequence[int]) -> list[tuple[int, int, int, int, str]]:
        """(sentence id, document id, start, end, text) of the given sentences."""
        if not ids:
            return []
        return self._tuples(
            'SELECT s.id, s.document_id, s.start, s."end", t.text FROM sentences s '
            f"JOIN sentence_texts t ON t.id = s.id WHERE s.id IN ({marks(ids)})",
            list(ids),
        )

    def document_text(self, doc_id: int) -> str | None:
        row = self._one("SELECT text FROM documents WHERE id = ?", (doc_id,))
        return row["text"] if row else None

    def document_sentences(self, doc_id: int, min_chars: int = 0) -> list[tuple[int, int, int]]:
        """(sentence id, start, end) of one document in reading order."""
        return self._tuples(
            'SELECT id, start, "end" FROM sentences WHERE document_id = ? AND "end" - start >= ? '
            "ORDER BY idx",
            (doc_id, min_chars),
        )

    def documents_texts_sentences(
        self, doc_ids: Sequence[int], min_chars: int = 0
    ) -> dict[int, tuple[str, list[tuple[int, int, int]]]]:
        """{document id: (text, its (sentence id, start, end) in reading order)} for several
        documents in two statements: one round trip per search, not two per document hit
        (which on a client-server database cost more than the search itself)."""
        if not doc_ids:
            return {}
        out: dict[int, tuple[str, list[tuple[int, int, int]]]] = {
            int(r[0]): (r[1], [])
            for r in self._tuples(
                f"SELECT id, text FROM documents WHERE id IN ({marks(doc_ids)})", list(doc_ids)
            )
        }
        for r in self._tuples(
            'SELECT document_id, id, start, "end" FROM sentences WHERE document_id IN '
            f'({marks(doc_ids)}) AND "end" - start >= ? ORDER BY document_id, idx',
            [*doc_ids, min_chars],
        ):
            out[int(r[0])][1].append((int(r[1]), int(r[2]), int(r[3])))
        return out

    def entity_signature(self) -> tuple[int, int]:
        """Changes whenever the entities do (the cached name index compares it)."""
        row = self._tuples(
            "SELECT COALESCE(max(id), 0), COALESCE(sum(mentions + active), 0) FROM entities"
        )[0]
        return int(row[0]), int(row[1])

    # ---- sentence upkeep (documents stored without analysis) ----

    def iter_unsentenced(self) -> list[tuple[int, str]]:
        """(id, text) of documents with neither an analysis nor sentence rows yet."""
        return self._tuples(
            "SELECT d.id, d.text FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM analyses a WHERE a.document_id = d.id) AND NOT EXISTS "
            "(SELECT 1 FROM sentences s WHERE s.document_id = d.id)"
        )

    def add_sentences(self, rows: Sequence[tuple[int, int, int, int]]) -> None:
        """(document_id, idx, start, end) sentence rows, in one transaction. A row another
        process wrote first stands: two ingests finishing together both find a document without
        sentences and both index it (the same split of the same text)."""
        with self._tx():
            self._many(
                'INSERT INTO sentences (document_id, idx, start, "end") VALUES (?,?,?,?) '
                "ON CONFLICT (document_id, idx) DO NOTHING",
                rows,
            )
