"""Long-only maximum Sharpe ratio with per-asset bounds inside the optimisation.

Maximising ``(mu - rf)' w / sqrt(w' C w)`` is not convex in w, so we solve the equivalent convex
problem of Cornuejols and Tütüncü (the one PyPortfolioOpt uses): with ``y = kappa * w``,

    minimise y' C y   subject to   (mu - rf)' y = 1,  sum(y) = kappa,
                                    min_weight * kappa <= y_i <= max_weight * kappa,  y, kappa >= 0

and return ``w = y / kappa``. A convex problem has one optimum, so SLSQP's answer does not depend
on where it starts. When no feasible portfolio beats the risk-free rate the ratio has nothing to
maximise and we raise instead of inventing weights.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import minimize

from assistant.domain import DataError

from .estimates import Array, check_bounds

__all__ = ["best_return_weights", "max_sharpe_weights"]

_AT_BOUND = 1e-9


def max_sharpe_weights(
    mean: Array,
    cov: Array,
    *,
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    risk_free: float = 0.0,
) -> Array:
    """The fully invested, long-only portfolio of highest Sharpe ratio inside the bounds.

    ``mean`` and ``risk_free`` are per period (daily returns give a daily rate); only their
    difference matters, and scaling both ``mean`` and ``cov`` to a year gives the same weights.
    """
    n = cov.shape[0]
    lo, hi = check_bounds(n, min_weight, max_weight)
    excess = np.asarray(mean, dtype=np.float64) - risk_free
    best = best_return_weights(excess, lo, hi)
    if float(excess @ best) <= 0.0:
        raise DataError(
            f"No portfolio inside the weight bounds earned more than the risk-free rate "
            f"(best mean excess return per period {float(excess @ best):.3g}), so there is no "
            "positive Sharpe ratio to maximise.",
            hint="Use min_variance or hrp, or a lookback in which some asset rose.",
        )
    if n == 1:
        return np.ones(1)
    excess = excess / np.abs(excess).max()
    scaled = cov / float(np.mean(np.diag(cov)) or 1.0)
    return _solve(excess, scaled, best, lo, hi)


def best_return_weights(excess: Array, lo: float, hi: float) -> Array:
    """The feasible weights of highest ``excess' w``: everyone at lo, then fill the best to hi."""
    w = np.full(excess.shape[0], lo)
    room = 1.0 - w.sum()
    for i in np.argsort(-excess, kind="stable"):
        add = min(hi - lo, room)
        w[i] += add
        room -= add
        if room <= 0.0:
            break
    return w


def _solve(excess: Array, cov: Array, start_w: Array, lo: float, hi: float) -> Array:
    n = excess.shape[0]
    equal = np.full(n, 1.0 / n)
    if excess @ equal > 0.0:  # an interior start converges faster than a corner
        start_w = equal
    kappa0 = 1.0 / float(excess @ start_w)
    ones = np.ones(n)
    constraints: list[dict[str, Any]] = [
        {
            "type": "eq",
            "fun": lambda z: excess @ z[:n] - 1.0,
            "jac": lambda z: np.append(excess, 0.0),
        },
        {"type": "eq", "fun": lambda z: z[:n].sum() - z[n], "jac": lambda z: np.append(ones, -1.0)},
    ]
    if lo > 0.0:  # y_i >= lo * kappa (lo = 0 is already the bound y >= 0)
        lower_jac = np.column_stack([np.eye(n), -lo * ones])
        constraints.append(
            {"type": "ineq", "fun": lambda z: z[:n] - lo * z[n], "jac": lambda z: lower_jac}
        )
    if hi < 1.0:  # y_i <= hi * kappa (hi = 1 already follows from sum(y) = kappa)
        upper_jac = np.column_stack([-np.eye(n), hi * ones])
        constraints.append(
            {"type": "ineq", "fun": lambda z: hi * z[n] - z[:n], "jac": lambda z: upper_jac}
        )
    result = minimize(
        lambda z: float(z[:n] @ cov @ z[:n]),
        np.append(start_w * kappa0, kappa0),
        jac=lambda z: np.append(2.0 * (cov @ z[:n]), 0.0),
        method="SLSQP",
        bounds=[(0.0, None)] * (n + 1),
        constraints=constraints,
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    z = np.asarray(result.x, dtype=np.float64)
    # At ftol 1e-15 SLSQP can stop at the optimum saying its line search found no descent
    # ("Positive directional derivative"): the problem is convex, so a feasible stopping point
    # there is the optimum to that precision, and the polish below makes it exact.
    if not (result.success or _feasible(z, excess, constraints)) or z[n] <= 0.0:
        raise DataError(
            f"Maximum Sharpe did not converge ({result.message}).",
            hint="Try a longer lookback, fewer assets or looser min/max weights.",
        )
    w = np.clip(z[:n] / z[n], lo, hi)
    w = _polish(excess, cov, w / w.sum(), lo, hi)
    return np.asarray(w / w.sum(), dtype=np.float64)


def _feasible(z: Array, excess: Array, constraints: list[dict[str, Any]]) -> bool:
    """Whether ``z`` meets every constraint of the convex problem to a tight tolerance."""
    if z[-1] <= 0.0 or float(np.min(z)) < -1e-12:
        return False
    tol = 1e-9 * max(1.0, float(z[-1]))
    for c in constraints:
        value = np.atleast_1d(c["fun"](z))
        if c["type"] == "eq" and float(np.max(np.abs(value))) > tol:
            return False
        if c["type"] == "ineq" and float(np.min(value)) < -tol:
            return False
    return True


def _sharpe(excess: Array, cov: Array, w: Array) -> float:
    return float(excess @ w) / float(np.sqrt(w @ cov @ w))


def _polish(excess: Array, cov: Array, w: Array, lo: float, hi: float) -> Array:
    """Solve exactly with the assets at a bound held there; keep it if feasible and no worse.

    With the bounded assets at ``lo`` or ``hi`` times kappa, the free ``y`` and kappa minimise
    ``y' C y`` under the two equalities: one linear KKT system in ``z = (y_free, kappa)``.
    """
    n = w.shape[0]
    at_lo, at_hi = w <= lo + _AT_BOUND, w >= hi - _AT_BOUND
    free = ~(at_lo | at_hi)
    k = int(free.sum())
    if k == 0:
        return w
    # y = P z: free assets map to their own z, bounded ones to lo or hi times kappa.
    P = np.zeros((n, k + 1))
    P[np.flatnonzero(free), np.arange(k)] = 1.0
    P[at_lo, k], P[at_hi, k] = lo, hi
    A = np.vstack([excess @ P, np.ones(n) @ P - np.eye(k + 1)[k]])
    kkt = np.zeros((k + 3, k + 3))
    kkt[: k + 1, : k + 1] = 2.0 * P.T @ cov @ P
    kkt[: k + 1, k + 1 :] = A.T
    kkt[k + 1 :, : k + 1] = A
    rhs = np.zeros(k + 3)
    rhs[k + 1] = 1.0
    try:
        z = np.linalg.solve(kkt, rhs)[: k + 1]
    except np.linalg.LinAlgError:
        return w
    if z[k] <= 0.0:
        return w
    polished = P @ z / z[k]
    inside = bool(np.all(polished >= lo - 1e-12) and np.all(polished <= hi + 1e-12))
    if inside and _sharpe(excess, cov, polished) >= _sharpe(excess, cov, w) * (1.0 - 1e-12):
        return np.asarray(np.clip(polished, lo, hi), dtype=np.float64)
    return w
