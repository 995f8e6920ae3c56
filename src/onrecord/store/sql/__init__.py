"""SQL shared by every backend, in the portable subset of SQLite 3.40 and PostgreSQL 15
(``?`` placeholders, COALESCE, CASE instead of boolean arithmetic, explicit NULLS FIRST/LAST,
ON CONFLICT ... RETURNING). It runs through the store's executor (``_rows``, ``_one``,
``_scalar``, ``_exec``, ``_many``, ``_tx``); the few fragments the backends spell differently
come from ``store.dialect``."""
