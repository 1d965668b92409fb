"""Performance metrics of an equity curve, with the formulas written down.

Conventions (they match quantstats with ``periods=365``, checked in tests/backtest):

- ``r_t = E_t / E_{t-1} - 1``: simple daily returns of the equity curve; ``n`` of them. A
  backtest passes its capital as ``E_0`` (the close before the first day), so ``n`` is the
  number of days and the opening trades' costs count.
- **Annualization: 365 periods a year**, because crypto trades every calendar day. Risk-free 0.
- ``total_return = E_last / E_first - 1``.
- ``CAGR = (1 + total_return) ** (365 / n) - 1``.
- ``volatility = std(r, ddof=1) * sqrt(365)``.
- ``Sharpe = mean(r) / std(r, ddof=1) * sqrt(365)``.
- ``Sortino = mean(r) / sqrt(sum(min(r, 0)^2) / n) * sqrt(365)`` (downside deviation over all
  ``n`` returns, as Sortino and quantstats define it).
- ``max_drawdown = min_t (E_t / max_{s<=t} E_s - 1)`` (negative); its *peak* is the date of
  that running maximum, its *trough* the date of the minimum, its *recovery* the first later date
  on which equity is back at the peak (None when it never was).
- ``Calmar = CAGR / |max_drawdown|``.
- **win rate**: the share of rebalance periods (from one rebalance to the next, the last one to
  the end) whose return is positive.
- **turnover**: the sum over rebalances of (buys + sells) / portfolio value; also per year.
- **per-year returns**: the last equity of each calendar year over the last of the year before
  (the first year over the first equity).

A ratio whose denominator is zero (a flat curve) is None, never a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from assistant.domain import DataError

from .records import RebalanceRecord

__all__ = ["PERIODS_PER_YEAR", "Drawdown", "Metrics", "compute_metrics", "max_drawdown"]

PERIODS_PER_YEAR = 365


class Drawdown(BaseModel):
    model_config = ConfigDict(frozen=True)

    depth: float  # negative fraction; 0 when equity never fell
    peak: datetime | None
    trough: datetime | None
    recovery: datetime | None


class Metrics(BaseModel):
    """Every number the backtest card shows; money in the quote currency."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime
    days: int
    start_equity: float
    final_equity: float
    total_return: float
    cagr: float | None
    volatility: float | None
    sharpe: float | None
    sortino: float | None
    calmar: float | None
    max_drawdown: Drawdown
    win_rate: float | None
    rebalance_periods: int
    rebalances: int
    turnover: float
    turnover_per_year: float
    fees: float
    slippage: float
    yearly_returns: dict[str, float]
    periods_per_year: int = PERIODS_PER_YEAR


def compute_metrics(
    equity: pd.Series,
    rebalances: Sequence[RebalanceRecord] = (),
    *,
    fees: float = 0.0,
    slippage: float = 0.0,
    initial: float | None = None,
) -> Metrics:
    """All metrics of ``equity`` (daily, indexed by date) and the rebalances that shaped it.

    ``initial`` is the capital before the first day's trades: it becomes ``E_0`` (dated the day
    before), so the first day's return includes the costs of the opening trades.
    """
    days = len(equity)
    index = _dates(equity.index)
    values = equity.to_numpy(dtype=np.float64)
    # with ``initial``, values[0] is E_0 (dated the day before the first row) and values[k] is
    # the equity of the index's row k - 1: ``offset`` is that shift
    offset = 0
    if initial is not None and days:
        offset = 1
        values = np.concatenate(([float(initial)], values))
    if not (np.diff(index.asi8) > 0).all():
        raise DataError(
            "Metrics need equity dated in increasing order, one row per date.",
            hint="Sort the equity curve by date and drop repeated dates.",
        )
    if len(values) < 2 or not np.isfinite(values).all() or (values <= 0.0).any():
        raise DataError(
            "Metrics need at least two days of positive, finite equity.",
            hint="Run the backtest over a longer period.",
        )
    returns = values[1:] / values[:-1] - 1.0
    n = len(returns)
    total = float(values[-1] / values[0] - 1.0)
    cagr = _annual_growth(total, n)
    sd = float(returns.std(ddof=1)) if n > 1 else 0.0
    mean = float(returns.mean())
    downside = math.sqrt(float((np.minimum(returns, 0.0) ** 2).sum()) / n)
    root = math.sqrt(PERIODS_PER_YEAR)
    drawdown = _max_drawdown(values, index, offset)
    turnover = float(sum(r.turnover for r in rebalances))
    wins, periods = _win_rate(values, index, offset, rebalances)
    return Metrics(
        start=index[0].to_pydatetime(),
        end=index[-1].to_pydatetime(),
        days=days,
        start_equity=float(values[0]),
        final_equity=float(values[-1]),
        total_return=total,
        cagr=cagr,
        volatility=sd * root if n > 1 else None,
        sharpe=mean / sd * root if sd > 0.0 else None,
        sortino=mean / downside * root if downside > 0.0 else None,
        calmar=cagr / abs(drawdown.depth) if cagr is not None and drawdown.depth < 0.0 else None,
        max_drawdown=drawdown,
        win_rate=wins,
        rebalance_periods=periods,
        rebalances=len(rebalances),
        turnover=turnover,
        turnover_per_year=turnover * PERIODS_PER_YEAR / n,
        fees=float(fees),
        slippage=float(slippage),
        yearly_returns=_yearly_returns(values[0], values[offset:], index.year.to_numpy()),
    )


