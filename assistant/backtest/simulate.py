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
``argmax``. Blocks grow (16, 32, ... 512 rows) while nothing fires. Only action days run scalar
code. The result is bit-identical between runs: no randomness, no threads, no dict-order effects.

**Order on an action day**: delisted positions are closed at their last close; a drawdown halt
(sell everything, wait ``cooldown_days``) or its end (re-enter); stop-losses; the daily loss
pause; then the rebalance rule (initial funding, a newly listed asset, a walk-forward refit,
drift, calendar). See ``risk`` and ``rules`` for the definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from assistant.domain import CoinPilotError, Rebalance

from .costs import Costs
from .panel import Panel, day_label
from .policy import TargetPolicy
from .records import BacktestTrigger, RebalanceRecord
from .risk import (
    RiskEvent,
    RiskLimits,
    RiskRule,
    daily_loss_breached,
    drawdown_breached,
    stop_loss_hit,
)
from .rules import check_rebalance, drift_fires, max_drift_vector
from .trading import Book, Fill, rebalance, sell_all

__all__ = ["BacktestCancelledError", "SimRun", "SimSettings", "simulate"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

#: After the optimizer refuses the first allocation, try again this many days later.
_RETRY_DAYS = 7
_REFITS: frozenset[str] = frozenset({"initial", "listing", "refit", "resume"})


class BacktestCancelledError(CoinPilotError):
    """The caller's ``cancel`` callback asked the backtest to stop; nothing was kept."""

    kind = "cancelled"


@dataclass(frozen=True)
class SimSettings:
    """How the day loop trades: the rebalance rule (None: buy and hold), risk, costs, capital."""

    rule: Rebalance | None
    risk: RiskLimits
    costs: Costs
    capital: float
    quote: str
    min_history: int
    refit_every: int | None = None


@dataclass
class SimRun:
    """Arrays for rows ``start..end`` of the panel, and what happened on the way."""

    equity: Floats
    weights: Floats  # assets, then cash
    rebalances: list[RebalanceRecord] = field(default_factory=list)
    events: list[RiskEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fees: float = 0.0
    slippage: float = 0.0


def simulate(
    panel: Panel,
    policy: TargetPolicy,
    settings: SimSettings,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> SimRun:
    """Run the day loop over ``panel.start..panel.end`` with targets from ``policy``."""
    return _Loop(panel, policy, settings, progress, cancel).run()


class _Loop:
    def __init__(
        self,
        panel: Panel,
        policy: TargetPolicy,
        settings: SimSettings,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> None:
        self.panel, self.policy, self.cfg = panel, policy, settings
        self.progress, self.cancel = progress, cancel
        n, end = len(panel.assets), panel.end
        self.n = n
        self.priced = np.hstack([panel.price, np.ones((len(panel.price), 1))])
        self.equity = np.full(end + 1, settings.capital)
        self.weights = np.zeros((end + 1, n + 1))
        self.weights[:, n] = 1.0
        self.book = Book(np.zeros(n), float(settings.capital), np.zeros(n))
        self.targets: Floats | None = None
        self.fitted = np.zeros(n, dtype=bool)
        self.joins = panel.first + settings.min_history
        self.last_rebalance = -1
        self.last_refit = -1
        self.high_water = float(settings.capital)
        self.halted_until: int | None = None
        self.run_out = SimRun(np.empty(0), np.empty((0, n + 1)))
        self.idle_drift_days = 0
        self.refusals: dict[str, list[str]] = {}
        self._reported = -1

    # ----------------------------------------------------------------- main loop
    def run(self) -> SimRun:
        p, out = self.panel, self.run_out
        first = self._first_day()
        if first is None:
            out.warnings.append(
                f"No asset had {self.cfg.min_history} days of closes by "
                f"{day_label(p.dates[p.end])}; the portfolio stayed in cash."
            )
        else:
            if first > p.start:
                out.warnings.append(
                    f"No asset had {self.cfg.min_history} days of closes before "
                    f"{day_label(p.dates[p.start])}; the portfolio holds cash until the first "
                    f"allocation on {day_label(p.dates[first])}."
                )
            day = first
            while day <= p.end:
                self._check_cancel()
                self._act(day)
                day = self._scan(day)
                self._report(day)
        for message, days in self.refusals.items():
            out.warnings.append(
                f"The optimizer refused {len(days)} rebalance(s) (first on {days[0]}), which "
                f"were skipped: {message}"
            )
        if self.idle_drift_days:
            out.warnings.append(
                f"The drift rule fired on {self.idle_drift_days} day(s) when no order could be "
                "sent (each was below the minimum notional or had no price that day)."
            )
        out.equity = self.equity[p.start : p.end + 1].copy()
        out.weights = self.weights[p.start : p.end + 1].copy()
        return out

    def _first_day(self) -> int | None:
        p = self.panel
        lo = np.maximum(self.joins, p.start)
        hi = np.minimum(p.last + 1, p.end)
        ok = lo <= hi
        return int(lo[ok].min()) if ok.any() else None

    def _eligible(self, day: int) -> Bools:
        return np.asarray((self.joins <= day) & (self.panel.last >= day - 1), dtype=bool)

    # ----------------------------------------------------------------- scanning
    def _scan(self, start: int) -> int:
        """Record rows from ``start`` on with today's holdings; return the next action day.

        Prices carry a last column of ones, so one product gives every holding's value and the
        cash, one sum the equity and one division the weights (cash included)."""
        limit = min(self._next_known(start), self.panel.end + 1)
        units = np.append(self.book.units, self.book.cash)
        aims = None if self.targets is None else np.append(self.targets, 1 - self.targets.sum())
        lo, size = start, 32
        while lo < limit:
            hi = min(lo + size, limit)
            held = self.priced[lo:hi] * units
            value = held.sum(axis=1)
            weights = held / value[:, None]
            hits = self._observe(lo, value, weights, aims)
            fired = hits is not None and bool(hits.any())
            stop = int(np.argmax(hits)) + 1 if hits is not None and fired else hi - lo
            self.equity[lo : lo + stop] = value[:stop]
            self.weights[lo : lo + stop] = weights[:stop]
            self.high_water = max(self.high_water, float(value[:stop].max()))
            if fired:
                return lo + stop
            lo, size = hi, min(size * 2, 1024)
        return limit

    def _observe(
        self, lo: int, value: Floats, weights: Floats, aims: Floats | None
    ) -> Bools | None:
        """Rows of the block on whose close some rule fires (acting the next day); None: none
        can fire while holdings are constant."""
        if self.halted_until is not None:
            return None
        risk, rule = self.cfg.risk, self.cfg.rule
        hits = None
        if aims is not None and rule is not None and rule.drift_threshold is not None:
            gaps = np.abs(weights - aims).max(axis=1)
            hits = np.asarray(drift_fires(gaps, rule.drift_threshold))
        if hits is None:
            hits = np.zeros(len(value), dtype=bool)
        if risk.stop_loss is not None and self.book.entry.any():
            prices = self.panel.price[lo : lo + len(value)]
            hits |= np.asarray(stop_loss_hit(prices, self.book.entry, risk.stop_loss)).any(axis=1)
        if risk.max_drawdown is not None and self.book.units.any():
            running = np.maximum.accumulate(np.concatenate(([self.high_water], value)))[1:]
            hits |= drawdown_breached(value, running, risk.max_drawdown)
        if risk.daily_loss_limit is not None:
            before = np.concatenate(([self._equity_before(lo)], value[:-1]))
            hits |= daily_loss_breached(value, before, risk.daily_loss_limit)
        return hits

    def _equity_before(self, row: int) -> float:
        return float(self.equity[row - 1]) if row > self.panel.start else self.cfg.capital

    def _next_known(self, after: int) -> int:
        """The next day on which something is scheduled: calendar, refit, resume, listing,
        delisting of a holding, or the day after the end."""
        p, cfg = self.panel, self.cfg
        days = [p.end + 1]
        if self.halted_until is not None:
            return max(min(self.halted_until, p.end + 1), after + 1)
        if cfg.rule is not None and cfg.rule.every_days is not None:
            days.append(max(self.last_rebalance + cfg.rule.every_days, after + 1))
        if cfg.refit_every is not None:
            days.append(max(self.last_refit + cfg.refit_every, after + 1))
        if cfg.rule is not None and self.targets is not None:
            joining = np.maximum(self.joins, after + 1)
            joining = joining[(joining <= p.last + 1) & ~self.fitted]
            if joining.size:
                days.append(int(joining.min()))
        if self.targets is None and self.last_rebalance >= 0:
            days.append(max(self.last_rebalance + _RETRY_DAYS, after + 1))
        held = self.book.units > 0.0
        if held.any():
            leaving = p.last[held] + 1
            leaving = leaving[leaving > after]
            if leaving.size:
                days.append(int(leaving.min()))
        return min(days)

    # ----------------------------------------------------------------- actions
    def _act(self, day: int) -> None:
        exits = self._close_delisted(day)
        if self.halted_until is not None:
            if day >= self.halted_until:
                self.halted_until = None
                self._rebalance(day, "resume", "the drawdown halt's cooldown is over; re-entering")
                self.high_water = self.book.value(self.panel.price[day])
            return
        seen = day - 1
        if self._drawdown_halt(day, seen):
            return
        exits |= self._stop_losses(day, seen)
        limit = self.cfg.risk.daily_loss_limit
        if limit is not None and seen >= self.panel.start:
            change = self.equity[seen] / self._equity_before(seen) - 1.0
            if daily_loss_breached(self.equity[seen], self._equity_before(seen), limit):
                self._event(
                    day,
                    "daily_loss_limit",
                    None,
                    f"the portfolio lost {-change:.1%} on {self._label(seen)}, past the "
                    f"{limit:.0%} daily loss limit; no rebalance today",
                )
                return
        if not exits:  # after a risk exit the rule waits for the next close, as live does
            self._maybe_rebalance(day, seen)

    def _close_delisted(self, day: int) -> bool:
        p = self.panel
        gone = (self.book.units > 0.0) & (p.last < day)
        if not gone.any():
            return False
        value = self.book.value(p.price[day])
        for i in np.flatnonzero(gone):
            share = self.book.units[i] * p.price[day, i] / value
            text = (
                f"{p.assets[i]} has no close after {self._label(int(p.last[i]))} (delisted); its "
                f"position ({share:.1%} of the portfolio) was closed at that last close, "
                f"{p.price[day, i]:.6g}"
            )
            self._event(day, "delisted", p.assets[i], text)
            self.run_out.warnings.append(text + ".")
        self._book_fill(sell_all(self.book, gone, p.price[day], self.cfg.costs, self._volume(day)))
        if self.targets is not None:
            self.targets = np.where(gone, 0.0, self.targets)
        self.fitted &= ~gone
        return True

    def _drawdown_halt(self, day: int, seen: int) -> bool:
        limit = self.cfg.risk.max_drawdown
        if limit is None or not self.book.units.any():
            return False
        if not drawdown_breached(self.equity[seen], self.high_water, limit):
            return False
        fall = 1.0 - self.equity[seen] / self.high_water
        cooldown = self.cfg.risk.cooldown_days
        self._event(
            day,
            "max_drawdown",
            None,
            f"equity on {self._label(seen)} was {fall:.1%} below its high-water mark, "
            f"past the {limit:.0%} limit; everything was sold and trading halts for "
            f"{cooldown} days",
        )
        prices = self.panel.price[day]
        self._book_fill(
            sell_all(self.book, self.book.units > 0.0, prices, self.cfg.costs, self._volume(day))
        )
        self.halted_until = day + cooldown
        return True

    def _stop_losses(self, day: int, seen: int) -> bool:
        stop = self.cfg.risk.stop_loss
        if stop is None or not self.book.entry.any():
            return False
        p = self.panel
        hit = np.asarray(stop_loss_hit(p.price[seen], self.book.entry, stop), dtype=bool)
        hit &= p.tradable[day]
        if not hit.any():
            return False
        for i in np.flatnonzero(hit):
            fall = 1.0 - p.price[seen, i] / self.book.entry[i]
            self._event(
                day,
                "stop_loss",
                p.assets[i],
                f"{p.assets[i]} closed at {p.price[seen, i]:.6g} on {self._label(seen)}, "
                f"{fall:.1%} below its average cost {self.book.entry[i]:.6g}, past the "
                f"{stop:.0%} stop-loss; the position was sold and its weight held as cash "
                "until the next rebalance",
            )
        self._book_fill(sell_all(self.book, hit, p.price[day], self.cfg.costs, self._volume(day)))
        if self.targets is not None:
            self.targets = np.where(hit, 0.0, self.targets)
        return True

    def _maybe_rebalance(self, day: int, seen: int) -> None:
        eligible = self._eligible(day)
        cfg, names = self.cfg, self.panel.assets
        if self.targets is None:
            if eligible.any() and (
                self.last_rebalance < 0 or day - self.last_rebalance >= _RETRY_DAYS
            ):
                count = int(eligible.sum())
                self._rebalance(
                    day,
                    "initial",
                    f"first allocation over the {count} asset(s) "
                    f"with {cfg.min_history} or more days of closes",
                )
            return
        joined = eligible & ~self.fitted
        if cfg.rule is not None and joined.any():
            who = ", ".join(names[i] for i in np.flatnonzero(joined))
            self._rebalance(
                day,
                "listing",
                f"{who} joined the universe after {cfg.min_history} days of closes since listing",
            )
            return
        if cfg.refit_every is not None and day - self.last_refit >= cfg.refit_every:
            self._rebalance(day, "refit", f"walk-forward refit, every {cfg.refit_every} days")
            return
        if cfg.rule is None:
            return
        current = self.weights[seen]
        aims = np.append(self.targets, 1.0 - self.targets.sum())
        i, gap = max_drift_vector(current, aims)
        asset = names[i] if i < self.n else cfg.quote
        check = check_rebalance(
            cfg.rule,
            gap=gap,
            asset=asset,
            target=float(aims[i]),
            days_since=day - self.last_rebalance,
        )
        if check.trigger is not None:
            self._rebalance(day, check.trigger, check.detail)

    def _rebalance(self, day: int, trigger: BacktestTrigger, detail: str) -> None:
        p, cfg = self.panel, self.cfg
        notes: list[str] = []
        if trigger in _REFITS or cfg.refit_every is None or self.targets is None:
            eligible = self._eligible(day)
            try:
                target = self.policy.target(p, day, eligible)
            except CoinPilotError as exc:
                self.refusals.setdefault(str(exc), []).append(self._label(day))
                self.last_rebalance = day
                self.fitted = eligible  # a newly listed asset waits for the next rule firing
                return
            self.targets, self.fitted, self.last_refit = target.weights, eligible, day
            notes = list(target.notes)
            if target.volatility_scaled:
                self._event(day, "volatility_target", None, target.volatility_scaled)
        assert self.targets is not None
        funded = trigger != "initial"
        fill = rebalance(
            self.book,
            self.targets,
            p.price[day],
            p.tradable[day],
            cfg.costs,
            volume=self._volume(day),
            max_turnover=cfg.risk.max_turnover if funded else None,
        )
        self.last_rebalance = day
        self._book_fill(fill)
        if fill.scale < 1.0:
            self._event(
                day,
                "max_turnover",
                None,
                f"the rebalance would have traded {fill.wanted_turnover:.1%} of the "
                f"portfolio; max_turnover allows {cfg.risk.max_turnover:.1%}, so every "
                f"order was scaled to {fill.scale:.0%}",
            )
        if fill.orders == 0 and trigger in ("drift", "calendar"):
            self.idle_drift_days += trigger == "drift"
            return
        targets = {a: float(w) for a, w in zip(p.assets, self.targets, strict=True) if w > 0.0}
        targets[cfg.quote] = float(1.0 - self.targets.sum())
        self.run_out.rebalances.append(
            RebalanceRecord.model_construct(  # built from checked numbers: skip validation
                date=p.dates[day].to_pydatetime(),
                trigger=trigger,
                detail=detail,
                value_before=fill.value_before,
                turnover=fill.turnover,
                fees=fill.fees,
                slippage=fill.slippage,
                orders=fill.orders,
                skipped=fill.skipped,
                targets=targets,
                notes=notes,
            )
        )

    # ----------------------------------------------------------------- helpers
    def _book_fill(self, fill: Fill) -> None:
        self.run_out.fees += fill.fees
        self.run_out.slippage += fill.slippage

    def _volume(self, day: int) -> Floats | None:
        volume = self.panel.quote_volume
        return None if volume is None else volume[day]

    def _event(self, day: int, rule: RiskRule, asset: str | None, reason: str) -> None:
        date = self.panel.dates[day].to_pydatetime()
        self.run_out.events.append(RiskEvent(date=date, rule=rule, asset=asset, reason=reason))

    def _label(self, row: int) -> str:
        return day_label(self.panel.dates[row])

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise BacktestCancelledError(
                "The backtest was cancelled.", hint="Run it again to see the results."
            )

    def _report(self, day: int) -> None:
        if self.progress is None:
            return
        p = self.panel
        total = p.end - p.start + 1
        done = min(max(day - p.start, 0), total)
        step = max(total // 100, 1)
        if done // step != self._reported or done == total:
            self._reported = done // step
            self.progress(done, total)
