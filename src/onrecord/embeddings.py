"""Sentence embeddings from WordLlama, loaded from the weights inside its PyPI package.

WordLlama (256-d, average-pooled token embeddings distilled from an LLM's embedding layer) embeds
thousands of sentences a second on one core with numpy alone. A transformer sentence encoder
would rank paraphrases better but needs ~1.4 GB of torch and a forward pass per sentence; on a
news archive the lexical half of the hybrid search already catches the exact wording, and the
IDF-weighted query vector (search.QueryVectors) makes the most of WordLlama's token vectors.

Vectors are stored as L2-normalised float16 (512 bytes for 256-d): cosine similarity is a dot
product and half precision loses nothing that matters for ranking.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_NAME = "wordllama-l2-supercat-256"
DIM = 256
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> Any:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama
    from wordllama import WordLlama

    # Importing wordllama configures the root logger (an INFO handler on stderr): every
    # library's INFO lines would then reach the user. Logging setup belongs to the application.
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)

    # The weights ship in the package: never touch the network, fail loudly if they are missing.
    return WordLlama.load(dim=DIM, cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed(texts: list[str], batch_size: int = 256) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (a zero row for an empty text)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:  # the tokenizer is not documented as thread-safe; embedding is fast anyway
        vecs = np.asarray(_model().embed(texts, norm=False, batch_size=batch_size), np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]


def to_blob(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float16).tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Stack float16 BLOBs into a float32 matrix."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    return (
        np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), DIM).astype(np.float32)
    )
