"""Bad input: clear errors or warnings, never a crash, and every repair is said out loud."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from assistant.backtest import backtest_weights, run_backtest
from assistant.domain import DataError, Rebalance, UserInputError
from tests.backtest.builders import Constant, Recording, frame, spec

NAN = float("nan")


def _flat(n: int, value: float = 100.0) -> list[float]:
    return [value] * n


def test_dates_entirely_outside_the_data_are_a_data_error_naming_the_range() -> None:
    closes = frame({"A": _flat(10)})
    with pytest.raises(DataError, match="covers 2024-01-01 to 2024-01-10"):
        backtest_weights({"A": 1.0}, closes, rule=None, start="2025-01-01")
    with pytest.raises(UserInputError, match="after the end"):
        backtest_weights({"A": 1.0}, closes, rule=None, start="2024-01-05", end="2024-01-02")
    with pytest.raises(UserInputError, match="not a date"):
        backtest_weights({"A": 1.0}, closes, rule=None, start="soon")


def test_dates_partly_outside_the_data_are_clipped_with_a_warning() -> None:
    closes = frame({"A": _flat(10)})
    result = backtest_weights({"A": 1.0}, closes, rule=None, start="2023-12-01", end="2024-03-01")
    assert len(result.equity) == 10
    assert any("before the data" in w for w in result.warnings)
    assert any("after the data" in w for w in result.warnings)


def test_a_universe_asset_without_a_column_is_named() -> None:
    with pytest.raises(DataError, match="no column for DOGE"):
        run_backtest(spec(["A", "DOGE"]), frame({"A": _flat(5)}), allocator=Recording())


def test_intraday_rows_and_non_positive_prices_are_refused() -> None:
    hourly = pd.DataFrame(
        {"A": [1.0, 2.0]}, index=pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 01:00"])
    )
    with pytest.raises(DataError, match="not daily"):
        backtest_weights({"A": 1.0}, hourly, rule=None)
    with pytest.raises(DataError, match="A on 2024-01-03 is 0"):
        backtest_weights({"A": 1.0}, frame({"A": [1.0, 2.0, 0.0]}), rule=None)


def test_an_asset_joins_when_listed_and_enough_history_exists() -> None:
    late = [NAN] * 20 + list(np.linspace(10, 12, 40))
    closes = frame({"A": list(np.linspace(100, 120, 60)), "LATE": late})
    recorder = Recording()
    result = run_backtest(
        spec(["A", "LATE"], rebalance={"drift_threshold": 0.3}),
        closes,
        allocator=recorder,
        min_history_days=5,
    )
    joins = [r for r in result.rebalances if r.trigger == "listing"]
    assert [r.date.date().isoformat() for r in joins] == ["2024-01-26"]  # listed 01-21 + 5 days
    assert "LATE joined" in joins[0].detail
    assert list(recorder.windows[0].columns) == ["A"]
    assert list(recorder.windows[1].columns) == ["A", "LATE"]
    assert result.weights.loc["2024-01-26", "LATE"] == pytest.approx(0.5, abs=0.01)


def test_a_delisted_position_is_closed_at_its_last_close_with_a_warning() -> None:
    gone = list(np.linspace(100, 50, 30)) + [NAN] * 10
    closes = frame({"A": _flat(40), "GONE": gone})
    result = run_backtest(
        spec(["A", "GONE"], rebalance={"drift_threshold": 0.9}),
        closes,
        allocator=Constant({"A": 0.5, "GONE": 0.5}),
        min_history_days=3,
        fee_bps=0.0,
        half_spread_bps=0.0,
    )
    (warning,) = [w for w in result.warnings if "delisted" in w]
    assert "GONE has no close after 2024-01-30" in warning and "last close, 50" in warning
    (event,) = [e for e in result.events if e.rule == "delisted"]
    assert event.date.date().isoformat() == "2024-01-31" and event.asset == "GONE"
    assert result.weights.loc["2024-01-31", "GONE"] == 0.0
    # the cash it became is exactly the last close's value: equity does not jump
    assert result.equity.loc["2024-01-31"] == pytest.approx(result.equity.loc["2024-01-30"])


def test_gaps_are_carried_forward_and_reported_and_missing_dates_added() -> None:
    values = list(np.linspace(100, 110, 20))
    values[7] = NAN
    values[8] = NAN
    closes = frame({"A": values, "B": _flat(20)}).drop(index=pd.Timestamp("2024-01-15", tz="UTC"))
    result = backtest_weights({"A": 0.5, "B": 0.5}, closes, rule=Rebalance(every_days=1))
    assert any(
        "A has 2 missing close(s) between 2024-01-08 and 2024-01-09" in w for w in result.warnings
    )
    assert any("1 date(s) had no row (first 2024-01-15)" in w for w in result.warnings)
    assert len(result.equity) == 20 and np.isfinite(result.equity).all()
    # A is not traded on its gap days: its value stays at its last close's
    held_a = result.weights["A"] * result.equity
    assert held_a.iloc[7] == pytest.approx(held_a.iloc[6], rel=1e-12)
    assert held_a.iloc[8] == pytest.approx(held_a.iloc[6], rel=1e-12)


def test_rules_that_can_never_fire_are_warned_about() -> None:
    closes = frame({"A": list(np.linspace(100, 150, 50)), "B": _flat(50)})
    lazy = run_backtest(
        spec(["A", "B"], rebalance={"every_days": 366}),
        closes,
        allocator=Constant({"A": 0.5, "B": 0.5}),
        min_history_days=3,
    )
    assert any("calendar rule never fires" in w for w in lazy.warnings)
    assert lazy.metrics.rebalances == 1
    wide = run_backtest(
        spec(["A", "B"], rebalance={"drift_threshold": 0.9}),
        closes,
        allocator=Constant({"A": 0.3, "B": 0.3}),
        min_history_days=3,
    )
    assert any("drift_threshold 90% can never fire" in w for w in wide.warnings)


def test_an_optimizer_refusal_skips_that_rebalance_with_a_warning() -> None:
    def refusing(closes: pd.DataFrame, **_: object) -> object:
        raise DataError("not enough history")

    result = run_backtest(
        spec(["A"]),
        frame({"A": _flat(30)}),
        allocator=refusing,  # type: ignore[arg-type]
        min_history_days=3,
    )
    assert any("optimizer refused" in w and "not enough history" in w for w in result.warnings)
    assert result.metrics.final_equity == 10_000.0


def test_no_asset_with_enough_history_means_cash_and_a_warning() -> None:
    result = run_backtest(spec(["A"]), frame({"A": _flat(10)}), allocator=Recording())
    assert result.metrics.total_return == 0.0
    assert any("stayed in cash" in w for w in result.warnings)


@pytest.mark.parametrize("bad", [0.0, -0.0, -3.0, float("inf"), float("-inf")])
def test_every_kind_of_impossible_price_is_refused_with_its_cell(bad: float) -> None:
    """Clean data skips the cell-by-cell checks after two whole-array tests (min > 0, max <
    inf); any one bad cell among clean ones must still be found and named."""
    values = list(np.linspace(100, 110, 30))
    values[17] = bad
    closes = frame({"A": _flat(30), "B": values})
    with pytest.raises(DataError, match="close of B on 2024-01-18 is"):
        backtest_weights({"A": 0.5, "B": 0.5}, closes, rule=None)


def test_dates_out_of_order_repeated_or_missing_are_refused_as_pandas_sees_them() -> None:
    """The order check runs on the raw numbers and leaves any NaT to pandas."""
    closes = frame({"A": _flat(5)})
    for index in (
        closes.index[[0, 2, 1, 3, 4]],
        closes.index[[0, 1, 1, 3, 4]],
        pd.DatetimeIndex([pd.NaT, *closes.index[1:]]),
    ):
        with pytest.raises(DataError):
            backtest_weights({"A": 1.0}, closes.set_axis(index), rule=None)
    naive = closes.set_axis(closes.index.tz_convert(None).as_unit("ns"))
    assert len(backtest_weights({"A": 1.0}, naive, rule=None).equity) == 5


def test_columns_are_matched_by_name_in_any_order_and_case() -> None:
    """Columns are found by position from their names; a lower-case, reordered table gives the
    very same backtest as the tidy one."""
    a, b = list(np.linspace(100, 90, 30)), list(np.linspace(10, 12, 30))
    tidy = backtest_weights(
        {"A": 0.6, "B": 0.3}, frame({"A": a, "B": b}), rule=Rebalance(every_days=7)
    )
    messy = backtest_weights(
        {"a": 0.6, "B": 0.3},
        frame({"x": a, "b": b, "A": a}).iloc[:, 1:],
        rule=Rebalance(every_days=7),
    )
    assert list(messy.weights.columns) == ["A", "B", "USDT"]
    assert messy.equity.equals(tidy.equity) and messy.weights.equals(tidy.weights)
    assert messy.rebalances == tidy.rebalances
