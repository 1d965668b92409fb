"""`coinpilot --help` and `coinpilot spec` start without the heavy libraries they do not use.

A command's start-up is mostly imports (benchmarks/RESULTS.md, "CLI start"): LangChain alone took
longer than `coinpilot spec`'s whole budget. Each command here runs in a fresh interpreter, as a
shell runs it, and reports which modules it imported; nothing is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Runs ``coinpilot ARGS...`` in-process, then writes sys.modules' names to the file in argv[1].
PROBE = """
import json, sys
from assistant.launcher import main
try:
    main(sys.argv[2:])
except SystemExit:
    pass
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
"""
GOAL = "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%"
#: Libraries no start-up below may import (top-level package names).
HEAVY = {
    "alembic",
    "ccxt",
    "chromadb",
    "langchain",
    "langchain_core",
    "langchain_openai",
    "langgraph",
    "numba",
    "numpy",
    "openai",
    "pandas",
    "rich",
    "scipy",
    "textual",
    "torch",
    "transformers",
}


def imported(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages imported by one ``coinpilot ARGS`` run in a new interpreter."""
    report = tmp_path / "modules.json"
    env = {**os.environ, "COINPILOT_HOME": str(tmp_path / "home")}
    subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return {name.partition(".")[0] for name in json.loads(report.read_text())}


def test_help_imports_neither_the_engine_nor_pydantic_nor_sqlalchemy(tmp_path: Path) -> None:
    loaded = imported(tmp_path, "--help")
    assert not loaded & (HEAVY | {"pydantic", "sqlalchemy"})
    assert "tools" not in loaded


@pytest.mark.parametrize("command", ["spec-check", "plan", "backtest", "ask", "news"])
def test_a_commands_help_is_as_light(tmp_path: Path, command: str) -> None:
    assert not imported(tmp_path, command, "--help") & (HEAVY | {"pydantic", "sqlalchemy"})


def test_spec_json_keeps_langchain_chromadb_pandas_and_alembic_out(tmp_path: Path) -> None:
    imported(tmp_path, "spec", GOAL, "--json")  # the first run creates the journal (alembic)
    loaded = imported(tmp_path, "spec", GOAL, "--json")
    assert not loaded & HEAVY, f"`coinpilot spec --json` imported {sorted(loaded & HEAVY)}"
