"""``/data``: Datasette over the same SQLite file, read-only, for browsing the raw tables.

Datasette (pinned, 0.65) opens a mutable database file with ``mode=ro`` for its reads and is
given no writable database, so nothing under /data can change the record. Foreign keys show
their labels (a quote's ``speaker_id`` reads as the person's name) through ``label_column``.
"""

from pathlib import Path

from fastapi import FastAPI

LABELS = {"entities": "name", "documents": "title", "stories": "title"}


def mount_datasette(app: FastAPI, db_path: Path) -> None:
    from datasette.app import Datasette

    ds = Datasette(
        files=[str(db_path)],
        settings={"base_url": "/data/", "sql_time_limit_ms": 3000, "allow_download": False},
        metadata={
            "title": "onrecord: raw tables",
            "databases": {
                db_path.stem: {
                    "tables": {t: {"label_column": c} for t, c in LABELS.items()},
                }
            },
        },
    )
    app.mount("/data", ds.app(), name="data")
