"""The one policy (``assistant.policy``) as a paper or live account meets it.

The backtester and a preview decide with the same two functions: :func:`spec_targets` (the
targets: the risk profile's cap, the optimizer or fixed split, the constraints, the signal
tilts, the volatility target, over the assets with enough history) and
:func:`assistant.policy.decide` (the day's rules in their one order). This module hands them the
optimizer and the tilts (``portfolio.allocate``, ``signals.apply_tilts``, exactly what
``engine/backtesting.py`` hands the backtester) and builds the account view a decision needs
from what the journal knows: holdings, each position's average cost, the last decision and the
last deposit. It then turns the decision into what ``planning.py`` drafts orders toward.

Decisions are taken on the last daily close the market has (as a backtest decides on the close
before its trade day); orders are then priced at the order book's mid, as every preview is.
The journal keeps no daily equity, so the high-water mark is rebuilt as the backtester keeps
it (:func:`_high_water`): the holdings between two decisions are recovered by undoing the
later decisions' fills, and valued at every close of the window the decision reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from assistant.domain import DataError, Decision, StrategySpec, TargetAllocation, Trigger
from assistant.policy import (
    AccountView,
    DayDecision,
    Targets,
    buy_only_targets,
    contribution_due,
    eligible_columns,
    join_days,
    strategy_targets,
)
from assistant.policy.dates import day_label
from assistant.policy.risk import RiskLimits
from assistant.portfolio import allocate
from assistant.signals import apply_tilts
from assistant.signals.tilts import NO_FLOW_INPUT, NO_SENTIMENT_INPUT

from .signal_inputs import SignalInputs

__all__ = [
    "Account",
    "Action",
    "account_view",
    "exchange_contribution_now",
    "plan_action",
    "risk_limits",
    "spec_targets",
]

_DAY = 86_400.0


def spec_targets(
    spec: StrategySpec, closes: pd.DataFrame, *, inputs: SignalInputs | None = None
) -> Targets:
    """The targets of ``spec`` from ``closes`` (rows up to the last close known, columns the
    universe), by the one recipe the backtester uses (``backtest/policy.py``). ``inputs`` are
    the sentiment and exchange-flow readings (:mod:`.signal_inputs`); their notes replace the
    tilts' generic "no input" ones."""
    eligible, waiting = eligible_columns(closes, join_days(spec.lookback_days))
    if not eligible:
        raise DataError(
            f"no asset of the universe has {join_days(spec.lookback_days)} days of closes yet.",
            hint="Wait for more history, or choose assets that have traded longer.",
        )
    targets = strategy_targets(
        spec,
        closes[eligible],
        allocator=allocate,
        tilter=apply_tilts,
        sentiment=None if inputs is None else inputs.sentiment,
        exchange_flow=None if inputs is None else inputs.exchange_flow,
        lookback=spec.lookback_days,
    )
    if inputs is not None and inputs.notes:
        allocation = targets.allocation
        kept = [n for n in allocation.notes if n not in (NO_SENTIMENT_INPUT, NO_FLOW_INPUT)]
        targets = Targets(
            allocation.model_copy(update={"notes": [*kept, *inputs.notes]}),
            targets.volatility_scaled,
        )
    if not waiting:
        return targets
    note = (
        f"{', '.join(waiting)} has fewer than {join_days(spec.lookback_days)} days of closes "
        "and joins the allocation once it has them"
    )
    allocation = targets.allocation
    return Targets(
        allocation.model_copy(update={"notes": [*allocation.notes, note]}),
        targets.volatility_scaled,
    )


def risk_limits(spec: StrategySpec) -> RiskLimits:
    """The spec's risk rules as the policy reads them (the backtester builds the same)."""
    return RiskLimits.from_spec(spec.risk, max_turnover=spec.constraints.max_turnover)


@dataclass(frozen=True)
class Account:
    """What the journal knows about one strategy's paper account."""

    balances: Mapping[str, Decimal]  # every asset, the quote included
    entries: Mapping[str, Decimal]  # average cost per held asset
    decisions: Sequence[Decision]  # this strategy's, newest first
    last_deposit: datetime | None
    #: contributions already credited for this decision (a replay funds its account on the
    #: due day, ``watch/replay.py``): money that arrived today, not held at the last close
    arrived: Decimal = Decimal(0)
    #: the contributions credited before that (when, how much), for the high-water mark
    credits: Sequence[tuple[datetime, Decimal]] = ()


