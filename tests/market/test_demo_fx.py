"""The demo's EUR/USDT pair and the conversion rate read from a market's pairs."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.market import CsvMarket, DemoMarket, conversion_rate, universe_candidates
from assistant.market.demo_assets import DEMO_ASSETS
from assistant.market.demo_paths import simulate


def test_the_demo_lists_a_simulated_euro_rate_near_eur_usd() -> None:
    demo = DemoMarket(seed=7, as_of="2026-01-15")
    closes = demo.ohlcv("EUR/USDT")["close"]
    assert closes.min() > 0.95 and closes.max() < 1.3  # EUR/USD's range over the decade
    ticker = demo.ticker("EUR/USDT")
    assert ticker.simulated and ticker.timestamp == datetime(2026, 1, 15, tzinfo=UTC)
    assert "EUR" not in {i.base for i in universe_candidates(demo, "USDT", 21)}


def test_the_euro_series_changed_no_coin_and_keeps_its_past() -> None:
    earlier, later = DemoMarket(seed=7, as_of="2025-06-01"), DemoMarket(seed=7, as_of="2026-01-15")
    day = "2025-06-01"
    assert earlier.ohlcv("EUR/USDT")["close"].iloc[-1] == later.ohlcv("EUR/USDT")["close"][day]
    coins = simulate(DEMO_ASSETS, 7, 100)
    assert coins.bases[-1] == "USDC" and "EUR" not in coins.bases


def test_the_rate_comes_from_the_direct_pair_with_its_time() -> None:
    demo = DemoMarket(seed=7, as_of="2026-01-15")
    rate = conversion_rate(demo, "eur", "USDT")
    assert rate is not None and rate.pairs == ("EUR/USDT",) and rate.simulated
    assert rate.rate == demo.ticker("EUR/USDT").last and rate.market == "demo"
    assert conversion_rate(demo, "GBP", "USDT") is None  # no pair: no rate, never a guess


def _write(folder: Path, name: str, close: float) -> None:
    rows = [f"2026-01-0{d},{close},{close},{close},{close},1000" for d in range(1, 4)]
    (folder / f"{name}.csv").write_text("timestamp,open,high,low,close,volume\n" + "\n".join(rows))


def test_an_inverse_pair_gives_one_over_its_price(tmp_path: Path) -> None:
    _write(tmp_path, "USDT", 0.8)  # a USDT/TRY-style listing: the quote priced in the currency
    market = CsvMarket(tmp_path, quote="gbp")
    rate = conversion_rate(market, "GBP", "USDT")
    assert rate is not None and rate.pairs == ("USDT/GBP",)
    assert rate.rate == pytest.approx(Decimal("1.25"))
