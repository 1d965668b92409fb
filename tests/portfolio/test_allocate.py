from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assistant.domain import DataError, SpecError
from assistant.portfolio import (
    MIN_RETURNS,
    allocate,
    hrp_weights,
    optimize,
    sample_covariance,
    shared_window,
)
from tests.portfolio.synthetic import closes_frame, factor_returns, pypfopt_hrp

NAMES = ["BTC", "ETH", "SOL", "ADA", "XRP"]
RETURNS = factor_returns(61, 5, 400, drift=0.002)
CLOSES = closes_frame(RETURNS, NAMES)


def test_hrp_allocation_uses_the_last_lookback_rows_and_matches_pypfopt() -> None:
    alloc = allocate(CLOSES, objective="hrp", lookback_days=101)
    expected = pypfopt_hrp(RETURNS[-100:], "single")
    assert list(alloc.weights) == NAMES
    np.testing.assert_allclose(list(alloc.weights.values()), expected, atol=1e-10)
    assert alloc.raw_weights == alloc.weights
    assert alloc.cash_weight == 0.0
    assert alloc.objective == "hrp"
    assert "100 daily returns" in alloc.notes[0]


def test_excluded_assets_are_left_out_before_optimising() -> None:
    alloc = allocate(CLOSES, objective="hrp", exclude=["sol"], lookback_days=200)
    kept = [0, 1, 3, 4]
    expected = hrp_weights(sample_covariance(RETURNS[-199:, kept]))
    np.testing.assert_allclose(list(alloc.weights.values()), expected, atol=1e-12)
    assert "SOL" not in alloc.weights and "SOL" not in alloc.raw_weights
    (clamp,) = alloc.clamps
    assert (clamp.asset, clamp.kind) == ("SOL", "exclusion")
    assert "before optimising" in clamp.reason


def test_an_excluded_newcomer_does_not_shorten_the_window() -> None:
    closes = CLOSES.assign(NEW=np.nan)
    closes.iloc[-5:, -1] = 1.0
    alloc = allocate(closes, objective="inverse_vol", exclude=["NEW"], lookback_days=401)
    assert "400 daily returns" in alloc.notes[0]


@pytest.mark.parametrize("objective", ["min_variance", "max_sharpe"])
def test_bounds_inside_the_optimisation_are_of_the_whole_portfolio(objective: str) -> None:
    alloc = allocate(
        CLOSES, objective=objective, max_weight=0.3, cash_reserve=0.2, lookback_days=300
    )
    returns = RETURNS[-299:]
    relative = optimize(returns, objective, max_weight=0.3 / 0.8)
    np.testing.assert_allclose(list(alloc.weights.values()), relative * 0.8, atol=1e-12)
    assert max(alloc.weights.values()) <= 0.3 + 1e-12
    assert alloc.cash_weight == pytest.approx(0.2)
    assert {c.kind for c in alloc.clamps} == {"cash_reserve"}
    assert any("inside the" in note for note in alloc.notes)


def test_sum_of_weights_and_cash_is_one() -> None:
    alloc = allocate(
        CLOSES, objective="risk_parity", min_weight=0.05, max_weight=0.3, cash_reserve=0.1
    )
    assert math.fsum(alloc.weights.values()) + alloc.cash_weight == pytest.approx(1.0, abs=1e-12)
    assert alloc.cash_weight == pytest.approx(0.1)


def test_a_single_asset_gets_everything_but_the_cash() -> None:
    alloc = allocate(CLOSES[["BTC"]].iloc[:3], objective="hrp", cash_reserve=0.25)
    assert alloc.weights == {"BTC": 0.75}
    assert alloc.cash_weight == 0.25


def test_too_short_a_shared_window_says_how_many_days_are_needed() -> None:
    closes = CLOSES.copy()
    closes.iloc[:-15, 2] = np.nan  # SOL listed only 15 days ago
    with pytest.raises(DataError) as err:
        allocate(closes, objective="hrp")
    message = str(err.value)
    assert f"at least {MIN_RETURNS} daily returns" in message
    assert "only 14 are available" in message
    assert "SOL" in message


