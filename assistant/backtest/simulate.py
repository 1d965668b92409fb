"""The day loop of a backtest: observe at one close, act at the next, and never look further.

**Timing.** Rows are days and prices are daily closes. A rule is *observed* on row ``t`` (the
weights, equity and prices at the close of day t) and *acts* on row ``t + 1``: the optimizer sees
closes up to row t only, and the orders fill at the close of day t + 1 (plus slippage and fees).
So a decision at day d uses data up to the close of d - 1 and trades at d's close; the return
from d - 1 to d is earned by the holdings chosen before. This is one full day of delay, the
honest choice when only closes are known (trading at the close that produced the signal would
be look-ahead).

**Speed.** Between two actions the holdings are constant, so equity and weights for a block of
days are one vectorised product, and the first row on which any rule fires is found with one
``argmax``. Blocks grow (32, 64, ... 1024 rows) while nothing fires. Only action days run scalar
code (``actions``). The result is bit-identical between runs: no randomness, no threads, no
dict-order effects.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from .actions import RETRY_DAYS, act
from .panel import Panel, day_label
from .policy import TargetPolicy
from .risk import daily_loss_breached, drawdown_breached, stop_loss_hit
from .rules import drift_fires
from .state import BacktestCancelledError, LoopState, SimRun, SimSettings

__all__ = ["BacktestCancelledError", "Cancel", "Progress", "SimRun", "SimSettings", "simulate"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
#: ``progress(days_done, days_total)``, called about every 1% of the period.
Progress = Callable[[int, int], None]
#: ``cancel()`` returning True stops the run with :class:`BacktestCancelledError`.
Cancel = Callable[[], bool]


def simulate(
    panel: Panel,
    policy: TargetPolicy,
    settings: SimSettings,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SimRun:
    """Run the day loop over ``panel.start..panel.end`` with targets from ``policy``."""
    state = LoopState(panel, policy, settings)
    first = _first_day(state)
    out, cfg = state.out, settings
    if first is None:
        out.warnings.append(
            f"No asset had {cfg.min_history} days of closes by "
            f"{day_label(panel.dates[panel.end])}; the portfolio stayed in cash."
        )
    else:
        if first > panel.start:
            out.warnings.append(
                f"No asset had {cfg.min_history} days of closes before "
                f"{day_label(panel.dates[panel.start])}; the portfolio holds cash until the "
                f"first allocation on {day_label(panel.dates[first])}."
            )
        reported = -1
        day = first
        while day <= panel.end:
            if cancel is not None and cancel():
                raise BacktestCancelledError(
                    "The backtest was cancelled.", hint="Run it again to see the results."
                )
            act(state, day)
            day = _scan(state, day)
            reported = _report(progress, panel, day, reported)
    for message, days in state.refusals.items():
        out.warnings.append(
            f"The optimizer refused {len(days)} rebalance(s) (first on {days[0]}), which "
            f"were skipped: {message}"
        )
    if state.idle_drift_days:
        out.warnings.append(
            f"The drift rule fired on {state.idle_drift_days} day(s) when no order could be "
            "sent (each was below the minimum notional or had no price that day)."
        )
    out.equity = state.equity[panel.start : panel.end + 1].copy()
    out.weights = state.weights[panel.start : panel.end + 1].copy()
    return out


def _first_day(state: LoopState) -> int | None:
    p = state.panel
    lo = np.maximum(state.joins, p.start)
    hi = np.minimum(p.last + 1, p.end)
    ok = lo <= hi
    return int(lo[ok].min()) if ok.any() else None


def _scan(state: LoopState, start: int) -> int:
    """Record rows from ``start`` on with today's holdings; return the next action day.

    Prices carry a last column of ones, so one product gives every holding's value and the
    cash, one sum the equity and one division the weights (cash included)."""
    limit = min(_next_known(state, start), state.panel.end + 1)
    units = np.append(state.book.units, state.book.cash)
    targets = state.targets
    aims = None if targets is None else np.append(targets, 1.0 - targets.sum())
    lo, size = start, 32
    while lo < limit:
        hi = min(lo + size, limit)
        held = state.priced[lo:hi] * units
        value = held.sum(axis=1)
        weights = held / value[:, None]
        hits = _observe(state, lo, value, weights, aims)
        stop = int(np.argmax(hits)) + 1 if hits is not None and hits.any() else hi - lo
        state.equity[lo : lo + stop] = value[:stop]
        state.weights[lo : lo + stop] = weights[:stop]
        state.high_water = max(state.high_water, float(value[:stop].max()))
        if stop < hi - lo or (hits is not None and bool(hits[-1])):
            return lo + stop
        lo, size = hi, min(size * 2, 1024)
    return limit


def _observe(
    state: LoopState, lo: int, value: Floats, weights: Floats, aims: Floats | None
) -> Bools | None:
    """Rows of the block on whose close some rule fires (acting the next day); None when no
    rule can fire (halted, or nothing to watch)."""
    if state.halted_until is not None:
        return None
    risk, rule, book = state.cfg.risk, state.cfg.rule, state.book
    hits = np.zeros(len(value), dtype=bool)
    if aims is not None and rule is not None and rule.drift_threshold is not None:
        hits |= np.asarray(drift_fires(np.abs(weights - aims).max(axis=1), rule.drift_threshold))
    if risk.stop_loss is not None and book.entry.any():
        prices = state.panel.price[lo : lo + len(value)]
        hits |= np.asarray(stop_loss_hit(prices, book.entry, risk.stop_loss)).any(axis=1)
    if risk.max_drawdown is not None and book.units.any():
        running = np.maximum.accumulate(np.concatenate(([state.high_water], value)))[1:]
        hits |= drawdown_breached(value, running, risk.max_drawdown)
    if risk.daily_loss_limit is not None:
        before = np.concatenate(([state.equity_before(lo)], value[:-1]))
        hits |= daily_loss_breached(value, before, risk.daily_loss_limit)
    return hits


def _next_known(state: LoopState, after: int) -> int:
    """The next day on which something is scheduled: calendar, refit, resume, listing,
    retry of a refused first allocation, delisting of a holding, or the day after the end."""
    p, cfg = state.panel, state.cfg
    if state.halted_until is not None:
        return max(min(state.halted_until, p.end + 1), after + 1)
    days = [p.end + 1]
    if cfg.rule is not None and cfg.rule.every_days is not None:
        days.append(max(state.last_rebalance + cfg.rule.every_days, after + 1))
    if cfg.refit_every is not None:
        days.append(max(state.last_refit + cfg.refit_every, after + 1))
    if cfg.rule is not None and state.targets is not None:
        joining = np.maximum(state.joins, after + 1)
        joining = joining[(joining <= p.last + 1) & ~state.fitted]
        if joining.size:
            days.append(int(joining.min()))
    if state.targets is None and state.last_rebalance >= 0:
        days.append(max(state.last_rebalance + RETRY_DAYS, after + 1))
    held = state.book.units > 0.0
    if held.any():
        leaving = p.last[held] + 1
        leaving = leaving[leaving > after]
        if leaving.size:
            days.append(int(leaving.min()))
    return min(days)


def _report(progress: Progress | None, panel: Panel, day: int, reported: int) -> int:
    """Call ``progress`` when another 1% of the period is done; returns the step reported."""
    if progress is None:
        return reported
    total = panel.end - panel.start + 1
    done = min(max(day - panel.start, 0), total)
    step = done // max(total // 100, 1)
    if step != reported or done == total:
        progress(done, total)
    return step
