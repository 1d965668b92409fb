"""Risk rules inside a backtest: each firing acts the next day and is recorded with a reason."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.backtest import run_backtest
from assistant.domain import StrategySpec
from tests.backtest.builders import Constant, frame, random_walks, spec

FREE = {"fee_bps": 0.0, "half_spread_bps": 0.0, "min_notional": 0.0, "min_history_days": 2}


def _run(s: StrategySpec, closes, weights, **extra):  # type: ignore[no-untyped-def]
    return run_backtest(s, closes, allocator=Constant(weights), **{**FREE, **extra})


def test_a_stop_loss_sells_the_position_the_day_after_the_stop_is_crossed() -> None:
    a = [100.0] * 5 + [95.0, 85.0, 78.0, 70.0] + [72.0] * 6
    closes = frame({"A": a, "B": [100.0] * len(a)})
    result = _run(
        spec(["A", "B"], rebalance={"drift_threshold": 0.9}, risk={"stop_loss": 0.2}),
        closes,
        {"A": 0.5, "B": 0.5},
    )
    (event,) = [e for e in result.events if e.rule == "stop_loss"]
    assert event.asset == "A" and event.date.date().isoformat() == "2024-01-09"
    assert "22.0% below its average cost 100" in event.reason
    assert result.weights.loc["2024-01-09", "A"] == 0.0
    assert result.weights.loc["2024-01-08", "A"] > 0.0


def test_a_drawdown_halt_sells_everything_waits_the_cooldown_then_re_enters() -> None:
    a = [100.0] * 4 + [80.0, 60.0, 50.0, 55.0] + [60.0] * 12
    closes = frame({"A": a})
    result = _run(
        spec(["A"], rebalance={"every_days": 100}, risk={"max_drawdown": 0.3}),
        closes,
        {"A": 1.0},
        cooldown_days=5,
    )
    halts = [e for e in result.events if e.rule == "max_drawdown"]
    assert [e.date.date().isoformat() for e in halts] == ["2024-01-07"]  # seen at the 60 close
    assert result.weights.loc["2024-01-07":"2024-01-11", "USDT"].eq(1.0).all()
    resume = [r for r in result.rebalances if r.trigger == "resume"]
    assert [r.date.date().isoformat() for r in resume] == ["2024-01-12"]
    assert result.weights.loc["2024-01-12", "A"] == pytest.approx(1.0)


def test_the_daily_loss_limit_pauses_the_rebalance_that_was_due() -> None:
    a = [100.0] * 6 + [70.0] + [70.0] * 6
    closes = frame({"A": a, "B": [100.0] * len(a)})
    result = _run(
        spec(["A", "B"], rebalance={"drift_threshold": 0.05}, risk={"daily_loss_limit": 0.1}),
        closes,
        {"A": 0.5, "B": 0.5},
    )
    # The fall at the close of 01-07 both breaks the limit and drifts A to 41%: the drift
    # rebalance due on 01-08 waits a day.
    (pause,) = [e for e in result.events if e.rule == "daily_loss_limit"]
    assert pause.date.date().isoformat() == "2024-01-08" and "15.0%" in pause.reason
    days = [(r.date.date().isoformat(), r.trigger) for r in result.rebalances]
    assert days == [("2024-01-03", "initial"), ("2024-01-09", "drift")]


def test_max_turnover_caps_a_rebalance_and_says_by_how_much() -> None:
    a = [100.0] * 4 + [200.0] * 6
    closes = frame({"A": a, "B": [100.0] * len(a)})
    result = _run(
        spec(["A", "B"], rebalance={"drift_threshold": 0.05}, constraints={"max_turnover": 0.1}),
        closes,
        {"A": 0.5, "B": 0.5},
    )
    capped = [e for e in result.events if e.rule == "max_turnover"]
    assert capped and "max_turnover allows 10.0%" in capped[0].reason
    assert all(r.turnover <= 0.1 + 1e-12 for r in result.rebalances[1:])
    assert result.rebalances[0].turnover == pytest.approx(1.0)  # the first funding is not capped


def test_the_volatility_target_holds_the_excess_as_cash() -> None:
    closes = random_walks(3, 200, vol=0.05)
    result = _run(
        spec(list(closes.columns), risk={"volatility_target": 0.2}),
        closes,
        {c: 1 / 3 for c in closes.columns},
        min_history_days=60,
    )
    events = [e for e in result.events if e.rule == "volatility_target"]
    assert events and "above the 20% target" in events[0].reason
    first = result.rebalances[0]
    assert first.targets["USDT"] > 0.3
    assert np.isclose(sum(first.targets.values()), 1.0)
