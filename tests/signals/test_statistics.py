"""Momentum, realized volatility and rolling correlation against their formulas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError
from assistant.signals import momentum, realized_volatility, rolling_correlation


def test_momentum_is_the_simple_return_over_the_window() -> None:
    out = momentum(pd.Series([100.0, 110.0, 121.0, 90.0]), window=2)
    assert out.isna().tolist() == [True, True, False, False]
    assert out.iloc[2:].tolist() == pytest.approx([0.21, 90.0 / 110.0 - 1.0])


def test_realized_volatility_annualizes_log_returns_with_365_days() -> None:
    prices = pd.Series([100.0, 102.0, 99.0, 103.0])
    logs = [math.log(102 / 100), math.log(99 / 102), math.log(103 / 99)]
    mean = sum(logs) / 3
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / 2)
    assert realized_volatility(prices, window=3).iloc[-1] == pytest.approx(sd * math.sqrt(365))


def test_rolling_correlation_matches_numpy_on_each_window() -> None:
    rng = np.random.default_rng(4)
    closes = pd.DataFrame(
        100 * np.exp(np.cumsum(rng.normal(0, 0.02, (60, 3)), axis=0)), columns=["A", "B", "C"]
    )
    out = rolling_correlation(closes, window=20)
    assert list(out.columns) == ["A~B", "A~C", "B~C"]
    returns = closes.pct_change().to_numpy()
    expected = np.corrcoef(returns[40:60, 0], returns[40:60, 2])[0, 1]
    assert out["A~C"].iloc[59] == pytest.approx(expected, rel=1e-10)
    assert out.iloc[:20].isna().all().all()


def test_rolling_correlation_names_a_missing_pair_member() -> None:
    closes = pd.DataFrame({"A": [1.0, 2.0, 3.0], "B": [3.0, 2.0, 1.5]})
    with pytest.raises(DataError, match="ZZZ"):
        rolling_correlation(closes, window=2, pairs=[("A", "ZZZ")])
    with pytest.raises(DataError, match="two asset columns"):
        rolling_correlation(closes[["A"]], window=2)
