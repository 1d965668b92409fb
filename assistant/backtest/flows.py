"""Returns of a backtest that money was added to: time-weighted and money-weighted.

A recurring contribution raises the equity without being a gain, so a run with contributions
is measured two ways, as fund reports do:

- **Time-weighted** (the strategy's own returns): each day's return leaves out the money that
  arrived that day, ``r_t = (E_t - F_t) / E_{t-1} - 1``; chained from the starting capital, they
  give a curve as if no money had been added (:func:`time_weighted_curve`), on which every other
  metric (CAGR, volatility, Sharpe, drawdown...) is computed.
- **Money-weighted** (the investor's return, XIRR): the yearly rate ``r`` at which the money put
  in, each amount on its day, grows to the final equity:
  ``sum_i F_i (1 + r) ** ((T - t_i) / 365) = E_T``, with the capital as the first ``F`` on the
  day before the first row (:func:`money_weighted_return`). Solved by bisection; None when no
  rate in (-100%, +1e6%) solves it.

Pure arithmetic on arrays; rows are the run's own (0 is its first day).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["money_weighted_return", "time_weighted_curve"]

Floats = npt.NDArray[np.float64]
_YEAR = 365.0


def time_weighted_curve(equity: Floats, initial: float, flows: Mapping[int, float]) -> Floats:
    """The equity curve with the money added on each row taken out of that row's return."""
    before = np.concatenate(([initial], equity[:-1]))
    inflow = np.zeros(len(equity))
    for row, amount in flows.items():
        inflow[row] += amount
    growth = (equity - inflow) / before
    return np.asarray(initial * np.cumprod(growth), dtype=np.float64)


def money_weighted_return(
    equity: Floats, initial: float, flows: Mapping[int, float]
) -> float | None:
    """The yearly XIRR of putting ``initial`` in the day before row 0 and ``flows`` on their
    rows, ending with ``equity[-1]`` on the last row."""
    end = len(equity)  # the capital's day is -1, so the last row is ``end`` days after it
    times = np.array([0.0, *(row + 1.0 for row in flows)]) / _YEAR
    amounts = np.array([initial, *flows.values()])
    years_left = end / _YEAR - times
    final = float(equity[-1])

    def surplus(rate: float) -> float:
        return float((amounts * (1.0 + rate) ** years_left).sum()) - final

    lo, hi = -0.999999, 1e4
    if surplus(lo) > 0.0 or surplus(hi) < 0.0:
        return None
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if surplus(mid) > 0.0:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2.0
