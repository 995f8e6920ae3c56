"""onrecord: a sourced, queryable record of who said and promised what, from news coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Record", "__version__"]

if TYPE_CHECKING:
    from onrecord.record import Record


def __getattr__(name: str) -> Any:
    # `from onrecord import Record` without making `import onrecord` (the CLI's first import,
    # for __version__) load the ingest readers
    if name == "Record":
        from onrecord.record import Record

        return Record
    raise AttributeError(f"module 'onrecord' has no attribute {name!r}")
