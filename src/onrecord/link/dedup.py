"""Near-duplicate documents: one text republished by several outlets (syndication, wire copy).

MinHash over word shingles with an LSH index (``datasketch``). Exact copies are already caught
by ``Document.sha256``; this catches copies with a new headline, a trimmed last paragraph, a
byline or a few edited words.

The index is incremental: ``NearDuplicateIndex.add`` answers for one new document against
everything added before. Its state is the MinHash signature of each document (``signature``
returns it as bytes) plus the ``duplicate_of`` links, so a store can persist both and rebuild
the index with ``NearDuplicateIndex.restore`` without re-reading any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from onrecord.models import normalize_for_hash

NUM_PERM = 128
SHINGLE_WORDS = 5
_SCHEME = "affine32"  # uint32 hash values: 4 bytes per permutation
_DTYPE = np.dtype("<u4")  # fixed byte order so stored signatures are portable
_SEED = 1
_WORD = re.compile(r"\w+", re.UNICODE)
_SLICE = 20_000  # shingles hashed at once


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Word k-grams of the normalised text (typography, case and spacing do not count)."""
    words = _WORD.findall(normalize_for_hash(text))
    if len(words) <= k:
        # A very short text is one shingle: two short texts are duplicates only if equal.
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


class NearDuplicateIndex:
    """Incremental near-duplicate finder.

    ``threshold`` is the estimated Jaccard similarity of the shingle sets at or above which
    two documents count as copies of one text. Documents should be added in the order in
    which they should be preferred as the canonical copy (e.g. by id or publication date):
    a document is reported as a duplicate of the earliest-added copy (the root of its
    duplicate chain), never of a later one.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._template = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
        self._sigs: dict[int, MinHash] = {}
        self._dup_of: dict[int, int] = {}  # doc id -> root copy
        self._order: dict[int, int] = {}  # doc id -> insertion rank (prefer earlier roots)

    # ---- building blocks ----

    def minhash(self, text: str) -> MinHash:
        """The MinHash of a text (reusing the permutations: generating them is the slow part)."""
        mh = MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            permutations=self._template.permutations,
            scheme=_SCHEME,
        )
        sh = list(shingles(text))
        # datasketch hashes a batch as one (shingles x permutations) array: the 1.6 M shingles
        # of a 10 MB text took 2 GB at once. The signature is a minimum, so slices give the
        # same one with a bounded peak.
        for i in range(0, len(sh), _SLICE):
            mh.update_batch(sh[i : i + _SLICE])
        return mh

    def _from_bytes(self, data: bytes) -> MinHash:
        values = np.frombuffer(data, dtype=_DTYPE)
        if len(values) != self.num_perm:
            raise ValueError(f"signature has {len(values)} values, expected {self.num_perm}")
        return MinHash(
            seed=_SEED,
            hashvalues=values.astype(np.uint32),
            permutations=self._template.permutations,
            scheme=_SCHEME,
        )

    # ---- public API ----

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._sigs

    def add(self, doc_id: int, text: str) -> int | None:
        """Index a document; return the id of the earlier copy it duplicates, or None."""
        return self.add_signature(doc_id, self.minhash(text))

    def add_signature(self, doc_id: int, mh: MinHash | bytes) -> int | None:
        """Like ``add`` for a precomputed MinHash (or its ``signature`` bytes)."""
        if doc_id in self._sigs:
            raise ValueError(f"document {doc_id} is already indexed")
        if isinstance(mh, bytes | bytearray | memoryview):
            mh = self._from_bytes(bytes(mh))
        root = self._find_root(mh)
        self._insert(doc_id, mh, root)
        return root

    def duplicate_of(self, doc_id: int) -> int | None:
        return self._dup_of.get(doc_id)

    def duplicates(self) -> dict[int, int]:
        """Every duplicate document id -> the id of its canonical (earliest-added) copy."""
        return dict(self._dup_of)

    def signature(self, doc_id: int) -> bytes:
        """The document's MinHash values as bytes (``num_perm`` * 4), for storage."""
        return np.asarray(self._sigs[doc_id].hashvalues, dtype=_DTYPE).tobytes()

    def query(self, text: str) -> list[int]:
        """Ids of indexed documents that are near-copies of ``text`` (nothing is added)."""
        mh = self.minhash(text)
        return sorted(self._matches(mh), key=self._order.__getitem__)

    @classmethod
    def restore(
        cls,
        rows: Iterable[tuple[int, bytes, int | None]],
        threshold: float = 0.8,
        num_perm: int = NUM_PERM,
    ) -> NearDuplicateIndex:
        """Rebuild an index from stored ``(doc_id, signature, duplicate_of)`` rows, in order.

        The stored links are kept as they are (no re-comparison), so a restored index answers
        exactly as the one that produced the rows would.
        """
        index = cls(threshold=threshold, num_perm=num_perm)
        for doc_id, sig, dup_of in rows:
            index._insert(doc_id, index._from_bytes(bytes(sig)), dup_of)
        return index

    # ---- internals ----

    def _matches(self, mh: MinHash) -> list[int]:
        # LSH gives candidates by banding; check the estimated Jaccard to drop banding
        # false positives below the threshold.
        return [
            doc_id
            for doc_id in self._lsh.query(mh)
            if mh.jaccard(self._sigs[doc_id]) >= self.threshold
        ]

    def _find_root(self, mh: MinHash) -> int | None:
        roots = {self._dup_of.get(m, m) for m in self._matches(mh)}
        if not roots:
            return None
        return min(roots, key=lambda r: self._order.get(r, -1))

    def _insert(self, doc_id: int, mh: MinHash, root: int | None) -> None:
        self._sigs[doc_id] = mh
        self._order[doc_id] = len(self._order)
        if root is not None:
            self._dup_of[doc_id] = root
        # Duplicates are indexed too: a third copy that is closer to the second than to the
        # first still finds the chain (and is mapped to its root).
        self._lsh.insert(doc_id, mh, check_duplication=False)


def find_near_duplicates(docs: list[tuple[int, str]], threshold: float = 0.8) -> dict[int, int]:
    """Map each near-duplicate document id to the lowest id among its copies.

    Documents are processed by increasing id, so the canonical copy is the first stored.
    Documents that duplicate nothing are absent from the result.
    """
    index = NearDuplicateIndex(threshold=threshold)
    for doc_id, text in sorted(docs, key=lambda d: d[0]):
        index.add(doc_id, text)
    return index.duplicates()
