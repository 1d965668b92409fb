"""Small builders for domain objects used across tests (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from assistant.domain import BookLevel, MarketInfo, OrderBook, TargetAllocation

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def market(
    base: str, *, step: str = "0.0001", min_notional: str = "5", fee: str = "0.001"
) -> MarketInfo:
    return MarketInfo(
        symbol=f"{base}/USDT",
        base=base,
        quote="USDT",
        amount_step=Decimal(step),
        price_step=Decimal("0.01"),
        min_amount=Decimal(step),
        min_notional=Decimal(min_notional),
        taker_fee=Decimal(fee),
        maker_fee=Decimal(fee),
    )


def book(
    base: str, mid: str, *, spread: str = "0.001", levels: int | str = 20, size: str = "5"
) -> OrderBook:
    m, s = Decimal(mid), Decimal(spread)
    bids = [
        BookLevel(price=m * (1 - s * (i + 1)), amount=Decimal(size) * (i + 1))
        for i in range(int(levels))
    ]
    asks = [
        BookLevel(price=m * (1 + s * (i + 1)), amount=Decimal(size) * (i + 1))
        for i in range(int(levels))
    ]
    return OrderBook(symbol=f"{base}/USDT", timestamp=T0, bids=bids, asks=asks)


def target(weights: dict[str, float], cash: float = 0.0) -> TargetAllocation:
    return TargetAllocation(
        objective="test", raw_weights=weights, weights=weights, cash_weight=cash
    )


class StaticMarket:
    """A MarketData double with fixed books; for unit tests of brokers and the engine."""

    def __init__(self, mids: dict[str, str], **book_kw: str) -> None:
        self._markets = {f"{b}/USDT": market(b) for b in mids}
        self._books = {f"{b}/USDT": book(b, m, **book_kw) for b, m in mids.items()}

    name = "static"
    simulated = True

    def now(self) -> datetime:
        return T0

    def markets(self) -> dict[str, MarketInfo]:
        return self._markets

    def ohlcv(self, symbol, timeframe="1d", since=None, limit=None):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def ticker(self, symbol: str):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        return self._books[symbol]
