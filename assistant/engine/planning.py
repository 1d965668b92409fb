"""plan_rebalance: from a spec to a sealed, journaled order preview, on the strategy's account.

This is the one road to a plan for the CLI, the agent's tools and the app. It reads the market and
the account's balances (the journal's for a paper account, the exchange's for an exchange account,
with the exchange's own prices and rules), computes with the pure layers, and writes the spec
version and the plan, plus, the first time, the strategy's account and its binding
(:mod:`.account_choice`), all in one transaction. It never trades.

What to trade is decided by the one policy (``assistant.policy``, through ``strategy.py``), the
same functions the backtester calls: the targets (risk profile cap, constraints, optimizer or
fixed split, signal tilts, volatility target) and the day's rules in their order (drawdown halt
and its cooldown, stop-loss, take-profit, daily loss limit, recurring contribution, drift and
calendar). A preview decides on the market's last daily close, as a backtest decides on the
close before its trade day, and prices its orders at the book's mid.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from assistant.domain import (
    PlanError,
    Portfolio,
    RebalancePlan,
    StrategySpec,
    TargetAllocation,
    Trigger,
)
from assistant.domain.canonical import canonical_series
from assistant.market import closes_for
from assistant.market.protocol import MarketData
from assistant.policy import Targets, buy_only_targets, decide
from assistant.portfolio.planner import OrderDraft, draft_orders, draft_sells

from .account_choice import AccountChoice, choose_account
from .brokers import balances_now, market_for
from .money_context import in_money_context
from .policy import ResolvedSpec, check_spec
from .reconciliation import reconcile_account_with_exchange
from .services import Services
from .signal_inputs import preview_inputs
from .strategy import (
    Account,
    Action,
    account_view,
    contribution_now,
    exchange_contribution_now,
    plan_action,
    risk_limits,
    spec_targets,
)


class _Decided(NamedTuple):
    choice: AccountChoice
    market: MarketData
    resolved: ResolvedSpec
    closes: pd.DataFrame
    targets: Targets
    balances: dict[str, Decimal]
    funding: Decimal
    now: datetime
    action: Action


@dataclass(frozen=True)
class StrategyCheck:
    """What the one policy decides for a strategy now, without writing anything: the trigger
    and its sentence, whether a rule fired on its own (anything but a person asking), whether
    a plan would trade (a halt in force or a daily-loss pause does not), and the money a plan
    would deposit. A watcher asks this on a schedule and plans only when something fired."""

    trigger: Trigger
    detail: str
    fired: bool
    trades: bool
    funding: Decimal


@in_money_context
def check_strategy(
    services: Services, spec: StrategySpec, *, account: str | None = None
) -> StrategyCheck:
    """The decision :func:`plan_rebalance` would preview now on ``account`` (default: the
    strategy's own), computed but not journaled (an exchange account is reconciled first, as
    before every plan)."""
    d = _decide(services, spec, account)
    fired = d.action.trigger != "user_request"
    trades = d.action.target is not None
    return StrategyCheck(d.action.trigger, d.action.detail, fired, trades, d.funding)


def _decide(services: Services, spec: StrategySpec, account: str | None) -> _Decided:
    """Account, market check, closes, the one policy's targets and the account's decision."""
    journal = services.journal
    choice = choose_account(services, spec, account)
    market = market_for(services, choice.account)
    resolved = check_spec(market, spec)
    # Sorted: HRP's leaf order (like PyPortfolioOpt's) depends on column order, and the same
    # spec must always give the same weights.
    closes = closes_for(market, sorted(resolved.bases), spec.quote, days=spec.lookback_days)
    inputs = preview_inputs(services, spec, [str(c) for c in closes.columns], closes.index[-1])
    targets = spec_targets(spec, closes, inputs=inputs)
    held_by = choice.account
    if held_by.is_exchange and not choice.create:
        # Before every live plan: the journal must equal the exchange (or be made to, within
        # the tolerance), or nothing is planned on it.
        reconcile_account_with_exchange(services, held_by)
    balances = {} if choice.create else balances_now(services, held_by)
    now = services.clock.now()
    funding = Decimal(0)
    if not balances:
        if held_by.is_exchange:
            raise PlanError(
                f"account {held_by.name} holds nothing on {held_by.exchange}; there is nothing "
                "to rebalance.",
                hint="Deposit funds at the exchange, then plan again.",
            )
        if spec.capital is not None:
            funding = spec.capital
        elif spec.contributions is not None:
            funding = spec.contributions.amount  # the first contribution opens the account
        else:
            raise PlanError(
                f"The paper account {held_by.name} is empty and the spec sets no capital.",
                hint="Add a line such as `capital = 5000` to the spec, then plan again.",
            )
    decisions = journal.decisions(limit=200, spec_name=spec.name) if balances else []
    taken = {r.client_order_id for d in decisions if d.trigger == "take_profit" for r in d.results}
    name = held_by.name
    arrived, credits = Decimal(0), []
    if balances and not held_by.is_exchange:
        # a replay's contributions (``watch/replay.py``): today's is money not yet decided on
        since = max([now - timedelta(days=1), *(d.created_at for d in decisions[:1])])
        for at, amount in journal.contributions(name, spec.quote):
            if at > since:
                arrived += amount
            else:
                credits.append((at, amount))
    state = Account(
        balances=balances,
        entries=journal.paper_entry_prices(name, spec.quote, reset_by=taken) if balances else {},
        decisions=decisions,
        last_deposit=journal.last_deposit_at(name, spec.quote) if balances else None,
        arrived=arrived,
        credits=credits,
    )
    due = Decimal(0)  # the contribution arriving today
    free_quote = None
    if balances and held_by.is_exchange:
        # The person deposits at the exchange: a due contribution is paid from the account's
        # free quote balance (what the exchange reports), and the plan deposits nothing.
        due = exchange_contribution_now(spec, state, now, name=name)
        free_quote = balances.get(spec.quote, Decimal(0))
    elif balances:
        funding = due = contribution_now(spec, state, now)
        if spec.capital is not None and state.last_deposit is None and not decisions:
            # Only imported holdings ("I already hold 0.5 BTC; add $2,000"): never funded, so
            # the capital is added to them, once, like a fresh account's.
            funding = due = spec.capital
    view = account_view(spec, closes, state, now, float(due))
    refit = None if balances else ("initial", "first allocation of this strategy")
    decision = decide(risk_limits(spec), spec.rebalance, view, refit=refit)
    action = plan_action(spec, decision, view, targets, funding=funding, free_quote=free_quote)
    return _Decided(choice, market, resolved, closes, targets, balances, funding, now, action)


@in_money_context
def plan_rebalance(
    services: Services,
    spec: StrategySpec,
    *,
    trigger: Trigger | None = None,
    model_id: str | None = None,
    prompt_version: str | None = None,
    account: str | None = None,
) -> RebalancePlan:
    """Preview the rebalance of ``spec`` on ``account`` (default: the strategy's own, see
    :mod:`.account_choice`); ``model_id``/``prompt_version`` record who proposed it."""
    journal = services.journal
    d = _decide(services, spec, account)
    choice, market, resolved, closes, targets, balances, funding, now, action = d
    held_by = choice.account
    c = spec.constraints

    held = [a for a in balances if a != spec.quote]
    assets = list(dict.fromkeys([*resolved.bases, *held]))
    markets = {}
    for a in assets:
        info = market.markets().get(f"{a}/{spec.quote}")
        if info is not None and info.active:
            markets[a] = info
    books = {a: market.order_book(markets[a].symbol, depth=50) for a in markets}
    prices = {a: (b.bids[0].price + b.asks[0].price) / 2 for a, b in books.items()}

    before = Portfolio(
        quote=spec.quote,
        balances={**balances, spec.quote: balances.get(spec.quote, Decimal(0)) + funding},
        prices=prices,
    )
    weights_before = before.weights()
    allocation = action.target or targets.allocation
    if action.target is None:
        draft = OrderDraft([], [], Decimal(0), Decimal(0), 0.0, [action.detail])
    elif action.sells is not None:
        draft = draft_sells(
            balances=balances,
            prices=prices,
            markets=markets,
            books=books,
            target=action.target,
            quote=spec.quote,
            shares=action.sells,
            funding=funding,
        )
    elif action.invest is not None:
        target, buying = _invest(action.target, action.invest, before)
        draft = draft_orders(
            balances=balances,
            prices=prices,
            markets=markets,
            books=books,
            target=target,
            quote=spec.quote,
            funding=funding,
            only=buying,
        )
    else:
        draft = draft_orders(
            balances=balances,
            prices=prices,
            markets=markets,
            books=books,
            target=action.target,
            quote=spec.quote,
            funding=funding,
            max_turnover=c.max_turnover if balances and action.capped else None,
        )
    # The market check and the targets both name a binding profile cap; say it once.
    notes = list(
        dict.fromkeys([*resolved.notes, *targets.allocation.notes, *action.notes, *draft.notes])
    )
    if funding:
        notes.insert(
            0, f"paper account {held_by.name} funded with {funding} {spec.quote} on confirm"
        )
    elif spec.capital is not None and journal.latest_decision(spec.name) is None:
        notes.insert(
            0,
            f"account {held_by.name} already holds {before.total_value:,.2f} {spec.quote}: the "
            f"spec's capital ({spec.capital}) is not used, a strategy manages its whole account",
        )
    notes.insert(0, f"runs on account {held_by.label}")
    plan = RebalancePlan(
        account=held_by.name,
        account_badge=held_by.badge,
        spec_name=spec.name,
        spec_version=spec.version,
        spec_hash=spec.content_hash(),
        market=market.name,
        simulated_market=market.simulated,
        created_at=now,
        expires_at=now + timedelta(seconds=services.settings.plan_ttl_seconds),
        trigger=trigger or action.trigger,
        trigger_detail=action.detail
        if trigger is None
        else f"requested by the caller; {action.detail}",
        quote=spec.quote,
        portfolio_value=before.total_value.quantize(Decimal("0.01")),
        balances_before=balances,
        funding=funding,
        prices=prices,
        data_hash=_data_hash(closes.to_numpy(), [str(t) for t in closes.index]),
        weights_before=weights_before,
        allocation=allocation,
        orders=draft.orders,
        unexecutable=draft.unexecutable,
        total_fees=draft.total_fees,
        total_slippage=draft.total_slippage,
        turnover=draft.turnover,
        notes=notes,
        model_id=model_id,
        prompt_version=prompt_version,
    ).sealed()
    with journal.transaction():
        if choice.create:
            journal.record_account(held_by)
        if choice.bind is not None:
            journal.bind_strategy(spec.name, held_by.name, choice.bind, now)
        journal.record_spec(spec)
        journal.record_plan(plan)
    return plan


def _invest(
    held: TargetAllocation, aims: dict[str, float] | Mapping[str, float], before: Portfolio
) -> tuple[TargetAllocation, set[str]]:
    """A contribution's buys, sized at the prices the plan fills at (the backtest's ``_invest``
    sizes them at its trade day's close): the weights after buying toward ``aims`` with the
    cash above the cash aim, and the assets bought (the others are left as they are)."""
    assets = sorted(aims)
    now = before.weights()
    weights = np.array([now.get(a, 0.0) for a in assets] + [now.get(before.quote, 0.0)])
    goal = np.array([aims[a] for a in assets] + [max(0.0, 1.0 - sum(aims.values()))])
    bought = buy_only_targets(weights, goal)
    buying = {a for i, a in enumerate(assets) if bought[i] > weights[i]}
    chosen = {a: float(bought[i]) for i, a in enumerate(assets)}
    cash = min(1.0, max(0.0, 1.0 - sum(chosen.values())))
    return held.model_copy(update={"weights": chosen, "cash_weight": cash}), buying


def _data_hash(values: np.ndarray, index: list[str]) -> str:
    """Fingerprint of the price window the optimizer saw, in canonical text (10 significant
    digits per price) so that the same window fingerprints the same on every machine."""
    digest = hashlib.sha256(canonical_series(np.ravel(values)).encode())
    digest.update("|".join(index).encode())
    return digest.hexdigest()
