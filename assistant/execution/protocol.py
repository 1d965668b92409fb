"""The broker port: the only thing in CoinPilot that can move money.

Only ``engine.execute_plan`` calls a broker, and only after the confirmation gate passed. A broker
must never let a balance go negative and must answer ``find_order`` for any client order id it
has seen, so a timed-out order is reconciled before anyone retries it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, runtime_checkable

from assistant.domain import OrderIntent, OrderResult


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
