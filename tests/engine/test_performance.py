"""Performance against BTC and equal weight: time-weighted, deposits left out, compounded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from assistant.engine import Services
from assistant.engine.demo_clock import advance_demo_clock
from assistant.engine.performance import account_performance
from assistant.market import closes_for
from assistant.portfolio.performance import daily_returns
from tests.watch.conftest import NOW, execute, make_spec


def test_an_account_never_executed_has_no_performance(services: Services) -> None:
    assert account_performance(services) is None


def test_an_account_holding_only_btc_returns_exactly_what_btc_returns(services: Services) -> None:
    services.journal.record_snapshot(
        NOW,
        {"BTC": Decimal("0.5")},
        {"BTC": Decimal(100000)},
        Decimal(50000),
        {"BTC": 1.0},
        account="paper",
    )
    advance_demo_clock(services, timedelta(days=40))
    perf = account_performance(services)
    assert perf is not None and perf.basket == ["BTC"]
    for row in perf.periods:
        assert row.portfolio == pytest.approx(row.btc, rel=1e-12, abs=1e-12)
        assert row.equal_weight == pytest.approx(row.btc, rel=1e-12, abs=1e-12)
    closes = closes_for(services.market, ["BTC"], "USDT", days=41)["BTC"]
    inception = next(r for r in perf.periods if r.days is None)
    assert inception.btc == pytest.approx(closes.iloc[-1] / closes.iloc[0] - 1, rel=1e-12)
    assert [r.label for r in perf.periods] == ["since inception", "7 days", "30 days"]
    assert perf.growth["BTC"][0] == 100.0 and len(perf.days) == 41


def test_a_later_deposit_is_not_counted_as_gain(services: Services) -> None:
    journal = services.journal
    journal.record_snapshot(
        NOW, {"USDT": Decimal(1000)}, {}, Decimal(1000), {"USDT": 1.0}, account="paper"
    )
    later = NOW + timedelta(days=5)
    journal.record_deposit("USDT", Decimal(1000), later, "more cash", account="paper")
    journal.record_snapshot(
        later, {"USDT": Decimal(2000)}, {}, Decimal(2000), {"USDT": 1.0}, account="paper"
    )
    advance_demo_clock(services, timedelta(days=10))
    perf = account_performance(services)
    assert perf is not None
    assert all(row.portfolio == pytest.approx(0.0, abs=1e-15) for row in perf.periods)


def test_a_demo_account_after_a_month_is_measured_against_both(services: Services) -> None:
    execute(services, make_spec())
    advance_demo_clock(services, timedelta(days=30))
    perf = account_performance(services)
    assert perf is not None and perf.basket == ["BNB", "BTC", "ETH", "SOL", "XRP"]
    inception = perf.periods[0]
    growth = perf.growth["portfolio"]
    assert inception.portfolio == pytest.approx(growth[-1] / 100 - 1, rel=1e-12)
    assert perf.growth["equal weight"][-1] == pytest.approx(
        100 * (1 + inception.equal_weight), rel=1e-12
    )


def test_equal_weight_is_the_mean_of_daily_returns_rebalanced_daily() -> None:
    index = pd.date_range("2026-01-01", periods=4, freq="D", tz="UTC")
    basket = pd.DataFrame({"A": [1.0, 2.0, 2.0, 1.0], "B": [1.0, 1.0, 0.5, 1.0]}, index=index)
    values = pd.Series([10.0, 11.0, 12.1, 12.1], index=index)
    returns = daily_returns(values, pd.Series(0.0, index=index), basket["A"], basket)
    ew = returns.daily["equal weight"].to_numpy()
    assert np.isnan(ew[0]) and list(ew[1:]) == [0.5, -0.25, 0.25]
    assert returns.period_table()[0][2]["portfolio"] == pytest.approx(0.21)
