"""backtest_spec hands the backtester the market's history in the units it expects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assistant.backtest import run_backtest
from assistant.domain import StrategySpec
from assistant.engine import Services
from assistant.engine.backtesting import backtest_spec, spec_history
from assistant.portfolio import allocate
from assistant.signals import apply_tilts


def _spec() -> StrategySpec:
    return StrategySpec.model_validate(
        {
            "name": "three",
            "universe": {"symbols": ["BTC", "ETH", "SOL"]},
            "objective": "hrp",
            "rebalance": {"drift_threshold": 0.05},
            "capital": 5000,
        }
    )


def test_volumes_are_base_units_as_the_market_reports_them(services: Services) -> None:
    closes, volumes = spec_history(services.market, _spec())
    for base in ("BTC", "ETH", "SOL"):
        candles = services.market.ohlcv(f"{base}/USDT", "1d")
        assert np.array_equal(volumes[base].to_numpy(), candles["volume"].to_numpy(dtype=float))
        assert np.array_equal(closes[base].to_numpy(), candles["close"].to_numpy(dtype=float))


def test_slippage_is_what_the_backtester_charges_for_the_market_s_own_volumes(
    services: Services,
) -> None:
    """Quote volumes passed where base amounts belong would be valued at the close twice,
    making books look a price deeper than they are and slippage nearly vanish."""
    spec = _spec()
    closes, _ = spec_history(services.market, spec)
    base = {
        b: services.market.ohlcv(f"{b}/USDT", "1d")["volume"].astype(float) for b in closes.columns
    }
    expected = run_backtest(
        spec,
        closes,
        allocator=allocate,
        tilter=apply_tilts,
        volumes=pd.DataFrame(base),
        name=f"{spec.name} v{spec.version}",
    )
    got = backtest_spec(services, spec)
    assert got.fingerprint == expected.fingerprint
    assert got.metrics.slippage == expected.metrics.slippage
    no_depth = run_backtest(spec, closes, allocator=allocate, tilter=apply_tilts)
    assert got.metrics.slippage > no_depth.metrics.slippage  # the book walk costs something
