"""A preview's sentiment and exchange-flow tilts read what this home stored, by the policy's rule.

Fresh scored headlines tilt the preview exactly as the one policy computes with those scores;
stale or missing ones give no tilt and a note that says so with the input's day and age. The
exchange-flow tilt reads the on-chain cache (never the network) the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from assistant.config import load_settings
from assistant.domain import StrategySpec, parse_spec_toml
from assistant.engine import Clock, Services, plan_rebalance
from assistant.journal import Journal
from assistant.market import DemoMarket, closes_for
from assistant.market.cache_io import cache_root
from assistant.market.news import NewsItem, NewsStore
from assistant.market.onchain.store import OnchainStore
from assistant.policy import strategy_targets
from assistant.policy.inputs import FLOW, SENTIMENT, known_reading
from assistant.portfolio import allocate
from assistant.signals import apply_tilts, flow_score
from assistant.signals.sentiment import load_model, score_headlines

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
GOOD = "Bitcoin surges to a record high as inflows soar and adoption grows"
BAD = "Solana plunges after a major exploit and exchange hack"


def _spec(signals: str) -> StrategySpec:
    return parse_spec_toml(
        f"""
name = "tilted"
capital = 1000
objective = "equal_weight"
[universe]
symbols = ["BTC", "ETH", "SOL"]
[rebalance]
every_days = 30
[signals]
{signals}
"""
    )


def _services(**settings: object) -> Services:
    return Services(
        settings=load_settings(**settings),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=NOW),
    )


@pytest.fixture
def services() -> Iterator[Services]:
    svc = _services()
    yield svc
    svc.close()


def _store(services: Services, published: datetime) -> None:
    NewsStore(services.settings.resolved_journal_url).add(
        [
            NewsItem(GOOD, "https://n.example/1", "https://n.example/rss", published, ("BTC",)),
            NewsItem(BAD, "https://n.example/2", "https://n.example/rss", published, ("SOL",)),
        ],
        NOW,
    )


def _expected(services: Services, spec: StrategySpec, **inputs: object) -> dict[str, float]:
    closes = closes_for(services.market, ["BTC", "ETH", "SOL"], "USDT", days=spec.lookback_days)
    return strategy_targets(spec, closes, allocator=allocate, tilter=apply_tilts, **inputs).weights  # type: ignore[arg-type]


def test_fresh_headlines_tilt_toward_the_positive_coin_as_the_policy_computes(
    services: Services,
) -> None:
    spec = _spec("sentiment = 1.0")
    _store(services, NOW - timedelta(hours=30))  # published on 2026-01-14
    plan = plan_rebalance(services, spec)
    good, bad = (s.score for s in score_headlines([GOOD, BAD], load_model()))
    assert good > 0.0 > bad
    expected = _expected(services, spec, sentiment={"BTC": good, "SOL": bad})
    for asset, weight in expected.items():
        assert plan.allocation.weights[asset] == pytest.approx(weight, abs=1e-12)
    assert plan.allocation.weights["BTC"] > 1 / 3 > plan.allocation.weights["SOL"]
    assert any(
        n.startswith("sentiment tilt input: headlines of 2026-01-14 from the news store (1 day")
        for n in plan.notes
    ), plan.notes


def test_stale_headlines_give_no_tilt_and_the_preview_says_how_old_they_are(
    services: Services,
) -> None:
    spec = _spec("sentiment = 1.0")
    _store(services, NOW - timedelta(days=6))  # 2026-01-09: six days before the last close
    plan = plan_rebalance(services, spec)
    untilted = _expected(services, spec)
    for asset, weight in untilted.items():
        assert plan.allocation.weights[asset] == pytest.approx(weight, abs=1e-12)
    (note,) = [n for n in plan.notes if n.startswith("sentiment tilt")]
    assert "no tilt" in note and "2026-01-09, 6 days before the close" in note
    assert "coinpilot news" in note


def test_no_headlines_at_all_is_said_and_never_a_silent_zero(services: Services) -> None:
    plan = plan_rebalance(services, _spec("sentiment = 1.0"))
    (note,) = [n for n in plan.notes if n.startswith("sentiment tilt")]
    assert "no tilt" in note and "no stored news headline" in note


def _cached_flows(services: Services, last_day: str) -> dict[str, float]:
    """Flows for BTC and SOL in the Coin Metrics cache up to ``last_day``; the scores the
    policy may use on the market's last close (2026-01-15)."""
    days = pd.date_range("2025-06-01", last_day, freq="D", name="day")
    rng = np.random.default_rng(3)
    cache = OnchainStore(cache_root(services.settings.home), "coinmetrics")
    scores = {}
    for coin in ("BTC", "SOL"):
        frame = pd.DataFrame(
            {
                "FlowInExNtv": rng.gamma(4.0, 250.0, len(days)),
                "FlowOutExNtv": rng.gamma(4.0, 250.0, len(days)),
            },
            index=days,
        )
        cache.save(coin, frame, NOW, ())
        stored = cache.load(coin)
        assert stored is not None
        scores[coin] = flow_score(stored.frame["FlowInExNtv"], stored.frame["FlowOutExNtv"])
    reading = known_reading(pd.DataFrame(scores), pd.Timestamp("2026-01-15"), FLOW)
    return reading.scores or {}


