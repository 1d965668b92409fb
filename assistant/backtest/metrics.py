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

A ratio whose denominator is zero (a flat curve) is None, never a made-up number. A run with
recurring contributions is measured on its time-weighted curve, with the money-weighted return
beside it (``flows``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import BaseModel, ConfigDict

from assistant.domain import DataError

from .flows import money_weighted_return, time_weighted_curve
from .panel import pydatetimes
from .records import RebalanceRecord

__all__ = [
    "PERIODS_PER_YEAR",
    "Drawdown",
    "Metrics",
    "compute_metrics",
    "compute_run_metrics",
    "max_drawdown",
]

PERIODS_PER_YEAR = 365
Floats = npt.NDArray[np.float64]
_NAT = np.iinfo(np.int64).min  # NaT among a DatetimeIndex's raw numbers
_EPOCH_YEAR = 1970  # numpy counts years from it


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
    #: with contributions: the money put in (capital included) and the XIRR; the other returns
    #: are then time-weighted and ``final_equity`` is the account's value
    contributed: float | None = None
    money_weighted_return: float | None = None


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
    index = _dates(equity.index)
    values = equity.to_numpy(dtype=np.float64)
    return _metrics(values, index, rebalances, None, fees, slippage, initial)


def compute_run_metrics(
    equity: Floats,
    index: pd.DatetimeIndex,
    rebalances: Sequence[RebalanceRecord],
    rows: Sequence[int],
    *,
    fees: float,
    slippage: float,
    initial: float,
    flows: Mapping[int, float] | None = None,
) -> Metrics:
    """:func:`compute_metrics` of a backtest's own curve, whose rebalances the day loop made on
    rows ``rows`` of ``index`` (increasing). Every record's date is a row of the curve, so
    these are the rows ``compute_metrics`` finds by converting the dates back (tests check
    both give the same metrics); the day loop knows them and skips that (about 30 us).
    ``index`` is a run's dates, which ``prepare_panel`` checked are strictly increasing, so
    they are not checked again here.

    ``flows``: money contributed on some rows (of this curve). The returns are then
    time-weighted (``flows`` module), and the metrics add the money put in and the
    money-weighted return."""
    if not flows:
        return _metrics(equity, index, rebalances, rows, fees, slippage, initial)
    curve = time_weighted_curve(equity, initial, flows)
    metrics = _metrics(curve, index, rebalances, rows, fees, slippage, initial)
    return metrics.model_copy(
        update={
            "final_equity": float(equity[-1]),
            "contributed": float(initial + sum(flows.values())),
            "money_weighted_return": money_weighted_return(equity, initial, flows),
        }
    )


def _metrics(
    equity: Floats,
    index: pd.DatetimeIndex,
    rebalances: Sequence[RebalanceRecord],
    rows: Sequence[int] | None,
    fees: float,
    slippage: float,
    initial: float | None,
) -> Metrics:
    """``rows``: the rebalances' rows of ``index`` when the caller knows them, else None."""
    days = len(equity)
    values = equity
    # with ``initial``, values[0] is E_0 (dated the day before the first row) and values[k] is
    # the equity of the index's row k - 1: ``offset`` is that shift
    offset = 0
    if initial is not None and days:
        offset = 1
        values = np.concatenate(([float(initial)], values))
    if rows is None and not (np.diff(index.asi8) > 0).all():  # a run's dates were checked
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
    mean, sd = _mean_and_sd(returns)
    downside = math.sqrt(float((np.minimum(returns, 0.0) ** 2).sum()) / n)
    root = math.sqrt(PERIODS_PER_YEAR)
    depth, peak, trough, recovery = _drawdown_rows(values)
    # every date the metrics show, converted in one go: the index's first and last, then the
    # drawdown's (values[k] is dated index[k - offset]; values[0] the day before with offset)
    marks = [k for k in (peak, trough, recovery) if k is not None]
    stamps = pydatetimes(index, [0, days - 1, *(max(k - offset, 0) for k in marks)])
    dates = dict(zip(marks, stamps[2:], strict=True))
    if offset and 0 in dates:
        dates[0] = (index[0] - pd.Timedelta(days=1)).to_pydatetime()
    if peak is not None and trough is not None:
        drawdown = Drawdown(
            depth=depth,
            peak=dates[peak],
            trough=dates[trough],
            recovery=dates[recovery] if recovery is not None else None,
        )
    else:
        drawdown = Drawdown(depth=0.0, peak=None, trough=None, recovery=None)
    turnover = float(sum(r.turnover for r in rebalances))
    if rows is None:
        rows = _rebalance_rows(index, rebalances)
    wins, periods = _win_rate(values, [r + offset for r in rows])
    ends, years = _year_ends(index, ordered=True, span=(stamps[0].year, stamps[1].year))
    return Metrics(
        start=stamps[0],
        end=stamps[1],
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
        yearly_returns=_yearly_returns(values[0], values[offset:], ends, years),
    )


def _dates(index: pd.Index) -> pd.DatetimeIndex:
    return index if isinstance(index, pd.DatetimeIndex) else pd.DatetimeIndex(index)


def _annual_growth(total: float, n: int) -> float | None:
    wealth = 1.0 + total
    return float(wealth ** (PERIODS_PER_YEAR / n) - 1.0) if wealth > 0.0 else None


def max_drawdown(equity: pd.Series) -> Drawdown:
    """The deepest fall from a running high, with its peak, trough and recovery dates."""
    index = _dates(equity.index)
    depth, peak, trough, recovery = _drawdown_rows(equity.to_numpy(dtype=np.float64))
    if peak is None or trough is None:
        return Drawdown(depth=0.0, peak=None, trough=None, recovery=None)
    rows = [peak, trough] if recovery is None else [peak, trough, recovery]
    stamps = pydatetimes(index, rows)
    return Drawdown(
        depth=depth,
        peak=stamps[0],
        trough=stamps[1],
        recovery=stamps[2] if recovery is not None else None,
    )


def _drawdown_rows(values: Floats) -> tuple[float, int | None, int | None, int | None]:
    """``(depth, peak, trough, recovery)`` as rows of ``values``; depth 0.0 and None rows when
    equity never fell, recovery None when it never came back to the peak."""
    running = np.maximum.accumulate(values)
    depth = values / running - 1.0
    trough = int(depth.argmin())
    if depth[trough] >= 0.0:
        return 0.0, None, None, None
    peak = int(values[: trough + 1].argmax())
    back = np.flatnonzero(values[trough:] >= values[peak])
    return float(depth[trough]), peak, trough, trough + int(back[0]) if back.size else None


def _mean_and_sd(returns: Floats) -> tuple[float, float]:
    """``returns.mean()`` and ``returns.std(ddof=1)`` (0.0 for one return), to the bit: the
    operations numpy's ``_mean`` and ``_var`` do for a 1-d float64 array, in their order (the
    pairwise sum over the count; the deviations from that mean squared, summed, over
    count - 1; the correctly rounded square root), without their generic machinery (about
    12 us of 3000 returns). Tests hold both to numpy's bits."""
    n = len(returns)
    mean = np.add.reduce(returns) / n
    if n < 2:
        return float(mean), 0.0
    deviations = returns - mean
    np.square(deviations, out=deviations)
    return float(mean), math.sqrt(float(np.add.reduce(deviations) / (n - 1)))


def yearly_returns(equity: pd.Series, *, skip_first: bool = False) -> dict[str, float]:
    """Calendar-year returns keyed by year (``"2022"``); partial first and last years included.

    ``skip_first``: the first row is only the base (the capital before the first day).
    """
    values = equity.to_numpy(dtype=np.float64)
    index = _dates(equity.index)
    if skip_first:
        return _yearly_returns(values[0], values[1:], *_year_ends(index[1:], ordered=False))
    if not len(values):
        return {}
    return _yearly_returns(values[0], values, *_year_ends(index, ordered=False))


def _yearly_returns(
    base: float, values: Floats, ends: Sequence[int], years: Sequence[int]
) -> dict[str, float]:
    """Each year's last value over the one before (the first year's over ``base``); ``ends``
    are the rows of ``values`` that end a calendar year (the last row included), ``years``
    those years."""
    out: dict[str, float] = {}
    for end, year in zip(ends, years, strict=True):
        last = values[end]
        out[str(year)] = float(last / base - 1.0)
        base = last
    return out


def _year_ends(
    index: pd.DatetimeIndex,
    *,
    ordered: bool,
    span: tuple[int, int] | None = None,
) -> tuple[list[int], list[int]]:
    """The last row of each calendar year in ``index`` (in date order) and that year.

    Without a time zone or in UTC the rows are found by a binary search for each new year's
    first instant among the raw numbers (a few us); pandas' ``year`` computes a field for
    every row (about 30 us for 3000 days), so it only serves other time zones, where a year
    begins at local midnight, an index holding NaT, and one not known to be in order
    (``ordered``: the caller checked that it is). ``span``: the first and last rows' years,
    when the caller has them."""
    if not len(index):
        return [], []
    stamps = index.asi8
    if (index.tz is None or index.tz == UTC) and stamps[0] != _NAT and ordered:
        unit = index.unit
        first, last = span if span is not None else (index[0].year, index[-1].year)
        # each year from the second on begins at the first row at or after its 1 January
        jan = np.arange(first + 1 - _EPOCH_YEAR, last + 1 - _EPOCH_YEAR)
        new_years = jan.astype("M8[Y]").astype(f"M8[{unit}]")
        begins = [0, *np.searchsorted(stamps, new_years.view(np.int64)).tolist(), len(stamps)]
        years = range(first, last + 1)
        spans = zip(years, pairwise(begins), strict=True)
        kept = [(year, b - 1) for year, (a, b) in spans if b > a]  # a year with no row: none
        return [end for _, end in kept], [year for year, _ in kept]
    calendar = index.year.to_numpy()
    # the dates are in order, so each year's last row is where the next year starts, minus one
    ends = [*np.flatnonzero(calendar[1:] != calendar[:-1]).tolist(), len(calendar) - 1]
    return ends, [int(calendar[end]) for end in ends]


def _rebalance_rows(index: pd.DatetimeIndex, rebalances: Sequence[RebalanceRecord]) -> list[int]:
    """The rows of ``index`` on the rebalances' dates, in order, each once (dates that are not
    a row are dropped)."""
    if not rebalances:
        return []
    stamps = pd.DatetimeIndex([r.date for r in rebalances])
    if index.tz is not None and stamps.tz is None:
        stamps = stamps.tz_localize(index.tz)
    elif index.tz is not None:
        stamps = stamps.tz_convert(index.tz)
    # the index is in order, so a binary search on the raw numbers finds them without pandas'
    # indexer
    times, wanted = index.asi8, stamps.as_unit(index.unit).asi8
    at = np.minimum(np.searchsorted(times, wanted), len(times) - 1)
    return sorted(set(at[times[at] == wanted].tolist()))


def _win_rate(values: Floats, rows: list[int]) -> tuple[float | None, int]:
    """The share of rising periods between rebalances (rows of ``values``, increasing), the
    last one running to the end, and the number of periods. One division per period, done
    over arrays: the same IEEE operations as one by one."""
    if not rows:
        return None, 0
    bounds = np.array([*rows, len(values) - 1])
    begin, end = bounds[:-1], bounds[1:]
    longer = end > begin
    changes = values[end[longer]] / values[begin[longer]] - 1.0
    if not changes.size:
        return None, 0
    # np.mean of the booleans: a count of ones over the count, both exact in float64
    return np.count_nonzero(changes > 0.0) / changes.size, int(changes.size)
