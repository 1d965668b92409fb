"""PaperBroker: fills market orders against the market's order book, with fees, in memory.

It walks the same book with the same arithmetic as the planner's estimate (``walk_book``; on a
simulated book with a model, the model book's rule that the backtest fills with), charges the
market's taker fee in the quote currency and refuses any order that would take a balance below
zero. Its balances start from the journal (deposits plus past fills), so the journal stays the
source of truth and a restart loses nothing.

Nothing is rounded (``domain/model_book.py``): a paper fill reaches no exchange, so its cost is
the walk's exact cost, its fee that cost times the taker fee, and its price their quotient; the
backtest keeps the same numbers in float64, and a replay matches it fill for fill. (Orders for a
real exchange are rounded to its precision by the planner, and the exchange reports its fills.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal

from assistant.domain import (
    DataError,
    ExchangeError,
    Fill,
    InsufficientFundsError,
    OrderIntent,
    OrderResult,
    walk_book,
)
from assistant.market.protocol import MarketData


class PaperBroker:
    """A simulated account on top of any :class:`MarketData`. Never touches a real exchange."""

    def __init__(
        self,
        market: MarketData,
        balances: Mapping[str, Decimal] | None = None,
        depth: int = 50,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._market = market
        self._balances: dict[str, Decimal] = {k: v for k, v in (balances or {}).items() if v}
        self._orders: dict[str, OrderResult] = {}
        self._depth = depth
        self._clock = clock

    @property
    def name(self) -> str:
        return f"paper on {self._market.name}"

    def balances(self) -> dict[str, Decimal]:
        return {k: v for k, v in self._balances.items() if v != 0}

    def deposit(self, asset: str, amount: Decimal) -> None:
        if amount <= 0:
            raise ExchangeError(f"a deposit must be positive, got {amount} {asset}")
        self._balances[asset] = self._balances.get(asset, Decimal(0)) + amount

    def find_order(self, client_order_id: str) -> OrderResult | None:
        return self._orders.get(client_order_id)

    def place_market_order(self, intent: OrderIntent) -> OrderResult:
        if intent.client_order_id in self._orders:
            return self._orders[intent.client_order_id]  # idempotent: never fill twice
        info = self._market.markets().get(intent.symbol)
        if info is None or not info.active:
            raise ExchangeError(f"{intent.symbol} is not tradable on {self._market.name}")
        try:
            book = self._market.order_book(intent.symbol, depth=self._depth)
        except DataError as exc:
            raise ExchangeError(f"no order book for {intent.symbol}: {exc.message}") from exc
        walk = walk_book(book, intent.side, intent.quantity)
        cost = walk.cost
        fee = cost * info.taker_fee
        base, quote = info.base, info.quote
        if intent.side == "buy":
            have = self._balances.get(quote, Decimal(0))
            if cost + fee > have:
                raise InsufficientFundsError(
                    f"buying {walk.filled} {base} costs {cost + fee} {quote} with fees; "
                    f"only {have} {quote} is available",
                    hint="Make a new plan: prices or balances changed since this one.",
                )
            self._add(quote, -(cost + fee))
            self._add(base, walk.filled)
        else:
            have = self._balances.get(base, Decimal(0))
            if walk.filled > have:
                raise InsufficientFundsError(
                    f"selling {walk.filled} {base} but only {have} {base} is held"
                )
            self._add(base, -walk.filled)
            self._add(quote, cost - fee)
        now = self._clock()
        fill = Fill(
            client_order_id=intent.client_order_id,
            symbol=intent.symbol,
            side=intent.side,
            quantity=walk.filled,
            price=walk.average_price,
            cost=cost,
            fee=fee,
            fee_currency=quote,
            timestamp=now,
        )
        result = OrderResult(
            client_order_id=intent.client_order_id,
            symbol=intent.symbol,
            side=intent.side,
            status="filled" if walk.complete else "partially_filled",
            requested=intent.quantity,
            filled=walk.filled,
            fills=[fill] if walk.filled > 0 else [],
            message="" if walk.complete else "the order book ran out of depth",
        )
        self._orders[intent.client_order_id] = result
        return result

    def _add(self, asset: str, amount: Decimal) -> None:
        self._balances[asset] = self._balances.get(asset, Decimal(0)) + amount
