"""OHLCV through real ccxt: pagination with ``since``, closed candles only, exact values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from assistant.domain import NotAvailableError, UserInputError
from assistant.market.ccxt_market import CcxtMarket
from assistant.market.protocol import OHLCV_COLUMNS, MarketData

from .fake_binance import DAY_MS, FakeBinance


def _day(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def test_ccxt_market_satisfies_the_market_data_protocol(
    make_market: Callable[..., CcxtMarket],
) -> None:
    market = make_market()
    assert isinstance(market, MarketData)
    assert market.name == "ccxt:binance" and market.simulated is False


def test_a_long_history_is_fetched_page_by_page_and_matches_the_exchange(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("ETHUSDT")
    frame = make_market(page_limit=300).ohlcv("ETH/USDT", "1d", since=_day(served[0, 0]))
    assert list(frame.columns) == list(OHLCV_COLUMNS)
    assert len(frame) == len(served)
    np.testing.assert_allclose(frame.to_numpy(), served[:, 1:], rtol=1e-8)
    assert frame.index[0] == _day(served[0, 0]) and str(frame.index.tz) == "UTC"
    pages = fake_binance.requests_to("klines")
    assert len(pages) == -(-len(served) // 300)
    starts = [int(p.params["startTime"]) for p in pages]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_since_and_limit_follow_ccxt(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    market = make_market(page_limit=100)
    since = _day(served[10, 0])
    first = market.ohlcv("BTC/USDT", "1d", since=since, limit=5)
    assert [t.timestamp() * 1000 for t in first.index] == list(served[10:15, 0])
    recent = market.ohlcv("BTC/USDT", "1d", limit=3)
    assert [t.timestamp() * 1000 for t in recent.index] == list(served[-3:, 0])


def test_the_candle_still_forming_is_left_out(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    middle_of_last_day = _day(served[-1, 0]) + timedelta(hours=12)
    frame = make_market(now=middle_of_last_day).ohlcv("BTC/USDT", "1d", since=_day(served[-5, 0]))
    assert len(frame) == 4
    assert frame.index[-1] == _day(served[-2, 0])


def test_an_empty_page_ends_the_fetch_without_error(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    from .fake_binance import Fault

    served = fake_binance.candles("BTCUSDT")
    fake_binance.inject("klines", Fault(empty=True))
    frame = make_market().ohlcv("BTC/USDT", "1d", since=_day(served[0, 0]))
    assert frame.empty


def test_a_timeframe_the_exchange_lacks_is_not_available(
    make_market: Callable[..., CcxtMarket],
) -> None:
    with pytest.raises(NotAvailableError, match=r"'7d'.*Timeframes offered"):
        make_market().ohlcv("BTC/USDT", "7d")


def test_a_zero_limit_is_refused(make_market: Callable[..., CcxtMarket]) -> None:
    with pytest.raises(UserInputError):
        make_market().ohlcv("BTC/USDT", "1d", limit=0)


def test_ticker_and_order_book_are_decimal_and_best_first(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    market = make_market()
    ticker = market.ticker("btc/usdt")
    close = fake_binance.candles("BTCUSDT")[-1, 4]
    assert ticker.bid < ticker.last < ticker.ask
    assert float(ticker.last) == pytest.approx(close, rel=1e-8)
    book = market.order_book("BTC/USDT", depth=5)
    assert len(book.bids) == len(book.asks) == 5
    assert book.bids[0].price > book.bids[1].price and book.asks[0].price < book.asks[1].price
    assert book.bids[0].price < book.asks[0].price


def test_hourly_timestamps_step_by_the_timeframe(make_market: Callable[..., CcxtMarket]) -> None:
    market = make_market()
    assert market.timeframe_ms("1h") == 3_600_000
    assert market.timeframe_ms("1d") == DAY_MS
