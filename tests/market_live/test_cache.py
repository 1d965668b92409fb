"""The OHLCV cache in front of real ccxt: incremental fill, resume, offline service, repair."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from assistant.domain import DataError, RetryableExchangeError, UnknownSymbolError
from assistant.market.cache_fill import FetchProgress, fetch_history
from assistant.market.cache_market import CachedMarket
from assistant.market.ccxt_market import CcxtMarket
from assistant.market.protocol import MarketData

from .fake_binance import FakeBinance


def _day(ms: float) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


@pytest.fixture
def cache_root(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def make_cached(
    make_market: Callable[..., CcxtMarket], cache_root: Path
) -> Callable[..., CachedMarket]:
    def build(**kwargs: object) -> CachedMarket:
        return CachedMarket(make_market(**kwargs), cache_root)

    return build


def _start(server: FakeBinance, market_id: str = "BTCUSDT") -> datetime:
    return _day(server.candles(market_id)[0, 0])


def test_cached_market_satisfies_the_market_data_protocol(
    make_cached: Callable[..., CachedMarket],
) -> None:
    assert isinstance(make_cached(), MarketData)


def test_a_second_read_is_served_from_cache_without_refetching(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance, cache_root: Path
) -> None:
    market = make_cached(page_limit=500)
    served = fake_binance.candles("BTCUSDT")
    first = market.ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    requests = len(fake_binance.requests_to("klines"))
    again = make_cached(page_limit=500).ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    assert len(fake_binance.requests_to("klines")) == requests
    assert again.equals(first)
    np.testing.assert_allclose(first.to_numpy(), served[:, 1:], rtol=1e-8)
    assert (cache_root / "ohlcv" / "binance" / "BTC-USDT" / "1d.csv").exists()
    assert market.staleness() is None


def test_new_candles_are_fetched_only_after_the_last_cached_one(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    earlier = _day(served[-10, 0]) + timedelta(hours=1)  # the last 10 candles not closed yet
    make_cached(now=earlier).ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    before = len(fake_binance.requests_to("klines"))
    frame = make_cached().ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    new = fake_binance.requests_to("klines")[before:]
    assert len(new) == 1 and int(new[0].params["startTime"]) == int(served[-10, 0])
    assert len(frame) == len(served)


def test_an_interrupted_fill_keeps_its_pages_and_resumes_where_it_stopped(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("ETHUSDT")
    market = make_cached(page_limit=200)

    def crash_after_two_pages(progress: FetchProgress) -> None:
        if progress.candles >= 400 and not progress.done:
            raise KeyboardInterrupt  # the person pressed Ctrl-C mid-fetch

    with pytest.raises(KeyboardInterrupt):
        fetch_history(
            market, ["ETH/USDT"], "1d", _start(fake_binance, "ETHUSDT"), crash_after_two_pages
        )
    assert len(market.series("ETH/USDT", "1d").load()) == 400
    before = len(fake_binance.requests_to("klines"))
    results = fetch_history(
        make_cached(page_limit=200), ["ETH/USDT"], "1d", _start(fake_binance, "ETHUSDT")
    )
    resumed = fake_binance.requests_to("klines")[before:]
    assert int(resumed[0].params["startTime"]) == int(served[400, 0])
    assert results[0].ok and results[0].report is not None
    assert results[0].report.added == len(served) - 400
    np.testing.assert_allclose(market.series("ETH/USDT", "1d").load(), served, rtol=1e-8)


def test_when_the_exchange_is_down_the_cache_is_served_with_its_age(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    fill_time = _day(served[-1, 0]) + timedelta(days=1, hours=1)
    make_cached(now=fill_time).ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    make_cached(now=fill_time).ticker("BTC/USDT")
    fake_binance.stop()
    later = fill_time + timedelta(days=3)
    offline = make_cached(now=later, attempts=2)
    frame = offline.ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    assert len(frame) == len(served)
    stale = offline.staleness()
    assert stale is not None and stale.as_of is not None
    assert stale.age(later) == timedelta(days=3)
    assert "cached data from 3 days ago" in stale.describe(later)
    assert "cannot reach binance" in stale.reason
    assert offline.ticker("BTC/USDT").last > 0
    assert {s.what for s in offline.stale_items()} >= {"market list", "BTC/USDT ticker"}


def test_when_the_exchange_is_down_and_nothing_is_cached_the_error_says_so(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    fake_binance.stop()
    with pytest.raises(RetryableExchangeError, match="no cached market list"):
        make_cached(attempts=1).ohlcv("BTC/USDT")


def test_a_truncated_cache_file_is_repaired_from_its_good_rows(
    make_cached: Callable[..., CachedMarket],
    fake_binance: FakeBinance,
    caplog: pytest.LogCaptureFixture,
) -> None:
    served = fake_binance.candles("BTCUSDT")
    market = make_cached()
    market.ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    series = market.series("BTC/USDT", "1d")
    data = series.path.read_bytes()
    series.path.write_bytes(data[: len(data) - 25])  # a crash mid-write tore the last line
    repaired = make_cached()
    frame = repaired.ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    np.testing.assert_allclose(frame.to_numpy(), served[:, 1:], rtol=1e-8)
    assert "was damaged" in caplog.text and "cut off" in caplog.text
    backups = list(series.path.parent.glob("1d.csv.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == data[: len(data) - 25]


def test_a_garbage_line_keeps_the_rows_before_it_and_refetches_the_rest(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    market = make_cached()
    market.ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    series = market.series("BTC/USDT", "1d")
    lines = series.path.read_text().splitlines(keepends=True)
    lines[101] = "\x00\x00garbage,,\n"  # row 100 (after the header)
    series.path.write_text("".join(lines))
    before = len(fake_binance.requests_to("klines"))
    rows = series.load()
    assert len(rows) == 100
    make_cached().ohlcv("BTC/USDT", "1d", since=_start(fake_binance))
    refetch = fake_binance.requests_to("klines")[before:]
    assert int(refetch[0].params["startTime"]) == int(served[100, 0])
    np.testing.assert_allclose(series.load(), served, rtol=1e-8)


def test_an_earlier_since_is_back_filled_once(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    served = fake_binance.candles("BTCUSDT")
    make_cached().ohlcv("BTC/USDT", "1d", since=_day(served[500, 0]))
    frame = make_cached().ohlcv("BTC/USDT", "1d", since=_day(served[0, 0]) - timedelta(days=30))
    assert len(frame) == len(served)
    before = len(fake_binance.requests_to("klines"))
    make_cached().ohlcv("BTC/USDT", "1d", since=_day(served[0, 0]) - timedelta(days=30))
    assert len(fake_binance.requests_to("klines")) == before  # listing date known: no refetch


def test_fetch_history_reports_progress_and_a_delisting_without_losing_pages(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> None:
    market = make_cached(page_limit=250)
    fake_binance.delist("SOLUSDT", after_klines=2)
    seen: list[FetchProgress] = []
    results = fetch_history(
        market, ["SOL/USDT", "BTC/USDT", "NOPE/USDT"], "1d", _start(fake_binance), seen.append
    )
    sol, btc, nope = results
    assert isinstance(sol.error, UnknownSymbolError) and "delisted" in str(sol.error)
    assert len(market.series("SOL/USDT", "1d").load()) == 500
    assert btc.ok and btc.report is not None
    assert btc.report.cached == len(fake_binance.candles("BTCUSDT"))
    assert isinstance(nope.error, UnknownSymbolError)
    finals = [p for p in seen if p.done]
    assert [p.symbol for p in finals] == ["SOL/USDT", "BTC/USDT", "NOPE/USDT"]
    assert finals[1].expected == len(fake_binance.candles("BTCUSDT"))
    btc_steps = [p.candles for p in seen if p.symbol == "BTC/USDT"]
    assert btc_steps == sorted(btc_steps) and btc_steps[-1] == btc.report.added


def _offline_after_a_fill(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance
) -> Callable[[], CachedMarket]:
    """Fill the cache (market list and a ticker), stop the exchange; returns an offline opener."""
    make_cached().ticker("BTC/USDT")
    fake_binance.stop()
    return lambda: make_cached(attempts=1)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entries: {"spot": {"saved_at": entries["spot"]["saved_at"], "data": []}},
        lambda entries: {
            "spot": {**entries["spot"], "data": {**entries["spot"]["data"], "by_symbol": "x"}}
        },
        lambda entries: {"spot": {"data": entries["spot"]["data"]}},
    ],
    ids=["data-not-an-object", "by-symbol-not-an-object", "no-saved-at"],
)
def test_a_damaged_market_snapshot_is_a_data_error_naming_the_file_never_an_empty_list(
    make_cached: Callable[..., CachedMarket],
    fake_binance: FakeBinance,
    cache_root: Path,
    damage: Callable[[dict], dict],
) -> None:
    offline = _offline_after_a_fill(make_cached, fake_binance)
    path = cache_root / "snapshots" / "binance" / "markets.json"
    path.write_text(json.dumps(damage(json.loads(path.read_text()))))
    with pytest.raises(DataError, match="damaged") as info:
        offline().markets()
    assert str(path) in info.value.message


def test_a_snapshot_file_that_is_not_json_is_a_data_error_when_it_is_needed(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance, cache_root: Path
) -> None:
    offline = _offline_after_a_fill(make_cached, fake_binance)
    path = cache_root / "snapshots" / "binance" / "tickers.json"
    path.write_text('{"BTC/USDT": {"saved_at": ')  # torn mid-write
    market = offline()
    with pytest.raises(DataError, match="damaged") as info:
        market.ticker("BTC/USDT")
    assert str(path) in info.value.message


def test_a_damaged_ticker_snapshot_is_a_data_error_not_a_validation_traceback(
    make_cached: Callable[..., CachedMarket], fake_binance: FakeBinance, cache_root: Path
) -> None:
    offline = _offline_after_a_fill(make_cached, fake_binance)
    path = cache_root / "snapshots" / "binance" / "tickers.json"
    entries = json.loads(path.read_text())
    entries["BTC/USDT"]["data"] = {"last": "not a price"}
    path.write_text(json.dumps(entries))
    with pytest.raises(DataError, match="ticker cannot be read") as info:
        offline().ticker("BTC/USDT")
    assert str(path) in info.value.message


def test_a_damaged_snapshot_is_set_aside_and_replaced_when_the_exchange_answers(
    make_cached: Callable[..., CachedMarket],
    cache_root: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = cache_root / "snapshots" / "binance" / "markets.json"
    path.parent.mkdir(parents=True)
    path.write_text("not json at all")
    assert make_cached().markets()  # live: the fresh list replaces the damaged file
    assert "was unreadable" in caplog.text
    assert path.with_name("markets.json.corrupt").read_text() == "not json at all"
    assert json.loads(path.read_text())["spot"]["data"]["by_symbol"]
