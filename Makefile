# Seedview: `make run` opens the viewer, `make test` runs every check. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	$(BIN)/python -m compileall -q gui  # as pip does for an installed copy: no compiling at each start
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/seedview

lint: $(STAMP)
	$(BIN)/ruff check gui tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen SEEDVIEW_REQUIRE_EXTRAS=1 $(BIN)/python -m pytest  # a test needing an extra fails, not skips

test: lint typecheck pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/seedview --screenshot docs/screenshot.png seeds

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
