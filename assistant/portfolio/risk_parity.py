"""Equal risk contribution (risk parity): every asset adds the same share of portfolio variance.

The weights solve ``w_i (C w)_i = w' C w / N`` for all i. We find them as the minimiser of the
strictly convex function ``y' R y / 2 - sum(log y) / N`` over ``y > 0`` (Spinu, 2013), where R is
the correlation matrix, using damped Newton steps; then ``w_i = y_i / sigma_i``, normalised. The
solution is unique, so the result does not depend on the starting point or the asset order.
This module must never return weights whose risk contributions were not checked to be equal.
"""

from __future__ import annotations

import numpy as np

from assistant.domain import DataError

from .estimates import Array, zero_variance_columns

__all__ = ["risk_contributions", "risk_parity_weights"]

_MAX_ITER = 200
_TOL = 1e-9


def risk_parity_weights(cov: Array) -> Array:
    """Long-only weights whose risk contributions are all ``1 / N`` (to about 1e-9)."""
    n = cov.shape[0]
    flat = zero_variance_columns(cov)
    if flat:
        raise DataError(
            f"Risk parity needs every asset to move; asset column(s) {flat} have zero variance.",
            hint="Remove assets whose price never changed over the lookback.",
        )
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    y = _solve(corr, budget=1.0 / n)
    w = y / sd
    w /= w.sum()
    spread = np.ptp(risk_contributions(cov, w))
    if not spread <= _TOL:
        raise DataError(
            f"Risk parity did not converge (risk contributions differ by {spread:.2g}).",
            hint="The covariance may be degenerate; try a longer lookback or fewer assets.",
        )
    return np.asarray(w, dtype=np.float64)


def risk_contributions(cov: Array, weights: Array) -> Array:
    """Each asset's share of the portfolio variance ``w_i (C w)_i / (w' C w)``; sums to 1."""
    marginal = cov @ weights
    return np.asarray(weights * marginal / float(weights @ marginal), dtype=np.float64)


def _solve(corr: Array, *, budget: float) -> Array:
    """Newton's method on ``f(y) = y'Ry/2 - budget * sum(log y)``.

    Far from the minimum the step is damped (Armijo backtracking); close to it the full step is
    taken, where Newton converges quadratically and a line search would only see rounding noise.
    """
    y = np.full(corr.shape[0], np.sqrt(budget))
    for _ in range(_MAX_ITER):
        grad = corr @ y - budget / y
        step = -np.linalg.solve(corr + np.diag(budget / y**2), grad)
        decrement = float(-grad @ step)
        if decrement < 1e-24:
            break
        t = 1.0
        while np.any(y + t * step <= 0.0):
            t *= 0.5
        if decrement > 1e-10:
            f = _objective(corr, y, budget)
            while t > 1e-16 and _objective(corr, y + t * step, budget) > f - 0.25 * t * decrement:
                t *= 0.5
        y = y + t * step
    return y


def _objective(corr: Array, y: Array, budget: float) -> float:
    return float(0.5 * y @ corr @ y - budget * np.log(y).sum())
