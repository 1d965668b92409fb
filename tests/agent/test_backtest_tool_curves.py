"""The backtest tool gives a chart what it needs: month-end equity, each month's deepest fall."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket
from tools import ToolContext
from tools.backtest import RUN_BACKTEST

SPEC = {
    "capital": 5000,
    "universe": {"symbols": ["BTC", "ETH"]},
    "rebalance": {"drift_threshold": 0.05},
}


@pytest.fixture
def services() -> Iterator[Services]:
    svc = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC)),
    )
    yield svc
    svc.close()


def test_the_backtest_result_carries_monthly_curves_and_says_prices_were_simulated(
    services: Services,
) -> None:
    result = RUN_BACKTEST.run(ToolContext(services=services), {"spec": SPEC, "start": "2024-01-01"})
    assert result.ok
    data = result.data
    assert data["simulated"] is True
    assert list(data["curve"]) == list(data["drawdown"])  # the same months
    assert next(iter(data["curve"])) == "2024-01"
    assert all(v <= 0 for v in data["drawdown"].values())
    deepest = min(data["drawdown"].values())
    assert deepest == pytest.approx(data["metrics"]["max_drawdown"]["depth"])
