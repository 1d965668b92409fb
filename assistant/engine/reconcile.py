"""Settle order intents that never got a result (a run stopped between journaling and recording).

An intent is journaled before its order is sent; if no result follows, the broker is asked what
happened before anything else may trade on that account. What the broker saw is recorded as the
order's result. An order the broker provably never saw is recorded ``not_sent``: nothing was
placed, and a resumed execution may send that order line again under a new client order id,
never this one. An exchange account is asked with the intent and the balances journaled just
before the send (``LiveBroker.lookup``); when the exchange cannot say yet, the intent is left
pending, and nothing new is sent on that account until it is settled.

The caller holds the account's execution lock (:mod:`.execution_lock`), so no other process is
between journaling an intent and sending it: every pending intent can be settled at once.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from assistant.domain import Account, OrderIntent, OrderResult, OrderUnresolvedError
from assistant.execution.holdings import Holdings
from assistant.execution.protocol import Broker, LiveBroker

from .services import Services

log = logging.getLogger(__name__)


def reconcile_account(services: Services, account: Account, broker: Broker) -> list[OrderIntent]:
    """Settle every pending intent of ``account``; returns those the venue could not answer."""
    journal = services.journal
    unresolved = []
    for intent in journal.intents_without_result(account.name):
        try:
            found = _look_up(services, broker, intent)
        except OrderUnresolvedError as exc:
            log.warning("order %s is still unresolved: %s", intent.client_order_id, exc.message)
            unresolved.append(intent)
            continue
        if found is not None:
            result = _found(found, broker.name)
        else:
            result = never_reached(intent, broker.name, live=account.is_exchange)
        journal.record_order_result(result)
        log.warning(
            "order %s left unresolved by an earlier run: recorded as %s (%s)",
            result.client_order_id,
            result.status,
            result.message,
        )
    return unresolved


def _look_up(services: Services, broker: Broker, intent: OrderIntent) -> OrderResult | None:
    if isinstance(broker, LiveBroker):
        data = services.journal.intent_before(intent.client_order_id)
        before = None if data is None else Holdings.from_data(data)
        return broker.lookup(intent, before=before)
    return broker.find_order(intent.client_order_id)


def _found(result: OrderResult, venue: str) -> OrderResult:
    note = f"reconciled with {venue} after a restart"
    message = f"{result.message} ({note})" if result.message else note
    return result.model_copy(update={"message": message})


def never_reached(intent: OrderIntent, venue: str, *, live: bool) -> OrderResult:
    """The result of an order that provably never happened on ``venue``."""
    why = (
        f"never reached {venue}: CoinPilot stopped before sending it"
        if live
        else f"never recorded on {venue} before CoinPilot stopped, so it did not happen there"
    )
    return OrderResult(
        client_order_id=intent.client_order_id,
        symbol=intent.symbol,
        side=intent.side,
        status="not_sent",
        requested=intent.quantity,
        filled=Decimal(0),
        message=f"{why}; never re-sent under this id",
    )
