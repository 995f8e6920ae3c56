"""python -m onrecord.timeline tests/data/shifts_gold.jsonl: the table in docs/benchmarks.md."""

from onrecord.timeline.evaluation import main

main()
