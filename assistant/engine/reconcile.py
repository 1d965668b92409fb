"""Reconcile order intents that never got a result (the process stopped mid-execution).

An intent is journaled before its order is sent; if no result follows, we must ask the venue what
happened before anything is retried. The paper venue lives in memory, so an intent without a result
means the order never reached it: that is recorded as a failed order, never silently re-sent.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.domain import OrderResult

from .services import Services


def reconcile_intents(services: Services) -> list[OrderResult]:
    broker = services.paper_broker()
    settled = []
    for intent in services.journal.intents_without_result():
        found = broker.find_order(intent.client_order_id)
        result = found or OrderResult(
            client_order_id=intent.client_order_id,
            symbol=intent.symbol,
            side=intent.side,
            status="failed",
            requested=intent.quantity,
            filled=Decimal(0),
            message="never reached the paper exchange (CoinPilot stopped before sending it)",
        )
        services.journal.record_order_result(result)
        settled.append(result)
    return settled
