"""Statistical character of the demo market: it should look like crypto, not like white noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.market import DEMO_ASSETS, DemoMarket

SEEDS = (7, 21)


@pytest.fixture(scope="module", params=SEEDS)
def market(request: pytest.FixtureRequest) -> DemoMarket:
    return DemoMarket(seed=request.param, as_of="2026-01-05")


def _returns(market: DemoMarket) -> pd.DataFrame:
    closes = pd.DataFrame({a.base: market.ohlcv(f"{a.base}/USDT")["close"] for a in DEMO_ASSETS})
    return np.log(closes).diff().dropna()


def test_demo_lists_twenty_coins_and_two_stablecoins_against_usdt(market: DemoMarket) -> None:
    listed = market.markets()
    bases = {info.base for info in listed.values()}
    assert len(bases - {"USDC"}) >= 20
    assert {"BTC", "ETH", "SOL", "XRP", "DOGE", "SHIB", "AAVE", "USDC"} <= bases
    assert {info.quote for info in listed.values()} == {"USDT"}
    assert market.name == "demo" and market.simulated


def test_every_candle_is_consistent_and_complete(market: DemoMarket) -> None:
    for symbol in market.markets():
        frame = market.ohlcv(symbol)
        assert len(frame) == 1461
        assert not frame.isna().to_numpy().any()
        assert (frame["high"] >= frame[["open", "close"]].max(axis=1)).all()
        assert (frame["low"] <= frame[["open", "close"]].min(axis=1)).all()
        assert (frame["low"] > 0).all() and (frame["volume"] > 0).all()
        assert (frame["open"].iloc[1:].to_numpy() == frame["close"].iloc[:-1].to_numpy()).all()
        assert frame.index.is_monotonic_increasing and str(frame.index.tz) == "UTC"


def test_coins_move_together_but_not_in_lockstep(market: DemoMarket) -> None:
    corr = _returns(market).corr().to_numpy()
    pairs = corr[np.triu_indices_from(corr, k=1)]
    assert pairs.min() > 0.2
    assert 0.45 < pairs.mean() < 0.8
    assert pairs.std() > 0.05
    assert pairs.max() < 0.95


def test_coins_of_one_sector_move_together_more_than_across_sectors(market: DemoMarket) -> None:
    corr = _returns(market).corr()
    sector = {a.base: a.sector for a in DEMO_ASSETS}
    same, other = [], []
    for i, a in enumerate(corr.columns):
        for b in corr.columns[i + 1 :]:
            (same if sector[a] == sector[b] else other).append(corr.loc[a, b])
    assert np.mean(same) > np.mean(other) + 0.05


def test_daily_returns_have_fat_tails(market: DemoMarket) -> None:
    kurtosis = _returns(market).kurt() + 3.0  # pandas gives excess kurtosis
    assert (kurtosis > 4.0).all(), kurtosis.sort_values().head()


def test_annual_volatility_is_crypto_like(market: DemoMarket) -> None:
    vol = _returns(market).std() * np.sqrt(365)
    assert vol["BTC"] < vol["DOGE"]
    assert vol.between(0.3, 1.6).all(), vol.sort_values()


def test_turbulent_regimes_show_up_in_rolling_volatility(market: DemoMarket) -> None:
    turbulent = market.turbulent_days()
    assert 0.03 < turbulent.mean() < 0.6
    btc = np.log(market.ohlcv("BTC/USDT")["close"]).diff().abs()
    assert btc[turbulent].mean() > 1.6 * btc[~turbulent].mean()
    rolling = np.log(market.ohlcv("ETH/USDT")["close"]).diff().rolling(30).std()
    assert rolling.max() > 2.0 * rolling.min()


def test_volume_rises_on_big_moves(market: DemoMarket) -> None:
    frame = market.ohlcv("SOL/USDT")
    moves = np.log(frame["close"]).diff().abs()
    traded = frame["close"] * frame["volume"]
    assert moves.corr(np.log(traded)) > 0.2


def test_the_stablecoin_stays_pegged(market: DemoMarket) -> None:
    frame = market.ohlcv("USDC/USDT")
    assert frame["close"].between(0.985, 1.015).all()
    assert abs(frame["close"].mean() - 1.0) < 0.002


def test_price_levels_stay_within_a_believable_range_of_each_coins_level(
    market: DemoMarket,
) -> None:
    for asset in DEMO_ASSETS:
        closes = market.ohlcv(f"{asset.base}/USDT")["close"]
        ratio = closes / asset.price
        assert ratio.min() > 0.05 and ratio.max() < 20, asset.base
