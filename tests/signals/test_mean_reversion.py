"""The Ornstein-Uhlenbeck fit recovers known parameters and agrees with scipy's regression."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from assistant.domain import DataError
from assistant.signals import fit_ou


def test_an_exact_ar1_path_gives_back_its_parameters() -> None:
    mu, theta = 50.0, 0.8
    prices = [80.0]
    for _ in range(30):
        prices.append(mu + theta * (prices[-1] - mu))
    fit = fit_ou(np.array(prices))
    assert fit.theta == pytest.approx(theta, abs=1e-9)
    assert fit.mu == pytest.approx(mu, abs=1e-6)
    assert fit.half_life == pytest.approx(math.log(2) / -math.log(0.8), rel=1e-8)
    assert fit.mean_reverting


def test_a_simulated_process_is_estimated_close_to_the_truth() -> None:
    rng = np.random.default_rng(11)
    mu, theta, sigma = 10.0, 0.9, 0.5
    x = [mu]
    for _ in range(20_000):
        x.append(mu + theta * (x[-1] - mu) + rng.normal(0.0, sigma))
    fit = fit_ou(np.array(x))
    assert fit.theta == pytest.approx(theta, abs=0.01)
    assert fit.mu == pytest.approx(mu, abs=0.1)
    assert fit.sigma == pytest.approx(sigma, rel=0.02)
    assert fit.equilibrium_sd == pytest.approx(sigma / math.sqrt(1 - theta**2), rel=0.05)
    assert fit.zscore(mu + fit.equilibrium_sd) == pytest.approx(1.0, abs=0.05)


def test_the_slope_and_intercept_agree_with_scipy_linregress() -> None:
    rng = np.random.default_rng(2)
    x = np.cumsum(rng.normal(0.0, 1.0, 300)) * 0.1 + 20.0
    ref = stats.linregress(x[:-1], x[1:])
    fit = fit_ou(x)
    assert fit.theta == pytest.approx(ref.slope, rel=1e-12)
    if fit.mean_reverting:
        assert fit.mu == pytest.approx(ref.intercept / (1 - ref.slope), rel=1e-9)


def test_a_trend_is_not_mean_reverting() -> None:
    fit = fit_ou(np.exp(np.linspace(0.0, 3.0, 100)))
    assert not fit.mean_reverting
    assert math.isinf(fit.half_life) and math.isnan(fit.mu) and math.isnan(fit.zscore(5.0))


def test_short_gappy_or_flat_series_are_refused_clearly() -> None:
    with pytest.raises(DataError, match="at least 3"):
        fit_ou(np.array([1.0, 2.0]))
    with pytest.raises(DataError, match="missing"):
        fit_ou(np.array([1.0, np.nan, 2.0, 3.0]))
    with pytest.raises(DataError, match="never moved"):
        fit_ou(np.array([5.0, 5.0, 5.0, 5.0]))
