from __future__ import annotations

import numpy as np
import pytest

from assistant.domain import DataError
from assistant.portfolio import equal_weights, inverse_vol_weights


def test_equal_weight_gives_each_asset_one_nth() -> None:
    np.testing.assert_array_equal(equal_weights(4), [0.25] * 4)


def test_inverse_vol_weighs_by_one_over_volatility() -> None:
    cov = np.diag([0.01, 0.04, 0.0025])  # vols 10%, 20%, 5%
    np.testing.assert_allclose(inverse_vol_weights(cov), np.array([10, 5, 20]) / 35, atol=1e-15)


def test_inverse_vol_ignores_correlation() -> None:
    cov = np.array([[0.04, 0.03], [0.03, 0.09]])
    np.testing.assert_allclose(inverse_vol_weights(cov), [0.6, 0.4], atol=1e-15)


def test_inverse_vol_refuses_an_asset_that_never_moved() -> None:
    with pytest.raises(DataError, match="zero variance"):
        inverse_vol_weights(np.diag([0.04, 0.0]))
