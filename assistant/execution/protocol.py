"""The broker port: the only thing in CoinPilot that can move money.

Only ``engine.execute_plan`` calls a broker, and only after the confirmation gate passed. A broker
must never let a balance go negative and must answer ``find_order`` for any client order id it
has seen, so a timed-out order is reconciled before anyone retries it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable

from assistant.domain import Fill, OrderIntent, OrderResult

from .holdings import Holdings


@runtime_checkable
class Broker(Protocol):
    @property
    def name(self) -> str: ...

    def balances(self) -> dict[str, Decimal]:
        """Free balances per asset; assets at zero may be omitted."""
        ...

    def place_market_order(self, intent: OrderIntent) -> OrderResult:
        """Send one market order. Raises ``InsufficientFundsError`` rather than overdraw."""
        ...

    def find_order(self, client_order_id: str) -> OrderResult | None:
        """What happened to an order we sent, or ``None`` if the venue never saw it."""
        ...


@runtime_checkable
class FundableBroker(Broker, Protocol):
    """A broker whose account CoinPilot may fund itself: only a simulated one (paper)."""

    def deposit(self, asset: str, amount: Decimal) -> None:
        """Credit ``amount`` of ``asset`` (a plan's paper funding, journaled as a deposit)."""
        ...


@runtime_checkable
class LiveBroker(Broker, Protocol):
    """A broker for a real exchange account (``CcxtBroker``).

    ``find_order`` by id alone is not enough on exchanges that look orders up per symbol, so a
    live broker answers :meth:`lookup` with the journaled intent instead: the result, ``None``
    when the exchange provably never saw the order, or ``OrderUnresolvedError`` when that cannot
    be established now (then nothing may be sent again and the intent stays unresolved).
    """

    @property
    def sandbox(self) -> bool:
        """True when orders go to the exchange's testnet; the name then says TESTNET."""
        ...

    def holdings(self) -> Holdings:
        """Free and total balances now (journal it with an intent for :meth:`lookup`)."""
        ...

    def place_limit_order(self, intent: OrderIntent, price: Decimal) -> OrderResult:
        """A limit order; its result may be ``open`` and ``resting`` on the book."""
        ...

    def cancel_order(self, intent: OrderIntent) -> OrderResult:
        """Cancel if still working; the order's state afterwards either way."""
        ...

    def open_orders(self, symbol: str) -> list[OrderResult]:
        """Orders still working on ``symbol``'s book."""
        ...

    def fetch_fills_since(self, since: datetime, symbols: Iterable[str]) -> list[Fill]:
        """Every fill on ``symbols`` since ``since``, oldest first."""
        ...

    def lookup(self, intent: OrderIntent, before: Holdings | None = None) -> OrderResult | None:
        """What became of ``intent``'s order (see the class docstring)."""
        ...
