"""Checks shared by every indicator: a float series or frame of prices, and a sane window.

Indicators accept a :class:`pandas.Series` (one asset) or a :class:`pandas.DataFrame` (one column
per asset) and return the same shape, so a caller never reshapes. This module only validates and
converts; it must never fill, drop or reorder data (a NaN stays a NaN, for the caller to see).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

from assistant.domain import DataError, UserInputError

Prices = TypeVar("Prices", pd.Series, pd.DataFrame)


def as_prices(prices: Prices, *, name: str = "prices") -> Prices:
    """``prices`` as float64, after checking it is a Series/DataFrame with increasing labels."""
    if not isinstance(prices, pd.Series | pd.DataFrame):
        raise DataError(
            f"{name} must be a pandas Series or DataFrame, not {type(prices).__name__}.",
            hint="Pass closes indexed by date, one column per asset.",
        )
    if not prices.index.is_monotonic_increasing:
        raise DataError(
            f"The dates of {name} are not in increasing order.",
            hint="Sort the rows by date before computing indicators.",
        )
    try:
        return prices.astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"{name} holds values that are not numbers ({exc}).",
            hint="Every cell must be a price or empty (NaN).",
        ) from exc


def check_window(window: int, *, name: str = "window", minimum: int = 1) -> int:
    """``window`` as an int of at least ``minimum``; a bad value names itself and the fix."""
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < minimum:
        raise UserInputError(
            f"{name} must be a whole number of at least {minimum}; got {window!r}.",
            hint=f"Use for example {name}={max(minimum, 14)}.",
        )
    return int(window)