def _dates(index: pd.Index) -> pd.DatetimeIndex:
    return index if isinstance(index, pd.DatetimeIndex) else pd.DatetimeIndex(index)


def _annual_growth(total: float, n: int) -> float | None:
    wealth = 1.0 + total
    return float(wealth ** (PERIODS_PER_YEAR / n) - 1.0) if wealth > 0.0 else None


def max_drawdown(equity: pd.Series) -> Drawdown:
    """The deepest fall from a running high, with its peak, trough and recovery dates."""
    return _max_drawdown(equity.to_numpy(dtype=np.float64), _dates(equity.index), 0)


def _max_drawdown(
    values: npt.NDArray[np.float64], index: pd.DatetimeIndex, offset: int
) -> Drawdown:
    """``values[k]`` is dated ``index[k - offset]``; with ``offset`` 1, values[0] the day before."""

    def date(k: int) -> datetime:
        if k >= offset:
            return index[k - offset].to_pydatetime()
        return (index[0] - pd.Timedelta(days=1)).to_pydatetime()

    running = np.maximum.accumulate(values)
    depth = values / running - 1.0
    trough = int(np.argmin(depth))
    if depth[trough] >= 0.0:
        return Drawdown(depth=0.0, peak=None, trough=None, recovery=None)
    peak = int(np.argmax(values[: trough + 1]))
    back = np.flatnonzero(values[trough:] >= values[peak])
    return Drawdown(
        depth=float(depth[trough]),
        peak=date(peak),
        trough=date(trough),
        recovery=date(trough + int(back[0])) if back.size else None,
    )


def yearly_returns(equity: pd.Series, *, skip_first: bool = False) -> dict[str, float]:
    """Calendar-year returns keyed by year (``"2022"``); partial first and last years included.

    ``skip_first``: the first row is only the base (the capital before the first day).
    """
    values = equity.to_numpy(dtype=np.float64)
    years = _dates(equity.index).year.to_numpy()
    if skip_first:
        return _yearly_returns(values[0], values[1:], years[1:])
    return _yearly_returns(values[0], values, years) if len(values) else {}


def _yearly_returns(
    base: float, values: npt.NDArray[np.float64], years: npt.NDArray[np.int32]
) -> dict[str, float]:
    """Each year's last value over the one before (the first year's over ``base``); ``years``
    are the values' calendar years, in date order."""
    # the dates are in order, so each year's last row is where the next year starts, minus one
    ends = [*np.flatnonzero(years[1:] != years[:-1]).tolist(), len(years) - 1]
    out: dict[str, float] = {}
    for end in ends if len(years) else []:
        last = values[end]
        out[str(int(years[end]))] = float(last / base - 1.0)
        base = last
    return out


def _win_rate(
    values: npt.NDArray[np.float64],
    index: pd.DatetimeIndex,
    offset: int,
    rebalances: Sequence[RebalanceRecord],
) -> tuple[float | None, int]:
    if not rebalances:
        return None, 0
    stamps = pd.DatetimeIndex([r.date for r in rebalances])
    if index.tz is not None and stamps.tz is None:
        stamps = stamps.tz_localize(index.tz)
    elif index.tz is not None:
        stamps = stamps.tz_convert(index.tz)
    # the rows of the rebalance dates (dates not in the index are dropped): the index is in
    # order, so a binary search on the raw numbers finds them without pandas' indexer
    times, wanted = index.asi8, stamps.as_unit(index.unit).asi8
    at = np.minimum(np.searchsorted(times, wanted), len(times) - 1)
    rows = sorted(set((at[times[at] == wanted] + offset).tolist()))
    bounds = [*rows, len(values) - 1]
    changes = [values[b] / values[a] - 1.0 for a, b in pairwise(bounds) if b > a]
    if not changes:
        return None, 0
    return float(np.mean(np.array(changes) > 0.0)), len(changes)
