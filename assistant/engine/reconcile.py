"""Reconcile order intents that never got a result (a run stopped between sending and recording).

An intent is journaled before its order is sent; if no result follows, the broker is asked what
happened before anything is retried. What the broker saw is recorded as the order's result; an
order the broker never saw is recorded as failed. Nothing here ever sends an order again: a
person re-plans and confirms, so money never moves twice for one intent.

The paper broker lives in memory, so for it an intent without a result always means the order
never reached it. It runs when services open (``Services.open``) and again just before a plan
executes. An intent younger than :data:`SETTLE_AFTER` is left alone: it may belong to an
execution still running in another CoinPilot process (the app and a CLI command, say).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from assistant.domain import OrderIntent, OrderResult

if TYPE_CHECKING:
    from .services import Services

#: How old an unresolved intent must be before it is settled: longer than any paper execution.
SETTLE_AFTER: Final = timedelta(minutes=1)


def reconcile_intents(services: Services) -> list[OrderResult]:
    """Settle every intent older than :data:`SETTLE_AFTER` that has no result; returns them."""
    cutoff = services.clock.now() - SETTLE_AFTER
    pending = [i for i in services.journal.intents_without_result() if i.created_at <= cutoff]
    if not pending:
        return []
    broker = services.open_broker()
    settled = []
    for intent in pending:
        found = broker.find_order(intent.client_order_id)
        result = (
            _found(found, broker.name) if found is not None else _never_seen(intent, broker.name)
        )
        services.journal.record_order_result(result)
        settled.append(result)
    return settled


def _found(result: OrderResult, venue: str) -> OrderResult:
    note = f"reconciled with {venue} after a restart"
    message = f"{result.message} ({note})" if result.message else note
    return result.model_copy(update={"message": message})


def _never_seen(intent: OrderIntent, venue: str) -> OrderResult:
    return OrderResult(
        client_order_id=intent.client_order_id,
        symbol=intent.symbol,
        side=intent.side,
        status="failed",
        requested=intent.quantity,
        filled=Decimal(0),
        message=f"never reached {venue} (CoinPilot stopped before sending it); not re-sent",
    )
