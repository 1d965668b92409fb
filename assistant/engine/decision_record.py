"""The record an execution ends with: the decision "why" explains, and the final confirmation.

Both outcomes are written the same way, in one transaction with the portfolio snapshot: either
``executed`` (every order line was sent and answered) or ``partial`` (the execution was
interrupted and closed without sending the rest; each unsent line is listed with the reason).
A plan ends at most once: the journal refuses a second ``executed`` or ``partial``.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Literal

from assistant.domain import Account, Decision, NotSent, Portfolio, RebalancePlan
from assistant.execution.protocol import Broker

from .brokers import balances_now
from .order_lines import final_results, line_states
from .services import Services

Outcome = Literal["executed", "partial"]


def record_outcome(
    services: Services,
    account: Account,
    plan: RebalancePlan,
    broker: Broker | None,
    *,
    outcome: Outcome,
    reason: str = "",
) -> Decision:
    """Write the decision, snapshot and final confirmation of ``plan``; ``reason``: why the
    lines left unsent were not sent (a partial outcome)."""
    journal = services.journal
    states = line_states(journal, plan)
    results = final_results(states)
    not_sent = [
        NotSent(
            symbol=s.line.symbol,
            side=s.line.side,
            quantity=s.line.quantity,
            reason=_why_unsent(s.attempts != [], reason),
        )
        for s in states
        if s.to_send
    ]
    balances = balances_now(services, account, broker)
    after = Portfolio(quote=plan.quote, balances=balances, prices=dict(plan.prices))
    at = services.clock.now()
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
        account=account.name,
        outcome=outcome,
        funding=journal.funding_of(plan.plan_hash),
        not_sent=not_sent,
    )
    filled = sum(1 for r in results if r.status == "filled")
    message = f"{filled} of {len(plan.orders)} orders filled"
    if outcome == "partial":
        message += f"; {len(not_sent)} not sent: {reason}"
    with journal.transaction():
        journal.record_snapshot(
            at,
            balances,
            dict(plan.prices),
            after.total_value,
            after.weights(),
            account=account.name,
        )
        journal.record_decision(decision)
        journal.record_confirmation(plan.plan_hash, outcome, message, at)
    return decision


def _why_unsent(tried: bool, reason: str) -> str:
    if not tried:
        return f"never sent: {reason}" if reason else "never sent"
    first = "an earlier attempt never reached the venue"
    return f"{first}; not sent again: {reason}" if reason else first
