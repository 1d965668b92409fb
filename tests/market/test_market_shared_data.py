"""CsvMarket and the loaders on the real Binance files in ../shared/data (skipped when absent)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError
from assistant.market import (
    CsvMarket,
    DemoMarket,
    closes_for,
    load_closes,
    open_market,
)

pytestmark = pytest.mark.shared_data


def test_daily_folder_opens_as_a_market_with_two_delisted_coins(shared_data: Path) -> None:
    market = open_market(f"csv:{shared_data / 'market' / 'daily'}")
    markets = market.markets()
    assert len(markets) == 21
    assert market.now() == datetime(2026, 1, 5, tzinfo=UTC)
    assert {s for s, m in markets.items() if not m.active} == {"MATIC/USDT", "XMR/USDT"}
    with pytest.raises(DataError, match="MATIC/USDT stopped trading on 2024-09-09"):
        market.ticker("MATIC/USDT")
    with pytest.raises(DataError, match="XMR/USDT stopped trading on 2024-02-19"):
        market.order_book("XMR/USDT")
    assert market.ohlcv("MATIC/USDT").index[-1] == pd.Timestamp("2024-09-09", tz="UTC")
    assert market.ticker("BTC/USDT").last == Decimal("93859.71")
    assert markets["SHIB/USDT"].price_step == Decimal("1E-8")


def test_daily_files_have_no_gaps_and_4h_files_show_the_2018_halt(shared_data: Path) -> None:
    daily = CsvMarket(shared_data / "market" / "daily")
    assert all(daily.gaps(symbol) == [] for symbol in daily.markets())
    four_hour = CsvMarket(shared_data / "market" / "4h")
    assert four_hour.timeframe == "4h"
    gaps = four_hour.gaps("BTC/USDT")
    assert gaps[0].first == datetime(2018, 2, 8, 4, tzinfo=UTC) and gaps[0].missing == 7
    assert sum(gap.missing for gap in gaps) == 16


def test_load_closes_builds_the_aligned_panel_the_readme_describes(shared_data: Path) -> None:
    closes = load_closes(shared_data / "market" / "daily")
    assert closes.shape == (3064, 21)
    shared = closes.dropna()
    assert shared.index[0] == pd.Timestamp("2021-05-10", tz="UTC")
    assert shared.index[-1] == pd.Timestamp("2024-02-19", tz="UTC")


def test_closes_for_and_a_top_n_universe_work_on_real_files(shared_data: Path) -> None:
    from assistant.domain import StrategySpec
    from assistant.engine.universe import top_n_universe

    market = open_market(f"csv:{shared_data / 'market' / 'daily'}")
    closes = closes_for(market, ["BTC", "ETH", "SOL"], "USDT", days=365)
    assert closes.shape == (365, 3) and not closes.isna().to_numpy().any()
    spec = StrategySpec.model_validate(
        {"name": "top", "quote": "USDT", "universe": {"top_n": 3}, "rebalance": {"every_days": 7}}
    )
    top = [info.base for info in top_n_universe(market, spec)[0]]
    assert top[0] == "BTC" and "MATIC" not in top


def test_demo_correlations_and_tails_resemble_the_real_market(shared_data: Path) -> None:
    real = load_closes(shared_data / "market" / "daily").drop(columns=["PAXG"])
    real = real.loc["2022-01-01":"2024-02-19"].dropna(axis=1)
    demo = DemoMarket(seed=7, as_of="2026-01-05")
    simulated = pd.DataFrame(
        {s: demo.ohlcv(s)["close"] for s in demo.markets() if s not in ("USDC/USDT", "EUR/USDT")}
    )

    def mean_correlation(closes: pd.DataFrame) -> float:
        corr = np.log(closes).diff().dropna().corr().to_numpy()
        return float(corr[np.triu_indices_from(corr, k=1)].mean())

    assert abs(mean_correlation(simulated) - mean_correlation(real)) < 0.15
    real_kurtosis = (np.log(real).diff().dropna().kurt() + 3).median()
    demo_kurtosis = (np.log(simulated).diff().dropna().kurt() + 3).median()
    assert real_kurtosis > 4 and demo_kurtosis > 4
