"""Classic chart indicators: RSI (Wilder), MACD and Bollinger Bands, in their textbook forms.

Each follows the author's definition, not a variant that happens to be convenient, so a number
here can be checked by hand or against any charting package:

- **RSI** (Wilder, 1978): the changes ``d_t = P_t - P_{t-1}`` split into gains ``max(d, 0)`` and
  losses ``max(-d, 0)``. The first average is the simple mean of the first ``n`` of each; after
  that ``avg_t = (avg_{t-1} * (n - 1) + x_t) / n`` (Wilder's smoothing, an EMA with
  ``alpha = 1/n``). ``RSI = 100 - 100 / (1 + avg_gain / avg_loss)``; 100 when there is no loss.
  The first value is at row ``n`` (it needs ``n`` changes).
- **MACD** (Appel): ``EMA_fast - EMA_slow`` of the closes, with ``EMA_t = a P_t + (1 - a)
  EMA_{t-1}``, ``a = 2 / (span + 1)``, seeded with the first close; the signal line is the same
  EMA of the MACD line, and the histogram their difference. Values before an EMA has seen
  ``span`` points are NaN.
- **Bollinger Bands**: the ``n``-day simple moving average plus and minus ``k`` population
  standard deviations (divisor ``n``, as Bollinger defined them).

Pure functions: nothing here looks ahead (row t uses rows up to t) or keeps state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

import numpy as np
import pandas as pd

from assistant.domain import UserInputError

from ._inputs import Prices, as_prices, check_window

__all__ = ["BollingerBands", "Macd", "bollinger_bands", "ema", "macd", "rsi"]


def rsi(prices: Prices, window: int = 14) -> Prices:
    """Wilder's RSI (0..100) of each column; NaN for the first ``window`` rows."""
    n = check_window(window, minimum=1)
    data = as_prices(prices)
    values = data.to_numpy().reshape(len(data), -1)
    out = np.column_stack([_wilder_rsi(values[:, j], n) for j in range(values.shape[1])])
    if isinstance(data, pd.Series):
        return pd.Series(out[:, 0], index=data.index, name=data.name)
    return pd.DataFrame(out, index=data.index, columns=data.columns)


def _wilder_rsi(closes: np.ndarray, n: int) -> np.ndarray:
    out = np.full(len(closes), np.nan)
    valid = np.flatnonzero(~np.isnan(closes))
    if len(valid) == 0:
        return out
    first = valid[0]
    series = closes[first:]
    if len(series) <= n or np.isnan(series).any():
        # A gap inside the series breaks Wilder's recursion; the caller must repair it first.
        return out
    change = np.diff(series)
    gain, loss = np.clip(change, 0.0, None), np.clip(-change, 0.0, None)
    avg_gain, avg_loss = gain[:n].mean(), loss[:n].mean()
    result = np.empty(len(change) - n + 1)
    result[0] = _rsi_value(avg_gain, avg_loss)
    for i in range(n, len(change)):
        avg_gain = (avg_gain * (n - 1) + gain[i]) / n
        avg_loss = (avg_loss * (n - 1) + loss[i]) / n
        result[i - n + 1] = _rsi_value(avg_gain, avg_loss)
    out[first + n :] = result
    return out


def _rsi_value(avg_gain: float, avg_loss: float) -> float:
    if avg_loss == 0.0:
        return 100.0 if avg_gain > 0.0 else 50.0
    return float(100.0 - 100.0 / (1.0 + avg_gain / avg_loss))


def ema(prices: Prices, span: int) -> Prices:
    """Exponential moving average, ``alpha = 2 / (span + 1)``, seeded with the first value."""
    n = check_window(span, name="span")
    data = as_prices(prices)
    return data.ewm(span=n, adjust=False, min_periods=n).mean()


@dataclass(frozen=True)
class Macd(Generic[Prices]):
    """MACD line, signal line and histogram (MACD minus signal), same shape as the input."""

    line: Prices
    signal: Prices
    histogram: Prices


def macd(prices: Prices, fast: int = 12, slow: int = 26, signal: int = 9) -> Macd[Prices]:
    """Appel's MACD with the usual 12/26/9 spans unless told otherwise."""
    f, s = check_window(fast, name="fast"), check_window(slow, name="slow")
    g = check_window(signal, name="signal")
    if f >= s:
        raise UserInputError(
            f"The fast span ({f}) must be shorter than the slow span ({s}).",
            hint="Use for example fast=12, slow=26.",
        )
    data = as_prices(prices)
    line = ema(data, f) - ema(data, s)
    sig = line.ewm(span=g, adjust=False, min_periods=g).mean()
    return Macd(line=line, signal=sig, histogram=line - sig)


@dataclass(frozen=True)
class BollingerBands(Generic[Prices]):
    """Middle band (SMA), upper and lower bands, and %B: where the price sits, 0 low and 1 high."""

    middle: Prices
    upper: Prices
    lower: Prices
    percent_b: Prices


def bollinger_bands(prices: Prices, window: int = 20, k: float = 2.0) -> BollingerBands[Prices]:
    """Bollinger Bands over ``window`` rows with ``k`` population standard deviations."""
    n = check_window(window, minimum=2)
    data = as_prices(prices)
    middle = data.rolling(n, min_periods=n).mean()
    spread = data.rolling(n, min_periods=n).std(ddof=0) * float(k)
    upper, lower = middle + spread, middle - spread
    width = (upper - lower).replace(0.0, np.nan)
    return BollingerBands(middle=middle, upper=upper, lower=lower, percent_b=(data - lower) / width)
