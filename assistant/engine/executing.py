"""execute_plan: the confirmation gate, then orders through the broker, then the decision record.

The person confirms one plan *hash*. Before any order is sent this module proves the plan is the
one shown (hash intact), still fresh (not expired, not superseded, spec unchanged), and still
sound (holdings unchanged, prices within the allowed move, markets still open). A refusal changes
no balance; it is journaled as a refused confirmation so the audit trail shows the attempt.
Each order intent is journaled before it is sent to ``services.open_broker()`` (a paper account
unless a broker was injected), and intents an earlier run left without a result are reconciled
first. Refusals are surface-neutral: they say what to do, never which command or key does it
(the app and the CLI phrase that themselves).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from assistant.domain import (
    Decision,
    ExchangeError,
    InsufficientFundsError,
    NotAvailableError,
    OrderIntent,
    OrderResult,
    PlanError,
    Portfolio,
    RebalancePlan,
)
from assistant.execution.protocol import FundableBroker

from .money_context import in_money_context
from .reconcile import reconcile_intents
from .services import Services


@in_money_context
def execute_plan(services: Services, plan_hash: str) -> Decision:
    journal = services.journal
    plan = journal.get_plan(plan_hash)
    if services.settings.mode == "live":
        raise NotAvailableError(
            "Live trading is not built yet; CoinPilot executes in paper mode only.",
            hint='Set COINPILOT_MODE=paper (the default), or mode = "paper" in config.toml.',
        )
    done = journal.confirmation_of(plan.plan_hash)
    if done is not None:
        at = done["at"]
        when = f"{at:%Y-%m-%d %H:%M:%S} UTC" if hasattr(at, "strftime") else str(at)
        raise PlanError(f"Plan {plan.plan_hash[:12]} was already executed at {when}.")
    reason = _refusal(services, plan)
    now = services.clock.now()
    if reason is not None:
        journal.record_confirmation(plan.plan_hash, "refused", reason, now)
        raise PlanError(f"Refused plan {plan.plan_hash[:12]}: {reason}")
    reconcile_intents(services)

    broker = services.open_broker()
    if plan.funding > 0:
        if not isinstance(broker, FundableBroker):
            raise NotAvailableError(
                f"Plan {plan.plan_hash[:12]} needs {plan.funding} {plan.quote} of paper funding, "
                f"and {broker.name} is not an account CoinPilot can fund.",
                hint="Fund the account at its venue and plan again.",
            )
        journal.record_deposit(plan.quote, plan.funding, now, f"paper funding for {plan.spec_name}")
        broker.deposit(plan.quote, plan.funding)
    results: list[OrderResult] = []
    for i, order in enumerate(sorted(plan.orders, key=lambda o: o.side != "sell")):
        intent = OrderIntent(
            client_order_id=_client_id(plan.plan_hash, i),
            plan_hash=plan.plan_hash,
            symbol=order.symbol,
            side=order.side,
            quantity=order.quantity,
            created_at=services.clock.now(),
        )
        journal.record_intent(intent)
        try:
            result = broker.place_market_order(intent)
        except InsufficientFundsError as exc:
            result = _unfilled(intent, "rejected", exc.message)
        except ExchangeError as exc:
            result = _unfilled(intent, "failed", exc.message)
        journal.record_order_result(result)
        results.append(result)

    balances = broker.balances()
    prices = {a: p for a, p in plan.prices.items()}
    after = Portfolio(quote=plan.quote, balances=balances, prices=prices)
    at = services.clock.now()
    journal.record_snapshot(at, balances, prices, after.total_value, after.weights())
    decision = Decision(
        decision_id="d-" + hashlib.sha256(f"{plan.plan_hash}{at}".encode()).hexdigest()[:12],
        created_at=at,
        trigger=plan.trigger,
        trigger_detail=plan.trigger_detail,
        spec_name=plan.spec_name,
        spec_version=plan.spec_version,
        spec_hash=plan.spec_hash,
        plan_hash=plan.plan_hash,
        market=plan.market,
        data_hash=plan.data_hash,
        prices=plan.prices,
        objective=plan.allocation.objective,
        raw_weights=plan.allocation.raw_weights,
        target_weights=plan.allocation.weights,
        clamps=[c.model_dump(mode="json") for c in plan.allocation.clamps],
        orders=[o.model_dump(mode="json") for o in plan.orders],
        unexecutable=[u.model_dump(mode="json") for u in plan.unexecutable],
        results=results,
        weights_before=plan.weights_before,
        weights_after=after.weights(),
        value_before=plan.portfolio_value,
        value_after=after.total_value.quantize(Decimal("0.01")),
        model_id=plan.model_id,
        prompt_version=plan.prompt_version,
    )
    journal.record_decision(decision)
    filled = sum(1 for r in results if r.status == "filled")
    journal.record_confirmation(
        plan.plan_hash, "executed", f"{filled} of {len(results)} orders filled", at
    )
    return decision


def _refusal(services: Services, plan: RebalancePlan) -> str | None:
    """Why this plan must not run now, or None. Checked in order of how fundamental it is."""
    journal, market = services.journal, services.market
    if not plan.is_intact():
        return "it changed since the preview (its content no longer matches its hash)"
    now = services.clock.now()
    if now > plan.expires_at:
        return (
            f"it expired at {plan.expires_at:%Y-%m-%d %H:%M:%S} UTC; "
            "make a fresh preview of the same strategy"
        )
    latest = journal.latest_plan(plan.spec_name)
    if latest is not None and latest.plan_hash != plan.plan_hash:
        return (
            f"a newer plan {latest.plan_hash[:12]} exists for '{plan.spec_name}'; confirm that one"
        )
    spec = journal.latest_spec(plan.spec_name)
    if spec is not None and spec.content_hash() != plan.spec_hash:
        return f"the spec '{plan.spec_name}' changed since this preview; plan again"
    if plan.market != market.name:
        return (
            f"it was made on market '{plan.market}', not '{market.name}'; "
            "preview it again on this market"
        )
    balances = {k: v for k, v in journal.paper_balances().items() if v != 0}
    if balances != {k: v for k, v in plan.balances_before.items() if v != 0}:
        return "the holdings changed since this preview; plan again"
    limit = services.settings.max_price_move
    infos = market.markets()
    for order in plan.orders:
        info = infos.get(order.symbol)
        if info is None or not info.active:
            return f"{order.symbol} is no longer tradable on {market.name}"
        ticker = market.ticker(order.symbol)
        then = plan.prices[order.base]
        move = abs(float(ticker.mid / then) - 1.0)
        if move > limit:
            return (
                f"{order.base} moved {move:.1%} since the preview, more than the {limit:.0%} "
                "allowed; plan again at today's prices"
            )
        if order.quantity * ticker.mid < info.min_notional:
            return f"{order.symbol} would now be below the minimum order of {info.min_notional}"
    return None


def _client_id(plan_hash: str, index: int) -> str:
    return f"cp-{plan_hash[:16]}-{index:03d}"


def _unfilled(intent: OrderIntent, status: str, message: str) -> OrderResult:
    return OrderResult(
        client_order_id=intent.client_order_id,
        symbol=intent.symbol,
        side=intent.side,
        status="rejected" if status == "rejected" else "failed",
        requested=intent.quantity,
        filled=Decimal(0),
        message=message,
    )
