"""Faults from the fake exchange: what is retried, what is not, and what the person is told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from assistant.domain import DataError, RetryableExchangeError, UnknownSymbolError
from assistant.market.ccxt_errors import RateLimitedError
from assistant.market.ccxt_market import CcxtMarket

from .conftest import SleepRecorder
from .fake_binance import FakeBinance, Fault


def _since(server: FakeBinance) -> datetime:
    return datetime.fromtimestamp(server.candles("BTCUSDT")[0, 0] / 1000, tz=UTC)


def test_a_429_is_retried_after_its_retry_after_then_succeeds(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market()
    market.markets()
    fake_binance.inject("klines", Fault(status=429, retry_after=3, times=2))
    frame = market.ohlcv("BTC/USDT", "1d", since=_since(fake_binance), limit=10)
    assert len(frame) == 10
    assert sleeps.delays == [3.0, 3.0]
    assert len(fake_binance.requests_to("klines")) == 3


def test_a_ban_longer_than_we_wait_fails_at_once_saying_how_long(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market()
    market.markets()
    fake_binance.inject("klines", Fault(status=418, retry_after=600))
    with pytest.raises(RateLimitedError, match="wait 600 s") as err:
        market.ohlcv("BTC/USDT", "1d", since=_since(fake_binance))
    assert err.value.retry_after == 600
    assert sleeps.delays == []


def test_rate_limited_for_a_minute_gives_up_after_the_policy_attempts(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market(attempts=3)
    market.markets()
    fake_binance.inject("klines", Fault(status=429, times=-1))
    with pytest.raises(RetryableExchangeError, match="Gave up after 3 attempts"):
        market.ohlcv("BTC/USDT", "1d", since=_since(fake_binance))
    assert len(sleeps.delays) == 2 and sleeps.delays[1] > sleeps.delays[0]


def test_a_server_error_is_retried_with_backoff(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    fake_binance.inject("exchangeInfo", Fault(status=503, times=2))
    assert "BTC/USDT" in make_market().markets()
    assert len(sleeps.delays) == 2


def test_an_exchange_refusal_is_never_retried(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market()
    market.markets()
    fake_binance.inject(
        "klines", Fault(status=400, body='{"code":-1121,"msg":"Invalid symbol."}', times=-1)
    )
    with pytest.raises(UnknownSymbolError, match="delisted or renamed"):
        market.ohlcv("BTC/USDT", "1d", since=_since(fake_binance))
    assert len(fake_binance.requests_to("klines")) == 1
    assert sleeps.delays == []


def test_a_timeout_becomes_a_clear_retryable_error(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market(timeout_ms=200, attempts=2)
    market.markets()
    fake_binance.inject("ticker/24hr", Fault(delay=0.6, times=2))
    with pytest.raises(RetryableExchangeError, match="did not answer in time") as err:
        market.ticker("BTC/USDT")
    assert "fetch_ticker BTC/USDT" in str(err.value)
    assert len(sleeps.delays) == 1


def test_a_slow_answer_inside_the_timeout_is_fine(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, sleeps: SleepRecorder
) -> None:
    market = make_market(timeout_ms=2000)
    market.markets()
    fake_binance.inject("depth", Fault(delay=0.2))
    assert market.order_book("BTC/USDT").bids
    assert sleeps.delays == []


@pytest.mark.parametrize("body", ['{"oops": [1, 2', "<html>Bad gateway</html>"])
def test_malformed_json_is_a_data_error_not_an_empty_answer(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance, body: str
) -> None:
    market = make_market()
    market.markets()
    fake_binance.inject("klines", Fault(body=body))
    with pytest.raises(DataError, match="not JSON"):
        market.ohlcv("BTC/USDT", "1d", since=_since(fake_binance))


def test_a_ticker_without_prices_is_a_data_error(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    market = make_market()
    market.markets()
    fake_binance.inject("ticker/24hr", Fault(body='{"symbol": "BTCUSDT", "lastPrice": "1.0"}'))
    with pytest.raises(DataError, match="bid/ask/last"):
        market.ticker("BTC/USDT")


def test_a_symbol_delisted_mid_fetch_raises_after_the_pages_it_gave(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    market = make_market(page_limit=100)
    fake_binance.delist("BTCUSDT", after_klines=2)
    pages = []
    with pytest.raises(UnknownSymbolError):
        for page in market.iter_ohlcv("BTC/USDT", "1d", _since(fake_binance)):
            pages.append(page)
    assert [len(p) for p in pages] == [100, 100]
