"""The exchange-flow score and tilt: bounded, and a backtest day never sees a later day's flows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assistant.backtest.policy import SpecPolicy
from assistant.domain import SignalTilts
from assistant.market.onchain import read_snapshot
from assistant.signals import apply_tilts, flow_score


def test_score_is_bounded_and_needs_a_full_window() -> None:
    history = read_snapshot("BTC")
    assert history is not None
    score = flow_score(history.frame["FlowInExNtv"], history.frame["FlowOutExNtv"])
    assert score.iloc[:29].isna().all() and score.dropna().between(-1, 1).all()


def test_unusual_outflow_scores_positive_and_raises_the_weight() -> None:
    days = pd.date_range("2025-01-01", periods=40, freq="D")
    rng = np.random.default_rng(1)
    inflow = pd.Series(1000 + rng.normal(0, 50, 40), index=days)
    outflow = inflow.copy()
    outflow.iloc[-7:] += 400.0  # a week of coins leaving exchanges
    score = float(flow_score(inflow, outflow).iloc[-1])
    assert score > 0.5
    closes = pd.DataFrame({"BTC": np.linspace(1, 2, 40), "ETH": np.linspace(1, 2, 40)}, index=days)
    tilted = apply_tilts(
        {"BTC": 0.5, "ETH": 0.5},
        closes,
        SignalTilts(exchange_flow=1.0),
        exchange_flow={"BTC": score},
    )
    assert tilted.weights["BTC"] > 0.5 > tilted.weights["ETH"]
    assert any("exchange-flow tilt: BTC" in n for n in tilted.notes)


def test_a_trade_day_sees_flow_scores_only_from_two_days_before() -> None:
    days = pd.date_range("2025-01-01", periods=10, freq="D", tz="UTC")
    flows = pd.DataFrame({"BTC": np.arange(10.0)}, index=days.tz_localize(None))

    class Panel:
        dates = days

    policy = SpecPolicy.__new__(SpecPolicy)
    object.__setattr__(policy, "exchange_flow", flows)
    seen = policy._flow(Panel(), 5)  # type: ignore[arg-type]
    assert seen == {"BTC": 3.0}  # day 5 trades on scores of day 3 at the latest
