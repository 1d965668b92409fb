"""The day loop of a backtest: observe at one close, act at the next, and never look further.

**Timing.** Rows are days and prices are daily closes. A rule is *observed* on row ``t`` (the
weights, equity and prices at the close of day t) and *acts* on row ``t + 1``: the optimizer sees
closes up to row t only, and the orders fill at the close of day t + 1 (plus slippage and fees).
So a decision at day d uses data up to the close of d - 1 and trades at d's close; the return
from d - 1 to d is earned by the holdings chosen before. This is one full day of delay, the
honest choice when only closes are known (trading at the close that produced the signal would
be look-ahead).

**Speed.** Between two actions the holdings are constant, so a scan only values them day after
day; the compiled ``kernels.scan_rows`` does that and stops on the first row the drift rule
fires. Risk rules are checked on each valued block by the shared functions in ``risk`` (a
scan's first block is sized from the last segment's length and blocks double while nothing
fires). Only action days run Python code (``actions``). Every row's numbers come from that row
alone, so the block sizes change the work, never a bit (tests/backtest runs day by day to
check), and the kernels give numpy's bits (``kernels``). The result is bit-identical between
runs: no randomness, no threads, no dict-order effects.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from assistant.policy.risk import (
    daily_loss_breached,
    drawdown_breached,
    stop_loss_hit,
    take_profit_hit,
)

from .actions import RETRY_DAYS, act
from .panel import Panel, day_label
from .policy import TargetPolicy
from .state import BacktestCancelledError, LoopState, SimRun, SimSettings

__all__ = ["BacktestCancelledError", "Cancel", "Progress", "SimRun", "SimSettings", "simulate"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
#: ``progress(days_done, days_total)``, called about every 1% of the period.
Progress = Callable[[int, int], None]
#: ``cancel()`` returning True stops the run with :class:`BacktestCancelledError`.
Cancel = Callable[[], bool]
#: ``kernels.scan_rows``'s signature.
ScanRows = Callable[[Floats, Floats, int, int, Floats, Floats, Floats, float, bool], int]


def simulate(
    panel: Panel,
    policy: TargetPolicy,
    settings: SimSettings,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SimRun:
    """Run the day loop over ``panel.start..panel.end`` with targets from ``policy``."""
    from . import kernels  # numba loads with the first backtest, never at start-up

    state = LoopState(panel, policy, settings)
    first = _first_day(state)
    # the scans write every row from the first action day to the end, each of them at least
    # once (each starts where the last stopped), so only the rows before it are set here
    state.cash_until(panel.end + 1 if first is None else first)
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
            day = _scan(state, day, kernels.scan_rows)
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
    out.rebalances = state.records()
    out.rebalance_days = state.rebalance_days()
    out.equity = state.equity[panel.start : panel.end + 1]  # views: the state ends here
    out.weights = state.weights[panel.start : panel.end + 1]
    return out


def _first_day(state: LoopState) -> int | None:
    p = state.panel
    lo = np.maximum(state.joins, p.start)
    hi = np.minimum(p.last + 1, p.end)
    ok = lo <= hi
    return int(lo[ok].min()) if ok.any() else None


def _scan(state: LoopState, start: int, scan_rows: ScanRows) -> int:
    """Record rows from ``start`` on with today's holdings; return the next action day.

    Prices carry a last column of ones, so one row's products give every holding's value and
    the cash, their sum the equity and each over the sum the weights (cash included). The
    compiled ``kernels.scan_rows`` writes them straight into the run's arrays and stops at the
    first row the drift rule fires. With a risk rule armed the rows go in blocks, each checked
    by the shared risk functions before the next is valued: rows past the day a rule fires are
    written again by the next scan, which starts there, and nothing reads a row before its last
    scan wrote it. ``scan_rows`` is that kernel (``simulate`` imports the kernels once a run).
    """
    limit = min(_next_known(state, start), state.panel.end + 1)
    units = np.empty(state.n + 1)  # the holdings, then the cash (its price is the 1.0)
    units[:-1] = state.book.units
    units[-1] = state.book.cash
    watch = _Watch(state)
    aims, threshold = watch.drift if watch.drift is not None else (units, 0.0)
    lo, size = start, min(state.block, _MAX_BLOCK) if watch.risky else _MAX_BLOCK
    while lo < limit:
        hi = min(lo + size, limit)
        found = scan_rows(
            state.priced,
            units,
            lo,
            hi,
            state.equity,
            state.weights,
            aims,
            threshold,
            watch.drift is not None,
        )
        first = None if found < 0 else found - lo
        hit = watch.risk_hit(lo, state.equity[lo:hi], first) if watch.risky else first
        stop = hi - lo if hit is None else hit + 1
        if state.cfg.risk.max_drawdown is not None:  # read by nothing else
            state.high_water = max(state.high_water, float(state.equity[lo : lo + stop].max()))
        if hit is not None:
            state.block = _block_size(lo + stop - start)
            return lo + stop
        lo, size = hi, min(size * 2, _MAX_BLOCK)
    state.block = _block_size(limit - start)
    return limit


#: Rows valued at once. While a risk rule is armed, the first block of a scan is sized from the
#: previous segment's length (held between these bounds) and doubles while nothing fires;
#: without one, blocks are the largest size (the kernel stops at the drift anyway). The size
#: changes the work done, never a number: every row's value and weights come from that row
#: alone (tests/backtest/test_scan_equivalence.py scans day by day to check).
_MIN_BLOCK, _MAX_BLOCK = 16, 1024


def _block_size(segment: int) -> int:
    return min(max(1 << max(segment - 1, 0).bit_length(), _MIN_BLOCK), _MAX_BLOCK)


class _Watch:
    """The rules that can fire between two action days, chosen once per scan (the book and the
    targets do not change until the next action)."""

    __slots__ = ("daily_loss", "drawdown", "drift", "risky", "state", "stop_loss", "take_profit")

    def __init__(self, state: LoopState) -> None:
        self.state = state
        risk, rule, book = state.cfg.risk, state.cfg.rule, state.book
        active = state.halted_until is None
        threshold = None if rule is None else rule.drift_threshold
        self.drift: tuple[Floats, float] | None = None
        if active and state.targets is not None and threshold is not None:
            self.drift = (state.aims(), threshold)
        stop, drawdown = risk.stop_loss, risk.max_drawdown
        self.stop_loss = stop if active and stop is not None and book.entry.any() else None
        take = risk.take_profit
        self.take_profit = take if active and take is not None and book.entry.any() else None
        self.drawdown = drawdown if active and drawdown is not None and book.units.any() else None
        self.daily_loss = risk.daily_loss_limit if active else None
        self.risky = not (
            self.stop_loss is None
            and self.take_profit is None
            and self.drawdown is None
            and self.daily_loss is None
        )

    def risk_hit(self, lo: int, value: Floats, drift: int | None) -> int | None:
        """The first row of the block (0-based) on whose close some rule fires, given the row
        the drift rule fires on (None: it does not), or None."""
        hits = self._risk_hits(lo, value if drift is None else value[: drift + 1])
        if hits is not None:
            row = int(np.argmax(hits))
            if hits[row]:
                return row
        return drift

    def _risk_hits(self, lo: int, value: Floats) -> Bools | None:
        """Rows (of the first ``len(value)``) on whose close a risk rule fires."""
        state, found = self.state, list[Bools]()
        if self.stop_loss is not None:
            prices = state.panel.price[lo : lo + len(value)]
            hit = stop_loss_hit(prices, state.book.entry, self.stop_loss)
            found.append(np.asarray(np.asarray(hit).any(axis=1)))
        if self.take_profit is not None:
            prices = state.panel.price[lo : lo + len(value)]
            hit = take_profit_hit(prices, state.book.entry, self.take_profit)
            found.append(np.asarray(np.asarray(hit).any(axis=1)))
        if self.drawdown is not None:
            running = np.maximum.accumulate(np.concatenate(([state.high_water], value)))[1:]
            found.append(np.asarray(drawdown_breached(value, running, self.drawdown)))
        if self.daily_loss is not None:
            before = np.concatenate(([state.equity_before(lo)], value[:-1]))
            found.append(np.asarray(daily_loss_breached(value, before, self.daily_loss)))
        if not found:
            return None
        hits: Bools = found[0]
        for more in found[1:]:
            hits = hits | more
        return hits


def _next_known(state: LoopState, after: int) -> int:
    """The next day on which something is scheduled: calendar, refit, resume, listing,
    retry of a refused first allocation, delisting of a holding, or the day after the end."""
    p, cfg = state.panel, state.cfg
    days = [p.end + 1]
    if state.halted_until is not None:
        coming = state.next_contribution()  # money arrives during a halt too
        if coming is not None:
            days.append(max(coming, after + 1))
        return max(min(state.halted_until, *days), after + 1)
    if cfg.rule is not None and cfg.rule.every_days is not None:
        days.append(max(state.last_rebalance + cfg.rule.every_days, after + 1))
    if cfg.refit_every is not None:
        days.append(max(state.last_refit + cfg.refit_every, after + 1))
    coming = state.next_contribution()
    if coming is not None:
        days.append(max(coming, after + 1))
    if cfg.rule is not None and state.targets is not None:
        # an unfitted asset joins on its join day, or tomorrow if that passed, while listed
        waiting = state.waiting()
        if waiting is not None:
            waiting = waiting & (p.last >= after)
            if waiting.any():
                days.append(max(int(state.joins[waiting].min()), after + 1))
    if state.targets is None and state.last_rebalance >= 0:
        days.append(max(state.last_rebalance + RETRY_DAYS, after + 1))
    if state.any_delists:
        leaving = p.last[(state.book.units > 0.0) & state.delists] + 1
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
