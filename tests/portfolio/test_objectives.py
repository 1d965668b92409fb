from __future__ import annotations

import numpy as np
import pytest

from assistant.domain import DataError, Objective, SpecError
from assistant.portfolio import (
    hrp_weights,
    inverse_vol_weights,
    max_sharpe_weights,
    min_variance_weights,
    optimize,
    risk_parity_weights,
    sample_covariance,
)
from tests.portfolio.synthetic import factor_returns

RETURNS = factor_returns(51, 6, 300, drift=0.002)
COV = sample_covariance(RETURNS)


def test_sample_covariance_matches_numpy() -> None:
    np.testing.assert_allclose(COV, np.cov(RETURNS, rowvar=False), rtol=1e-12)


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ("hrp", hrp_weights(COV)),
        (Objective.MIN_VARIANCE, min_variance_weights(COV)),
        ("max_sharpe", max_sharpe_weights(RETURNS.mean(axis=0), COV)),
        ("risk_parity", risk_parity_weights(COV)),
        ("inverse_vol", inverse_vol_weights(COV)),
        ("equal_weight", np.full(6, 1 / 6)),
    ],
)
def test_each_objective_dispatches_to_its_optimizer(objective: str, expected: np.ndarray) -> None:
    np.testing.assert_allclose(optimize(RETURNS, objective), expected, atol=1e-14)


def test_linkage_reaches_hrp() -> None:
    np.testing.assert_allclose(
        optimize(RETURNS, "hrp", linkage="ward"), hrp_weights(COV, linkage="ward"), atol=1e-14
    )


@pytest.mark.parametrize("objective", ["hrp", "risk_parity", "inverse_vol", "equal_weight"])
def test_heuristic_objectives_are_clamped_proportionally_into_the_bounds(objective: str) -> None:
    w = optimize(RETURNS, objective, min_weight=0.1, max_weight=0.2)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    assert w.min() >= 0.1 - 1e-12 and w.max() <= 0.2 + 1e-12


def test_min_variance_bounds_are_inside_the_optimisation() -> None:
    np.testing.assert_allclose(
        optimize(RETURNS, "min_variance", max_weight=0.2),
        min_variance_weights(COV, max_weight=0.2),
        atol=1e-14,
    )


def test_unknown_objective_names_the_choices() -> None:
    with pytest.raises(SpecError, match="'momentum' is not one of hrp, min_variance"):
        optimize(RETURNS, "momentum")


def test_unknown_linkage_is_refused_for_every_objective() -> None:
    with pytest.raises(SpecError, match="linkage 'centroid'"):
        optimize(RETURNS, "equal_weight", linkage="centroid")


def test_bounds_that_cannot_hold_a_full_portfolio_are_a_spec_error() -> None:
    with pytest.raises(SpecError, match="cannot hold a fully invested portfolio"):
        optimize(RETURNS, "hrp", max_weight=0.1)


def test_missing_returns_are_a_data_error() -> None:
    broken = RETURNS.copy()
    broken[5, 2] = np.nan
    with pytest.raises(DataError, match="period 5, asset column 2"):
        optimize(broken, "hrp")


def test_a_single_period_is_not_enough() -> None:
    with pytest.raises(DataError, match="at least 2 periods"):
        optimize(RETURNS[:1], "min_variance")
