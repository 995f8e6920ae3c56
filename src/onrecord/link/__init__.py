"""Corpus-level linking: canonical entities, duplicates, quote groups, stories."""