def account_view(
    spec: StrategySpec, closes: pd.DataFrame, account: Account, now: datetime, contribution: float
) -> AccountView:
    """The account at the last close of ``closes``, as :func:`assistant.policy.decide` sees it."""
    filled = closes.ffill()
    assets = [str(c) for c in filled.columns]
    prices = np.nan_to_num(filled.iloc[-1].to_numpy(dtype=np.float64))
    units = np.array([float(account.balances.get(a, 0)) for a in assets], dtype=np.float64)
    entry = np.array([float(account.entries.get(a, 0)) for a in assets], dtype=np.float64)
    # the account at the last close: a contribution credited since is today's money
    cash = float(account.balances.get(spec.quote, 0) - account.arrived)
    contribution += float(account.arrived)
    values = np.nan_to_num(filled.to_numpy(dtype=np.float64)) @ units + cash
    equity = float(values[-1])
    base, halt = _standing(account.decisions)
    weights = aims = None
    if equity > 0.0:
        weights = np.append(units * prices, cash) / equity
    if base is not None:
        held = _aims(spec, account.decisions, base)
        aims = np.array([held.get(a, 0.0) for a in assets], dtype=np.float64)
        aims = np.append(aims, max(0.0, 1.0 - float(aims.sum())))
    halted = halt is not None
    since = None if base is None else (now - base.created_at).total_seconds() / _DAY
    halt_days = None if halt is None else (now - halt.created_at).total_seconds() / _DAY
    cooldown = risk_limits(spec).cooldown_days
    return AccountView(
        assets=assets,
        quote=spec.quote,
        prices=prices,
        units=units,
        entry=entry,
        tradable=np.ones(len(assets), dtype=bool),
        equity=equity,
        equity_before=float(values[-2]) if len(values) > 1 and units.any() else None,
        high_water=_high_water(account, closes, units, cash, spec.quote),
        seen=day_label(closes.index[-1]),
        weights=weights,
        aims=aims,
        days_since_rebalance=since,
        halted=halted,
        cooldown_over=halt_days is not None and halt_days >= cooldown,
        contribution=contribution,
    )


#: Decisions that set fresh targets (the backtester's rebalances and a person's request).
_REBALANCES = frozenset({"initial", "drift", "calendar", "user_request", "resume"})


def _standing(decisions: Sequence[Decision]) -> tuple[Decision | None, Decision | None]:
    """The last decision that set targets, and the drawdown halt in force after it (the
    decision that sold everything; later plans made during the halt do not restart it)."""
    halt = None
    for d in decisions:  # newest first
        if d.trigger in _REBALANCES:
            return d, halt
        if d.trigger == "max_drawdown" and d.orders:
            halt = d
    return None, halt


def _aims(spec: StrategySpec, decisions: Sequence[Decision], base: Decision) -> dict[str, float]:
    """The targets in force: ``base``'s, each shrunk by the share that a later stop-loss or
    take-profit sold, as the backtester shrinks its targets after an exit."""
    aims = dict(base.target_weights)
    for d in reversed(decisions[: list(decisions).index(base)]):  # oldest first, after base
        if d.trigger not in ("stop_loss", "take_profit"):
            continue
        share = 1.0 if d.trigger == "stop_loss" else spec.risk.take_profit_sell
        for order in d.orders:
            asset = str(order.get("symbol", "")).split("/")[0]
            if order.get("side") == "sell" and asset in aims:
                aims[asset] *= 1.0 - share
    return aims


def _high_water(
    account: Account, closes: pd.DataFrame, units: np.ndarray, cash: float, quote: str
) -> float:
    """The high-water mark as the backtester keeps it: the largest equity at any close since
    the strategy started or last re-entered after a halt, each contribution since scaling the
    older marks up by the share it added (a contribution is not a gain).

    The journal holds no daily equity, so it is rebuilt: between two decisions (or credited
    contributions) the account held what the later one started from, so walking them back from
    the balances now (undoing each decision's fills and funding, each contribution) gives the
    holdings of every stretch, valued at each close of it (``closes``: the window the decision
    reads). A decision's own day counts at its value right after its fills, at the prices it
    filled at; the first allocation's day at the capital it started from."""
    filled = np.nan_to_num(closes.ffill().to_numpy(dtype=np.float64))
    column = {str(c): i for i, c in enumerate(closes.columns)}
    held, money = units.astype(np.float64).copy(), cash
    end, scale, best = len(filled), 1.0, -np.inf
    # newest first; a contribution made at a decision's moment came before that decision
    steps: list[tuple[datetime, int, Decision | Decimal]] = [
        (d.created_at, 1, d) for d in account.decisions
    ]
    steps += [(at, 0, amount) for at, amount in account.credits]
    steps.sort(key=lambda s: (s[0], s[1]), reverse=True)
    for at, _, step in steps:
        start = int(closes.index.searchsorted(_day(at)))
        if start < end:
            best = max(best, scale * float((filled[start:end] @ held).max() + money))
        end = min(start, end)
        if isinstance(step, Decimal):  # a contribution: valued at the close of its day
            money -= float(step)
            before = float(filled[start - 1] @ held + money) if start > 0 else 0.0
            if before > 0.0:
                scale *= (before + float(step)) / before
            continue
        d = step
        prices = np.array([float(d.prices.get(a, 0)) for a in column], dtype=np.float64)
        # just after its fills, at the prices it filled at (the recorded value after is
        # rounded to a cent; it stands in where the decision kept no prices)
        after = float(prices @ held + money) if d.prices else float(d.value_after)
        best = max(best, scale * after)
        if d.trigger in ("max_drawdown", "resume"):
            break
        for result in d.results:
            for fill in result.fills:
                base, _, fill_quote = fill.symbol.partition("/")
                if fill_quote != quote:
                    continue
                fee = float(fill.fee) if fill.fee_currency == quote else 0.0
                if base in column:
                    sign = 1.0 if fill.side == "buy" else -1.0
                    held[column[base]] -= sign * float(fill.quantity)
                money += float(fill.cost) + fee if fill.side == "buy" else -float(fill.cost) + fee
        funding = float(d.funding)
        money -= funding
        if funding > 0.0:
            before = float(prices @ held + money)
            if d.trigger == "initial" or before <= 0.0:
                best = max(best, scale * (before + funding))  # the capital it started from
            else:
                scale *= (before + funding) / before
    return float(best) if np.isfinite(best) else float(filled[-1] @ units + cash)


