"""Accuracy evaluations against annotated corpora (`onrecord eval ...`)."""
