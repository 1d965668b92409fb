from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.domain import DataError, NotAvailableError
from assistant.market import CsvMarket, Gap, MarketData

START = date(2024, 1, 1)

Lines = Callable[..., list[str]]
WriteCsv = Callable[..., Path]


@pytest.fixture
def market(write_csv: WriteCsv, lines: Lines) -> CsvMarket:
    write_csv("BTC", lines(START, 60, price=40_000.0))
    write_csv("ETH", lines(START, 60, price=2_000.0, skip=frozenset({10, 11, 30})))
    write_csv("XMR", lines(START, 45, price=150.0))  # stops trading 15 days early
    return CsvMarket(write_csv("DOGE", lines(START, 60, price=0.08)).parent)


def test_csv_market_is_a_real_price_market_named_by_its_folder(
    market: CsvMarket, csv_folder: Path
) -> None:
    assert isinstance(market, MarketData)
    assert market.name == f"csv:{csv_folder.resolve()}"
    assert not market.simulated
    assert market.timeframe == "1d"
    assert market.now() == datetime(2024, 2, 29, tzinfo=UTC)
    assert sorted(market.markets()) == ["BTC/USDT", "DOGE/USDT", "ETH/USDT", "XMR/USDT"]


def test_rules_come_from_each_files_last_close(market: CsvMarket) -> None:
    btc, doge = market.markets()["BTC/USDT"], market.markets()["DOGE/USDT"]
    assert (btc.price_step, btc.amount_step) == (Decimal("0.01"), Decimal("0.00001"))
    assert (doge.price_step, doge.amount_step) == (Decimal("0.000001"), Decimal("1"))
    assert btc.min_notional == Decimal(5) and btc.taker_fee == Decimal("0.001")


def test_gaps_are_reported_and_never_filled(market: CsvMarket) -> None:
    assert market.gaps("ETH/USDT") == [
        Gap(datetime(2024, 1, 11, tzinfo=UTC), datetime(2024, 1, 12, tzinfo=UTC), 2),
        Gap(datetime(2024, 1, 31, tzinfo=UTC), datetime(2024, 1, 31, tzinfo=UTC), 1),
    ]
    assert len(market.ohlcv("ETH/USDT")) == 57
    assert market.gaps("BTC/USDT") == []


def test_a_file_that_ends_early_is_a_delisted_market(market: CsvMarket) -> None:
    assert not market.markets()["XMR/USDT"].active
    assert market.markets()["BTC/USDT"].active
    assert market.delisted_on("XMR/USDT") == datetime(2024, 2, 14, tzinfo=UTC)
    assert market.delisted_on("BTC/USDT") is None
    assert len(market.ohlcv("XMR/USDT")) == 45  # history stays readable
    with pytest.raises(DataError, match="XMR/USDT stopped trading on 2024-02-14"):
        market.ticker("XMR/USDT")
    with pytest.raises(DataError, match="XMR/USDT stopped trading on 2024-02-14"):
        market.order_book("XMR/USDT")


def test_ticker_is_the_real_last_close_and_the_book_is_marked_synthetic(
    market: CsvMarket,
) -> None:
    last = market.ohlcv("BTC/USDT")["close"].iloc[-1]
    ticker = market.ticker("BTC/USDT")
    assert not ticker.simulated
    assert float(ticker.last) == pytest.approx(last, abs=0.005)
    assert ticker.bid < ticker.ask and ticker.timestamp == market.now()
    book = market.order_book("BTC/USDT", depth=10)
    assert book.simulated
    assert (book.bids[0].price, book.asks[0].price) == (ticker.bid, ticker.ask)
    assert book == market.order_book("BTC/USDT", depth=10)


def test_only_the_files_own_timeframe_is_offered(market: CsvMarket) -> None:
    with pytest.raises(NotAvailableError, match="holds 1d candles; '1h' was asked for"):
        market.ohlcv("BTC/USDT", "1h")


def test_parsed_files_are_cached_per_instance(market: CsvMarket, csv_folder: Path) -> None:
    before = market.ohlcv("BTC/USDT")
    (csv_folder / "BTC.csv").unlink()
    assert market.ohlcv("BTC/USDT").equals(before)


def test_quote_currency_can_be_chosen(write_csv: WriteCsv, lines: Lines) -> None:
    folder = write_csv("BTC", lines(START, 5, price=40_000.0)).parent
    assert list(CsvMarket(folder, quote="usdc").markets()) == ["BTC/USDC"]


def test_hourly_files_are_recognised_with_their_gaps(write_csv: WriteCsv) -> None:
    hours = [0, 1, 2, 5, 6]
    rows = [f"2024-03-01T{h:02d}:00:00Z,10,11,9,10.5,100" for h in hours]
    market = CsvMarket(write_csv("SOL", rows).parent)
    assert market.timeframe == "1h"
    assert market.gaps("SOL/USDT") == [
        Gap(datetime(2024, 3, 1, 3, tzinfo=UTC), datetime(2024, 3, 1, 4, tzinfo=UTC), 2)
    ]
    assert market.ticker("SOL/USDT").quote_volume == Decimal("5250.0")
