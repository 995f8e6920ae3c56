# Two entry points, each safe on a fresh clone: they create .venv/ when missing.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= onrecord.db

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	# the bundled pip 23.2 installs trafilatura without lxml_html_clean
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/onrecord --db $(DB) ingest examples --metadata examples/metadata.csv
	$(BIN)/onrecord --db $(DB) index
	$(BIN)/onrecord --db $(DB) summary
	@if [ -z "$$ONRECORD_NO_SERVE" ]; then $(BIN)/onrecord --db $(DB) serve; fi

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm $(DB)-vectors
