from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pypfopt import EfficientFrontier

from assistant.domain import SpecError
from assistant.portfolio import min_variance_weights, sample_covariance
from tests.portfolio.synthetic import factor_returns


def test_uncorrelated_assets_get_inverse_variance_weights() -> None:
    cov = np.diag([0.01, 0.04, 0.04])
    np.testing.assert_allclose(min_variance_weights(cov), [2 / 3, 1 / 6, 1 / 6], atol=1e-12)


def test_a_cap_binds_inside_the_optimisation_and_the_rest_is_reoptimised() -> None:
    cov = np.diag([0.01, 0.04, 0.16])
    # unbounded: [16, 4, 1] / 21; capped at 50%, the other two split 0.5 by inverse variance
    np.testing.assert_allclose(
        min_variance_weights(cov, max_weight=0.5), [0.5, 0.4, 0.1], atol=1e-12
    )


def test_a_floor_binds_inside_the_optimisation() -> None:
    cov = np.diag([0.01, 0.04, 0.16])
    w = min_variance_weights(cov, min_weight=0.1)
    np.testing.assert_allclose(w, [0.72, 0.18, 0.1], atol=1e-12)


def test_negatively_correlated_pair_hedges() -> None:
    cov = np.array([[0.04, -0.04], [-0.04, 0.04]])  # perfectly opposite: zero-variance mix
    np.testing.assert_allclose(min_variance_weights(cov), [0.5, 0.5], atol=1e-9)


def test_bounds_that_cannot_hold_a_full_portfolio_are_a_spec_error() -> None:
    with pytest.raises(SpecError, match=r"max_weight 0\.2 x 3 assets"):
        min_variance_weights(np.eye(3), max_weight=0.2)
    with pytest.raises(SpecError, match=r"min_weight 0\.5 x 3 assets"):
        min_variance_weights(np.eye(3), min_weight=0.5)


@pytest.mark.parametrize(("seed", "n", "cap"), [(31, 5, 1.0), (32, 12, 0.2), (33, 25, 0.08)])
def test_matches_pypfopt_min_volatility(seed: int, n: int, cap: float) -> None:
    cov = sample_covariance(factor_returns(seed, n, 400))
    ours = min_variance_weights(cov, max_weight=cap)
    ef = EfficientFrontier(None, pd.DataFrame(cov), weight_bounds=(0.0, cap))
    theirs = np.array(list(ef.min_volatility().values()))
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    # never worse than the reference (it stops at its solver's tolerance, we polish)
    assert ours @ cov @ ours <= theirs @ cov @ theirs * (1 + 1e-9)
    assert ours.min() >= 0.0 and ours.max() <= cap + 1e-12
