"""CcxtMarket: live public market data from any ccxt exchange, behind the MarketData protocol.

Markets (with the exchange's own precision and limits), closed OHLCV candles, tickers and order
books. Every call goes through :func:`call_with_retry` (network errors retried with backoff,
refusals never), every answer is checked before it leaves, and every ccxt exception becomes one
of ours. It needs no API key and must never place orders, log credentials or guess a symbol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import pandas as pd

from assistant.domain import (
    BookLevel,
    DataError,
    MarketInfo,
    NotAvailableError,
    OrderBook,
    Ticker,
    UserInputError,
)

from .candles import to_utc
from .ccxt_client import make_client
from .ccxt_markets import SpotMarkets, check_precision_mode, resolve, spot_markets
from .ccxt_ohlcv import Row, empty_frame, rows_to_frame, walk_pages
from .ccxt_retry import RetryPolicy, call_with_retry

T = TypeVar("T")

#: Candles asked for per request; exchanges that allow fewer simply send fewer.
DEFAULT_PAGE_LIMIT = 1000


def _ms(moment: datetime) -> int:
    return int(to_utc(moment).timestamp() * 1000)


def _utc_from_ms(stamp: object, fallback: datetime) -> datetime:
    if isinstance(stamp, int | float) and stamp > 0:
        return datetime.fromtimestamp(stamp / 1000, tz=UTC)
    return fallback


def _level(row: Any) -> BookLevel:
    return BookLevel(price=Decimal(str(row[0])), amount=Decimal(str(row[1])))


class CcxtMarket:
    """Public data of one ccxt exchange; pass ``client`` to use a preconfigured ccxt client."""

    def __init__(
        self,
        exchange_id: str,
        *,
        client: Any | None = None,
        policy: RetryPolicy | None = None,
        page_limit: int = DEFAULT_PAGE_LIMIT,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._client = client if client is not None else make_client(exchange_id)
        # ccxt hands back an unparseable body as a plain string, which its parsers then read as
        # "no data"; keeping the parsed JSON lets _call tell the two apart.
        self._client.enableLastJsonResponse = True
        self._id = str(self._client.id)
        self._policy = policy or RetryPolicy()
        self._page_limit = page_limit
        self._clock = clock
        self._markets: SpotMarkets | None = None

    @property
    def name(self) -> str:
        return f"ccxt:{self._id}"

    @property
    def exchange_id(self) -> str:
        return self._id

    @property
    def simulated(self) -> bool:
        return False

    def now(self) -> datetime:
        return to_utc(self._clock())

    def _call(self, operation: str, call: Callable[[], T]) -> T:
        def checked() -> T:
            result = call()
            body = getattr(self._client, "last_http_response", None)
            if isinstance(body, str) and body.strip() and self._client.last_json_response is None:
                snippet = " ".join(body.split())[:80]
                raise DataError(
                    f"{self._id} answered {operation} with something that is not JSON: "
                    f"{snippet!r}.",
                    hint="This is usually a proxy or an exchange glitch; try again later.",
                )
            return result

        return call_with_retry(
            checked,
            exchange=self._id,
            operation=operation,
            policy=self._policy,
            headers=lambda: getattr(self._client, "last_response_headers", None),
        )

    def _require(self, capability: str, what: str) -> None:
        if not self._client.has.get(capability):
            raise NotAvailableError(
                f"{self._id} does not offer {what} through ccxt ({capability}).",
                hint="Choose another exchange for this data, e.g. ccxt:binance.",
            )

    def spot_markets(self, *, reload: bool = False) -> SpotMarkets:
        """Spot pairs with their rules, loaded once per instance (``reload`` to refresh)."""
        if self._markets is None or reload:
            check_precision_mode(self._id, int(self._client.precisionMode))
            raw = self._call("load_markets", lambda: self._client.load_markets(reload))
            if not isinstance(raw, Mapping):
                raise DataError(f"{self._id} sent a market list that cannot be read.")
            fees = (getattr(self._client, "fees", None) or {}).get("trading") or {}
            self._markets = spot_markets(
                self._id, raw.values(), int(self._client.precisionMode), fees=fees
            )
        return self._markets

    def markets(self) -> Mapping[str, MarketInfo]:
        return MappingProxyType(dict(self.spot_markets().by_symbol))

    def resolve(self, symbol: str) -> MarketInfo:
        """The listed pair ``symbol`` names exactly; an :class:`UnknownSymbolError` otherwise."""
        return resolve(self.spot_markets(), symbol)

    def timeframe_ms(self, timeframe: str) -> int:
        """Length of one candle in ms; :class:`NotAvailableError` for a timeframe not offered."""
        offered = getattr(self._client, "timeframes", None) or {}
        if timeframe not in offered:
            raise NotAvailableError(
                f"{self._id} has no '{timeframe}' candles.",
                hint=f"Timeframes offered: {', '.join(offered) or 'none'}.",
            )
        return int(self._client.parse_timeframe(timeframe) * 1000)

    def iter_rows(
        self,
        symbol: str,
        timeframe: str,
        since: datetime,
        *,
        until: datetime | None = None,
    ) -> Iterator[list[Row]]:
        """Closed candles from ``since`` on as checked rows, one exchange page at a time."""
        self._require("fetchOHLCV", "historical candles")
        info = self.resolve(symbol)
        step = self.timeframe_ms(timeframe)
        where = f"{self._id} {info.symbol} {timeframe} candles"

        def fetch(since_ms: int, limit: int) -> Any:
            return self._call(
                f"fetch_ohlcv {info.symbol} {timeframe}",
                lambda: self._client.fetch_ohlcv(info.symbol, timeframe, since_ms, limit),
            )

        yield from walk_pages(
            fetch,
            since_ms=_ms(since),
            timeframe_ms=step,
            now_ms=_ms(self.now()),
            page_limit=self._page_limit,
            until_ms=None if until is None else _ms(until),
            where=where,
        )

    def iter_ohlcv(
        self,
        symbol: str,
        timeframe: str,
        since: datetime,
        *,
        until: datetime | None = None,
    ) -> Iterator[pd.DataFrame]:
        """Closed candles from ``since`` on, one exchange page per frame."""
        for rows in self.iter_rows(symbol, timeframe, since, until=until):
            yield rows_to_frame(rows)

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """Closed candles, oldest first; ``since``/``limit`` as in ccxt (see :mod:`.candles`)."""
        if limit is not None and limit < 1:
            raise UserInputError(f"limit must be at least 1 candle, got {limit}.")
        step = timedelta(milliseconds=self.timeframe_ms(timeframe))
        start = since
        if start is None:
            count = limit if limit is not None else self._page_limit
            start = self.now() - step * (count + 1)
        pages: list[pd.DataFrame] = []
        total = 0
        for page in self.iter_ohlcv(symbol, timeframe, start):
            pages.append(page)
            total += len(page)
            if since is not None and limit is not None and total >= limit:
                break
        frame = pd.concat(pages) if pages else empty_frame()
        if limit is not None:
            frame = frame.iloc[:limit] if since is not None else frame.iloc[-limit:]
        return frame

    def ticker(self, symbol: str) -> Ticker:
        self._require("fetchTicker", "tickers")
        info = self.resolve(symbol)
        raw = self._call(
            f"fetch_ticker {info.symbol}", lambda: self._client.fetch_ticker(info.symbol)
        )
        try:
            bid, ask, last = (Decimal(str(raw[k])) for k in ("bid", "ask", "last"))
            volume = raw.get("quoteVolume")
            return Ticker(
                symbol=info.symbol,
                timestamp=_utc_from_ms(raw.get("timestamp"), self.now()),
                bid=bid,
                ask=ask,
                last=last,
                quote_volume=None if volume is None else Decimal(str(volume)),
            )
        except (KeyError, TypeError, ArithmeticError, ValueError) as exc:
            raise DataError(
                f"{self._id} has no usable bid/ask/last for {info.symbol} ({type(exc).__name__}).",
                hint="The pair may be halted or delisted; check it on the exchange.",
            ) from None

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        self._require("fetchOrderBook", "order books")
        if depth < 1:
            raise UserInputError(f"order-book depth must be at least 1, got {depth}.")
        info = self.resolve(symbol)
        raw = self._call(
            f"fetch_order_book {info.symbol}",
            lambda: self._client.fetch_order_book(info.symbol, depth),
        )
        try:
            bids = [_level(row) for row in raw["bids"][:depth]]
            asks = [_level(row) for row in raw["asks"][:depth]]
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise DataError(
                f"{self._id} sent an order book for {info.symbol} that cannot be read "
                f"({type(exc).__name__})."
            ) from None
        return OrderBook(
            symbol=info.symbol,
            timestamp=_utc_from_ms(raw.get("timestamp"), self.now()),
            bids=bids,
            asks=asks,
        )
