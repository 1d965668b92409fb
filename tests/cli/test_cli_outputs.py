"""What the CLI prints is what the README promises: TOML numbers, one JSON document."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_spec_check_prints_capital_as_a_toml_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec-check", str(EXAMPLES / "hrp_core.toml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "capital = 5000" in lines
    assert not any(line.startswith('capital = "') for line in lines)
