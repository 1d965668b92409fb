# The two commands a newcomer needs (see README): `make run` and `make test`.
# Both install from uv.lock, the one lock file, so every machine gets the same versions; a
# pyproject.toml changed without `make lock` stops them with uv's "needs to be updated" error
# instead of drifting. `make check` runs exactly what CI runs once the environment exists.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

# uv reads uv.lock. The uv on PATH is used when it is at least UV_VERSION (the version that wrote
# the lock); otherwise that exact version is bootstrapped from PyPI into .tools/ (CI has no uv).
UV_VERSION := 0.13.9
TOOLS := .tools
UV_ON_PATH := $(shell v=$$(uv --version 2>/dev/null | cut -d' ' -f2); \
	[ -n "$$v" ] && [ "$$(printf '%s\n' $(UV_VERSION) $$v | sort -V | head -n1)" = "$(UV_VERSION)" ] \
	&& command -v uv)
UV := $(or $(UV_ON_PATH),$(TOOLS)/bin/uv)
# --locked: fail when uv.lock no longer matches pyproject.toml. --compile-bytecode, and
# compileall for CoinPilot's own (editable) modules: no start pays for compiling what it imports,
# even where PYTHONDONTWRITEBYTECODE keeps Python from caching it.
SYNC := UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --compile-bytecode --python $(PY)
COMPILE := $(BIN)/python -m compileall -q assistant tools > /dev/null

.PHONY: run test check lint types layers unit bench lock ml clean

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

bench: | $(UV)
	$(SYNC) --extra dev --extra bench
	$(BIN)/python -m benchmarks

# After editing dependencies in pyproject.toml: re-resolve and rewrite uv.lock (commit both).
lock: | $(UV)
	$(UV) lock

# A stamp per install, redone when pyproject.toml or uv.lock changes (a no-change sync still
# spends about 3 s checking 18k bytecode files). `run` keeps whatever else is installed (the dev
# tools after `make test`); `test` installs exactly the locked main + dev set, which CI checks.
$(VENV)/.installed-run: pyproject.toml uv.lock | $(UV)
	$(SYNC) --inexact
	$(COMPILE)
	touch $@

$(VENV)/.installed-dev: pyproject.toml uv.lock | $(UV)
	$(SYNC) --extra dev
	$(COMPILE)
	touch $@ $(VENV)/.installed-run

# The MiniLM embeddings (transformers, torch), in no README command; `make test` syncs exactly
# main + dev, so its next install removes them.
ml: | $(UV)
	$(SYNC) --inexact --extra ml

$(TOOLS)/bin/uv:
	$(PY) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .pytest_cache .ruff_cache
