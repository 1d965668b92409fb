"""plan_rebalance: from a spec to a sealed, journaled order preview.

This is the one road to a plan for the CLI, the agent's tools and the app. It reads the market and
the journal, computes with the pure layers, and writes only two journal rows (the spec version and
the plan). It never trades.

What to trade is decided by the one policy (``assistant.policy``, through ``strategy.py``), the
same functions the backtester calls: the targets (risk profile cap, constraints, optimizer or
fixed split, signal tilts, volatility target) and the day's rules in their order (drawdown halt
and its cooldown, stop-loss, take-profit, daily loss limit, recurring contribution, drift and
calendar). A preview decides on the market's last daily close, as a backtest decides on the
close before its trade day, and prices its orders at the book's mid.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import pandas as pd

from assistant.domain import (
    NotAvailableError,
    PlanError,
    Portfolio,
    RebalancePlan,
    StrategySpec,
    Trigger,
)
from assistant.domain.canonical import canonical_series
from assistant.market import closes_for
from assistant.policy import Targets, decide
from assistant.portfolio.planner import OrderDraft, draft_orders

from .money_context import in_money_context
from .policy import ResolvedSpec, check_spec
from .services import Services
from .strategy import (
    Account,
    Action,
    account_view,
    contribution_now,
    plan_action,
    risk_limits,
    spec_targets,
)


class _Decided(NamedTuple):
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
def check_strategy(services: Services, spec: StrategySpec) -> StrategyCheck:
    """The decision :func:`plan_rebalance` would preview now, computed but not journaled."""
    d = _decide(services, spec)
    fired = d.action.trigger != "user_request"
    trades = d.action.target is not None
    return StrategyCheck(d.action.trigger, d.action.detail, fired, trades, d.funding)


def _decide(services: Services, spec: StrategySpec) -> _Decided:
    """Market check, closes, the one policy's targets and the account's decision."""
    market, journal = services.market, services.journal
    resolved = check_spec(market, spec)
    if spec.execution.mode == "live":
        raise NotAvailableError(
            "Live trading is not built yet, and this spec asks for execution.mode = 'live'.",
            hint='Set mode = "paper" in the spec\'s [execution] section to preview it on paper.',
        )
    # Sorted: HRP's leaf order (like PyPortfolioOpt's) depends on column order, and the same
    # spec must always give the same weights.
    closes = closes_for(market, sorted(resolved.bases), spec.quote, days=spec.lookback_days)
    targets = spec_targets(spec, closes)
    balances = {k: v for k, v in journal.paper_balances().items() if v != 0}
    now = services.clock.now()
    funding = Decimal(0)
    if not balances:
        if spec.capital is not None:
            funding = spec.capital
        elif spec.contributions is not None:
            funding = spec.contributions.amount  # the first contribution opens the account
        else:
            raise PlanError(
                "The paper account is empty and the spec sets no capital.",
                hint="Add a line such as `capital = 5000` to the spec, then plan again.",
            )
    decisions = journal.decisions(limit=200, spec_name=spec.name) if balances else []
    taken = {r.client_order_id for d in decisions if d.trigger == "take_profit" for r in d.results}
    account = Account(
        balances=balances,
        entries=journal.paper_entry_prices(spec.quote, reset_by=taken) if balances else {},
        decisions=decisions,
        last_deposit=journal.last_deposit_at(spec.quote) if balances else None,
    )
    if balances:
        funding = contribution_now(spec, account, now)
    view = account_view(spec, closes, account, now, float(funding) if balances else 0.0)
    refit = None if balances else ("initial", "first allocation of this strategy")
    decision = decide(risk_limits(spec), spec.rebalance, view, refit=refit)
    action = plan_action(spec, decision, view, targets, funding=funding)

    return _Decided(resolved, closes, targets, balances, funding, now, action)


@in_money_context
def plan_rebalance(
    services: Services,
    spec: StrategySpec,
    *,
    trigger: Trigger | None = None,
    model_id: str | None = None,
    prompt_version: str | None = None,
) -> RebalancePlan:
    """Preview the rebalance of ``spec``; ``model_id``/``prompt_version`` record who proposed it."""
    market, journal = services.market, services.journal
    resolved, closes, targets, balances, funding, now, action = _decide(services, spec)
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
        notes.insert(0, f"paper account funded with {funding} {spec.quote} on confirm")
    plan = RebalancePlan(
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
    journal.record_spec(spec)
    journal.record_plan(plan)
    return plan


def _data_hash(values: np.ndarray, index: list[str]) -> str:
    """Fingerprint of the price window the optimizer saw, in canonical text (10 significant
    digits per price) so that the same window fingerprints the same on every machine."""
    digest = hashlib.sha256(canonical_series(np.ravel(values)).encode())
    digest.update("|".join(index).encode())
    return digest.hexdigest()
