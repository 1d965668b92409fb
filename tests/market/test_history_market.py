"""The shipped real history (``--market history``): it loads offline, equals its source, and
joins the days `market fetch` cached without a gap or a false delisting."""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError
from assistant.market import CsvMarket, HistoryMarket, is_live, open_market
from assistant.market.cache_ohlcv import OhlcvSeries
from assistant.market.history import SHIPPED_DAILY

SHIPPED_END = datetime(2026, 1, 5, tzinfo=UTC)
DAY_MS = 86_400_000


def _cache_days(home: Path, base: str, first: str, days: int, price: float = 100.0) -> None:
    """Write ``days`` clean daily candles for ``base``/USDT into the cache under ``home``."""
    start = int(pd.Timestamp(first, tz="UTC").timestamp() * 1000)
    rows = [
        (start + i * DAY_MS, price, price * 1.02, price * 0.98, price * 1.01, 10.0)
        for i in range(days)
    ]
    OhlcvSeries(home / "cache" / "ohlcv", "binance", f"{base}/USDT", "1d").append(rows)


@pytest.fixture
def small_history(tmp_path: Path) -> Path:
    """BTC, ETH and XMR (delisted) copied from the shipped files: a quick history to extend."""
    folder = tmp_path / "daily"
    folder.mkdir()
    for base in ("BTC", "ETH", "XMR"):
        shutil.copy(SHIPPED_DAILY / f"{base}.csv.gz", folder)
    return folder


def test_the_shipped_history_opens_offline_with_21_coins_and_two_delistings() -> None:
    market = open_market("history")
    markets = market.markets()
    assert market.name == "history" and not market.simulated
    assert len(markets) == 21 and market.now() == SHIPPED_END
    assert {s for s, m in markets.items() if not m.active} == {"MATIC/USDT", "XMR/USDT"}
    assert market.ticker("BTC/USDT").last == Decimal("93859.71")
    assert market.ohlcv("BTC/USDT").index[0] == pd.Timestamp("2017-08-17", tz="UTC")
    with pytest.raises(DataError, match="MATIC/USDT stopped trading on 2024-09-09"):
        market.ticker("MATIC/USDT")
    assert isinstance(market, CsvMarket) and all(market.gaps(s) == [] for s in markets)


def test_the_shipped_files_are_small_and_every_row_is_a_valid_closed_day() -> None:
    files = sorted(SHIPPED_DAILY.glob("*.csv.gz"))
    assert len(files) == 21
    assert sum(f.stat().st_size for f in files) < 1_500_000  # about 1 MB for 2.5 MB of CSV
    market = HistoryMarket()
    for base in ("BTC", "SHIB", "PAXG"):
        frame = market.ohlcv(f"{base}/USDT")
        assert frame.index.is_monotonic_increasing and not frame.index.has_duplicates
        assert np.isfinite(frame.to_numpy()).all() and (frame["low"] > 0).all()


def test_only_an_exchange_market_is_live() -> None:
    assert is_live("ccxt:binance") and is_live(" CCXT:kraken ")
    assert not any(is_live(m) for m in ("demo", "history", "csv:/tmp/prices"))


def test_fetched_days_that_every_listed_coin_has_extend_the_history(tmp_path: Path) -> None:
    market = HistoryMarket(tmp_path)
    for base in market.listed():
        _cache_days(tmp_path, base, "2026-01-06", 3)
    market = HistoryMarket(tmp_path)
    assert market.now() == datetime(2026, 1, 8, tzinfo=UTC)
    btc = market.ohlcv("BTC/USDT")
    assert btc.index[-4] == pd.Timestamp(SHIPPED_END) and btc["close"].iloc[-4] == 93859.71
    assert btc["close"].iloc[-1] == 101.0
    assert not market.markets()["XMR/USDT"].active and market.markets()["BTC/USDT"].active


def test_a_coin_fetched_ahead_of_the_others_is_cut_so_none_looks_delisted(
    tmp_path: Path, small_history: Path
) -> None:
    _cache_days(tmp_path, "BTC", "2026-01-06", 5)
    _cache_days(tmp_path, "ETH", "2026-01-06", 2)
    market = HistoryMarket(tmp_path, folder=small_history)
    assert market.end() == datetime(2026, 1, 7, tzinfo=UTC) == market.now()
    assert market.ohlcv("BTC/USDT").index[-1] == pd.Timestamp("2026-01-07", tz="UTC")
    assert market.markets()["ETH/USDT"].active and market.markets()["BTC/USDT"].active
    reach = {c.base: c for c in market.coverage()}
    assert reach["BTC"].fetched_last == datetime(2026, 1, 10, tzinfo=UTC)
    assert reach["XMR"].listed is False and reach["XMR"].fetched_last is None


def test_cached_days_after_a_gap_are_not_served(tmp_path: Path, small_history: Path) -> None:
    _cache_days(tmp_path, "BTC", "2026-02-01", 3)
    _cache_days(tmp_path, "ETH", "2026-01-06", 3)
    market = HistoryMarket(tmp_path, folder=small_history)
    assert market.now() == SHIPPED_END
    problem = next(c.problem for c in market.coverage() if c.base == "BTC")
    assert problem is not None and "start on 2026-02-01, not on 2026-01-06" in problem


def test_fetch_starts_binance_daily_coins_the_day_after_the_snapshot() -> None:
    market = HistoryMarket()
    starts = market.starts("binance", "1d", ["btc/usdt", "NEAR/USDT", "XMR/USDT", "ETH-USDT"])
    assert starts == {
        "btc/usdt": datetime(2026, 1, 6, tzinfo=UTC),
        "ETH-USDT": datetime(2026, 1, 6, tzinfo=UTC),
    }
    assert market.starts("kraken", "1d", ["BTC/USDT"]) == {}
    assert market.starts("binance", "4h", ["BTC/USDT"]) == {}
    assert len(market.listed_pairs()) == 19 and "MATIC/USDT" not in market.listed_pairs()


@pytest.mark.shared_data
def test_the_shipped_files_are_the_held_out_files_byte_for_byte(shared_data: Path) -> None:
    source = sorted((shared_data / "market" / "daily").glob("*.csv"))
    assert [f"{p.name}.gz" for p in source] == sorted(p.name for p in SHIPPED_DAILY.iterdir())
    for path in source:
        assert gzip.decompress((SHIPPED_DAILY / f"{path.name}.gz").read_bytes()) == (
            path.read_bytes()
        ), path.name


@pytest.mark.shared_data
def test_the_history_serves_the_same_candles_as_the_held_out_folder(shared_data: Path) -> None:
    shipped, held_out = HistoryMarket(), CsvMarket(shared_data / "market" / "daily")
    assert shipped.now() == held_out.now()
    for symbol in held_out.markets():
        pd.testing.assert_frame_equal(shipped.ohlcv(symbol), held_out.ohlcv(symbol))
