# The two commands a newcomer needs (see README): `make run` and `make test`.
# `make check` runs exactly what CI runs once the environment exists.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: run test check lint types layers unit bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/coinpilot

test: $(VENV)/.installed-dev
	$(MAKE) check

check: lint types layers unit

lint:
	$(BIN)/ruff check assistant tools tests benchmarks
	$(BIN)/ruff format --check assistant tools tests benchmarks

types:
	$(BIN)/mypy

layers:
	$(BIN)/lint-imports

unit:
	$(BIN)/pytest -q -n 2

bench: $(VENV)/.installed-dev
	$(PIP) install --quiet -e '.[dev,bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
