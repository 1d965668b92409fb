"""One policy: a preview's targets equal the backtest's targets on the same data.

For random specs (objective or fixed split, risk level, caps, cash reserve, signal tilts:
momentum, mean reversion, RSI, MACD, Bollinger; volatility target, lookback) and random dates,
the backtest's first allocation on day ``t`` and its calendar rebalance 30 days later (each
decided on the closes up to the day before) must equal what ``plan_rebalance`` previews on a demo
market whose last close is that day before. The demo market's candles before a date do not
change when its ``as_of`` moves later, so both see the same closes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.backtest import run_backtest
from assistant.config import load_settings
from assistant.domain import StrategySpec
from assistant.engine import Clock, Services, plan_rebalance
from assistant.engine.backtesting import spec_history
from assistant.journal import Journal
from assistant.market import DemoMarket
from assistant.portfolio import allocate
from assistant.signals import apply_tilts

SEED, AS_OF = 7, "2026-01-15"
COINS = ["ADA", "BNB", "BTC", "DOGE", "ETH", "SOL", "XRP"]
FULL = DemoMarket(seed=SEED, as_of=AS_OF)
FIRST = datetime(2022, 1, 16, tzinfo=UTC)


@st.composite
def specs(draw: st.DrawFn) -> StrategySpec:
    symbols = draw(st.lists(st.sampled_from(COINS), min_size=2, max_size=5, unique=True))
    level = draw(st.sampled_from(["conservative", "moderate", "aggressive"]))
    objective = draw(
        st.sampled_from(["hrp", "min_variance", "inverse_vol", "equal_weight", "fixed"])
    )
    data: dict[str, Any] = {
        "name": "parity",
        "universe": {"symbols": symbols},
        "objective": objective,
        "risk": {"level": level},
        "rebalance": {"every_days": 30},
        "lookback_days": draw(st.sampled_from([30, 60, 90, 180])),
        "capital": 10_000,
    }
    reserve = draw(st.sampled_from([0.0, 0.05, 0.1]))
    if objective == "fixed":
        raw = [draw(st.integers(1, 10)) for _ in symbols]
        total = sum(raw)
        data["weights"] = {
            s: round(r / total * (1 - reserve), 4) - 1e-4 for s, r in zip(symbols, raw, strict=True)
        }
        data["risk"]["level"] = "aggressive"  # any split passes the aggressive profile
        data["constraints"] = {"cash_reserve": reserve}
    else:
        data["constraints"] = {
            "max_weight": draw(st.sampled_from([0.5, 0.7, 1.0])),
            "cash_reserve": reserve,
        }
        data["signals"] = {
            "momentum": draw(st.sampled_from([0.0, 0.5])),
            "mean_reversion": draw(st.sampled_from([0.0, 0.5])),
            "rsi": draw(st.sampled_from([0.0, 0.5])),
            "macd": draw(st.sampled_from([0.0, 0.5])),
            "bollinger": draw(st.sampled_from([0.0, 0.5])),
        }
    if draw(st.booleans()):
        data["risk"]["volatility_target"] = draw(st.sampled_from([0.3, 0.6]))
    return StrategySpec.model_validate(data)


@settings(max_examples=12)
@given(spec=specs(), offset=st.integers(200, 1400))
def test_preview_targets_equal_backtest_targets(spec: StrategySpec, offset: int) -> None:
    trade_day = FIRST + timedelta(days=offset)
    closes, volumes = spec_history(FULL, spec)
    result = run_backtest(
        spec,
        closes,
        allocator=allocate,
        tilter=apply_tilts,
        start=trade_day,
        end=trade_day + timedelta(days=40),
        volumes=volumes,
    )
    first = result.rebalances[0]
    assert first.date.date() == trade_day.date()
    assert first.trigger == "initial"
    refits = [r for r in result.rebalances if r.trigger in ("initial", "calendar")]
    assert len(refits) == 2  # the first allocation and the calendar rebalance 30 days later
    for record in refits:
        _check_preview(spec, record.date, record.targets)


def _check_preview(spec: StrategySpec, day: datetime, targets: dict[str, float]) -> None:
    """A preview on a market whose last close is the day before ``day``, on an empty account,
    aims at ``targets``."""
    seen = day - timedelta(days=1)
    services = Services(
        settings=load_settings(),
        market=DemoMarket(seed=SEED, as_of=seen.date()),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=seen + timedelta(hours=12)),
    )
    try:
        plan = plan_rebalance(services, spec)
    finally:
        services.close()
    preview = plan.allocation
    assert plan.trigger == "initial"
    for asset in {*preview.weights, *targets} - {spec.quote}:
        assert preview.weights.get(asset, 0.0) == pytest.approx(
            targets.get(asset, 0.0), abs=1e-12
        ), (day, asset)
    assert preview.cash_weight == pytest.approx(targets[spec.quote], abs=1e-12)
