"""A broker double for the engine's tests: it records every order sent and what it was asked.

It fills through a real :class:`PaperBroker` (so balances and fills are realistic) unless told
what the venue already knows (``seen``), which is how a test stages "the venue filled an order
whose result CoinPilot never recorded".
"""

from __future__ import annotations

from decimal import Decimal

from assistant.domain import OrderIntent, OrderResult
from assistant.execution.paper import PaperBroker
from assistant.market.protocol import MarketData


class RecordingBroker:
    """Satisfies the ``Broker`` protocol; has no ``deposit``, so it cannot be funded."""

    def __init__(self, market: MarketData, balances: dict[str, Decimal] | None = None) -> None:
        self.venue = PaperBroker(market, balances)
        self.seen: dict[str, OrderResult] = {}
        self.sent: list[str] = []  # client order ids, in the order they were sent
        self.looked_up: list[str] = []

    @property
    def name(self) -> str:
        return "recording double"

    def balances(self) -> dict[str, Decimal]:
        return self.venue.balances()

    def place_market_order(self, intent: OrderIntent) -> OrderResult:
        self.sent.append(intent.client_order_id)
        result = self.venue.place_market_order(intent)
        self.seen[intent.client_order_id] = result
        return result

    def find_order(self, client_order_id: str) -> OrderResult | None:
        self.looked_up.append(client_order_id)
        return self.seen.get(client_order_id)


class FundableRecordingBroker(RecordingBroker):
    """The same double with a paper account CoinPilot may fund."""

    def deposit(self, asset: str, amount: Decimal) -> None:
        self.venue.deposit(asset, amount)
