"""Seeded synthetic data for the portfolio tests: correlated returns and the closes they imply.

A few common factors make the assets correlated (as crypto is), distinct volatilities and drifts
keep every asset different, so there are no ties in distances or variances.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pypfopt import HRPOpt


def factor_returns(
    seed: int, n_assets: int, n_periods: int, *, n_factors: int = 3, drift: float = 0.001
) -> np.ndarray:
    """T x N simple daily returns with factor correlation, vols of 1-5% and small drifts."""
    rng = np.random.default_rng(seed)
    loadings = rng.normal(0.0, 1.0, (n_factors, n_assets))
    mixed = rng.standard_normal((n_periods, n_factors)) @ loadings * 0.5
    mixed += rng.standard_normal((n_periods, n_assets))
    mixed /= mixed.std(axis=0)
    vol = rng.uniform(0.01, 0.05, n_assets)
    return rng.normal(drift, 0.0005, n_assets) + mixed * vol


def closes_frame(returns: np.ndarray, names: list[str] | None = None) -> pd.DataFrame:
    """Daily closes (first row 100) whose simple returns are exactly ``returns``."""
    n_periods, n_assets = returns.shape
    names = names or [f"A{i:03d}" for i in range(n_assets)]
    prices = 100.0 * np.vstack([np.ones(n_assets), np.cumprod(1.0 + returns, axis=0)])
    index = pd.date_range("2024-01-01", periods=n_periods + 1, freq="D")
    return pd.DataFrame(prices, index=index, columns=names)


def pypfopt_hrp(returns: np.ndarray, linkage: str) -> np.ndarray:
    """PyPortfolioOpt's HRP weights for ``returns``, in column order (the oracle)."""
    frame = pd.DataFrame(returns, columns=[f"A{i:04d}" for i in range(returns.shape[1])])
    weights = HRPOpt(frame).optimize(linkage_method=linkage)
    return np.array([weights[c] for c in frame.columns])
