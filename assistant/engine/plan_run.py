"""Sending a plan's orders, each line once, from wherever an earlier run of it stopped.

The order of writes is what makes a crash at any point recoverable: the plan's funding is
recorded (once per plan) before the paper broker is credited; each order's intent is journaled
before the order is sent, with the account's balances for a live account; its result after. So
a failed write never loses an order: a failed intent write means nothing was sent, a failed
result write leaves an intent that reconciliation settles against the venue. When the run stops
part-way, :func:`run_guarded` says exactly what was sent and what was kept, in an
:class:`ExecutionInterruptedError`, and leaves an ``interrupted`` confirmation when it can.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from assistant.domain import (
    Account,
    CoinPilotError,
    Decision,
    ExchangeError,
    ExecutionInterruptedError,
    InsufficientFundsError,
    JournalError,
    OrderIntent,
    OrderRejectedError,
    OrderResult,
    OrderUnresolvedError,
    RebalancePlan,
)
from assistant.execution.protocol import Broker, FundableBroker, LiveBroker

from .decision_record import record_outcome
from .execution_lock import AccountLock
from .order_lines import client_id, line_states
from .services import Services

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """How far a run got, for a message that is true whatever failed."""

    stage: str = "starting"
    sent: int = 0
    recorded: int = 0
    current: str = ""


def run_guarded(
    services: Services, account: Account, plan: RebalancePlan, broker: Broker, lock: AccountLock
) -> Decision:
    """:func:`run_plan`, with an interruption turned into a true account of what happened."""
    progress = Progress()
    try:
        return run_plan(services, account, plan, broker, lock, progress)
    except OrderUnresolvedError as exc:
        message = (
            f"Plan {plan.plan_hash[:12]} stopped after {progress.recorded} recorded order(s): "
            f"{exc.message} Nothing more was sent."
        )
        _note_interrupted(services, plan, message)
        raise ExecutionInterruptedError(message, hint=_NEXT.format(h=plan.plan_hash[:16])) from exc
    except JournalError as exc:
        message = interrupted_message(plan, progress, exc.message, venue=broker.name)
        _note_interrupted(services, plan, message)
        raise ExecutionInterruptedError(message, hint=_NEXT.format(h=plan.plan_hash[:16])) from exc


_NEXT = (
    "Run `coinpilot confirm {h}` again (or `coinpilot resume`) once the cause is fixed: it looks "
    "every order up first, never sends one twice, then completes the plan or records it as "
    "partially executed."
)


def run_plan(
    services: Services,
    account: Account,
    plan: RebalancePlan,
    broker: Broker,
    lock: AccountLock,
    progress: Progress,
) -> Decision:
    """Fund once, send every line not yet sent, then record the executed decision."""
    journal = services.journal
    if plan.funding > 0:
        progress.stage = "funding"
        funded = journal.record_funding(
            account.name,
            plan.plan_hash,
            plan.quote,
            plan.funding,
            services.clock.now(),
            f"paper funding for {plan.spec_name}",
        )
        if funded and isinstance(broker, FundableBroker):
            broker.deposit(plan.quote, plan.funding)
    for state in line_states(journal, plan):
        if state.pending:
            raise OrderUnresolvedError(
                f"order {state.attempts[-1][0].client_order_id} is still unresolved.",
                client_order_id=state.attempts[-1][0].client_order_id,
            )
        if not state.to_send:
            continue
        lock.beat(plan.plan_hash)
        line = state.line
        intent = OrderIntent(
            client_order_id=client_id(plan.plan_hash, state.index, state.next_attempt),
            plan_hash=plan.plan_hash,
            symbol=line.symbol,
            side=line.side,
            quantity=line.quantity,
            created_at=services.clock.now(),
        )
        progress.current = f"{line.side} {line.quantity} {line.symbol}"
        progress.stage = "intent"
        before = _holdings(broker) if isinstance(broker, LiveBroker) else None
        journal.record_intent(intent, before)
        progress.stage = "send"
        result = _send(broker, intent)
        progress.sent += 1
        progress.stage = "result"
        journal.record_order_result(result)
        progress.recorded += 1
    progress.stage = "decision"
    return record_outcome(services, account, plan, broker, outcome="executed")


def _send(broker: Broker, intent: OrderIntent) -> OrderResult:
    """One order; refusals become its result, an unknown outcome propagates unrecorded."""
    try:
        return broker.place_market_order(intent)
    except (InsufficientFundsError, OrderRejectedError) as exc:
        return _unfilled(intent, "rejected", exc.message)
    except ExchangeError as exc:
        return _unfilled(intent, "failed", exc.message)


def _holdings(broker: LiveBroker) -> dict[str, dict[str, str]] | None:
    try:
        return broker.holdings().as_data()
    except CoinPilotError as exc:  # the lookup ladder then does without its balance step
        log.warning("could not read balances before an order: %s", exc.message)
        return None


def interrupted_message(plan: RebalancePlan, progress: Progress, cause: str, venue: str) -> str:
    """What was sent and what was kept when a journal write failed (every branch is true)."""
    head = (
        f"Plan {plan.plan_hash[:12]} was interrupted: the journal could not be written ({cause})."
    )
    done = f" {progress.recorded} order(s) were sent and recorded before that."
    if progress.stage == "funding":
        return head + " It stopped before its paper funding was recorded; no order was sent."
    if progress.stage == "intent":
        return (
            head
            + done
            + (f" The next order ({progress.current}) was not sent: its intent could not be kept.")
        )
    if progress.stage == "result":
        return (
            head
            + done
            + (
                f" The order {progress.current} was sent to {venue} but its result could not be "
                "recorded; it is looked up before anything else runs on the account."
            )
        )
    return head + done + " Every order was sent; the decision record could not be written yet."


def _note_interrupted(services: Services, plan: RebalancePlan, message: str) -> None:
    try:
        services.journal.record_confirmation(
            plan.plan_hash, "interrupted", message, services.clock.now()
        )
    except CoinPilotError as exc:  # a full disk refuses this too; the started record suffices
        log.warning("could not record the interruption of %s: %s", plan.plan_hash[:12], exc)


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
