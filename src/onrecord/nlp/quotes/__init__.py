"""Quotes: who is quoted saying what, and the cue that attributes it.

Grouped here because they share one view of a sentence: quotation marks (``marks``),
reporting verbs and their lexicon (``reporting``, ``cues``), reported speech (``indirect``),
interview transcripts (``transcripts``), the extractor that combines them (``extract``) and
the pass that names institution and document speakers (``speakers``).
"""
