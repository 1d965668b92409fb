"""Trailing statistics of prices: momentum, realized volatility and rolling correlation.

Definitions (row t uses rows t - window .. t only, never later ones):

- **momentum**: ``P_t / P_{t-window} - 1``, the simple return over the window.
- **realized volatility**: the sample standard deviation (divisor ``window - 1``) of the last
  ``window`` daily log returns ``ln(P_t / P_{t-1})``, times ``sqrt(periods_per_year)``. Crypto
  trades every day, so the default is 365 periods a year.
- **rolling correlation**: the Pearson correlation of two assets' simple daily returns over the
  last ``window`` returns.

These are the inputs the spec's tilts read; they must stay plain formulas a person can recompute,
and must never use a row after the one they describe.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assistant.domain import DataError

from ._inputs import Prices, as_prices, check_window

__all__ = ["PERIODS_PER_YEAR", "momentum", "realized_volatility", "rolling_correlation"]

#: Daily crypto data: every calendar day is a trading day.
PERIODS_PER_YEAR = 365


def momentum(prices: Prices, window: int = 90) -> Prices:
    """Simple return over the last ``window`` rows; NaN for the first ``window`` rows."""
    n = check_window(window)
    data = as_prices(prices)
    return data / data.shift(n) - 1.0


def realized_volatility(
    prices: Prices, window: int = 30, *, periods_per_year: int = PERIODS_PER_YEAR
) -> Prices:
    """Annualized standard deviation of the last ``window`` daily log returns."""
    n = check_window(window, minimum=2)
    data = as_prices(prices)
    log_returns: Prices = (data / data.shift(1)).transform(np.log)
    deviation: Prices = log_returns.rolling(n, min_periods=n).std(ddof=1)
    return deviation * float(np.sqrt(periods_per_year))


def rolling_correlation(
    prices: pd.DataFrame, window: int = 90, *, pairs: list[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Correlation of simple daily returns over the last ``window`` returns, per asset pair.

    Columns are named ``"A~B"``; every pair of columns is used when ``pairs`` is None.
    """
    n = check_window(window, minimum=2)
    data = as_prices(prices)
    if not isinstance(data, pd.DataFrame) or data.shape[1] < 2:
        raise DataError(
            "Rolling correlation needs a table with at least two asset columns.",
            hint="Pass closes with one column per asset.",
        )
    columns = [str(c) for c in data.columns]
    wanted = pairs or [(a, b) for i, a in enumerate(columns) for b in columns[i + 1 :]]
    missing = sorted({name for pair in wanted for name in pair} - set(columns))
    if missing:
        raise DataError(
            f"No price column for {', '.join(missing)}.",
            hint=f"Choose pairs among {', '.join(columns)}.",
        )
    returns = data / data.shift(1) - 1.0
    returns.columns = columns
    out = {f"{a}~{b}": returns[a].rolling(n, min_periods=n).corr(returns[b]) for a, b in wanted}
    return pd.DataFrame(out, index=data.index)
