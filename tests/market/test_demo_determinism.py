from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from assistant.domain import UserInputError
from assistant.market import DemoMarket, utc_midnight

AS_OF = date(2025, 6, 30)


def _snapshot(market: DemoMarket) -> tuple[dict[str, pd.DataFrame], list[object]]:
    frames = {symbol: market.ohlcv(symbol) for symbol in market.markets()}
    quotes = [market.ticker("BTC/USDT"), market.order_book("SOL/USDT", depth=25)]
    return frames, quotes


def test_same_seed_and_day_give_identical_candles_tickers_and_books() -> None:
    frames_a, quotes_a = _snapshot(DemoMarket(seed=11, as_of=AS_OF))
    frames_b, quotes_b = _snapshot(DemoMarket(seed=11, as_of=AS_OF))
    for symbol, frame in frames_a.items():
        pd.testing.assert_frame_equal(frame, frames_b[symbol])
    assert quotes_a == quotes_b


def test_different_seeds_give_different_markets() -> None:
    a = DemoMarket(seed=1, as_of=AS_OF)
    b = DemoMarket(seed=2, as_of=AS_OF)
    assert not a.ohlcv("BTC/USDT")["close"].equals(b.ohlcv("BTC/USDT")["close"])
    assert a.order_book("ETH/USDT") != b.order_book("ETH/USDT")


def test_moving_as_of_later_keeps_every_earlier_candle() -> None:
    early = DemoMarket(seed=5, as_of=AS_OF)
    late = DemoMarket(seed=5, as_of=AS_OF + timedelta(days=40))
    for symbol in ("BTC/USDT", "DOGE/USDT", "USDC/USDT"):
        old = early.ohlcv(symbol)
        new = late.ohlcv(symbol).loc[old.index[40:]]
        pd.testing.assert_frame_equal(old.iloc[40:], new)
    assert late.now() - early.now() == timedelta(days=40)


def test_the_book_changes_from_one_day_to_the_next() -> None:
    today = DemoMarket(seed=5, as_of=AS_OF).order_book("BTC/USDT")
    tomorrow = DemoMarket(seed=5, as_of=AS_OF + timedelta(days=1)).order_book("BTC/USDT")
    assert today.bids != tomorrow.bids


def test_as_of_defaults_to_today_at_midnight_utc() -> None:
    before = utc_midnight(None)
    market = DemoMarket()
    after = utc_midnight(None)
    assert market.now() in (before, after)
    assert market.now().tzinfo is not None and market.now().hour == 0


@pytest.mark.parametrize(
    "as_of",
    [date(2025, 6, 30), datetime(2025, 6, 30, 17, 45), "2025-06-30", "2025-06-30T23:59:00Z"],
)
def test_as_of_accepts_dates_datetimes_and_iso_strings(as_of: object) -> None:
    market = DemoMarket(as_of=as_of)  # type: ignore[arg-type]
    assert market.now() == datetime(2025, 6, 30, tzinfo=UTC)
    assert market.ohlcv("BTC/USDT").index[-1] == pd.Timestamp("2025-06-30", tz="UTC")


def test_an_as_of_before_the_simulated_epoch_is_refused_with_the_earliest_date() -> None:
    with pytest.raises(UserInputError, match="2019-12-31"):
        DemoMarket(as_of="2018-01-01")
    with pytest.raises(UserInputError, match="not a date"):
        DemoMarket(as_of="yesterday")
