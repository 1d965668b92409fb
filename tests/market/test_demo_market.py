from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assistant.domain import NotAvailableError, UnknownSymbolError, UserInputError
from assistant.market import DemoMarket, MarketData


def test_demo_market_satisfies_the_market_data_protocol(demo: DemoMarket) -> None:
    assert isinstance(demo, MarketData)


def test_rules_look_like_binance_spot(demo: DemoMarket) -> None:
    markets = demo.markets()
    btc, shib, usdc = markets["BTC/USDT"], markets["SHIB/USDT"], markets["USDC/USDT"]
    assert (btc.price_step, btc.amount_step) == (Decimal("0.01"), Decimal("0.00001"))
    assert (shib.price_step, shib.amount_step) == (Decimal("1E-8"), Decimal("1"))
    assert usdc.price_step == Decimal("0.0001")
    assert {m.min_notional for m in markets.values()} == {Decimal(5), Decimal(10)}
    assert all(m.taker_fee == m.maker_fee == Decimal("0.001") for m in markets.values())
    assert all(m.active for m in markets.values())


def test_ticker_is_the_last_close_with_a_spread_and_is_marked_simulated(demo: DemoMarket) -> None:
    candles = demo.ohlcv("ETH/USDT")
    ticker = demo.ticker("ETH/USDT")
    assert ticker.simulated
    assert ticker.timestamp == demo.now() == datetime(2026, 1, 5, tzinfo=UTC)
    assert ticker.bid < ticker.ask
    assert ticker.bid <= ticker.last <= ticker.ask
    assert float(ticker.last) == pytest.approx(candles["close"].iloc[-1], abs=0.01)
    traded = candles["close"].iloc[-1] * candles["volume"].iloc[-1]
    assert float(ticker.quote_volume or 0) == pytest.approx(traded, rel=1e-6)


def test_thin_volatile_coins_have_wider_spreads_than_bitcoin(demo: DemoMarket) -> None:
    def relative_spread(symbol: str) -> Decimal:
        ticker = demo.ticker(symbol)
        return (ticker.ask - ticker.bid) / ticker.mid

    assert relative_spread("ATOM/USDT") > 3 * relative_spread("BTC/USDT")


def test_order_book_is_simulated_deterministic_and_deeper_for_liquid_coins(
    demo: DemoMarket,
) -> None:
    book = demo.order_book("BTC/USDT", depth=25)
    assert book.simulated and len(book.bids) == len(book.asks) == 25
    assert book == demo.order_book("BTC/USDT", depth=25)
    ticker = demo.ticker("BTC/USDT")
    assert (book.bids[0].price, book.asks[0].price) == (ticker.bid, ticker.ask)

    def depth_value(symbol: str) -> Decimal:
        levels = demo.order_book(symbol, depth=25).asks
        return sum((level.price * level.amount for level in levels), Decimal(0))

    assert depth_value("BTC/USDT") > 10 * depth_value("ATOM/USDT")


def test_ohlcv_follows_ccxt_since_and_limit(demo: DemoMarket) -> None:
    since = datetime(2025, 12, 1, tzinfo=UTC)
    assert len(demo.ohlcv("BTC/USDT", since=since)) == 36
    first_five = demo.ohlcv("BTC/USDT", since=since, limit=5)
    assert first_five.index[0] == since and len(first_five) == 5
    last_three = demo.ohlcv("BTC/USDT", limit=3)
    assert last_three.index[-1] == demo.now()
    naive = demo.ohlcv("BTC/USDT", since=datetime(2025, 12, 1), limit=5)
    assert naive.equals(first_five)
    with pytest.raises(UserInputError, match="limit must be at least 1"):
        demo.ohlcv("BTC/USDT", limit=0)


def test_frames_handed_out_are_copies(demo: DemoMarket) -> None:
    frame = demo.ohlcv("SOL/USDT")
    frame.loc[:, "close"] = -1.0
    assert (demo.ohlcv("SOL/USDT")["close"] > 0).all()


def test_only_daily_candles_are_offered(demo: DemoMarket) -> None:
    with pytest.raises(NotAvailableError, match="daily candles only"):
        demo.ohlcv("BTC/USDT", "4h")


def test_symbols_are_matched_in_any_common_spelling(demo: DemoMarket) -> None:
    assert demo.ticker("btc/usdt") == demo.ticker("BTC-USDT") == demo.ticker("BTC/USDT")


def test_an_unknown_symbol_gets_close_suggestions(demo: DemoMarket) -> None:
    with pytest.raises(UnknownSymbolError) as info:
        demo.ohlcv("SOLL/USDT")
    assert "SOLL/USDT is not listed on demo" in str(info.value)
    assert "SOL/USDT" in (info.value.hint or "")
