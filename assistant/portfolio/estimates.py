"""Checked inputs for the optimizers: a returns matrix, its covariance, and weight bounds.

Every optimizer takes plain float64 arrays; this module is where those arrays are checked once,
so the optimizers can assume a finite matrix of the right shape and feasible bounds. It must
never estimate anything clever (shrinkage, robust covariance): the weights have to be
reproducible with any textbook or library given the same returns.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assistant.domain import DataError, SpecError

Array = npt.NDArray[np.float64]

__all__ = [
    "Array",
    "check_bounds",
    "check_returns",
    "sample_covariance",
    "zero_variance_columns",
]

#: Relative to the largest variance, a variance this small means the price did not move.
_FLAT = 1e-14


def check_returns(returns: npt.ArrayLike) -> Array:
    """``returns`` as a finite float64 matrix of T periods x N assets, T >= 2 and N >= 1."""
    matrix = np.asarray(returns, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 1:
        raise DataError(
            f"Returns must be a matrix of periods x assets with at least 2 periods; "
            f"got shape {matrix.shape}.",
            hint="Compute returns from at least three closes per asset.",
        )
    if not np.isfinite(matrix).all():
        row, col = np.argwhere(~np.isfinite(matrix))[0]
        raise DataError(
            f"The returns hold a missing or infinite value (period {row}, asset column {col}).",
            hint="Check the prices of that asset; every return must be a finite number.",
        )
    return matrix


def sample_covariance(returns: Array) -> Array:
    """The sample covariance (divisor T - 1) of a checked returns matrix, exactly symmetric."""
    centred = returns - returns.mean(axis=0)
    cov = centred.T @ centred / (returns.shape[0] - 1)
    return np.asarray((cov + cov.T) / 2.0, dtype=np.float64)


def zero_variance_columns(cov: Array) -> list[int]:
    """Columns whose variance is zero (or negligible next to the others): a price that never moved.

    Risk-based weights divide by volatility, so such an asset has no defined weight there.
    """
    variances = np.diag(cov)
    scale = float(variances.max(initial=0.0))
    return [int(i) for i in np.flatnonzero(variances <= _FLAT * scale)]


def check_bounds(n_assets: int, min_weight: float, max_weight: float) -> tuple[float, float]:
    """``(min_weight, max_weight)`` when n assets can sum to 1 inside them; else SpecError."""
    problems: list[str] = []
    if not 0.0 <= min_weight <= 1.0 or not 0.0 < max_weight <= 1.0:
        problems.append(
            f"min_weight {min_weight:g} and max_weight {max_weight:g} must be fractions "
            "with 0 <= min_weight <= 1 and 0 < max_weight <= 1"
        )
    elif min_weight > max_weight:
        problems.append(f"min_weight {min_weight:g} is above max_weight {max_weight:g}")
    elif n_assets * max_weight < 1.0 - 1e-12:
        problems.append(
            f"max_weight {max_weight:g} x {n_assets} assets = {n_assets * max_weight:g} cannot "
            "hold a fully invested portfolio; raise max_weight or add assets"
        )
    elif n_assets * min_weight > 1.0 + 1e-12:
        problems.append(
            f"min_weight {min_weight:g} x {n_assets} assets = {n_assets * min_weight:g} is more "
            "than 100%; lower min_weight or hold fewer assets"
        )
    if problems:
        raise SpecError(problems)
    return float(min_weight), float(max_weight)
