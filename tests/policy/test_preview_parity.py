"""One policy: a preview's targets equal the backtest's targets on the same data.

For random specs (objective or fixed split, risk level, caps, cash reserve, signal tilts:
momentum, mean reversion, RSI, MACD, Bollinger, news sentiment and exchange flow; volatility
target, lookback) and random dates, the backtest's first allocation on day ``t`` and its calendar
rebalance 30 days later (each decided on the closes up to the day before) must equal what
``plan_rebalance`` previews on a demo market whose last close is that day before. The demo
market's candles before a date do not change when its ``as_of`` moves later, so both see the same
closes. The outside inputs are the same too: the preview reads headlines from the news store and
flows from the on-chain cache of its home; the backtest is handed the tables built from them.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
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
from assistant.market.cache_io import cache_root
from assistant.market.news import NewsItem, NewsStore
from assistant.market.onchain.store import OnchainStore
from assistant.portfolio import allocate
from assistant.signals import apply_tilts, flow_score
from assistant.signals.sentiment import daily_sentiment, load_model

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
            "sentiment": draw(st.sampled_from([0.0, 1.0])),
            "exchange_flow": draw(st.sampled_from([0.0, 0.7])),
        }
    if draw(st.booleans()):
        data["risk"]["volatility_target"] = draw(st.sampled_from([0.3, 0.6]))
    return StrategySpec.model_validate(data)


#: Headlines that the shipped model scores clearly positive and clearly negative.
GOOD = "{coin} surges to a record high as inflows soar and adoption grows"
BAD = "{coin} plunges after a major exploit and exchange hack"


def _headlines(day: datetime, moods: dict[str, bool]) -> list[NewsItem]:
    """One headline per coin on ``day`` (published at 06:00 UTC), good or bad by ``moods``."""
    at = day.replace(hour=6, minute=0, second=0, microsecond=0)
    return [
        NewsItem(
            (GOOD if good else BAD).format(coin=coin),
            f"https://news.example/{day:%Y%m%d}/{coin}",
            "https://news.example/rss",
            at,
            (coin,),
        )
        for coin, good in moods.items()
    ]


def sentiment_model_of(settings_: Any) -> Any:
    """The model a preview with these settings scores headlines with."""
    return load_model(settings_.sentiment_model, settings_.sentiment_model_path)


def _flows(seed: int) -> dict[str, pd.DataFrame]:
    """Daily exchange inflow and outflow for every coin but DOGE (no on-chain history), to
    the demo market's last day."""
    days = pd.date_range("2021-06-01", AS_OF, freq="D", name="day")
    rng = np.random.default_rng(seed)
    return {
        coin: pd.DataFrame(
            {
                "FlowInExNtv": rng.gamma(4.0, 250.0, len(days)),
                "FlowOutExNtv": rng.gamma(4.0, 250.0, len(days)),
            },
            index=days,
        )
        for coin in COINS
        if coin != "DOGE"
    }


@settings(max_examples=12)
@given(
    spec=specs(),
    offset=st.integers(200, 1400),
    moods=st.dictionaries(st.sampled_from(COINS), st.booleans(), min_size=1, max_size=4),
    seed=st.integers(0, 1000),
)
def test_preview_targets_equal_backtest_targets(
    spec: StrategySpec, offset: int, moods: dict[str, bool], seed: int
) -> None:
    trade_day = FIRST + timedelta(days=offset)
    closes, volumes = spec_history(FULL, spec)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        settings_ = load_settings(home=home, onchain_source="coinmetrics")
        news = [
            item
            for day in (trade_day, trade_day + timedelta(days=30))
            for item in _headlines(day - timedelta(days=1), moods)
        ]
        NewsStore(settings_.resolved_journal_url).add(news, trade_day)
        cache = OnchainStore(cache_root(home), "coinmetrics")
        for coin, frame in _flows(seed).items():
            cache.save(coin, frame, datetime(2026, 1, 16, tzinfo=UTC), ())
        stored = {coin: cache.load(coin) for coin in COINS}  # as written: 10 digits
        flows = {coin: c.frame for coin, c in stored.items() if c is not None}
        result = run_backtest(
            spec,
            closes,
            allocator=allocate,
            tilter=apply_tilts,
            start=trade_day,
            end=trade_day + timedelta(days=40),
            volumes=volumes,
            sentiment=daily_sentiment(news, sentiment_model_of(settings_), COINS),
            exchange_flow=pd.DataFrame(
                {c: flow_score(f["FlowInExNtv"], f["FlowOutExNtv"]) for c, f in flows.items()}
            ),
        )
        first = result.rebalances[0]
        assert first.date.date() == trade_day.date()
        assert first.trigger == "initial"
        refits = [r for r in result.rebalances if r.trigger in ("initial", "calendar")]
        # The first allocation and the calendar rebalance 30 days later (a calendar rebalance
        # that trades nothing, such as two assets held 50/50 under a cap, is not recorded).
        assert [r.trigger for r in refits] in (["initial"], ["initial", "calendar"])
        for record in refits:
            _check_preview(spec, record.date, record.targets, home, set(moods))


def _check_preview(
    spec: StrategySpec, day: datetime, targets: dict[str, float], home: Path, news: set[str]
) -> None:
    """A preview on a market whose last close is the day before ``day``, on an empty account,
    aims at ``targets``."""
    seen = day - timedelta(days=1)
    services = Services(
        settings=load_settings(home=home, onchain_source="coinmetrics"),
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
    if spec.signals.sentiment > 0.0 and news & set(spec.universe.symbols or ()):
        assert any(n.startswith("sentiment tilt input:") for n in plan.notes), plan.notes
    if spec.signals.exchange_flow > 0.0:
        assert any(n.startswith("exchange-flow tilt input:") for n in plan.notes), plan.notes
    for asset in {*preview.weights, *targets} - {spec.quote}:
        assert preview.weights.get(asset, 0.0) == pytest.approx(
            targets.get(asset, 0.0), abs=1e-12
        ), (day, asset)
    assert preview.cash_weight == pytest.approx(targets[spec.quote], abs=1e-12)
