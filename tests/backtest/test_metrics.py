"""Metrics: hand-checked drawdown dates and win rate, and quantstats on the same returns."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import metrics as metrics_module
from assistant.backtest.metrics import compute_metrics, max_drawdown, yearly_returns
from assistant.backtest.records import RebalanceRecord
from assistant.domain import DataError


def _curve(values: list[float], start: str = "2024-01-01") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), tz="UTC"))


def test_drawdown_peak_trough_and_recovery_dates() -> None:
    dd = max_drawdown(_curve([100, 120, 90, 60, 100, 130, 125]))
    assert dd.depth == pytest.approx(-0.5)
    assert (dd.peak.day, dd.trough.day, dd.recovery.day) == (2, 4, 6)  # type: ignore[union-attr]
    unrecovered = max_drawdown(_curve([100, 120, 90, 110]))
    assert unrecovered.recovery is None
    assert max_drawdown(_curve([1, 2, 3])).depth == 0.0


def _record(day: str) -> RebalanceRecord:
    return RebalanceRecord(
        date=datetime.fromisoformat(day + "T00:00:00+00:00"),
        trigger="drift",
        detail="",
        value_before=1.0,
        turnover=0.25,
        fees=0.0,
        slippage=0.0,
        orders=1,
        skipped=0,
        targets={},
    )


def test_win_rate_is_the_share_of_rising_rebalance_periods() -> None:
    curve = _curve([100, 110, 105, 95, 99, 120])
    metrics = compute_metrics(
        curve, [_record("2024-01-01"), _record("2024-01-03"), _record("2024-01-05")]
    )
    # periods 100->105 (up), 105->99 (down), 99->120 (up)
    assert metrics.win_rate == pytest.approx(2 / 3) and metrics.rebalance_periods == 3
    assert metrics.turnover == pytest.approx(0.75)
    assert metrics.turnover_per_year == pytest.approx(0.75 * 365 / 5)


def test_win_rate_ignores_dates_outside_the_curve_and_reads_any_time_zone() -> None:
    curve = _curve([100, 110, 105, 95, 99, 120])
    inside = [_record("2024-01-03"), _record("2024-01-05")]
    outside = [_record("2023-12-01"), _record("2024-01-03"), _record("2024-01-05")]
    noon = datetime(2024, 1, 4, 12, tzinfo=UTC)  # not a row of the curve
    outside.append(_record("2024-01-03").model_copy(update={"date": noon}))
    tokyo = ZoneInfo("Asia/Tokyo")
    shifted = [r.model_copy(update={"date": r.date.astimezone(tokyo)}) for r in inside]
    expected = compute_metrics(curve, inside)
    for records in (outside, shifted):
        got = compute_metrics(curve, records)
        assert (got.win_rate, got.rebalance_periods) == (expected.win_rate, 2)


def test_metrics_refuse_equity_out_of_date_order() -> None:
    curve = _curve([100.0, 101.0, 102.0])
    with pytest.raises(DataError, match="increasing order"):
        compute_metrics(curve.iloc[::-1])
    with pytest.raises(DataError, match="increasing order"):
        compute_metrics(pd.concat([curve, curve.iloc[-1:]]))


def test_yearly_returns_start_the_year_after_a_skipped_first_row() -> None:
    curve = pd.Series(
        [100.0, 110.0, 121.0, 133.1],
        index=pd.DatetimeIndex(["2021-12-31", "2022-01-01", "2022-12-31", "2023-01-01"], tz="UTC"),
    )
    assert yearly_returns(curve, skip_first=True) == pytest.approx({"2022": 0.21, "2023": 0.1})
    assert yearly_returns(curve) == pytest.approx({"2021": 0.0, "2022": 0.21, "2023": 0.1})


def test_yearly_returns_chain_from_the_previous_year_end() -> None:
    curve = pd.Series(
        [100.0, 110.0, 121.0, 60.5],
        index=pd.DatetimeIndex(["2021-06-01", "2021-12-31", "2022-12-31", "2023-03-01"], tz="UTC"),
    )
    assert yearly_returns(curve) == pytest.approx({"2021": 0.1, "2022": 0.1, "2023": -0.5})


def test_the_capital_counts_as_the_first_value_so_opening_costs_show() -> None:
    metrics = compute_metrics(_curve([99.0, 99.0, 108.9]), initial=100.0)
    assert metrics.total_return == pytest.approx(0.089)
    assert metrics.days == 3 and metrics.start.day == 1
    assert list(metrics.yearly_returns) == ["2024"]


def test_ratios_of_a_flat_curve_are_none_not_invented() -> None:
    metrics = compute_metrics(_curve([100.0, 100.0, 100.0]))
    assert metrics.sharpe is None and metrics.sortino is None and metrics.calmar is None
    with pytest.raises(DataError, match="two days"):
        compute_metrics(_curve([100.0]))


def test_metrics_match_quantstats_on_the_same_returns() -> None:
    qs = pytest.importorskip("quantstats", reason="quantstats is the reference (dev only)")
    rng = np.random.default_rng(9)
    returns = rng.normal(0.001, 0.04, 1000)
    returns[0] = 0.0  # quantstats measures drawdowns from the first return's end value
    curve = _curve(list(100.0 * np.cumprod(1 + returns)), start="2020-01-01")
    ours = compute_metrics(curve)
    r = curve.pct_change().dropna()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ours.cagr == pytest.approx(qs.stats.cagr(r, periods=365), rel=1e-10)
        assert ours.volatility == pytest.approx(qs.stats.volatility(r, periods=365), rel=1e-10)
        assert ours.sharpe == pytest.approx(qs.stats.sharpe(r, periods=365), rel=1e-10)
        assert ours.sortino == pytest.approx(qs.stats.sortino(r, periods=365), rel=1e-10)
        assert ours.max_drawdown.depth == pytest.approx(qs.stats.max_drawdown(r), rel=1e-10)
        assert ours.calmar == pytest.approx(qs.stats.calmar(r, periods=365), rel=1e-10)


@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize("unit", ["s", "us", "ns"])
def test_year_ends_found_by_binary_search_are_pandas_calendar_years(
    tz: str | None, unit: str
) -> None:
    """The search for each 1 January (naive and UTC indexes) gives the rows pandas' ``year``
    gives, with years that have no row (a gap of more than a year) left out, in any unit."""
    rng = np.random.default_rng(4)
    for _ in range(40):
        start = pd.Timestamp("2015-01-01") + pd.Timedelta(days=int(rng.integers(0, 800)))
        days = pd.date_range(start, periods=int(rng.integers(1, 2000)), freq="D", tz=tz)
        keep = rng.random(len(days)) < rng.choice([1.0, 0.5, 0.002])
        keep[0] = True
        index = days[keep].as_unit(unit)
        calendar = index.year.to_numpy()
        ends = [*np.flatnonzero(calendar[1:] != calendar[:-1]).tolist(), len(index) - 1]
        assert metrics_module._year_ends(index, ordered=True) == (
            ends,
            [int(calendar[e]) for e in ends],
        )
    sparse = pd.DatetimeIndex(["2019-06-01", "2023-12-31", "2024-01-01"], tz=tz).as_unit(unit)
    assert metrics_module._year_ends(sparse, ordered=True) == ([0, 1, 2], [2019, 2023, 2024])


def test_a_backtest_s_metrics_are_compute_metrics_of_its_curve() -> None:
    """The backtest hands the metrics the rows of its rebalances; compute_metrics finds them
    from the records' dates. Both must give the same metrics, in every time zone."""
    from assistant.backtest import backtest_weights
    from assistant.domain import Rebalance
    from tests.backtest.builders import random_walks

    for seed, tz in enumerate([None, "UTC", "Asia/Tokyo", "Europe/London"]):
        closes = random_walks(4, 900, seed=seed)
        closes.index = closes.index.tz_convert(None).tz_localize(tz)
        closes.iloc[:40, 1] = np.nan  # listed late: the first allocation waits for it
        result = backtest_weights(
            {c: 0.2 for c in closes.columns},
            closes,
            rule=Rebalance(drift_threshold=0.03, every_days=45),
            start=closes.index[30],
            min_history_days=10,
        )
        again = compute_metrics(
            result.equity,
            result.rebalances,
            fees=result.metrics.fees,
            slippage=result.metrics.slippage,
            initial=result.settings["capital"],
        )
        assert len(result.rebalances) > 10
        assert repr(again) == repr(result.metrics)


