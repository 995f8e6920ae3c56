"""What every store offers, whatever database is behind it.

The pipeline, the CLI, the web and the exports talk to a ``Store`` with plain Python values;
only ``store/`` speaks SQL. A second backend (PostgreSQL) then means one new package under
``store/``, not edits in nine modules. The dataclasses here are the values that cross that
line: they hold no connection and no SQL, so the linker can be computed and tested without
a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from onrecord.models import Analysis, Document

# Where a publication date came from, strongest first: a stronger source overrides a weaker one.
DATE_PRECEDENCE = {"metadata": 0, "html": 1, "feed": 1, "text": 2, "story": 3}


class QueryTimeout(Exception):
    """A read ran past the deadline the caller set (``Store.deadline``): the web answers 504
    instead of holding a worker; each backend turns its own interruption into this."""


@dataclass
class AddResult:
    source: str
    document_id: int
    status: str  # new | duplicate (same text stored from another source) | already (same source)
    duplicate_source: str | None = None  # where the stored copy came from


@dataclass(frozen=True)
class QuoteFilter:
    """One filter for listing quotes and for searching them, so the two never disagree about
    what "quotes by Rutte from this outlet since March" means.

    ``speaker`` is a name as the user typed it; ``speaker_ids`` the entities it resolves to
    when the caller already knows them (else the store resolves it)."""

    speaker: str | None = None
    speaker_ids: tuple[int, ...] | None = None
    speaker_id: int | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    document_id: int | None = None
    outlet: str | None = None
    date_from: str | None = None
    year: str | None = None
    q: str | None = None
    sort: str = "date"
    limit: int | None = None
    offset: int = 0


@dataclass
class LinkInputs:
    """Everything corpus linking reads, loaded in one go from the store.

    ``documents``: dicts with id, title, text, published, published_from, story_id (id order);
    ``minhash``: (document_id, signature, duplicate_of) already indexed;
    ``quote_rows``: (quote id, document_id, idx, text) in (document_id, idx) order;
    ``pledge_rows``: (pledge id, document_id, idx);
    ``linked_speaker_quotes``: (document_id, idx) of quotes whose speaker kind the last run set.
    """

    documents: list[dict[str, Any]]
    analyses: dict[int, Analysis]
    corrections: list[dict[str, Any]] = field(default_factory=list)
    minhash: list[tuple[int, bytes, int | None]] = field(default_factory=list)
    story_state: bytes | None = None
    quote_rows: list[tuple[int, int, int, str]] = field(default_factory=list)
    pledge_rows: list[tuple[int, int, int]] = field(default_factory=list)
    linked_speaker_quotes: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class StoryRow:
    id: int
    title: str | None
    first_published: str | None
    last_published: str | None
    place: str | None
    document_ids: list[int]


@dataclass
class EntityRow:
    key: str
    name: str
    type: str
    aliases: list[str]
    roles: list[dict[str, Any]]
    mentions: int


@dataclass
class LinkResult:
    """What one linking run decided, written by ``Store.write_links`` in one transaction.

    Entities are named by key: the store gives them their row ids (stable across runs by key)
    and resolves every ``*_entity`` reference through them."""

    minhash_new: list[tuple[int, bytes]] = field(default_factory=list)
    duplicate_of: list[tuple[int, int]] = field(default_factory=list)  # (document, original)
    story_state: bytes | None = None  # None: unchanged
    stories: list[StoryRow] = field(default_factory=list)
    inherited_dates: list[tuple[int, str]] = field(default_factory=list)  # (document, day)
    entities: list[EntityRow] = field(default_factory=list)
    mention_entity: list[tuple[str, int, int]] = field(default_factory=list)  # key, doc, idx
    quote_speaker: list[tuple[str, int, int]] = field(default_factory=list)  # key, doc, idx
    # (speaker_type, evidence, confidence, evidence_document, linked, document_id, idx)
    speaker_kinds: list[
        tuple[str | None, str | None, float | None, int | None, int | None, int, int]
    ] = field(default_factory=list)
    pledge_speaker: list[tuple[str, int, int]] = field(default_factory=list)  # key, doc, person
    quote_groups: list[tuple[int, int]] = field(default_factory=list)  # (group id, quote id)
    pledge_groups: list[tuple[int, int]] = field(default_factory=list)  # (group id, pledge id)
    counts: dict[str, int] = field(default_factory=dict)


class Dialect:
    """The few SQL fragments the backends spell differently; shared SQL asks the store's
    dialect for them instead of writing one backend's spelling."""

    name = "generic"

    def json_array_agg(self, expr: str, *, distinct: bool = False) -> str:
        """A JSON array (text) of ``expr`` over the group."""
        raise NotImplementedError

    def json_each(self, expr: str, alias: str) -> str:
        """A FROM item named ``alias`` with one text column ``value`` (``alias.value``) per
        element of the JSON array (text) ``expr``."""
        raise NotImplementedError

    def group_concat(self, expr: str, sep: str) -> str:
        raise NotImplementedError

    def substr(self, expr: str, start: str, length: str | None = None) -> str:
        return f"substr({expr}, {start}" + (f", {length})" if length else ")")


