"""Per-document language analysis: pure functions from text to ``Analysis`` (no database)."""
