"""ReplayMarket: a market frozen at one trade day of history, with the backtest's cost model.

A replay (:mod:`.replaying`) puts the watcher at the close of each day of history. What it may
see there is what the backtester sees on that day (``backtest/simulate.py``, one day of delay):

- **candles** only up to the day *before* the trade day (``ohlcv`` cuts there, so nothing later
  can leak in: no look-ahead), and ``now()`` is that day's candle, as a file market's is;
- **the ticker** is the trade day's close (the price at the round's clock, which the
  confirmation gate and the account's value read);
- **the order book** sits at the trade day's close, so orders fill at the price the backtest
  fills at. It is the backtest's model book (``backtest/costs.py``), carried whole as the book's
  ``model`` (``domain/model_book.py``): ``half_spread_bps`` away from the close, then a uniform
  depth of ``depth_share`` of the 30-day mean quote volume per 1% of price. The planner and the
  paper broker walk the model, not levels (``walk_book``), with the very function the backtest
  fills with, so a replayed fill has the backtest's quantity, cost and fee to float64's bits;
  the one level a side it also shows is the touch, for anything that reads the best prices;
- **the market rules** are the cost model's: taker fee ``fee_bps``, minimum notional
  ``min_notional``, and an amount step of 1e-15, so rounding a quantity down to the market
  changes nothing the backtest's float64 would see.

It never trades; the paper broker fills against ``order_book``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from types import MappingProxyType

import pandas as pd

from assistant.backtest.costs import Costs
from assistant.domain import BookLevel, BookModel, DataError, MarketInfo, OrderBook, Ticker
from assistant.market.protocol import MarketData
from assistant.policy import VOLUME_DAYS, mean_quote_volume

#: The amount step: fine enough that rounding a quantity down moves no number that the
#: backtest's float64 keeps.
STEP = Decimal("1E-15")
#: Depth shown at the touch when the model has none (no volumes: the half spread alone).
_UNBOUNDED = 1e18
_DAY = timedelta(days=1)


class ReplayMarket:
    """``inner`` as it stood at the close of ``trade_day`` (a UTC midnight: the candle's open)."""

    def __init__(self, inner: MarketData, costs: Costs, trade_day: pd.Timestamp) -> None:
        self._inner = inner
        self._costs = costs
        self._trade_day = trade_day
        self._markets: Mapping[str, MarketInfo] | None = None
        self._books: dict[str, OrderBook] = {}

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def simulated(self) -> bool:
        return self._inner.simulated

    @property
    def trade_day(self) -> pd.Timestamp:
        return self._trade_day

    def now(self) -> datetime:
        """The open time of the last candle it serves: the day before the trade day."""
        return (self._trade_day - _DAY).to_pydatetime()

    def close_moment(self) -> datetime:
        """When the trade day's candle closes: the clock of a replayed watcher round."""
        return (self._trade_day + _DAY).to_pydatetime()

    def markets(self) -> Mapping[str, MarketInfo]:
        if self._markets is None:
            fee = Decimal(repr(self._costs.fee_rate))
            floor = Decimal(repr(self._costs.min_notional))
            self._markets = MappingProxyType(
                {
                    symbol: info.model_copy(
                        update={
                            "amount_step": STEP,
                            "min_amount": Decimal(0),
                            "min_notional": floor,
                            "taker_fee": fee,
                            "maker_fee": fee,
                        }
                    )
                    for symbol, info in self._inner.markets().items()
                }
            )
        return self._markets

    def ohlcv(
        self,
        symbol: str,
        timeframe: str = "1d",
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """The inner market's candles that closed before the trade day, never a later one."""
        frame = self._inner.ohlcv(symbol, timeframe, since=since)
        frame = frame.loc[frame.index < self._trade_day]
        return frame.tail(limit) if limit is not None else frame

    def ticker(self, symbol: str) -> Ticker:
        """The trade day's close: the price at the round's clock (the gate and the account's
        value read it, as they read a live ticker at the moment of a check)."""
        close = _money(self._trade_close(symbol)[0])
        return Ticker(
            symbol=symbol,
            timestamp=self.close_moment(),
            bid=close,
            ask=close,
            last=close,
            simulated=True,
        )

    def _trade_close(self, symbol: str) -> tuple[float, float]:
        """The trade day's close and the mean daily quote volume of the days before it."""
        frame = self._inner.ohlcv(symbol, "1d", since=(self._trade_day - VOLUME_DAYS * _DAY))
        frame = frame.loc[frame.index <= self._trade_day]
        if frame.empty or frame.index[-1] != self._trade_day:
            raise DataError(f"{symbol} has no close on {self._trade_day:%Y-%m-%d}.")
        before = frame.iloc[:-1]
        quote = (before["volume"] * before["close"]).to_frame()
        volume = float(mean_quote_volume(quote).to_numpy()[-1, 0]) if len(before) else 0.0
        return float(frame["close"].iloc[-1]), volume

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """The backtest's model book around the trade day's close (see the module).

        The model whatever ``depth`` asks: a cut book would leave large orders part-filled
        where the backtest fills them. Built once per symbol and day."""
        book = self._books.get(symbol)
        if book is None:
            book = self._books[symbol] = self._model_book(symbol)
        return book

    def _model_book(self, symbol: str) -> OrderBook:
        close, volume = self._trade_close(symbol)
        half = self._costs.half_spread_bps / 10_000.0
        depth = 100.0 * self._costs.depth_share * volume  # quote at the mid per unit of offset
        depth = depth if depth > 0.0 else 0.0  # no volume: only the half spread, as the backtest
        # the touch, holding the first 1% of the model's depth (or without one, unbounded depth)
        amount = _money((depth * 0.01 if depth > 0.0 else _UNBOUNDED) / close)
        return OrderBook(
            symbol=symbol,
            timestamp=self.close_moment(),
            bids=[BookLevel(price=_money(close * (1.0 - half)), amount=amount)],
            asks=[BookLevel(price=_money(close * (1.0 + half)), amount=amount)],
            simulated=True,
            model=BookModel(mid=close, half_spread=half, depth=depth),
        )


def _money(value: float) -> Decimal:
    return Decimal(repr(value))
