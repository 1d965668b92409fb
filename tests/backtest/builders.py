"""Small builders for backtest tests: price tables, specs and allocators (no I/O)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from assistant.domain import StrategySpec, TargetAllocation


def frame(columns: Mapping[str, list[float]], start: str = "2024-01-01") -> pd.DataFrame:
    """Daily closes (UTC) from lists of equal length; use NaN for 'not listed / gone'."""
    length = len(next(iter(columns.values())))
    index = pd.date_range(start, periods=length, freq="D", tz="UTC")
    return pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in columns.items()}, index=index)


def random_walks(n_assets: int, days: int, *, seed: int = 7, vol: float = 0.04) -> pd.DataFrame:
    """Seeded geometric random walks with a little common factor, like crypto closes."""
    rng = np.random.default_rng(seed)
    common = rng.normal(0.0, vol * 0.6, size=(days, 1))
    own = rng.normal(0.0005, vol * 0.8, size=(days, n_assets))
    prices = 100.0 * np.exp(np.cumsum(common + own, axis=0))
    index = pd.date_range("2018-01-01", periods=days, freq="D", tz="UTC")
    return pd.DataFrame(prices, index=index, columns=[f"C{i:02d}" for i in range(n_assets)])


def spec(symbols: list[str], **fields: Any) -> StrategySpec:
    data: dict[str, Any] = {
        "universe": {"symbols": symbols},
        "rebalance": {"drift_threshold": 0.05},
        "lookback_days": 60,
    }
    data.update(fields)
    return StrategySpec.model_validate(data)


def allocation(weights: Mapping[str, float]) -> TargetAllocation:
    cash = 1.0 - sum(weights.values())
    return TargetAllocation(
        objective="test", raw_weights=dict(weights), weights=dict(weights), cash_weight=cash
    )


class Constant:
    """An allocator that always returns the same weights (of the assets it is shown)."""

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.weights = dict(weights)

    def __call__(self, closes: pd.DataFrame, **_: Any) -> TargetAllocation:
        shown = {a: w for a, w in self.weights.items() if a in closes.columns}
        return allocation(shown)


class Recording:
    """Equal weights over the assets shown, remembering every window it was shown."""

    def __init__(self) -> None:
        self.windows: list[pd.DataFrame] = []

    def __call__(
        self, closes: pd.DataFrame, *, exclude: Collection[str] = (), **_: Any
    ) -> TargetAllocation:
        self.windows.append(closes.copy())
        names = [str(c) for c in closes.columns if c not in exclude]
        return allocation({a: 1.0 / len(names) for a in names})