def _day(at: datetime) -> pd.Timestamp:
    stamp = pd.Timestamp(at)
    return stamp.tz_convert("UTC").normalize() if stamp.tzinfo else stamp.normalize()


@dataclass(frozen=True)
class Action:
    """What a preview drafts: the trigger and its sentence, the allocation to move toward
    (None: trade nothing), the money deposited on confirm, and whether the turnover cap
    applies (a buy-only contribution and a risk exit are not capped)."""

    trigger: Trigger
    detail: str
    target: TargetAllocation | None
    funding: Decimal = Decimal(0)
    capped: bool = True
    notes: list[str] = field(default_factory=list)
    #: a risk exit: the share (0..1) of each named position to sell, and nothing else traded
    #: (the backtest's ``sell_all``/``sell_part``); None: trade toward ``target``
    sells: Mapping[str, float] | None = None
    #: a contribution: the targets in force (asset weights; the cash is the rest), bought
    #: toward with the money that arrived at the prices the plan fills at, selling nothing
    #: (the backtest's ``_invest``); None: trade toward ``target``
    invest: Mapping[str, float] | None = None


def contribution_now(spec: StrategySpec, account: Account, now: datetime) -> Decimal:
    """The recurring contribution due now on a funded account (0 when none)."""
    plan = spec.contributions
    if plan is None or account.last_deposit is None:
        return Decimal(0)
    days = (now - account.last_deposit).total_seconds() / _DAY
    return plan.amount if contribution_due(plan, days) else Decimal(0)


def exchange_contribution_now(
    spec: StrategySpec, account: Account, now: datetime, *, name: str
) -> Decimal:
    """The recurring contribution due now on the exchange account ``name`` (0 when none).

    The money is deposited at the exchange by the person, so the journal holds no deposit to
    count from: the schedule counts from this strategy's last contribution plan executed on
    the account, else from its first executed plan there (the start)."""
    plan = spec.contributions
    mine = [d for d in account.decisions if d.account == name]  # newest first
    if plan is None or not mine:
        return Decimal(0)
    anchor = next((d.created_at for d in mine if d.trigger == "contribution"), mine[-1].created_at)
    days = (now - anchor).total_seconds() / _DAY
    return plan.amount if contribution_due(plan, days) else Decimal(0)


