"""The experimental rl objective: seeded, walk-forward, valid weights, and it does learn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import run_backtest
from assistant.domain import DataError, Objective, StrategySpec
from assistant.portfolio import (
    RL_EXPERIMENTAL,
    RLConfig,
    allocate,
    min_rl_returns,
    optimize,
    rl_weights,
    train_policy,
)
from assistant.portfolio import rl as rl_module
from tests.portfolio.synthetic import closes_frame, factor_returns

RETURNS = factor_returns(11, 8, 300)
FAST = RLConfig(epochs=40)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    rl_module._cache.clear()


def test_same_seed_same_policy_and_another_seed_another_start() -> None:
    first = train_policy(RETURNS, FAST).theta
    rl_module._cache.clear()
    again = train_policy(RETURNS, FAST).theta
    rl_module._cache.clear()
    other = train_policy(RETURNS, RLConfig(epochs=40, seed=1)).theta
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_trained_policy_is_recalled_not_retrained_for_the_same_window() -> None:
    assert train_policy(RETURNS, FAST) is train_policy(RETURNS.copy(), FAST)
    assert train_policy(RETURNS, FAST) is not train_policy(RETURNS[1:], FAST)


def test_weights_are_a_fully_invested_long_only_portfolio() -> None:
    w = rl_weights(RETURNS, FAST)
    assert w.shape == (8,)
    assert (w > 0.0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


def test_caps_and_floors_hold_through_optimize() -> None:
    w = optimize(RETURNS, Objective.RL, min_weight=0.05, max_weight=0.15)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    assert w.min() >= 0.05 - 1e-12 and w.max() <= 0.15 + 1e-12


def test_allocate_keeps_the_reserve_and_cap_and_says_rl_is_experimental() -> None:
    closes = closes_frame(RETURNS)
    allocation = allocate(closes, objective="rl", max_weight=0.2, cash_reserve=0.1)
    weights = [w for a, w in allocation.weights.items() if a in closes.columns]
    assert sum(weights) == pytest.approx(0.9, abs=1e-9)
    assert max(weights) <= 0.2 + 1e-12
    assert allocation.notes[0] == RL_EXPERIMENTAL
    assert "experimental" in RL_EXPERIMENTAL


def test_training_uses_only_rows_of_the_window_it_was_given() -> None:
    policy = train_policy(RETURNS, FAST)
    assert policy.train_rows <= RETURNS.shape[0]
    # Changing anything after the window cannot reach the weights: a longer history with a
    # different future gives the same weights when cut back to the same window.
    future = np.vstack([RETURNS, np.full((30, 8), 0.5)])
    np.testing.assert_array_equal(
        rl_weights(RETURNS, FAST), rl_weights(future[: RETURNS.shape[0]], FAST)
    )


def test_too_short_a_window_is_refused_with_the_length_needed() -> None:
    short = RETURNS[: min_rl_returns() - 1]
    with pytest.raises(DataError, match=f"at least {min_rl_returns()} daily returns"):
        rl_weights(short)


def test_training_raises_the_after_cost_reward_above_equal_weight() -> None:
    """On returns where yesterday's winners keep winning, the policy learns to follow them."""
    rng = np.random.default_rng(5)
    n, t = 6, 320
    regime = np.zeros((t, n))
    drift = rng.normal(0.0, 0.004, n)
    for i in range(t):
        if i % 40 == 0:
            drift = rng.normal(0.0, 0.004, n)
        regime[i] = drift
    returns = regime + rng.normal(0.0, 0.01, (t, n))
    cfg = RLConfig(epochs=80, init_scale=0.0)
    trained = train_policy(returns, cfg)
    # Mean reward of equal weight on the same training decisions, from the same code path.
    untrained = train_policy(returns, RLConfig(epochs=1, learning_rate=0.0, init_scale=0.0))
    assert trained.train_reward > untrained.train_reward
    assert trained.theta[0] + trained.theta[1] + trained.theta[2] > 0.0  # momentum up


def _rl_spec(symbols: list[str]) -> StrategySpec:
    return StrategySpec.model_validate(
        {
            "universe": {"symbols": symbols},
            "objective": "rl",
            "lookback_days": 150,
            "constraints": {"max_weight": 0.3},
            "risk": {"level": "aggressive"},
            "rebalance": {"every_days": 45},
        }
    )


def test_backtest_targets_do_not_see_the_trade_day_or_later() -> None:
    """Walk-forward: rewriting every close from a rebalance day on leaves that rebalance's (and
    every earlier one's) targets unchanged, and each window ended before its trade day."""
    closes = closes_frame(factor_returns(21, 5, 330))
    spec = _rl_spec(list(closes.columns))
    seen: list[pd.Timestamp] = []

    def spy(window: pd.DataFrame, **options: object) -> object:
        seen.append(window.index[-1])
        return allocate(window, **options)  # type: ignore[arg-type]

    base = run_backtest(spec, closes, allocator=spy)  # type: ignore[arg-type]
    trades = [r for r in base.rebalances if r.targets]
    assert len(trades) >= 3
    assert all(last < r.date for last, r in zip(seen, trades, strict=False))
    cut = trades[2].date
    changed = closes.copy()
    changed.loc[changed.index >= cut] *= np.linspace(0.5, 3.0, closes.shape[1])
    again = run_backtest(spec, changed, allocator=allocate)
    for before, after in zip(
        trades[:3], [r for r in again.rebalances if r.targets][:3], strict=True
    ):
        assert before.date == after.date
        assert before.targets == pytest.approx(after.targets, abs=1e-12)
    for r in trades:
        coins = [w for a, w in r.targets.items() if a != spec.quote]
        assert sum(r.targets.values()) == pytest.approx(1.0, abs=1e-9)
        assert max(coins) <= 0.3 + 1e-9
