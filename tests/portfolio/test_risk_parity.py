from __future__ import annotations

import numpy as np
import pytest

from assistant.domain import DataError
from assistant.portfolio import risk_contributions, risk_parity_weights, sample_covariance
from tests.portfolio.synthetic import factor_returns


def test_uncorrelated_assets_get_inverse_volatility_weights() -> None:
    cov = np.diag([0.01, 0.04, 0.16])  # vols 10%, 20%, 40%
    np.testing.assert_allclose(risk_parity_weights(cov), np.array([4, 2, 1]) / 7, atol=1e-12)


def test_two_assets_get_inverse_volatility_whatever_their_correlation() -> None:
    for rho in (-0.8, 0.0, 0.9):
        cov = np.array([[0.04, rho * 0.2 * 0.3], [rho * 0.2 * 0.3, 0.09]])
        np.testing.assert_allclose(risk_parity_weights(cov), [0.6, 0.4], atol=1e-12)


@pytest.mark.parametrize(("seed", "n"), [(1, 3), (2, 10), (3, 40)])
def test_every_asset_contributes_the_same_risk(seed: int, n: int) -> None:
    cov = sample_covariance(factor_returns(seed, n, 250))
    w = risk_parity_weights(cov)
    assert w.min() > 0.0
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    np.testing.assert_allclose(risk_contributions(cov, w), np.full(n, 1.0 / n), atol=1e-10)


def test_risk_parity_refuses_an_asset_that_never_moved() -> None:
    with pytest.raises(DataError, match="zero variance"):
        risk_parity_weights(np.diag([0.04, 0.0, 0.01]))
