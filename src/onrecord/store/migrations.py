"""Kept so ``from onrecord.store.migrations import ...`` still works; the SQLite migrations
live in ``store/sqlite/`` next to the store that applies them."""

from onrecord.store.sqlite.schema import apply_migrations, migration_names

__all__ = ["apply_migrations", "migration_names"]
