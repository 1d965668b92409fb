"""Coin Metrics and DefiLlama adapters on loopback fakes: pages, errors, 429, missing series."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.domain import DataUnavailableError, UnknownSymbolError
from assistant.market.http_json import HttpPolicy, SourceRateLimitedError
from assistant.market.onchain import CoinMetricsSource, read_onchain
from assistant.market.yields import DefiLlamaYields, read_pools, select

from .fake_sources import Script, cm_rows, query, serve

DAYS = [f"2025-12-{d:02d}" for d in range(1, 11)]


def policy(sleeps: list[float]) -> HttpPolicy:
    return HttpPolicy(timeout=5.0, max_wait=5.0, attempts=3, sleep=sleeps.append)


def test_coinmetrics_reads_pages_nulls_and_reports_a_metric_it_does_not_serve() -> None:
    first = {
        "data": cm_rows(DAYS[:5], flows=False),
        "next_page_token": "t1",
        "next_page_url": "https://elsewhere.example/v4/timeseries/asset-metrics?x=1",
    }
    second = {"data": cm_rows(DAYS[5:], flows=False)}
    script = Script([(200, first, {}), (200, second, {})])
    with serve(script) as url:
        frame, missing = CoinMetricsSource(url, policy([])).fetch("BTC")
    assert len(frame) == 10 and frame["AdrActCnt"].iloc[-1] == 700004
    assert set(missing) == {"FlowInExNtv", "FlowOutExNtv"}
    assert query(script.seen[1])["next_page_token"] == ["t1"]  # never followed to another host
    assert query(script.seen[0])["ignore_forbidden_errors"] == ["true"]


def test_coinmetrics_null_is_no_data_not_zero() -> None:
    with serve(Script([(200, {"data": cm_rows(DAYS)}, {})])) as url:
        frame, missing = CoinMetricsSource(url, policy([])).fetch("BTC")
    assert missing == () and frame["FlowOutExNtv"].isna().iloc[0]


def test_coinmetrics_unknown_asset_is_bad_input() -> None:
    body = {
        "error": {
            "type": "bad_parameter",
            "message": "Bad parameter 'assets'. Value 'zzz' is not supported.",
        }
    }
    with serve(Script([(400, body, {})])) as url, pytest.raises(UnknownSymbolError):
        CoinMetricsSource(url, policy([])).fetch("ZZZ")


def test_a_short_retry_after_is_waited_out_and_a_long_one_reported() -> None:
    sleeps: list[float] = []
    ok = {"data": cm_rows(DAYS)}
    with serve(
        Script([(429, {"error": {"type": "rate_limited"}}, {"Retry-After": "2"}), (200, ok, {})])
    ) as url:
        frame, _ = CoinMetricsSource(url, policy(sleeps)).fetch("BTC")
    assert sleeps == [2.0] and len(frame) == 10
    with (
        serve(Script([(429, b"", {"Retry-After": "600"})])) as url,
        pytest.raises(SourceRateLimitedError) as info,
    ):
        CoinMetricsSource(url, policy([])).fetch("BTC")
    assert info.value.retry_after == 600.0


def test_cached_history_is_served_with_its_age_when_the_api_fails(tmp_path: Path) -> None:
    clock = [datetime(2026, 1, 1, tzinfo=UTC)]
    with serve(Script([(200, {"data": cm_rows(DAYS)}, {})])) as url:
        fresh = read_onchain(
            "BTC",
            source="coinmetrics",
            cache_root=tmp_path,
            coinmetrics=CoinMetricsSource(url, policy([])),
            now=lambda: clock[0],
        )
    assert fresh.stale is None and len(fresh.frame) == 10
    clock[0] = datetime(2026, 1, 3, tzinfo=UTC)
    with serve(Script([(503, b"<html>down</html>", {})])) as url:
        stale = read_onchain(
            "BTC",
            source="coinmetrics",
            cache_root=tmp_path,
            coinmetrics=CoinMetricsSource(url, policy([])),
            now=lambda: clock[0],
        )
    assert stale.stale is not None and "2 days ago" in stale.stale and "HTTP 503" in stale.stale
    assert len(stale.frame) == 10


def test_nothing_cached_and_the_api_down_is_an_operational_error(tmp_path: Path) -> None:
    with serve(Script([(503, b"", {})])) as url, pytest.raises(DataUnavailableError):
        read_onchain(
            "BTC",
            source="coinmetrics",
            cache_root=tmp_path,
            coinmetrics=CoinMetricsSource(url, policy([])),
        )


POOLS = {
    "status": "success",
    "data": [
        {
            "chain": "Ethereum",
            "project": "aave-v3",
            "symbol": "USDC",
            "tvlUsd": 1.5e9,
            "apyBase": 3.2,
            "apyReward": None,
            "apy": 3.2,
            "rewardTokens": None,
            "pool": "p1",
            "stablecoin": True,
            "ilRisk": "no",
            "exposure": "single",
            "outlier": False,
        },
        {
            "chain": "Base",
            "project": "aerodrome-v2",
            "symbol": "USDC-WETH",
            "tvlUsd": 8e7,
            "apyBase": 9.0,
            "apyReward": 12.0,
            "apy": 21.0,
            "rewardTokens": ["0xaero"],
            "pool": "p2",
            "stablecoin": False,
            "ilRisk": "yes",
            "exposure": "multi",
        },
        {
            "chain": "Ethereum",
            "project": "tiny",
            "symbol": "USDC",
            "tvlUsd": 1e4,
            "apyBase": 50.0,
            "apyReward": None,
            "apy": 50.0,
            "pool": "p3",
        },
        {"chain": "Ethereum", "project": "broken", "symbol": "USDC"},  # no pool id, no TVL
        {
            "chain": "Ethereum",
            "project": "lido",
            "symbol": "STETH",
            "tvlUsd": 2e10,
            "apyBase": 2.7,
            "apy": 2.7,
            "pool": "p4",
        },
    ],
}


def test_defillama_pools_are_filtered_and_their_risks_named(tmp_path: Path) -> None:
    with serve(Script([(200, POOLS, {})])) as url:
        listing = read_pools(
            source="defillama", cache_root=tmp_path, defillama=DefiLlamaYields(url, policy([]))
        )
    assert listing.skipped == 1 and not listing.simulated
    chosen = select(listing.pools, "USDC", chain=None, min_tvl=1e6, limit=10)
    assert [p.pool for p in chosen.pools] == ["p2", "p1"] and chosen.matched == 3
    risks = " ".join(chosen.pools[0].risks())
    for word in ("smart-contract", "depeg", "reward token", "impermanent loss"):
        assert word in risks
    assert not any("impermanent" in r for r in chosen.pools[1].risks())
    on_base = select(listing.pools, "USDC", chain="base", min_tvl=0, limit=10)
    assert [p.pool for p in on_base.pools] == ["p2"]


def test_defillama_rate_limit_serves_the_last_pools_with_their_age(tmp_path: Path) -> None:
    with serve(Script([(200, POOLS, {})])) as url:
        read_pools(
            source="defillama", cache_root=tmp_path, defillama=DefiLlamaYields(url, policy([]))
        )
    with serve(Script([(429, b"", {"Retry-After": "3600"})])) as url:
        listing = read_pools(
            source="defillama", cache_root=tmp_path, defillama=DefiLlamaYields(url, policy([]))
        )
    assert listing.stale is not None and "429" in listing.stale and len(listing.pools) == 4


def test_defillama_error_status_is_data_unavailable(tmp_path: Path) -> None:
    with (
        serve(Script([(200, {"status": "error", "data": None}, {})])) as url,
        pytest.raises(DataUnavailableError),
    ):
        read_pools(
            source="defillama", cache_root=tmp_path, defillama=DefiLlamaYields(url, policy([]))
        )
