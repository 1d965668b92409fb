"""No look-ahead: decisions use closes up to the day before, and trades fill at the day's close."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import backtest_weights, run_backtest
from assistant.domain import Rebalance, TargetAllocation
from tests.backtest.builders import Recording, allocation, frame, spec


def test_first_trade_fills_at_the_start_days_close_not_the_day_before() -> None:
    closes = frame({"A": [90.0, 100.0, 110.0, 121.0, 110.0]})
    result = backtest_weights(
        {"A": 0.5}, closes, rule=None, start="2024-01-02", capital=1000.0, fee_bps=10.0
    )
    # 500 of A bought at 100 (the start day's close): 5 units; fee 0.5; cash 499.5.
    expected = [499.5 + 5 * p for p in (100.0, 110.0, 121.0, 110.0)]
    assert result.equity.tolist() == pytest.approx(expected, rel=1e-12)
    assert result.metrics.fees == pytest.approx(0.5)
    assert result.rebalances[0].date == pd.Timestamp("2024-01-02", tz="UTC")


def test_every_decision_window_ends_before_its_trade_day() -> None:
    closes = frame({"A": list(np.linspace(100, 150, 80)), "B": list(np.linspace(50, 40, 80))})
    recorder = Recording()
    result = run_backtest(
        spec(["A", "B"], lookback_days=30, rebalance={"every_days": 3}),
        closes,
        allocator=recorder,
        min_history_days=5,
    )
    trade_days = [r.date for r in result.rebalances]
    assert len(recorder.windows) == len(trade_days) > 10
    for window, day in zip(recorder.windows, trade_days, strict=True):
        assert window.index[-1] == pd.Timestamp(day) - pd.Timedelta(days=1)
        assert len(window) <= 30


def _paired_signs(days: int, seed: int) -> pd.DataFrame:
    """A's return into day 2k+1 repeats the one into day 2k, which is a coin flip: knowing a
    day's own close predicts the next day, while closes up to the day before predict nothing."""
    rng = np.random.default_rng(seed)
    returns = np.empty(days)
    for k in range(0, days, 2):
        move = 0.2 if rng.random() < 0.5 else -0.2
        returns[k : k + 2] = move
    prices = 100.0 * np.cumprod(1.0 + returns)
    return frame({"A": list(prices)})


class _Chaser:
    """Holds A after a rise, cash after a fall: profitable only with a peek at today's close."""

    def __call__(self, closes: pd.DataFrame, **_: Any) -> TargetAllocation:
        last = closes["A"].to_numpy()
        return allocation({"A": 1.0 if last[-1] > last[-2] else 0.0})


def test_a_strategy_that_would_profit_from_look_ahead_does_not() -> None:
    closes = _paired_signs(400, seed=3)
    result = run_backtest(
        spec(["A"], lookback_days=30, rebalance={"every_days": 1}),
        closes,
        allocator=_Chaser(),
        min_history_days=3,
        fee_bps=0.0,
        half_spread_bps=0.0,
        min_notional=0.0,
    )
    # A one-day peek would compound +20% on about a quarter of the days (~1e7 x over 400 days).
    cheat = np.prod([1.2] * 100)
    assert result.metrics.final_equity < 10 * 10_000.0 < cheat * 10_000.0
    assert result.metrics.rebalances > 50


def test_rebalance_waits_a_day_after_the_drift_is_seen() -> None:
    a = [100.0] * 5 + [300.0] * 5
    closes = frame({"A": a, "B": [100.0] * 10})
    result = backtest_weights(
        {"A": 0.5, "B": 0.5},
        closes,
        rule=Rebalance(drift_threshold=0.1),
        start="2024-01-02",
        fee_bps=0.0,
    )
    # A triples at the close of day 6 (index 5); the drift is acted on at day 7's close.
    dates = [r.date.date().isoformat() for r in result.rebalances]
    assert dates == ["2024-01-02", "2024-01-07"]
    assert result.weights.loc["2024-01-06", "A"] == pytest.approx(0.75)
    assert result.weights.loc["2024-01-07", "A"] == pytest.approx(0.5)


def test_progress_is_reported_up_to_the_last_day_and_cancel_stops_the_run() -> None:
    from assistant.backtest import BacktestCancelledError

    closes = frame({"A": list(np.linspace(100, 200, 400)), "B": list(np.linspace(50, 40, 400))})
    seen: list[tuple[int, int]] = []
    backtest_weights(
        {"A": 0.5, "B": 0.5},
        closes,
        rule=Rebalance(every_days=7),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (400, 400)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = {"n": 0}

    def stop_after_three() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(BacktestCancelledError, match="cancelled"):
        backtest_weights(
            {"A": 0.5, "B": 0.5}, closes, rule=Rebalance(every_days=7), cancel=stop_after_three
        )
