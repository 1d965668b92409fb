"""One entry point from a returns matrix and an objective name to weights.

The engine and the backtester never pick an optimizer module themselves; they name an
:class:`~assistant.domain.Objective` and call :func:`optimize`. Bounds are honoured by every
objective: inside the optimisation for min variance and max Sharpe (where a cap changes which
portfolio is best) and inside HRP's bisection (a capped asset's excess stays in its cluster), and
by proportional clamping afterwards for risk parity, inverse volatility, equal weight and the
experimental rl, whose construction has no notion of a cap.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assistant.domain import Objective, SpecError

from .clamping import clip_redistribute
from .estimates import Array, check_bounds, check_returns, sample_covariance
from .hrp import LINKAGES, hrp_weights
from .max_sharpe import max_sharpe_weights
from .min_variance import min_variance_weights
from .naive import equal_weights, inverse_vol_weights
from .risk_parity import risk_parity_weights
from .rl import rl_weights

__all__ = ["BOUNDED_INSIDE", "as_objective", "optimize"]

#: Objectives that take min/max weights as constraints of the optimisation itself (HRP inside
#: its bisection, as skfolio does; see ``hrp.hrp_weights`` for why).
BOUNDED_INSIDE = frozenset({Objective.MIN_VARIANCE, Objective.MAX_SHARPE, Objective.HRP})


def as_objective(objective: str | Objective) -> Objective:
    """The :class:`Objective` for a name such as ``"hrp"``; SpecError naming the choices."""
    try:
        return Objective(objective)
    except ValueError:
        choices = ", ".join(o.value for o in Objective)
        raise SpecError([f"objective {objective!r} is not one of {choices}"]) from None


def optimize(
    returns: npt.ArrayLike,
    objective: str | Objective,
    *,
    linkage: str = "single",
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    covariance: Array | None = None,
) -> Array:
    """Weights (non-negative, summing to 1, inside the bounds) for a T x N returns matrix.

    ``returns`` are simple per-period returns (rows are periods, columns assets). ``linkage``
    matters only to HRP. Raises SpecError for an unknown objective or bounds that cannot hold a
    fully invested portfolio, DataError for returns the objective cannot use.

    ``covariance``: ``sample_covariance(returns)`` when the caller has already computed it for
    its own checks (``allocate`` does), so it is not computed twice. It is used as given.
    """
    goal = as_objective(objective)
    if linkage not in LINKAGES:
        raise SpecError([f"linkage {linkage!r} is not one of {', '.join(LINKAGES)}"])
    matrix = check_returns(returns)
    n = matrix.shape[1]
    lo, hi = check_bounds(n, min_weight, max_weight)
    if goal is Objective.EQUAL_WEIGHT:
        raw = equal_weights(n)
    elif goal is Objective.RL:
        raw = rl_weights(matrix)
    else:
        cov = sample_covariance(matrix) if covariance is None else covariance
        if goal is Objective.MIN_VARIANCE:
            return min_variance_weights(cov, min_weight=lo, max_weight=hi)
        if goal is Objective.MAX_SHARPE:
            mean = matrix.mean(axis=0)
            return max_sharpe_weights(mean, cov, min_weight=lo, max_weight=hi)
        if goal is Objective.HRP:
            return hrp_weights(cov, linkage=linkage, min_weight=lo, max_weight=hi)
        elif goal is Objective.RISK_PARITY:
            raw = risk_parity_weights(cov)
        else:
            raw = inverse_vol_weights(cov)
    if lo == 0.0 and hi == 1.0:
        return raw
    return np.asarray(clip_redistribute(raw, lo, hi), dtype=np.float64)
