"""What happens on an action day, in order: delistings, the drawdown halt, stop-losses, the daily
loss pause, then the rebalance rule. Each firing is recorded with a sentence saying why.

The day before (``seen``) is the last close any decision here may use; orders fill at the close
of ``day``. These functions change the run's :class:`~.state.LoopState` and never scan ahead:
finding the next action day is ``simulate``'s job.
"""

from __future__ import annotations

import numpy as np

from assistant.domain import CoinPilotError
from assistant.policy import Exit, buy_only_targets, decide

from .records import BacktestTrigger
from .state import Bools, LoopState
from .trading import rebalance, sell_all, sell_part

__all__ = ["RETRY_DAYS", "act"]

#: After the optimizer refuses the first allocation, try again this many days later.
RETRY_DAYS = 7
_REFITS: frozenset[str] = frozenset({"initial", "listing", "refit", "resume"})


def act(state: LoopState, day: int) -> None:
    """Everything that happens at the close of ``day``, decided on the close of ``day - 1`` by
    the one policy (:func:`assistant.policy.decide`), then applied to the book here."""
    exits = _close_delisted(state, day)
    money = state.contribution_due(day)
    halted = state.halted_until is not None
    refit = None if halted or exits else _refit(state, day)
    decision = decide(
        state.cfg.risk, state.cfg.rule, state.view(day, money), refit=refit, exits_done=exits
    )
    if money:
        state.contribute(day, money)
    if decision.halted:
        return
    if decision.halt is not None:
        _apply_halt(state, day, decision.halt)
        return
    for exit_ in decision.exits:
        _apply_exit(state, day, exit_)
    if decision.pause is not None:
        state.event(day, "daily_loss_limit", None, decision.pause)
        return
    if decision.rebalance is not None:
        trigger, detail = decision.rebalance
        if trigger == "resume":
            state.halted_until = None
            _rebalance(state, day, "resume", detail)
            state.high_water = state.book.value(state.panel.price[day])
            return
        _rebalance(state, day, trigger, detail, state.eligible(day))  # type: ignore[arg-type]
    elif decision.invest:
        _invest(state, day)


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
    state.exit_fill(
        day, sell_all(state.book, gone, p.price[day], state.cfg.costs, state.volume(day))
    )
    if state.targets is not None:
        state.targets = np.where(gone, 0.0, state.targets)
    state.fitted = state.fitted & ~gone
    return True


def _apply_halt(state: LoopState, day: int, halt: Exit) -> None:
    """Sell everything and halt for the cooldown."""
    state.event(day, "max_drawdown", None, halt.reasons[0][1])
    prices = state.panel.price[day]
    state.exit_fill(
        day,
        sell_all(state.book, state.book.units > 0.0, prices, state.cfg.costs, state.volume(day)),
    )
    state.halted_until = day + state.cfg.risk.cooldown_days


def _apply_exit(state: LoopState, day: int, exit_: Exit) -> None:
    """A stop-loss sells whole positions; a take-profit sells its share of each, and what is
    left counts as bought at today's close. The targets shrink by the share sold."""
    p = state.panel
    for asset, reason in exit_.reasons:
        state.event(day, exit_.rule, asset, reason)
    whole = exit_.sell >= 1.0
    if whole.all() or not (exit_.sell > 0.0).any() or exit_.rule == "stop_loss":
        hit = exit_.sell > 0.0
        fill = sell_all(state.book, hit, p.price[day], state.cfg.costs, state.volume(day))
    else:
        fill = sell_part(state.book, exit_.sell, p.price[day], state.cfg.costs, state.volume(day))
    state.exit_fill(day, fill)
    if state.targets is not None:
        state.targets = state.targets * (1.0 - exit_.sell)


def _refit(state: LoopState, day: int) -> tuple[str, str] | None:
    """A rebalance due today for the backtest's own reasons (first allocation, an asset
    joining the universe, a walk-forward refit), checked before the spec's rule."""
    eligible = state.eligible(day)
    cfg, names = state.cfg, state.panel.assets
    if state.targets is None:
        if eligible.any() and (
            state.last_rebalance < 0 or day - state.last_rebalance >= RETRY_DAYS
        ):
            count = int(eligible.sum())
            return (
                "initial",
                f"first allocation over the {count} asset(s) "
                f"with {cfg.min_history} or more days of closes",
            )
        return None
    # the universe fitted last is this very array when no asset joined or left since
    joined = None if eligible is state.fitted else eligible & ~state.fitted
    if cfg.rule is not None and joined is not None and joined.any():
        who = ", ".join(names[i] for i in np.flatnonzero(joined))
        return (
            "listing",
            f"{who} joined the universe after {cfg.min_history} days of closes since listing",
        )
    if cfg.refit_every is not None and day - state.last_refit >= cfg.refit_every:
        return ("refit", f"walk-forward refit, every {cfg.refit_every} days")
    return None


def _invest(state: LoopState, day: int) -> None:
    """Buy toward the targets with the cash above the cash target, selling nothing."""
    p, book = state.panel, state.book
    prices = p.price[day]
    value = book.value(prices)
    if value <= 0.0:
        return
    now = np.empty(state.n + 1)
    now[:-1] = book.units * prices / value
    now[-1] = book.cash / value
    aims = buy_only_targets(now, state.aims())
    buying = p.tradable[day] & (aims[:-1] > now[:-1])
    fill = rebalance(
        book,
        aims[:-1],
        prices,
        buying,
        state.cfg.costs,
        volume=state.volume(day),
        max_turnover=None,
    )
    state.book_fill(fill)
    if fill.orders == 0:
        return
    amount = state.out.flows.get(day, 0.0)
    state.rebalanced(
        day,
        {
            "trigger": "contribution",
            "detail": f"a contribution of {amount:,.2f} {state.cfg.quote} was bought toward the "
            "targets without selling",
            "value_before": fill.value_before,
            "turnover": fill.turnover,
            "fees": fill.fees,
            "slippage": fill.slippage,
            "orders": fill.orders,
            "skipped": fill.skipped,
            "targets": dict(state.target_items()),
            "notes": [],
        },
    )


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
    before = (state.last_rebalance, state.targets, state.fitted, state.last_refit)
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
        # Nothing was sent (every order below the minimum): as a watcher's plan with no order,
        # this is no rebalance. The targets and the calendar stay those of the last one, so
        # the rule fires again on the next close, as it does on a paper or live account.
        state.last_rebalance, state.targets, state.fitted, state.last_refit = before
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
