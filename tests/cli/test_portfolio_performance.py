"""`coinpilot portfolio` shows the account against BTC and equal weight once time has passed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    assert main([*args, "--json"]) == 0
    out: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return out


def test_portfolio_reports_performance_after_the_demo_clock_moves(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _json(capsys, "portfolio")["performance"] is None
    plan = _json(capsys, "plan", str(EXAMPLES / "hrp_core.toml"))
    _json(capsys, "confirm", plan["plan_hash"])
    _json(capsys, "demo", "--advance", "10d")
    perf = _json(capsys, "portfolio")["performance"]
    assert [p["label"] for p in perf["periods"]] == ["since inception", "7 days"]
    assert set(perf["growth"]) == {"portfolio", "BTC", "equal weight"}
    assert len(perf["days"]) == 11 and perf["basket"] == ["BNB", "BTC", "ETH", "SOL", "XRP"]

    assert main(["portfolio"]) == 0
    shown = capsys.readouterr().out
    assert "Performance since" in shown and "equal weight" in shown and "vs BTC" in shown
