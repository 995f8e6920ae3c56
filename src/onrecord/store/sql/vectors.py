"""The stored vectors' SQL (``embeddings`` and ``search_meta``), shared by both backends.

One float16 BLOB (bytea on PostgreSQL) per quote, sentence and pledge; the HNSW index is
built from these rows into ``store.index_dir`` (onrecord.vectors)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from onrecord.store.sql.search import candidates_sql, marks

ITEM_SQL = {
    "quote": "SELECT x.id, x.text FROM quotes x",
    "sentence": "SELECT x.id, x.text FROM sentence_texts x",
    "pledge": "SELECT x.id, x.text FROM pledges x",
}


class VectorSQL:
    """Store methods for vectors; mixed into each backend's store (needs its executor)."""

    _rows: Any
    _tuples: Any
    _one: Any
    _scalar: Any
    _exec: Any
    _many: Any
    _tx: Any
    _iter: Any

    def items_without_vectors(self, kind: str, limit: int | None = None) -> list[tuple[int, str]]:
        """(id, text) of ``kind`` rows with no stored vector, in id order."""
        sql = (
            ITEM_SQL[kind] + " LEFT JOIN embeddings e ON e.kind = ? AND e.item_id = x.id "
            "WHERE e.id IS NULL ORDER BY x.id"
        )
        params: list[Any] = [kind]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [(int(r[0]), r[1] or "") for r in self._tuples(sql, params)]

    def vector_model(self) -> str | None:
        """The model the stored vectors come from (None before the first index step)."""
        row = self._one("SELECT value FROM search_meta WHERE name = 'embedding_model'")
        return row["value"] if row else None

    def vector_count(self) -> int:
        return int(self._scalar("SELECT count(*) FROM embeddings"))

    def set_vector_model(self, model: str, *, drop: bool) -> None:
        """Record ``model`` as the vectors' model; ``drop`` deletes every stored vector first
        (another model's vectors are not comparable with ours)."""
        with self._tx():
            if drop:
                self._exec("DELETE FROM embeddings")
            self._exec(
                "INSERT INTO search_meta (name, value) VALUES ('embedding_model', ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (model,),
            )

    def put_vectors(self, kind: str, rows: Sequence[tuple[int, bytes]]) -> None:
        """Store (item id, vector blob) rows of ``kind`` in one transaction."""
        with self._tx():
            self._many(
                "INSERT INTO embeddings (kind, item_id, vector) VALUES (?,?,?) "
                "ON CONFLICT (kind, item_id) DO UPDATE SET vector = excluded.vector",
                [(kind, item_id, blob) for item_id, blob in rows],
            )

    def vector_state(self, kind: str) -> tuple[int, int]:
        """(highest embeddings id, count) of ``kind``: what a saved index must match."""
        row = self._tuples(
            "SELECT COALESCE(max(id), 0), count(*) FROM embeddings WHERE kind = ?", (kind,)
        )[0]
        return int(row[0]), int(row[1])

    def count_vectors_after(self, kind: str, after: int) -> int:
        return int(
            self._scalar("SELECT count(*) FROM embeddings WHERE kind = ? AND id > ?", (kind, after))
        )

    def vector_rows(
        self, kind: str, since_id: int = 0, batch_size: int = 4096
    ) -> Iterator[list[tuple[int, bytes]]]:
        """(embeddings id, blob) of ``kind`` above ``since_id`` in id order, in batches."""
        batch: list[tuple[int, bytes]] = []
        for r in self._iter(
            "SELECT id, vector FROM embeddings WHERE kind = ? AND id > ? ORDER BY id",
            (kind, since_id),
        ):
            batch.append((int(r[0]), bytes(r[1])))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def vector_items(self, keys: Sequence[int]) -> list[tuple[int, int]]:
        """(embeddings id, item id) for index keys."""
        if not keys:
            return []
        return [
            (int(r[0]), int(r[1]))
            for r in self._tuples(
                f"SELECT id, item_id FROM embeddings WHERE id IN ({marks(keys)})", list(keys)
            )
        ]

    def get_vectors(self, kind: str, item_ids: Sequence[int]) -> list[tuple[int, bytes]]:
        """(item id, blob) of the given rows of ``kind`` that have a stored vector."""
        if not item_ids:
            return []
        return [
            (int(r[0]), bytes(r[1]))
            for r in self._tuples(
                "SELECT item_id, vector FROM embeddings WHERE kind = ? AND item_id IN "
                f"({marks(item_ids)})",
                [kind, *item_ids],
            )
        ]

    def filtered_vectors(
        self, kind: str, filters: Any, max_rows: int | None = None
    ) -> list[tuple[int, bytes]] | None:
        """(item id, blob) of the ``kind`` rows the filters keep; None when more than
        ``max_rows`` (the caller then uses the graph)."""
        cand, params = candidates_sql(kind, filters)
        sql = f"SELECT item_id, vector FROM embeddings WHERE kind = ? AND item_id IN ({cand})"
        args: list[Any] = [kind, *params]
        if max_rows is not None:
            sql += " LIMIT ?"
            args.append(max_rows + 1)
        rows = self._tuples(sql, args)
        if max_rows is not None and len(rows) > max_rows:
            return None
        return [(int(r[0]), bytes(r[1])) for r in rows]

    def filtered_item_ids(self, kind: str, filters: Any) -> set[int]:
        cand, params = candidates_sql(kind, filters)
        return {int(r[0]) for r in self._tuples(cand, params)}
