"""Ornstein-Uhlenbeck mean-reversion fit: how strongly, and towards what, a price pulls back.

The discrete model is ``P_t = mu + theta (P_{t-1} - mu) + eps_t``. Rewritten as the straight line
``P_t = a + b P_{t-1} + eps_t``, ordinary least squares gives ``b`` and ``a``, and then

- ``theta = b``: the share of yesterday's gap to the mean that survives one day;
- ``mu = a / (1 - b)``: the level the price reverts to (only meaningful when ``b < 1``);
- ``half_life = ln(2) / -ln(b)`` days for ``0 < b < 1``: how long a gap takes to halve;
- ``sigma`` the standard deviation of the residuals (divisor ``n - 2``, the OLS estimate), and
  ``equilibrium_sd = sigma / sqrt(1 - b^2)``, the spread of prices around ``mu``.

When ``b >= 1`` the price does not revert (a random walk or a trend): ``mean_reverting`` is
False and the half-life is infinite. When ``b <= 0`` the price flips sign around the mean each day;
that is not the slow pull the model describes, so it is reported as not mean-reverting too.
Fit log prices when the level varies a lot. This module never looks past its input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assistant.domain import DataError

__all__ = ["OUFit", "fit_ou"]


@dataclass(frozen=True)
class OUFit:
    """The fitted model; ``mu`` and ``equilibrium_sd`` are NaN when it does not revert."""

    theta: float
    mu: float
    half_life: float
    sigma: float
    equilibrium_sd: float
    observations: int
    mean_reverting: bool

    def zscore(self, price: float) -> float:
        """How many equilibrium standard deviations ``price`` sits from ``mu``; NaN if no fit."""
        if not self.mean_reverting or not self.equilibrium_sd > 0.0:
            return float("nan")
        return (price - self.mu) / self.equilibrium_sd


def fit_ou(prices: pd.Series | np.ndarray) -> OUFit:
    """OLS fit of ``P_t`` on ``P_{t-1}`` over a gap-free series of at least 3 points."""
    values = np.asarray(prices, dtype=np.float64).ravel()
    if len(values) < 3:
        raise DataError(
            f"An Ornstein-Uhlenbeck fit needs at least 3 prices; got {len(values)}.",
            hint="Use a longer window of closes.",
        )
    if not np.isfinite(values).all():
        raise DataError(
            "The prices for the Ornstein-Uhlenbeck fit hold a missing or infinite value.",
            hint="Fit over a window without gaps (for example after the asset was listed).",
        )
    x, y = values[:-1], values[1:]
    x_mean, y_mean = x.mean(), y.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    if sxx == 0.0:
        raise DataError(
            "The prices never moved, so no mean reversion can be estimated.",
            hint="Leave this asset out of the mean-reversion tilt.",
        )
    b = float(((x - x_mean) * (y - y_mean)).sum() / sxx)
    a = float(y_mean - b * x_mean)
    residuals = y - (a + b * x)
    n = len(y)
    sigma = float(np.sqrt((residuals**2).sum() / (n - 2))) if n > 2 else 0.0
    reverting = 0.0 < b < 1.0
    if not reverting:
        return OUFit(b, math.nan, math.inf, sigma, math.nan, n, False)
    return OUFit(
        theta=b,
        mu=a / (1.0 - b),
        half_life=math.log(2.0) / -math.log(b),
        sigma=sigma,
        equilibrium_sd=sigma / math.sqrt(1.0 - b * b),
        observations=n,
        mean_reverting=True,
    )
