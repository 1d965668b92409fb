"""What happens on an action day, in order: delistings, the drawdown halt, stop-losses, the daily
loss pause, then the rebalance rule. Each firing is recorded with a sentence saying why.

The day before (``seen``) is the last close any decision here may use; orders fill at the close
of ``day``. These functions change the run's :class:`~.state.LoopState` and never scan ahead:
finding the next action day is ``simulate``'s job.
"""

from __future__ import annotations

import numpy as np

from assistant.domain import CoinPilotError

from .records import BacktestTrigger
from .risk import daily_loss_breached, drawdown_breached, stop_loss_hit
from .rules import check_rebalance, max_drift_vector
from .state import Bools, LoopState
from .trading import rebalance, sell_all

__all__ = ["RETRY_DAYS", "act"]

#: After the optimizer refuses the first allocation, try again this many days later.
RETRY_DAYS = 7
_REFITS: frozenset[str] = frozenset({"initial", "listing", "refit", "resume"})


def act(state: LoopState, day: int) -> None:
    """Everything that happens at the close of ``day``, decided on the close of ``day - 1``."""
    exits = _close_delisted(state, day)
    if state.halted_until is not None:
        if day >= state.halted_until:
            state.halted_until = None
            _rebalance(state, day, "resume", "the drawdown halt's cooldown is over; re-entering")
            state.high_water = state.book.value(state.panel.price[day])
        return
    seen = day - 1
    if _drawdown_halt(state, day, seen):
        return
    exits |= _stop_losses(state, day, seen)
    limit = state.cfg.risk.daily_loss_limit
    if limit is not None and seen >= state.panel.start:
        change = state.equity[seen] / state.equity_before(seen) - 1.0
        if daily_loss_breached(state.equity[seen], state.equity_before(seen), limit):
            state.event(
                day,
                "daily_loss_limit",
                None,
                f"the portfolio lost {-change:.1%} on {state.label(seen)}, past the "
                f"{limit:.0%} daily loss limit; no rebalance today",
            )
            return
    if not exits:  # after a risk exit the rule waits for the next close, as live does
        _maybe_rebalance(state, day, seen)


def _close_delisted(state: LoopState, day: int) -> bool:
    p = state.panel
    if not state.any_delists:
        return False
    gone = (state.book.units > 0.0) & (p.last < day)
    if not gone.any():
        return False
    value = state.book.value(p.price[day])
    for i in np.flatnonzero(gone):
        share = state.book.units[i] * p.price[day, i] / value
        text = (
            f"{p.assets[i]} has no close after {state.label(int(p.last[i]))} (delisted); its "
            f"position ({share:.1%} of the portfolio) was closed at that last close, "
            f"{p.price[day, i]:.6g}"
        )
        state.event(day, "delisted", p.assets[i], text)
        state.out.warnings.append(text + ".")
    state.book_fill(sell_all(state.book, gone, p.price[day], state.cfg.costs, state.volume(day)))
    if state.targets is not None:
        state.targets = np.where(gone, 0.0, state.targets)
    state.fitted = state.fitted & ~gone
    return True


def _drawdown_halt(state: LoopState, day: int, seen: int) -> bool:
    limit = state.cfg.risk.max_drawdown
    if limit is None or not state.book.units.any():
        return False
    if not drawdown_breached(state.equity[seen], state.high_water, limit):
        return False
    fall = 1.0 - state.equity[seen] / state.high_water
    cooldown = state.cfg.risk.cooldown_days
    state.event(
        day,
        "max_drawdown",
        None,
        f"equity on {state.label(seen)} was {fall:.1%} below its high-water mark, "
        f"past the {limit:.0%} limit; everything was sold and trading halts for "
        f"{cooldown} days",
    )
    prices = state.panel.price[day]
    state.book_fill(
        sell_all(state.book, state.book.units > 0.0, prices, state.cfg.costs, state.volume(day))
    )
    state.halted_until = day + cooldown
    return True


