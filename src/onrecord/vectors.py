"""Stored sentence vectors and the approximate-nearest-neighbour index built from them.

The database is the source of truth: one float16 BLOB per quote, sentence and pledge in
``embeddings``, computed once (``update_embeddings`` embeds only rows that have none; triggers
drop a row's vector when the row is deleted or its text changes).

The HNSW index (usearch) is derived data, one file per kind in ``<db>-vectors/``. Building it
costs far more than loading it (see docs/benchmarks.md), so it is saved after each index step and
memory-mapped at open. It is current when its highest key and its size equal those of the
``embeddings`` rows of that kind: keys are ``embeddings.id`` (AUTOINCREMENT, never reused), so
any insert raises the maximum and any delete lowers the count. A stale file is extended when
rows were only added, otherwise rebuilt; a read-only opener rebuilds in memory.

Updates are atomic: ``<kind>.json`` (the manifest) names a uniquely named index file and the
count and highest key it holds. A new index is written to a new file first and the manifest
is swapped in with one rename, so a kill or a concurrent reader sees the old pair or the new
pair, never a new index beside old metadata. Opening checks the file against its manifest
(size, highest key) and rebuilds on any mismatch or read error instead of failing.

Rows without a stored vector (a database written by an older version, or before the index step
ran) are embedded in memory at open, so search is complete even on a read-only database.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index

from onrecord import embeddings
from onrecord.embeddings import DIM, MODEL_NAME
from onrecord.store.base import Store

log = logging.getLogger(__name__)

KINDS = ("quote", "sentence", "pledge")
EMBED_CHUNK = 4096
# HNSW build effort: 64 candidates per insert instead of usearch's 128 halves the build time
# while recall@50 on real sentence vectors stays ~0.97 (bench/bench_search.py measures it).
CONNECTIVITY = 16
EXPANSION_ADD = 64
EXPANSION_SEARCH = 96
# Below this many candidates a filtered query is answered exactly from the BLOBs: it is cheaper
# than over-fetching from the HNSW graph and never misses a match.
EXACT_LIMIT = 20000
# A temporary index file this old is a killed writer's leftover, not work in progress.
STALE_TMP_S = 3600.0

Progress = Callable[[str, int], None]


def index_dir(db_path: Path) -> Path:
    """``<db>-vectors/`` of a SQLite file (``SQLiteStore.index_dir``)."""
    return Path(str(db_path) + "-vectors")


def check_model(store: Store, *, writable: bool) -> bool:
    """True when stored vectors come from the current model; a writer drops foreign ones."""
    model = store.vector_model()
    if model == MODEL_NAME:
        return True
    if not writable:
        return store.vector_count() == 0
    # another model's vectors are not comparable with ours
    store.set_vector_model(MODEL_NAME, drop=model is not None)
    return True


def update_embeddings(store: Store, progress: Progress | None = None) -> dict[str, int]:
    """Embed every quote, sentence and pledge that has no stored vector. Returns counts per kind."""
    check_model(store, writable=True)
    added: dict[str, int] = {}
    for kind in KINDS:
        added[kind] = 0
        while True:
            items = store.items_without_vectors(kind, EMBED_CHUNK)
            if not items:
                break
            vecs = embeddings.embed([t for _, t in items])
            store.put_vectors(
                kind,
                [
                    (item_id, embeddings.to_blob(v))
                    for (item_id, _), v in zip(items, vecs, strict=True)
                ],
            )
            added[kind] += len(items)
            if progress:
                progress("embedded", len(items))
    return added


def _new_index() -> Index:
    return Index(
        ndim=DIM,
        metric="cos",
        dtype="f16",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )


def _add_rows(index: Index, store: Store, kind: str, after: int = 0, threads: int = 0) -> int:
    n = 0
    for rows in store.vector_rows(kind, after, EMBED_CHUNK):
        keys = np.fromiter((r[0] for r in rows), dtype=np.uint64, count=len(rows))
        index.add(keys, embeddings.from_blobs([r[1] for r in rows]), threads=threads)
        n += len(rows)
    return n


@dataclass
class KindIndex:
    """The ANN index of one kind, plus vectors computed in memory for rows lacking stored ones."""

    kind: str
    index: Index
    extra_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    extra_vecs: np.ndarray = field(default_factory=lambda: np.zeros((0, DIM), dtype=np.float32))
    source: str = "file"  # file | extended | built | memory


def _manifest_path(directory: Path, kind: str) -> Path:
    return directory / f"{kind}.json"


def _read_manifest(directory: Path, kind: str) -> dict[str, Any]:
    """The manifest of ``kind``, {} when missing or unreadable (then the index is rebuilt)."""
    try:
        meta = json.loads(_manifest_path(directory, kind).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(meta, dict) or not all(
        isinstance(meta.get(k), int) for k in ("max_id", "count", "dim")
    ):
        return {}
    # a manifest written before files were versioned names the fixed file
    meta.setdefault("file", f"{kind}.usearch")
    name = meta["file"]
    if not isinstance(name, str) or "/" in name or "\\" in name or not name.endswith(".usearch"):
        return {}
    return meta


def _restore(path: Path, meta: dict[str, Any], *, view: bool) -> Index | None:
    """The saved index if it holds what its manifest says, else None (never raises).

    The manifest's count and highest key are checked against the file itself: a torn update
    (a new file beside an old manifest, from an older version or a copy made by hand) would
    otherwise be extended with keys it already holds, which usearch refuses ("Duplicate keys
    not allowed in high-level wrappers")."""
    try:
        index = Index.restore(str(path), view=view)
    except Exception as exc:  # whatever a damaged file makes usearch raise, rebuild
        log.warning("vector index %s unreadable (%s); rebuilding", path.name, exc)
        return None
    if index is None:
        log.warning("vector index %s is not a usearch file; rebuilding", path.name)
        return None
    count, max_id = int(meta["count"]), int(meta["max_id"])
    if index.ndim != DIM or len(index) != count or (count and not index.contains(max_id)):
        log.warning("vector index %s does not match its manifest; rebuilding", path.name)
        return None
    return index


def _save(directory: Path, kind: str, index: Index, max_id: int, count: int) -> None:
    """Publish a new index of ``kind`` with one atomic step: the manifest's rename.

    The index goes to a new, uniquely named file (a server may have the old one memory-mapped,
    and a reader may be opening it); only then is the manifest naming it swapped in. A kill at
    any point leaves either the old manifest with its old file or the new manifest with its new
    file, never a mix. Files no manifest names are removed afterwards."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = f"{kind}-{max_id}-{count}-{os.getpid()}-{time.time_ns()}"
    final = directory / f"{stamp}.usearch"
    tmp = directory / f"{stamp}.usearch.tmp"
    index.save(str(tmp))
    os.replace(tmp, final)
    meta = {"model": MODEL_NAME, "dim": DIM, "max_id": max_id, "count": count, "file": final.name}
    tmp_meta = directory / f"{stamp}.json.tmp"
    tmp_meta.write_text(json.dumps(meta))
    os.replace(tmp_meta, _manifest_path(directory, kind))
    _remove_unreferenced(directory, kind, keep=final.name)


def _remove_unreferenced(directory: Path, kind: str, keep: str) -> None:
    """Delete files of ``kind`` the manifest no longer names. An open memory map keeps its
    data (POSIX unlink); a reader that read the old manifest but had not opened the file yet
    finds it gone and falls back (``load_kind``). Leftover temporary files of a killed writer
    go once they are an hour old (a younger one may be another writer's work in progress)."""
    now = time.time()
    for path in directory.glob(f"{kind}*"):
        name = path.name
        try:
            if name == keep or name == f"{kind}.json":
                continue
            if name.endswith(".tmp"):
                if now - path.stat().st_mtime > STALE_TMP_S:
                    path.unlink()
            elif name.endswith(".usearch") and (
                name == f"{kind}.usearch" or name.startswith(f"{kind}-")
            ):
                path.unlink()
        except OSError:
            pass  # another process removed it first


def load_kind(
    store: Store,
    kind: str,
    directory: Path | None,
    *,
    writable: bool,
    threads: int = 0,
) -> KindIndex:
    """The current index of ``kind``: the saved file if it is current, else extended or rebuilt.

    Never fails on a missing, stale, torn or corrupt file: it is rebuilt from the stored vectors
    (and saved, when ``writable``), so ``onrecord index`` alone repairs the directory."""
    max_id, count = store.vector_state(kind)
    index: Index | None = None
    source = "built"
    meta: dict[str, Any] = {}
    for _attempt in range(2):  # a writer may swap the manifest between our read and our open
        meta = _read_manifest(directory, kind) if directory else {}
        path = directory / meta["file"] if directory and meta else None
        if path is None or not path.exists():
            continue
        same_model = meta.get("model") == MODEL_NAME and meta.get("dim") == DIM
        if not same_model:
            break
        if meta.get("max_id") == max_id and meta.get("count") == count:
            index = _restore(path, meta, view=True)
            source = "file"
        elif isinstance(meta.get("max_id"), int) and meta["max_id"] < max_id:
            added_since = store.count_vectors_after(kind, int(meta["max_id"]))
            if meta.get("count", -1) + added_since == count:  # nothing deleted: extend
                index = _restore(path, meta, view=False)
                if index is not None:
                    try:
                        _add_rows(index, store, kind, after=int(meta["max_id"]), threads=threads)
                        source = "extended"
                    except RuntimeError as exc:  # checked above; should it still clash, rebuild
                        log.warning("extending the %s vector index failed (%s)", kind, exc)
                        index = None
        break
    if index is None:
        index = _new_index()
        _add_rows(index, store, kind, threads=threads)
        source = "built"
    if source != "file" and writable and directory is not None:
        try:
            _save(directory, kind, index, max_id, count)
        except OSError as exc:  # a full or read-only disk costs speed at the next open only
            log.warning("could not save the %s vector index: %s", kind, exc)
    elif source != "file":
        source = "memory"
    kind_index = KindIndex(kind, index, source=source)
    missing = store.items_without_vectors(kind)
    if missing:
        log.warning(
            "%d %s rows have no stored vector; embedding them in memory", len(missing), kind
        )
        kind_index.extra_ids = np.array([i for i, _ in missing], dtype=np.int64)
        kind_index.extra_vecs = embeddings.embed([t for _, t in missing])
    return kind_index


class VectorIndex:
    """All kinds' indexes for one database; thread-safe for concurrent searches."""

    def __init__(self, kinds: dict[str, KindIndex]) -> None:
        self.kinds = kinds

    @classmethod
    def open(
        cls, store: Store, directory: Path | None, *, writable: bool, threads: int = 0
    ) -> VectorIndex:
        """All kinds' indexes from ``directory`` (``store.index_dir``; None: build in memory)."""
        if not check_model(store, writable=writable):
            log.warning("stored vectors come from another model; run `onrecord index`")
        started = time.perf_counter()
        kinds = {
            k: load_kind(store, k, directory, writable=writable, threads=threads) for k in KINDS
        }
        log.info("vector index ready in %.2fs", time.perf_counter() - started)
        return cls(kinds)

    def knn(self, store: Store, kind: str, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Approximate top-k (item id, cosine similarity) over every row of ``kind``."""
        ki = self.kinds[kind]
        out: list[tuple[int, float]] = []
        if len(ki.index) and k > 0:
            matches = ki.index.search(query.astype(np.float32), min(k, len(ki.index)))
            keys = [int(x) for x in matches.keys]
            sims = {key: 1.0 - float(d) for key, d in zip(keys, matches.distances, strict=True)}
            if keys:
                out = [(item, sims[key]) for key, item in store.vector_items(keys)]
        if len(ki.extra_ids):
            sims_extra = ki.extra_vecs @ query
            top = np.argsort(-sims_extra)[:k]
            out += [(int(ki.extra_ids[i]), float(sims_extra[i])) for i in top]
        out.sort(key=lambda t: -t[1])
        return out[:k]

    def exact(
        self,
        store: Store,
        kind: str,
        query: np.ndarray,
        filters: Any,
        k: int,
        max_rows: int | None = None,
    ) -> list[tuple[int, float]] | None:
        """Exact top-k among the rows of ``kind`` the search ``filters`` keep; None when there
        are more than ``max_rows`` of them (the caller then uses the graph)."""
        rows = store.filtered_vectors(kind, filters, max_rows)
        if rows is None:
            return None
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        vecs = embeddings.from_blobs([r[1] for r in rows])
        ki = self.kinds[kind]
        if len(ki.extra_ids):
            wanted = store.filtered_item_ids(kind, filters)
            mask = np.array([int(i) in wanted for i in ki.extra_ids], dtype=bool)
            ids = np.concatenate([ids, ki.extra_ids[mask]])
            vecs = np.vstack([vecs, ki.extra_vecs[mask]])
        if not len(ids):
            return []
        sims = vecs @ query
        top = np.argsort(-sims)[:k]
        return [(int(ids[i]), float(sims[i])) for i in top]

    def vectors_of(self, store: Store, kind: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored (or in-memory) vectors of the given rows."""
        out: dict[int, np.ndarray] = {}
        if ids:
            rows = store.get_vectors(kind, ids)
            mat = embeddings.from_blobs([r[1] for r in rows])
            out = {int(r[0]): mat[i] for i, r in enumerate(rows)}
        ki = self.kinds[kind]
        wanted = set(ids) - set(out)
        for i, item_id in enumerate(ki.extra_ids):
            if int(item_id) in wanted:
                out[int(item_id)] = ki.extra_vecs[i]
        return out

    def describe(self) -> dict[str, dict[str, Any]]:
        return {
            k: {"vectors": len(ki.index), "in_memory": len(ki.extra_ids), "source": ki.source}
            for k, ki in self.kinds.items()
        }