@pytest.mark.parametrize("objective", ["min_variance", "max_sharpe", "risk_parity"])
def test_full_covariance_objectives_need_more_returns_than_assets(objective: str) -> None:
    closes = closes_frame(factor_returns(62, 30, 400, drift=0.002))
    with pytest.raises(DataError, match="lookback_days of at least 32"):
        allocate(closes, objective=objective, lookback_days=30)
    assert allocate(closes, objective="hrp", lookback_days=30).weights


def test_equal_weight_needs_no_history() -> None:
    alloc = allocate(CLOSES.iloc[:2], objective="equal_weight")
    assert alloc.weights == pytest.approx(dict.fromkeys(NAMES, 0.2))


def test_a_shorter_window_than_asked_is_noted() -> None:
    alloc = allocate(CLOSES.iloc[:50], objective="hrp", lookback_days=365)
    assert any("Only 50 of the 365 requested days" in note for note in alloc.notes)


def test_a_price_that_never_moved_is_named_for_risk_based_objectives() -> None:
    closes = CLOSES.assign(USDC=1.0)
    with pytest.raises(DataError, match="price of USDC did not move"):
        allocate(closes, objective="hrp")
    alloc = allocate(closes, objective="min_variance", max_weight=0.5)
    assert alloc.weights["USDC"] == pytest.approx(0.5)


def test_nan_inside_the_window_is_a_data_error_naming_asset_and_date() -> None:
    closes = CLOSES.copy()
    closes.iloc[200, 1] = np.nan
    with pytest.raises(DataError, match=r"ETH on 2024-07-19 is missing"):
        allocate(closes, objective="hrp")


def test_bad_choices_are_spec_errors() -> None:
    with pytest.raises(SpecError):
        allocate(CLOSES, objective="best")
    with pytest.raises(SpecError):
        allocate(CLOSES, objective="hrp", linkage="centroid")
    with pytest.raises(SpecError):
        allocate(CLOSES, objective="hrp", cash_reserve=1.5)
    with pytest.raises(SpecError):
        allocate(CLOSES, objective="hrp", exclude=NAMES)


def test_real_daily_closes_allocate_for_every_objective(shared_data) -> None:  # type: ignore[no-untyped-def]
    daily = shared_data / "market" / "daily"
    closes = pd.concat(
        {s: pd.read_csv(daily / f"{s}.csv", index_col=0)["close"] for s in NAMES}, axis=1
    )
    closes.index = pd.to_datetime(closes.index)
    for objective in ("hrp", "min_variance", "risk_parity", "inverse_vol", "equal_weight"):
        alloc = allocate(
            closes.sort_index(),
            objective=objective,
            max_weight=0.4,
            cash_reserve=0.05,
            lookback_days=365,
        )
        assert math.fsum(alloc.weights.values()) + alloc.cash_weight == pytest.approx(1.0)
        assert max(alloc.weights.values()) <= 0.4 + 1e-12


@pytest.mark.parametrize(
    "objective", ["hrp", "min_variance", "max_sharpe", "risk_parity", "inverse_vol"]
)
def test_raw_weights_are_exactly_optimize_on_the_shared_window(objective: str) -> None:
    """allocate reuses its flat-price check's covariance and reads the window as numbers;
    neither may change a bit of what ``optimize`` gives on that window's returns."""
    closes = CLOSES.assign(NEW=CLOSES["BTC"] * 1.5)
    closes.iloc[:120, -1] = np.nan  # a late listing shortens the shared window
    for lookback, exclude in ((60, []), (200, ["eth"]), (400, [])):
        alloc = allocate(closes, objective=objective, exclude=exclude, lookback_days=lookback)
        kept = [c for c in closes.columns if c.lower() not in exclude]
        window = shared_window(closes[kept]).iloc[-lookback:].to_numpy()
        expected = optimize(window[1:] / window[:-1] - 1.0, objective)
        assert list(alloc.raw_weights) == kept
        assert np.array_equal(list(alloc.raw_weights.values()), expected)
