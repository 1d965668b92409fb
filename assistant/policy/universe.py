"""Which assets a decision may hold: enough history, and for a top-N universe the busiest.

Both rules are used by every mode, a preview and a backtest alike.

An asset joins the allocation once it has ``join_days(lookback)`` days of closes before the
decision (``min(lookback, 90)``): a coin listed last week has no covariance worth optimising on,
and a backtest that bought it on its first day would trade on a history no one had. The
backtester applies the rule to its whole panel at once (``backtest/state.py``, ``eligible``); a
preview applies it to the window it loaded (:func:`eligible_columns`). Both count the same days:
from an asset's first close to the last close the decision may use, inclusive.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = [
    "JOIN_DAYS",
    "VOLUME_DAYS",
    "eligible_columns",
    "join_days",
    "mean_quote_volume",
    "top_by_volume",
]

#: An asset joins the allocation after this many days of closes (or the lookback, if shorter).
JOIN_DAYS = 90
#: Days of daily quote volume averaged to rank a top-N universe (and to size the cost model's
#: book): the mean of the days up to the last close known.
VOLUME_DAYS = 30


def join_days(lookback: int, given: int | None = None) -> int:
    """Days of closes an asset needs before it is held: ``given``, else ``min(lookback, 90)``."""
    return given if given is not None else min(lookback, JOIN_DAYS)


def eligible_columns(closes: pd.DataFrame, min_history: int) -> tuple[list[str], list[str]]:
    """``(eligible, waiting)``: the columns of ``closes`` (rows up to the last close a decision
    may use) with at least ``min_history`` days from their first close to the last row, and
    the others. A gap on the last day does not count against an asset (its last close carries
    forward, as in the backtester); a coin that stopped trading is refused before this, by the
    market check."""
    present = ~np.isnan(closes.to_numpy(dtype=np.float64))
    rows = len(present)
    first = np.where(present.any(axis=0), present.argmax(axis=0), rows)
    ok = rows - first >= min_history
    names = [str(c) for c in closes.columns]
    return [n for n, k in zip(names, ok, strict=True) if k], [
        n for n, k in zip(names, ok, strict=True) if not k
    ]


def mean_quote_volume(quote_volume: pd.DataFrame) -> pd.DataFrame:
    """Each row of ``quote_volume`` (days x assets, each a day's volume in quote), as the mean
    of the ``VOLUME_DAYS`` rows ending there (missing days left out; NaN before any)."""
    return quote_volume.rolling(VOLUME_DAYS, min_periods=1).mean()


def top_by_volume(volumes: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` names with the largest volume, the largest first; a volume that is not known
    (NaN) counts as none, and ties go to the name first in the alphabet."""

    def key(name: str) -> tuple[float, str]:
        volume = float(volumes[name])
        return (-(volume if volume == volume else 0.0), name)

    return sorted(volumes, key=key)[:n]
