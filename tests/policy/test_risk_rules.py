"""The risk rules as plain functions: inclusive limits, scalar and array forms agree."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.domain import Risk, UserInputError
from assistant.policy.risk import (
    RiskLimits,
    daily_loss_breached,
    drawdown_breached,
    stop_loss_hit,
    turnover_scale,
    volatility_scale,
)


def test_stop_loss_fires_at_the_stop_level_only_for_held_positions() -> None:
    assert stop_loss_hit(80.0, 100.0, 0.2) is True
    assert stop_loss_hit(80.01, 100.0, 0.2) is False
    assert stop_loss_hit(1.0, 0.0, 0.2) is False  # flat: no entry, no stop
    assert stop_loss_hit(50.0, 100.0, None) is False
    prices = np.array([[90.0, 70.0], [85.0, 60.0]])
    hits = stop_loss_hit(prices, np.array([100.0, 100.0]), 0.3)
    assert hits.tolist() == [[False, True], [False, True]]


def test_drawdown_and_daily_loss_limits_are_inclusive() -> None:
    assert drawdown_breached(75.0, 100.0, 0.25) is True
    assert drawdown_breached(75.01, 100.0, 0.25) is False
    assert daily_loss_breached(90.0, 100.0, 0.1) is True
    assert daily_loss_breached(90.5, 100.0, 0.1) is False
    arr = drawdown_breached(np.array([100.0, 70.0]), np.array([100.0, 100.0]), 0.3)
    assert arr.tolist() == [False, True]
    assert drawdown_breached(1.0, 100.0, None) is False


def test_turnover_scale_shrinks_all_orders_to_the_cap() -> None:
    assert turnover_scale(0.8, 0.2) == pytest.approx(0.25)
    assert turnover_scale(0.1, 0.2) == 1.0
    assert turnover_scale(0.8, None) == 1.0


def test_volatility_scale_uses_the_annualized_sample_covariance() -> None:
    rng = np.random.default_rng(0)
    returns = rng.normal(0, 0.05, (200, 2))
    w = np.array([0.5, 0.5])
    scale, vol = volatility_scale(w, returns, 0.2)
    expected = np.sqrt(w @ np.cov(returns, rowvar=False, ddof=1) @ w * 365)
    assert vol == pytest.approx(expected, rel=1e-12)
    assert scale == pytest.approx(0.2 / expected)
    assert volatility_scale(w, returns, 5.0)[0] == 1.0


def test_limits_come_from_the_spec_and_refuse_a_zero_cooldown() -> None:
    limits = RiskLimits.from_spec(Risk(stop_loss=0.2, max_drawdown=0.3), max_turnover=0.5)
    assert (limits.stop_loss, limits.max_drawdown, limits.max_turnover) == (0.2, 0.3, 0.5)
    with pytest.raises(UserInputError, match="cooldown_days"):
        RiskLimits(cooldown_days=0)