def plan_action(
    spec: StrategySpec,
    decision: DayDecision,
    view: AccountView,
    targets: Targets,
    *,
    funding: Decimal,
    free_quote: Decimal | None = None,
) -> Action:
    """Turn the policy's decision into the allocation a preview drafts orders toward.

    When no rule fires the person still asked for a plan, so the fresh targets are drafted
    (trigger ``user_request``); risk rules are never overridden that way: a halt, an exit or a
    pause is what the preview shows. ``free_quote`` is given for an exchange account: a due
    contribution is then paid from that free balance, never deposited by the plan."""
    if decision.halted:
        return Action(
            "max_drawdown",
            "trading is halted by the drawdown rule until its cooldown ends; nothing is traded",
            None,
            funding,
        )
    if decision.halt is not None:
        text = decision.halt.reasons[0][1]
        sells = _shares(view, decision.halt.sell)
        return Action("max_drawdown", text, _cash_only(targets), funding, False, sells=sells)
    if decision.exits:
        sold = np.zeros(len(view.assets))
        reasons: list[str] = []
        for exit_ in decision.exits:
            sold = np.maximum(sold, exit_.sell)
            reasons += [r for _, r in exit_.reasons]
        assert view.weights is not None
        kept = view.weights[:-1] * (1.0 - sold)
        notes = [decision.pause] if decision.pause else []
        trigger: Trigger = decision.exits[0].rule  # type: ignore[assignment]
        return Action(
            trigger,
            "; ".join(reasons),
            _held(targets, view, kept),
            funding,
            False,
            notes,
            sells=_shares(view, sold),
        )
    if decision.pause is not None:
        return Action("daily_loss_limit", decision.pause, None, funding)
    if decision.rebalance is not None:
        trigger, detail = decision.rebalance  # type: ignore[assignment]
        notes = []
        if free_quote is not None and decision.contribution:
            notes.append(
                f"a contribution of {_amount(decision.contribution)} {spec.quote} is also due; "
                "this rebalance invests the account's free cash toward the targets, and the "
                "contribution is proposed on its own at a later plan"
            )
        return Action(trigger, detail, targets.allocation, funding, notes=notes)
    if decision.invest and view.aims is not None and view.weights is not None:
        if free_quote is not None:
            return _paid_from_exchange(spec, decision, view, targets, free_quote)
        money = view.contribution  # due now (``funding``) or credited already today
        value = view.equity + money
        weights = view.weights * view.equity
        weights[-1] += money
        weights /= value
        bought = buy_only_targets(weights, view.aims)
        amount = funding or Decimal(repr(money))
        detail = (
            f"a contribution of {amount} {spec.quote} is due; it buys toward the targets "
            "without selling anything"
        )
        aims = {a: float(w) for a, w in zip(view.assets, view.aims[:-1].tolist(), strict=True)}
        held = _held(targets, view, bought[:-1])
        return Action("contribution", detail, held, funding, False, invest=aims)
    check = decision.check
    why = f"{check.detail}; you asked" if check is not None else "you asked"
    return Action("user_request", why, targets.allocation, funding)


def _amount(value: float | Decimal) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,}"


def _paid_from_exchange(
    spec: StrategySpec,
    decision: DayDecision,
    view: AccountView,
    targets: Targets,
    free_quote: Decimal,
) -> Action:
    """A due contribution on an exchange account: buy toward the targets without selling,
    with the contribution's amount of the free quote balance above the cash the targets keep;
    less when less is free (and the plan says so), nothing when nothing is."""
    assert view.aims is not None and view.weights is not None
    due, quote = float(decision.contribution), spec.quote
    keep = float(view.aims[-1]) * view.equity
    free = float(free_quote)
    spend = min(due, max(0.0, free - keep))
    kept = f" above the {_amount(keep)} {quote} the targets keep as cash" if keep >= 0.005 else ""
    if spend < 0.01:
        detail = (
            f"a contribution of {_amount(due)} {quote} is due, but the account has "
            f"{_amount(free)} {quote} free{kept}, so nothing is bought; deposit it at the "
            "exchange, accept the new balance with `coinpilot reconcile --accept`, then plan again"
        )
        return Action("contribution", detail, None, Decimal(0), False)
    aims = view.aims.copy()
    aims[-1] = (float(view.weights[-1]) * view.equity - spend) / view.equity
    bought = buy_only_targets(view.weights, aims)
    detail = (
        f"a contribution of {_amount(due)} {quote} is due; it buys toward the targets with "
        f"{_amount(spend)} {quote} of the account's free {quote}, selling nothing"
    )
    if spend < due - 0.005:
        detail += (
            f"; only {_amount(spend)} {quote} is free{kept}, so the plan is sized to that "
            f"(deposit the other {_amount(due - spend)} {quote} at the exchange, accept it with "
            "`coinpilot reconcile --accept`, and plan again to buy with it)"
        )
    return Action("contribution", detail, _held(targets, view, bought[:-1]), Decimal(0), False)


def _shares(view: AccountView, sell: np.ndarray) -> dict[str, float]:
    """The share of each position an exit sells, by asset (only those it sells)."""
    return {a: float(s) for a, s in zip(view.assets, sell.tolist(), strict=True) if s > 0.0}


def _cash_only(targets: Targets) -> TargetAllocation:
    return targets.allocation.model_copy(
        update={
            "weights": {a: 0.0 for a in targets.weights},
            "cash_weight": 1.0,
            "notes": ["the drawdown halt sells everything and holds cash"],
        }
    )


def _held(targets: Targets, view: AccountView, weights: np.ndarray) -> TargetAllocation:
    """An allocation holding ``weights`` (per view asset), the rest cash."""
    held = {a: float(w) for a, w in zip(view.assets, weights.tolist(), strict=True)}
    return targets.allocation.model_copy(
        update={
            "weights": held,
            "cash_weight": min(1.0, max(0.0, 1.0 - sum(held.values()))),
            "notes": [],
        }
    )