@runtime_checkable
class Store(Protocol):
    """The record's storage. Methods take and return plain values (dicts, dataclasses)."""

    url: str
    key: str
    backend: str
    readonly: bool
    dialect: Dialect

    @property
    def index_dir(self) -> Path: ...

    # ---- lifecycle ----
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...
    def deadline(self, seconds: float) -> AbstractContextManager[None]: ...
    def snapshot(self) -> AbstractContextManager[None]: ...
    def columns(self, table: str) -> set[str]: ...
    def data_version(self) -> int:
        """Changes whenever another writer commits (facet caches compare it)."""
        ...

    # ---- the executor shared SQL (store/sql/) runs through; not for callers outside store/ ----
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]: ...
    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
    def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None: ...
    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def _iter(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]: ...
    def _exec(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def _tx(self) -> AbstractContextManager[Any]: ...

    # ---- documents ----
    def add_documents(self, docs: Iterable[Document]) -> list[AddResult]: ...
    def record_failure(
        self,
        source: str,
        reason: str,
        *,
        kind: str = "ingest",
        document_id: int | None = None,
        version: str | None = None,
    ) -> None: ...
    def failures(self, kind: str | None = None) -> list[dict[str, Any]]: ...
    def get_document(self, doc_id: int) -> dict[str, Any] | None: ...
    def documents(
        self, *, limit: int | None = None, offset: int = 0, with_text: bool = False
    ) -> list[dict[str, Any]]: ...
    def sources_of(self, doc_id: int) -> list[dict[str, Any]]: ...
    def counts(self) -> dict[str, int]: ...
    def volume(self, *, outlet: str | None = None) -> dict[str, list[tuple[str | None, int]]]: ...

    # ---- analysis ----
    def count_pending(self, version: str) -> int: ...
    def pending_analysis(self, version: str, limit: int | None = None) -> list[dict[str, Any]]: ...
    def claim_pending(
        self, version: str, claimant: str, limit: int, lease_seconds: float, after: int = 0
    ) -> list[dict[str, Any]]: ...
    def renew_claims(self, claimant: str) -> None: ...
    def claimants(self) -> list[str]: ...
    def release_claims(self, claimant: str) -> None: ...
    def iter_pending(
        self, version: str, batch_size: int = 256
    ) -> Iterator[list[dict[str, Any]]]: ...
    def save_analyses(self, items: Sequence[tuple[int, Analysis]], version: str) -> None: ...
    def record_analysis_failure(self, doc_id: int, reason: str, version: str) -> None: ...
    def iter_analyses(self) -> Iterator[tuple[int, Analysis]]: ...
    def get_analysis(self, doc_id: int) -> Analysis | None: ...

    # ---- linking ----
    def linking(self) -> AbstractContextManager[None]: ...
    def load_link_inputs(self) -> LinkInputs: ...
    def linked_speaker_quotes(self) -> list[tuple[int, int]]: ...
    def write_links(self, result: LinkResult) -> None: ...

    # ---- corrections ----
    def add_correction(self, action: str, name: str, other: str | None = None) -> int: ...
    def corrections(self) -> list[dict[str, Any]]: ...

    # ---- state blobs ----
    def get_state(self, name: str) -> bytes | None: ...
    def put_state(self, name: str, data: bytes) -> None: ...

    # ---- search (``filters``: onrecord.search.Filters; ``query``: search.ParsedQuery) ----
    def fts_candidates(self, table: str, query: Any, filters: Any, limit: int) -> list[int]: ...
    def term_df(self, table: str, query: Any) -> tuple[int, list[int]]: ...
    def search_rows(self, kind: str, ids: Sequence[int]) -> list[dict[str, Any]]: ...
    def filtered_ids(self, kind: str, filters: Any, among: Sequence[int]) -> set[int]: ...
    def sentence_documents(self, ids: Sequence[int], min_chars: int) -> dict[int, int]: ...
    def search_documents(self, ids: Sequence[int]) -> list[dict[str, Any]]: ...
    def sentence_spans(self, ids: Sequence[int]) -> list[tuple[int, int, int, int, str]]: ...
    def document_text(self, doc_id: int) -> str | None: ...
    def document_sentences(self, doc_id: int, min_chars: int = 0) -> list[tuple[int, int, int]]: ...
    def documents_texts_sentences(
        self, doc_ids: Sequence[int], min_chars: int = 0
    ) -> dict[int, tuple[str, list[tuple[int, int, int]]]]: ...
    def entity_signature(self) -> tuple[int, int]: ...
    def iter_unsentenced(self) -> list[tuple[int, str]]: ...
    def add_sentences(self, rows: Sequence[tuple[int, int, int, int]]) -> None: ...

    # ---- vectors (the HNSW index is built from these rows into ``index_dir``) ----
    def vector_signature(self) -> tuple[int, ...]: ...
    def items_without_vectors(
        self, kind: str, limit: int | None = None
    ) -> list[tuple[int, str]]: ...
    def vector_model(self) -> str | None: ...
    def vector_count(self) -> int: ...
    def set_vector_model(self, model: str, *, drop: bool) -> None: ...
    def put_vectors(self, kind: str, rows: Sequence[tuple[int, bytes]]) -> None: ...
    def vector_state(self, kind: str) -> tuple[int, int]: ...
    def count_vectors_after(self, kind: str, after: int) -> int: ...
    def vector_rows(
        self, kind: str, since_id: int = 0, batch_size: int = 4096
    ) -> Iterator[list[tuple[int, bytes]]]: ...
    def vector_items(self, keys: Sequence[int]) -> list[tuple[int, int]]: ...
    def get_vectors(self, kind: str, item_ids: Sequence[int]) -> list[tuple[int, bytes]]: ...
    def filtered_vectors(
        self, kind: str, filters: Any, max_rows: int | None = None
    ) -> list[tuple[int, bytes]] | None: ...
    def filtered_item_ids(self, kind: str, filters: Any) -> set[int]: ...
