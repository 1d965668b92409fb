"""Recurring contributions in a backtest: the money arrives on schedule, is bought toward the
targets without selling, and the run reports time- and money-weighted returns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import run_backtest
from assistant.backtest.flows import money_weighted_return, time_weighted_curve
from assistant.portfolio import allocate
from tests.backtest.builders import random_walks, spec


def test_xirr_of_a_year_at_ten_percent() -> None:
    equity = np.full(365, 100.0)
    equity[-1] = 110.0
    assert money_weighted_return(equity, 100.0, {}) == pytest.approx(0.10, abs=1e-9)


def test_money_added_is_not_a_gain() -> None:
    equity = np.array([100.0, 150.0, 150.0, 200.0])  # +50 on row 1 and row 3, prices flat
    flows = {1: 50.0, 3: 50.0}
    curve = time_weighted_curve(equity, 100.0, flows)
    np.testing.assert_allclose(curve, 100.0)
    assert money_weighted_return(equity, 100.0, flows) == pytest.approx(0.0, abs=1e-9)


def _dca_run(every: int, days: int = 400) -> tuple[object, pd.DataFrame]:
    closes = random_walks(3, days, seed=4)
    s = spec(
        list(closes.columns),
        objective="equal_weight",
        capital=1000,
        contributions={"amount": 100, "every_days": every},
        rebalance={"drift_threshold": 0.5},
    )
    result = run_backtest(s, closes, allocator=allocate, start=closes.index[120], fee_bps=0.0)
    return result, closes


def test_a_backtest_adds_each_contribution_and_reports_xirr() -> None:
    result, _ = _dca_run(30)
    m = result.metrics  # type: ignore[attr-defined]
    arrivals = [r for r in result.rebalances if r.trigger == "contribution"]  # type: ignore[attr-defined]
    days = len(result.equity)  # type: ignore[attr-defined]
    assert len(arrivals) >= (days - 1) // 30 - 1
    assert m.contributed == pytest.approx(1000.0 + 100.0 * ((days - 1) // 30))
    assert m.final_equity == pytest.approx(float(result.equity.iloc[-1]))  # type: ignore[attr-defined]
    # The XIRR solves its defining equation: the deposits, grown at the rate, are the end value.
    rate = m.money_weighted_return
    assert rate is not None
    index = result.equity.index  # type: ignore[attr-defined]
    deposits = [(index[0] - pd.Timedelta(days=1), 1000.0)]
    deposits += [(r.date, 100.0) for r in arrivals]
    end = index[-1]
    grown = sum(a * (1 + rate) ** ((end - pd.Timestamp(t)).days / 365) for t, a in deposits)
    assert grown == pytest.approx(m.final_equity, rel=1e-6)


def test_a_contribution_sells_nothing() -> None:
    result, closes = _dca_run(7)
    weights = result.weights  # type: ignore[attr-defined]
    equity = result.equity  # type: ignore[attr-defined]
    units = (
        weights.iloc[:, :-1].mul(equity, axis=0) / closes.loc[weights.index, weights.columns[:-1]]
    )
    for record in result.rebalances:  # type: ignore[attr-defined]
        if record.trigger != "contribution":
            continue
        row = units.index.get_loc(record.date)
        assert (units.iloc[row] >= units.iloc[row - 1] - 1e-9).all(), record.date