def test_exchange_flow_reads_the_on_chain_cache_one_day_late() -> None:
    services = _services(onchain_source="coinmetrics")
    try:
        spec = _spec("exchange_flow = 1.0")
        scores = _cached_flows(services, "2026-01-15")
        plan = plan_rebalance(services, spec)
        assert set(scores) == {"BTC", "SOL"}
        expected = _expected(services, spec, exchange_flow=scores)
        for asset, weight in expected.items():
            assert plan.allocation.weights[asset] == pytest.approx(weight, abs=1e-12)
        (note,) = [n for n in plan.notes if n.startswith("exchange-flow tilt input")]
        assert "scores of 2026-01-14" in note and "no score for ETH" in note
    finally:
        services.close()


def test_a_stale_on_chain_cache_gives_no_tilt_with_its_age() -> None:
    services = _services(onchain_source="coinmetrics")
    try:
        spec = _spec("exchange_flow = 1.0")
        _cached_flows(services, "2026-01-05")
        plan = plan_rebalance(services, spec)
        untilted = _expected(services, spec)
        for asset, weight in untilted.items():
            assert plan.allocation.weights[asset] == pytest.approx(weight, abs=1e-12)
        (note,) = [n for n in plan.notes if n.startswith("exchange-flow tilt")]
        assert "no tilt" in note and "2026-01-05, 10 days before the close" in note
        assert "--source coinmetrics" in note
    finally:
        services.close()


def test_the_input_rule_uses_a_day_late_flows_and_calls_old_rows_stale() -> None:
    days = pd.date_range("2026-01-01", "2026-01-10", freq="D")
    table = pd.DataFrame({"BTC": np.arange(10.0) / 10}, index=days)
    on_10th = known_reading(table, pd.Timestamp("2026-01-10", tz="UTC"), SENTIMENT)
    assert on_10th.scores == {"BTC": 0.9} and on_10th.age_days == 0
    flow = known_reading(table, pd.Timestamp("2026-01-10"), FLOW)
    assert flow.scores == {"BTC": pytest.approx(0.8)} and flow.day == days[8].date()
    late = known_reading(table, pd.Timestamp("2026-01-13"), SENTIMENT)
    assert late.fresh is False and late.age_days == 3
    assert known_reading(table, pd.Timestamp("2026-01-12"), SENTIMENT).fresh
    assert known_reading(None, pd.Timestamp("2026-01-12"), SENTIMENT).day is None
    assert known_reading(table, pd.Timestamp("2025-12-31"), SENTIMENT).scores is None


def test_headlines_published_after_now_are_not_used(services: Services) -> None:
    _store(services, NOW + timedelta(hours=1))
    plan = plan_rebalance(services, _spec("sentiment = 1.0"))
    (note,) = [n for n in plan.notes if n.startswith("sentiment tilt")]
    assert "no tilt" in note


def test_a_backtest_reads_the_same_stored_headlines(services: Services) -> None:
    from assistant.engine.backtesting import backtest_spec

    spec = _spec("sentiment = 1.0")
    _store(services, NOW - timedelta(hours=30))
    result = backtest_spec(services, spec, last_days=120)
    assert any(
        n.startswith("sentiment tilt: stored headlines scored on 1 days, 2026-01-14..2026-01-14")
        for n in result.notes
    ), result.notes
    assert not any("no sentiment input was given" in n for n in result.notes)
