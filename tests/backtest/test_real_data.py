"""The 21 real coins, 2018-2025: listings, the MATIC and XMR delistings, the 2022 bear market."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import compare, run_backtest
from assistant.domain import StrategySpec
from assistant.market import load_closes
from assistant.portfolio import allocate
from assistant.signals import apply_tilts

pytestmark = pytest.mark.shared_data


def _volumes(folder: Path) -> pd.DataFrame:
    frames = {}
    for path in sorted(folder.glob("*.csv")):
        data = pd.read_csv(path, parse_dates=["timestamp"], index_col="timestamp")
        frames[path.stem] = data["volume"]
    volumes = pd.DataFrame(frames)
    volumes.index = pd.DatetimeIndex(volumes.index).tz_localize("UTC")
    return volumes


def test_a_21_coin_hrp_spec_runs_through_2018_to_2025(shared_data: Path) -> None:
    folder = shared_data / "market" / "daily"
    closes = load_closes(folder)
    assert closes.shape[1] == 21
    spec = StrategySpec.model_validate(
        {
            "name": "all-21",
            "universe": {"symbols": list(closes.columns)},
            "objective": "hrp",
            "constraints": {"max_weight": 0.25},
            "rebalance": {"drift_threshold": 0.05, "every_days": 30},
        }
    )
    result = run_backtest(
        spec,
        closes,
        allocator=allocate,
        tilter=apply_tilts,
        start="2018-01-01",
        end="2025-12-31",
        volumes=_volumes(folder),
    )
    m = result.metrics
    assert len(result.equity) == 2922 and np.isfinite(result.equity).all()
    assert m.yearly_returns["2022"] < -0.3  # the bear market shows
    assert m.rebalances > 20 and m.fees > 0 and m.slippage > 0
    # MATIC's last close is 2024-09-09, XMR's 2024-02-19: never held after
    assert result.weights.loc["2024-09-10":, "MATIC"].eq(0.0).all()
    assert result.weights.loc["2024-02-20":, "XMR"].eq(0.0).all()
    listed = {r.detail.split(" joined")[0] for r in result.rebalances if r.trigger == "listing"}
    assert "SHIB" in ", ".join(listed)
    assert (
        result.fingerprint
        == run_backtest(
            spec,
            closes,
            allocator=allocate,
            tilter=apply_tilts,
            start="2018-01-01",
            end="2025-12-31",
            volumes=_volumes(folder),
        ).fingerprint
    )
    table = compare(result, closes=closes)
    assert [r.name for r in table.results][1:] == ["BTC buy and hold", "equal weight (30d)"]
