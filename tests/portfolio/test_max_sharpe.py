from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pypfopt import EfficientFrontier

from assistant.domain import DataError
from assistant.portfolio import max_sharpe_weights, optimize, sample_covariance
from tests.portfolio.synthetic import factor_returns


def _sharpe(mean: np.ndarray, cov: np.ndarray, w: np.ndarray) -> float:
    return float(mean @ w / np.sqrt(w @ cov @ w))


def test_uncorrelated_assets_get_mean_over_variance_weights() -> None:
    mean, cov = np.array([0.1, 0.2]), np.diag([0.04, 0.04])
    np.testing.assert_allclose(max_sharpe_weights(mean, cov), [1 / 3, 2 / 3], atol=1e-9)


def test_a_cap_binds_and_the_excess_goes_to_the_next_best() -> None:
    mean, cov = np.array([0.1, 0.2]), np.diag([0.04, 0.04])
    np.testing.assert_allclose(max_sharpe_weights(mean, cov, max_weight=0.6), [0.4, 0.6], atol=1e-9)


def test_a_losing_asset_gets_nothing_long_only() -> None:
    mean, cov = np.array([0.1, -0.1, 0.05]), np.diag([0.04, 0.04, 0.01])
    w = max_sharpe_weights(mean, cov)
    # mean / variance for the two winners: 2.5 and 5
    np.testing.assert_allclose(w, [1 / 3, 0.0, 2 / 3], atol=1e-9)


def test_the_risk_free_rate_is_subtracted_from_each_mean() -> None:
    mean, cov = np.array([0.12, 0.22]), np.diag([0.04, 0.04])
    np.testing.assert_allclose(
        max_sharpe_weights(mean, cov, risk_free=0.02), [1 / 3, 2 / 3], atol=1e-9
    )


def test_refuses_when_nothing_beats_the_risk_free_rate() -> None:
    with pytest.raises(DataError, match="no positive Sharpe ratio"):
        max_sharpe_weights(np.array([-0.01, -0.02]), np.diag([0.04, 0.01]))


def test_refuses_when_floors_force_a_losing_portfolio() -> None:
    mean, cov = np.array([0.01, -0.05]), np.diag([0.04, 0.04])
    with pytest.raises(DataError, match="inside the weight bounds"):
        max_sharpe_weights(mean, cov, min_weight=0.4)


@pytest.mark.parametrize(("seed", "n", "cap"), [(41, 5, 1.0), (42, 12, 0.25), (43, 25, 0.1)])
def test_matches_pypfopt_max_sharpe(seed: int, n: int, cap: float) -> None:
    returns = factor_returns(seed, n, 400, drift=0.002)
    mean, cov = returns.mean(axis=0), sample_covariance(returns)
    ours = max_sharpe_weights(mean, cov, max_weight=cap)
    ef = EfficientFrontier(pd.Series(mean), pd.DataFrame(cov), weight_bounds=(0.0, cap))
    theirs = np.array(list(ef.max_sharpe(risk_free_rate=0.0).values()))
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    assert _sharpe(mean, cov, ours) >= _sharpe(mean, cov, theirs) - 1e-9
    assert ours.min() >= 0.0 and ours.max() <= cap + 1e-12


@pytest.mark.parametrize(
    ("seed", "n", "t", "cap"),
    [
        (4041191489, 2, 99, 0.7135381783119001),
        (2168387291, 2, 122, 0.6360353976177632),
        (2011622554, 4, 86, 0.3307475219590094),
        (3844040072, 4, 52, 0.9310601944144659),
    ],
)
def test_a_solver_stall_at_the_optimum_still_gives_the_best_ratio(
    seed: int, n: int, t: int, cap: float
) -> None:
    # SLSQP stopped here with "Positive directional derivative for linesearch" and we refused;
    # the stopping point was feasible and optimal. Checked against a dense search of the weights.
    returns = factor_returns(seed, n, t, drift=0.002)
    mean, cov = returns.mean(axis=0), np.cov(returns, rowvar=False)
    w = optimize(returns, "max_sharpe", max_weight=cap)
    rng = np.random.default_rng(0)
    grid = rng.dirichlet(np.ones(n), 100_000)
    grid = grid[(grid <= cap).all(axis=1)]
    ratios = (grid @ mean) / np.sqrt(np.einsum("ij,jk,ik->i", grid, cov, grid))
    assert w.max() <= cap + 1e-12 and abs(w.sum() - 1.0) < 1e-12
    assert (mean @ w) / np.sqrt(w @ cov @ w) >= ratios.max() - 1e-12
