"""Sending one order so that it reaches the exchange at most once, whatever the network does.

The loop, per client order id (the states are :mod:`.order_state`'s)::

    send ── answer ─────────────────────────────────────────────> the exchange's state
      │──── refusal (ccxt ExchangeError) ───────────────────────> rejected, raised
      └──── timeout, 5xx, 429/418, dropped, unreadable ──> unknown
              wait until the request can no longer become an order (recvWindow)
              lookup ladder ── found ──> its state
                            ── unresolved ──> OrderUnresolvedError: nothing more is sent
                            ── absent ──> not_found ──> resend, same client id (bounded)

ccxt splits its errors the same way: ``ExchangeError`` is a refusal the exchange sent back, so
the order does not exist; ``OperationFailed`` (network errors, unreadable bodies, Binance's
"execution status unknown") means it may. The one refusal that proves the opposite is Binance's
"Duplicate order sent.": an open order already has this client id, so it goes to the ladder too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import ccxt

from assistant.domain import (
    DataError,
    InsufficientFundsError,
    OrderRejectedError,
    OrderUnresolvedError,
    RetryableExchangeError,
)
from assistant.market.ccxt_errors import retry_after_seconds, translate

from .ccxt_orders import ExchangeOrder, parse_order
from .ccxt_reads import PARSE_ERRORS, checked
from .order_lookup import Absent, Found, Ladder, Target, Unresolved
from .order_policy import RECV_WINDOW_EXCHANGES, Deadline
from .order_rules import PreparedOrder
from .order_state import Abandon, Lost, NotFound, OrderStateError, OrderTracker, Report, Send

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """What came of a send: the order as the exchange knows it, and how we learnt it."""

    order: ExchangeOrder
    note: str = ""


class OrderSender:
    """Sends one prepared order for one target inside one deadline (see the module doc)."""

    def __init__(self, client: Any, venue: str, deadline: Deadline) -> None:
        self._client = client
        self._venue = venue
        self._deadline = deadline
        self._policy = deadline.policy

    def send(self, order: PreparedOrder, target: Target) -> Sent:
        """The order as the exchange knows it; raises a refusal, :class:`OrderUnresolvedError`,
        or :class:`RetryableExchangeError` once the sends ran out with nothing placed."""
        try:
            return self._send(order, target)
        except OrderStateError as exc:  # the exchange contradicted itself: stop, never guess
            raise self._unresolved(target.client_order_id, exc.message) from exc

    def _send(self, order: PreparedOrder, target: Target) -> Sent:
        cid = target.client_order_id
        tracker = OrderTracker(cid, requested=order.amount)
        while True:
            tracker.apply(Send())
            sent_at = self._policy.clock()
            try:
                answer = checked(self._client, self._create(order, cid))
                known = parse_order(answer)
                if known.client_order_id not in (None, cid):
                    raise DataError(f"the answer describes order {known.client_order_id}")
            except ccxt.InsufficientFunds as exc:
                tracker.apply(Report("rejected", Decimal(0)))
                raise InsufficientFundsError(self._refusal(exc, cid)) from exc
            except ccxt.ExchangeError as exc:
                if "Duplicate order" not in str(exc):
                    tracker.apply(Report("rejected", Decimal(0)))
                    raise OrderRejectedError(self._refusal(exc, cid)) from exc
                why = "the exchange already has an open order with this client id"
            except (ccxt.OperationFailed, DataError, *PARSE_ERRORS) as exc:
                why = _lost_reason(exc)
            else:
                tracker.apply(Report(known.status, known.filled))
                return Sent(known)
            tracker.apply(Lost())
            outcome = self._look_up(target, sent_at, why)
            if isinstance(outcome, Found):
                tracker.apply(Report(outcome.order.status, outcome.order.filled))
                return Sent(outcome.order, f"the answer was lost ({why}); found by {outcome.step}")
            tracker.apply(NotFound())
            if tracker.sends >= self._policy.max_sends or not self._deadline.sleep(
                self._policy.backoff(tracker.sends)
            ):
                tracker.apply(Abandon())
                raise RetryableExchangeError(
                    f"order {cid} never reached {self._venue}: {tracker.sends} send(s) went "
                    f"unanswered ({why}) and every lookup shows none arrived; nothing was placed.",
                    hint="Check your connection and the exchange's status, then plan again.",
                )
            log.warning("order %s was never received (%s); sending it again, same id", cid, why)

    def _create(self, order: PreparedOrder, cid: str) -> Callable[[], Any]:
        params: dict[str, Any] = {"clientOrderId": cid}
        if self._client.id in RECV_WINDOW_EXCHANGES:
            params["recvWindow"] = self._policy.recv_window_ms

        def create() -> Any:
            return self._client.create_order(
                order.symbol, order.type, order.side, order.amount_text, order.price_text, params
            )

        return create

    def _look_up(self, target: Target, sent_at: float, why: str) -> Absent | Found:
        cid = target.client_order_id
        log.warning("order %s: %s; looking it up before anything else", cid, why)
        wait = retry_after_seconds(getattr(self._client, "last_response_headers", None))
        ready = sent_at + self._policy.settle
        if wait is not None and "rate limit" in why:
            ready = max(ready, self._policy.clock() + wait)
        if not self._deadline.sleep_until(ready):
            raise self._unresolved(cid, f"{why}, and there was no time left to look it up")
        outcome = Ladder(self._client, self._deadline, self._policy.lookback).run(target)
        if isinstance(outcome, Unresolved):
            raise self._unresolved(cid, f"{why}; then {outcome.reason}")
        return outcome

    def _unresolved(self, cid: str, reason: str) -> OrderUnresolvedError:
        return OrderUnresolvedError(
            f"order {cid} may or may not be on {self._venue}: {reason.rstrip('.')}. "
            "It was not sent again.",
            client_order_id=cid,
            hint="It stays unresolved in the journal and is looked up again before the next "
            "execution; check the exchange's order history meanwhile.",
        )

    def _refusal(self, exc: BaseException, cid: str) -> str:
        error = translate(exc, exchange=str(self._client.id), operation=f"order {cid}")
        return error.message


def _lost_reason(exc: BaseException) -> str:
    if isinstance(exc, ccxt.DDoSProtection | ccxt.RateLimitExceeded):
        return "rate limited"
    if isinstance(exc, ccxt.RequestTimeout):
        return "no answer in time"
    if isinstance(exc, ccxt.NetworkError):
        return f"network trouble ({type(exc).__name__})"
    return f"an answer that cannot be read ({type(exc).__name__})"
