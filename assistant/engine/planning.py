"""plan_rebalance: from a spec to a sealed, journaled order preview, on the strategy's account.

This is the one road to a plan for the CLI, the agent's tools and the app. It reads the market and
the account's balances (the journal's for a paper account, the exchange's for an exchange account,
with the exchange's own prices and rules), computes with the pure layers, and writes the spec
version and the plan, plus, the first time, the strategy's account and its binding
(:mod:`.account_choice`), all in one transaction. It never trades.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import numpy as np

from assistant.domain import (
    PlanError,
    Portfolio,
    RebalancePlan,
    StrategySpec,
    Trigger,
)
from assistant.domain.canonical import canonical_series
from assistant.market import closes_for
from assistant.portfolio import allocate
from assistant.portfolio.planner import draft_orders

from .account_choice import choose_account
from .brokers import balances_now, market_for
from .money_context import in_money_context
from .policy import check_spec
from .reconciliation import reconcile_account_with_exchange
from .services import Services
from .triggers import check_triggers


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
    choice = choose_account(services, spec, account)
    market = market_for(services, choice.account)
    resolved = check_spec(market, spec)
    # Sorted: HRP's leaf order (like PyPortfolioOpt's) depends on column order, and the same
    # spec must always give the same weights.
    closes = closes_for(market, sorted(resolved.bases), spec.quote, days=spec.lookback_days)
    c = spec.constraints
    allocation = allocate(
        closes,
        objective=spec.objective.value,
        linkage=spec.linkage,
        min_weight=c.min_weight,
        max_weight=resolved.max_weight,
        cash_reserve=c.cash_reserve,
        exclude=list(spec.universe.exclude),
        lookback_days=spec.lookback_days,
    )
    held_by = choice.account
    if held_by.is_exchange and not choice.create:
        # Before every live plan: the journal must equal the exchange (or be made to, within
        # the tolerance), or nothing is planned on it.
        reconcile_account_with_exchange(services, held_by)
    balances = {} if choice.create else balances_now(services, held_by)
    funding = Decimal(0)
    if not balances:
        if held_by.is_exchange:
            raise PlanError(
                f"account {held_by.name} holds nothing on {held_by.exchange}; there is nothing "
                "to rebalance.",
                hint="Deposit funds at the exchange, then plan again.",
            )
        if spec.capital is None:
            raise PlanError(
                f"The paper account {held_by.name} is empty and the spec sets no capital.",
                hint="Add a line such as `capital = 5000` to the spec, then plan again.",
            )
        funding = spec.capital

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
    now = services.clock.now()
    check = check_triggers(
        spec,
        journal.latest_decision(spec.name),
        weights_before,
        now,
        empty_account=not balances,
    )
    draft = draft_orders(
        balances=balances,
        prices=prices,
        markets=markets,
        books=books,
        target=allocation,
        quote=spec.quote,
        funding=funding,
        max_turnover=c.max_turnover if balances else None,
    )
    # dict.fromkeys: the rl warning is both a spec note and an allocation note; say it once.
    notes = list(dict.fromkeys([*resolved.notes, *allocation.notes, *draft.notes]))
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
        trigger=trigger or check.trigger,
        trigger_detail=check.detail if trigger is None else "requested by the caller",
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


def _data_hash(values: np.ndarray, index: list[str]) -> str:
    """Fingerprint of the price window the optimizer saw, in canonical text (10 significant
    digits per price) so that the same window fingerprints the same on every machine."""
    digest = hashlib.sha256(canonical_series(np.ravel(values)).encode())
    digest.update("|".join(index).encode())
    return digest.hexdigest()