def _stop_losses(state: LoopState, day: int, seen: int) -> bool:
    stop = state.cfg.risk.stop_loss
    if stop is None or not state.book.entry.any():
        return False
    p = state.panel
    hit = np.asarray(stop_loss_hit(p.price[seen], state.book.entry, stop), dtype=bool)
    hit &= p.tradable[day]
    if not hit.any():
        return False
    for i in np.flatnonzero(hit):
        fall = 1.0 - p.price[seen, i] / state.book.entry[i]
        state.event(
            day,
            "stop_loss",
            p.assets[i],
            f"{p.assets[i]} closed at {p.price[seen, i]:.6g} on {state.label(seen)}, "
            f"{fall:.1%} below its average cost {state.book.entry[i]:.6g}, past the "
            f"{stop:.0%} stop-loss; the position was sold and its weight held as cash "
            "until the next rebalance",
        )
    state.book_fill(sell_all(state.book, hit, p.price[day], state.cfg.costs, state.volume(day)))
    if state.targets is not None:
        state.targets = np.where(hit, 0.0, state.targets)
    return True


def _maybe_rebalance(state: LoopState, day: int, seen: int) -> None:
    eligible = state.eligible(day)
    cfg, names = state.cfg, state.panel.assets
    if state.targets is None:
        if eligible.any() and (
            state.last_rebalance < 0 or day - state.last_rebalance >= RETRY_DAYS
        ):
            count = int(eligible.sum())
            _rebalance(
                state,
                day,
                "initial",
                f"first allocation over the {count} asset(s) "
                f"with {cfg.min_history} or more days of closes",
                eligible,
            )
        return
    # the universe fitted last is this very array when no asset joined or left since
    joined = None if eligible is state.fitted else eligible & ~state.fitted
    if cfg.rule is not None and joined is not None and joined.any():
        who = ", ".join(names[i] for i in np.flatnonzero(joined))
        _rebalance(
            state,
            day,
            "listing",
            f"{who} joined the universe after {cfg.min_history} days of closes since listing",
            eligible,
        )
        return
    if cfg.refit_every is not None and day - state.last_refit >= cfg.refit_every:
        detail = f"walk-forward refit, every {cfg.refit_every} days"
        _rebalance(state, day, "refit", detail, eligible)
        return
    if cfg.rule is None:
        return
    current = state.weights[seen]
    aims = state.aims()
    i, gap = max_drift_vector(current, aims)
    asset = names[i] if i < state.n else cfg.quote
    check = check_rebalance(
        cfg.rule,
        gap=gap,
        asset=asset,
        target=float(aims[i]),
        days_since=day - state.last_rebalance,
    )
    if check.trigger is not None:
        _rebalance(state, day, check.trigger, check.detail, eligible)


def _rebalance(
    state: LoopState,
    day: int,
    trigger: BacktestTrigger,
    detail: str,
    eligible: Bools | None = None,
) -> None:
    """Refit (unless walk-forward keeps its targets between refits), then trade to targets.

    ``eligible`` is ``state.eligible(day)`` when the caller has it already."""
    p, cfg = state.panel, state.cfg
    notes: list[str] = []
    if trigger in _REFITS or cfg.refit_every is None or state.targets is None:
        if eligible is None:
            eligible = state.eligible(day)
        try:
            target = state.policy.target(p, day, eligible)
        except CoinPilotError as exc:
            state.refusals.setdefault(str(exc), []).append(state.label(day))
            state.last_rebalance = day
            state.fitted = eligible  # a newly listed asset waits for the next rule firing
            return
        state.targets, state.fitted, state.last_refit = target.weights, eligible, day
        notes = list(target.notes)
        if target.volatility_scaled:
            state.event(day, "volatility_target", None, target.volatility_scaled)
    assert state.targets is not None
    funded = trigger != "initial"
    fill = rebalance(
        state.book,
        state.targets,
        p.price[day],
        p.tradable[day],
        cfg.costs,
        volume=state.volume(day),
        max_turnover=cfg.risk.max_turnover if funded else None,
    )
    state.last_rebalance = day
    state.book_fill(fill)
    if fill.scale < 1.0:
        state.event(
            day,
            "max_turnover",
            None,
            f"the rebalance would have traded {fill.wanted_turnover:.1%} of the "
            f"portfolio; max_turnover allows {cfg.risk.max_turnover:.1%}, so every "
            f"order was scaled to {fill.scale:.0%}",
        )
    if fill.orders == 0 and trigger in ("drift", "calendar"):
        state.idle_drift_days += trigger == "drift"
        return
    targets = dict(state.target_items())
    state.rebalanced(
        day,
        {
            "trigger": trigger,
            "detail": detail,
            "value_before": fill.value_before,
            "turnover": fill.turnover,
            "fees": fill.fees,
            "slippage": fill.slippage,
            "orders": fill.orders,
            "skipped": fill.skipped,
            "targets": targets,
            "notes": notes,
        },
    )
