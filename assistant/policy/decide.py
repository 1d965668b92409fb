"""The day's decision for one account: which rules fire, in which order, and what each one does.

:func:`decide` is called once per decision, by the backtester on each action day
(``backtest/actions.py``) and by the engine for each preview of a paper or live account
(``engine/strategy.py``), with the account as it stood at the last close the decision may use.
The order is the contract, the same in every mode:

1. **Halt.** While a drawdown halt lasts nothing trades; the day its cooldown ends the strategy
   re-enters with a fresh allocation (trigger ``resume``).
2. **Drawdown halt** fires: everything is sold and trading halts (nothing else is checked).
3. **Stop-loss**, then **take-profit**: per-position exits. After an exit the rebalance waits for
   the next close (the exit's proceeds are the weight the exits freed, held as cash).
4. **Daily loss limit**: no rebalance today; exits above still run.
5. **Contribution**: money due today arrives whatever happens above (a halt or a pause keeps it
   as cash).
6. **Rebalance**, when nothing above stopped it: a refit the caller asks for (the first
   allocation, a listing, a walk-forward refit), else the spec's rule (drift, then calendar).
   When none fires and money arrived, it is bought toward the targets without selling.

The rules' definitions are in :mod:`.risk` and :mod:`.rules`; this module only orders them and
writes the sentences. It keeps no state: the caller passes the account in and applies the
decision (the backtester to its float book, the engine to a plan of exact orders).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from assistant.domain import Rebalance

from .risk import (
    RiskLimits,
    RiskRule,
    daily_loss_breached,
    drawdown_breached,
    stop_loss_hit,
    take_profit_hit,
)
from .rules import RuleCheck, check_rebalance, max_drift_vector

__all__ = ["AccountView", "DayDecision", "Exit", "decide"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class AccountView(NamedTuple):
    """One account at the last close a decision may use; arrays are per asset, in one order."""

    assets: Sequence[str]
    quote: str  # the cash's name in sentences
    prices: Floats  # that close (the last one known where an asset had none that day)
    units: Floats
    entry: Floats  # each position's reference price: its average cost, 0 when flat
    tradable: Bools  # whether each asset can be traded at the decision's fill
    equity: float  # the account's value at that close
    equity_before: float | None  # the close before, plus money added since; None: none known
    high_water: float
    seen: str  # that close's date, for the sentences
    weights: Floats | None = None  # assets then cash, at that close
    aims: Floats | None = None  # the targets in force, assets then cash; None: never allocated
    days_since_rebalance: float | None = None
    halted: bool = False  # a drawdown halt is in force
    cooldown_over: bool = False  # ...and its cooldown has ended today
    contribution: float = 0.0  # money due to arrive today


class Exit(NamedTuple):
    """A risk exit: the share of each position sold, and one sentence per asset (or one for the
    whole portfolio, asset None)."""

    rule: RiskRule
    sell: Floats
    reasons: list[tuple[str | None, str]]


class DayDecision(NamedTuple):
    """What happens today, in order. ``rebalance`` is a full rebalance to fresh or standing
    targets; ``invest`` buys toward them with the money that arrived, selling nothing."""

    halted: bool = False  # still halted: nothing trades
    halt: Exit | None = None
    exits: tuple[Exit, ...] = ()
    pause: str | None = None
    contribution: float = 0.0
    rebalance: tuple[str, str] | None = None  # (trigger, detail)
    invest: bool = False
    check: RuleCheck | None = None  # the spec's rule, when it was checked

    @property
    def exited(self) -> bool:
        return bool(self.exits) or self.halt is not None


_QUIET = DayDecision()


def decide(
    limits: RiskLimits,
    rule: Rebalance | None,
    view: AccountView,
    *,
    refit: tuple[str, str] | None = None,
    exits_done: bool = False,
) -> DayDecision:
    """The decision for ``view``. ``rule`` is the spec's :class:`~assistant.domain.Rebalance`
    (None: never rebalance by rule, as in buy and hold); ``refit`` a rebalance the caller knows
    is due (trigger, detail); ``exits_done``: positions were already closed today (a delisting),
    so the rebalance waits like after a risk exit."""
    money = view.contribution
    if view.halted:
        if view.cooldown_over:
            detail = "the drawdown halt's cooldown is over; re-entering"
            return DayDecision(contribution=money, rebalance=("resume", detail))
        return DayDecision(halted=True, contribution=money)
    halt = _drawdown(limits, view)
    if halt is not None:
        return DayDecision(halt=halt, contribution=money)
    exits = _exits(limits, view)
    pause = _daily_loss(limits, view)
    if pause is not None or exits or exits_done:
        return DayDecision(exits=exits, pause=pause, contribution=money)
    if refit is not None:
        return DayDecision(contribution=money, rebalance=refit)
    check = _rule(rule, view)
    if check is not None and check.trigger is not None:
        return DayDecision(contribution=money, rebalance=(check.trigger, check.detail), check=check)
    if money:
        return DayDecision(contribution=money, invest=view.aims is not None, check=check)
    return DayDecision(check=check) if check is not None else _QUIET


def _drawdown(limits: RiskLimits, view: AccountView) -> Exit | None:
    limit = limits.max_drawdown
    if limit is None or not view.units.any():
        return None
    if not drawdown_breached(view.equity, view.high_water, limit):
        return None
    fall = 1.0 - view.equity / view.high_water
    text = (
        f"equity on {view.seen} was {fall:.1%} below its high-water mark, past the {limit:.0%} "
        f"limit; everything was sold and trading halts for {limits.cooldown_days} days"
    )
    return Exit("max_drawdown", (view.units > 0.0).astype(np.float64), [(None, text)])


def _exits(limits: RiskLimits, view: AccountView) -> tuple[Exit, ...]:
    if not limits.exits_armed or not view.entry.any():
        return ()
    found: list[Exit] = []
    stopped = np.zeros(len(view.units), dtype=bool)
    stop = limits.stop_loss
    if stop is not None:
        stopped = np.asarray(stop_loss_hit(view.prices, view.entry, stop), dtype=bool)
        stopped &= view.tradable
        if stopped.any():
            reasons: list[tuple[str | None, str]] = []
            for i in np.flatnonzero(stopped).tolist():
                name, price, entry = view.assets[i], view.prices[i], view.entry[i]
                reasons.append(
                    (
                        name,
                        f"{name} closed at {price:.6g} on {view.seen}, {1.0 - price / entry:.1%} "
                        f"below its average cost {entry:.6g}, past the {stop:.0%} stop-loss; "
                        "the position was sold and its weight held as cash until the next "
                        "rebalance",
                    )
                )
            found.append(Exit("stop_loss", stopped.astype(np.float64), reasons))
    take = limits.take_profit
    if take is not None:
        hit = np.asarray(take_profit_hit(view.prices, view.entry, take), dtype=bool)
        hit &= view.tradable & ~stopped
        if hit.any():
            share = limits.take_profit_sell
            what = "the position was sold" if share >= 1.0 else f"{share:.0%} of it was sold"
            reasons = []
            for i in np.flatnonzero(hit).tolist():
                name, price, entry = view.assets[i], view.prices[i], view.entry[i]
                reasons.append(
                    (
                        name,
                        f"{name} closed at {price:.6g} on {view.seen}, {price / entry - 1.0:.1%} "
                        f"above its entry {entry:.6g}, past the {take:.0%} take-profit; {what} "
                        "and the proceeds held as cash until the next rebalance",
                    )
                )
            found.append(Exit("take_profit", np.where(hit, share, 0.0), reasons))
    return tuple(found)


def _daily_loss(limits: RiskLimits, view: AccountView) -> str | None:
    limit, before = limits.daily_loss_limit, view.equity_before
    if limit is None or before is None:
        return None
    if not daily_loss_breached(view.equity, before, limit):
        return None
    change = view.equity / before - 1.0
    return (
        f"the portfolio lost {-change:.1%} on {view.seen}, past the {limit:.0%} daily loss "
        "limit; no rebalance today"
    )


def _rule(rule: Rebalance | None, view: AccountView) -> RuleCheck | None:
    if rule is None or view.aims is None or view.weights is None:
        return None
    i, gap = max_drift_vector(view.weights, view.aims)
    asset = view.assets[i] if i < len(view.assets) else view.quote
    return check_rebalance(
        rule,
        gap=gap,
        asset=asset,
        target=float(view.aims[i]),
        days_since=view.days_since_rebalance if view.days_since_rebalance is not None else 0.0,
    )
