"""Long-only minimum variance with per-asset bounds inside the optimisation.

Solves ``min w' C w`` subject to ``sum(w) = 1`` and ``min_weight <= w_i <= max_weight`` with
scipy's SLSQP, then polishes the answer: with the assets at a bound held fixed, the others solve
one linear (KKT) system exactly, which removes SLSQP's tolerance from the weights. The polish is
kept only when it is feasible and no worse. This module must never return weights outside the
bounds or an answer the solver did not reach (it raises instead).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from assistant.domain import DataError

from .estimates import Array, check_bounds

__all__ = ["min_variance_weights"]

_AT_BOUND = 1e-9


def min_variance_weights(cov: Array, *, min_weight: float = 0.0, max_weight: float = 1.0) -> Array:
    """The fully invested, long-only portfolio of least variance inside the bounds."""
    n = cov.shape[0]
    lo, hi = check_bounds(n, min_weight, max_weight)
    if n == 1:
        return np.ones(1)
    scaled = cov / float(np.mean(np.diag(cov)) or 1.0)
    start = np.full(n, 1.0 / n)
    result = minimize(
        lambda w: float(w @ scaled @ w),
        start,
        jac=lambda w: 2.0 * (scaled @ w),
        method="SLSQP",
        bounds=[(lo, hi)] * n,
        constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1.0, "jac": lambda w: np.ones(n)}],
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    w = np.clip(np.asarray(result.x, dtype=np.float64), lo, hi)
    if not result.success and abs(w.sum() - 1.0) > 1e-6:
        raise DataError(
            f"Minimum variance did not converge ({result.message}).",
            hint="Try a longer lookback, fewer assets or looser min/max weights.",
        )
    w = _polish(scaled, w, lo, hi)
    return np.asarray(w / w.sum(), dtype=np.float64)


def _polish(cov: Array, w: Array, lo: float, hi: float) -> Array:
    """Solve exactly for the assets strictly inside the bounds, holding the others fixed."""
    free = (w > lo + _AT_BOUND) & (w < hi - _AT_BOUND)
    k = int(free.sum())
    if k == 0:
        return w
    fixed = w.copy()
    fixed[free] = 0.0
    # [C_ff 1; 1' 0] [w_f; nu] = [-C_fa w_a; 1 - sum(w_a)]
    kkt = np.zeros((k + 1, k + 1))
    kkt[:k, :k] = cov[np.ix_(free, free)]
    kkt[:k, k] = kkt[k, :k] = 1.0
    rhs = np.append(-(cov[free] @ fixed), 1.0 - fixed.sum())
    try:
        solution = np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        return w
    polished = fixed.copy()
    polished[free] = solution[:k]
    inside = bool(np.all(polished >= lo - 1e-12) and np.all(polished <= hi + 1e-12))
    if inside and polished @ cov @ polished <= w @ cov @ w * (1.0 + 1e-12):
        return np.clip(polished, lo, hi)
    return w