def test_mean_and_sd_are_numpy_s_to_the_bit() -> None:
    """Spelt out to skip numpy's generic machinery; every size class of its pairwise sum."""
    rng = np.random.default_rng(12)
    for n in [1, 2, 3, 7, 8, 9, 16, 100, 127, 128, 129, 255, 256, 257, 1000, 2999, 4097]:
        for _ in range(30):
            r = rng.normal(0.0, 10.0 ** rng.uniform(-6, 1), n)
            mean, sd = metrics_module._mean_and_sd(r)
            assert np.float64(mean).tobytes() == np.float64(r.mean()).tobytes()
            want = r.std(ddof=1) if n > 1 else 0.0
            assert np.float64(sd).tobytes() == np.float64(want).tobytes()


@pytest.mark.parametrize("tz", [None, "UTC", "Asia/Tokyo"])
@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_dates_converted_by_arithmetic_are_pandas_datetimes(tz: str | None, unit: str) -> None:
    from assistant.backtest.panel import pydatetimes

    index = pd.date_range("1960-02-28", periods=30_000, freq="D", tz=tz).as_unit(unit)
    rows = [0, 1, 3650, 29_999, 17, 17]
    got = pydatetimes(index, rows)
    want = [index[r].to_pydatetime() for r in rows]
    assert got == want and [repr(d) for d in got] == [repr(d) for d in want]
    assert all(type(d) is datetime for d in got)
    with_nat = pd.DatetimeIndex([pd.NaT, index[5]]).as_unit(unit)
    assert [repr(d) for d in pydatetimes(with_nat, [1, 0])] == [
        repr(with_nat[1].to_pydatetime()),
        repr(with_nat[0].to_pydatetime()),
    ]
