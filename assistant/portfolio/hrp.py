"""Hierarchical Risk Parity (López de Prado, 2016), as PyPortfolioOpt's ``HRPOpt`` computes it.

Steps: correlation distance ``sqrt((1 - rho) / 2)``; scipy hierarchical clustering on the
condensed distances; the leaves of the tree in order (quasi-diagonalisation); then recursive
bisection of that ordered list into halves, splitting each parent's weight between the halves in
inverse proportion to the variance of their inverse-variance portfolios.

The weights match ``pypfopt.HRPOpt(returns).optimize(linkage)`` to floating-point precision for
the same returns and linkage (tests/portfolio checks this at 1e-10), and skfolio's
``HierarchicalRiskParity`` with the same linkage and leaf ordering. The speed comes from
reordering the covariance once, so every cluster is a contiguous block and each cluster variance
is a small dense product on a view. This module must never change the algorithm to make it
prettier (for example bisecting along the tree): the point is agreement with the references.

Like the references, HRP is not label-blind: when scipy merges two single assets it puts the one
in the lower column first, and halving an ordered list of odd length then depends on that order.
Reordering the columns can therefore change the weights slightly.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import scipy.cluster.hierarchy as sch
from scipy.spatial.distance import squareform

from assistant.domain import DataError, SpecError

from .estimates import Array, zero_variance_columns

__all__ = ["LINKAGES", "hrp_weights", "quasi_diagonal_order"]

#: scipy linkage methods that accept a precomputed condensed distance matrix.
LINKAGES: Final = ("single", "complete", "average", "weighted", "ward")


def hrp_weights(
    cov: Array,
    *,
    linkage: str = "single",
    optimal_ordering: bool = False,
    min_weight: float = 0.0,
    max_weight: float = 1.0,
) -> Array:
    """HRP weights (non-negative, summing to 1) for an N x N covariance matrix.

    ``optimal_ordering`` reorders the leaves to put similar assets side by side (skfolio's
    default; much slower for large N) and changes the weights.

    ``min_weight``/``max_weight`` (the caller checks ``n * min <= 1 <= n * max``) are applied
    inside the bisection, as skfolio's ``HierarchicalRiskParity`` applies its weight bounds: each
    split factor is clipped so that each half's share stays between its assets' summed floors
    and caps. A capped asset's excess thus stays in its own cluster, with the assets it moves
    with, instead of being spread over every asset in proportion (clamp-and-redistribute), which
    hands part of a calm coin's excess to the most volatile one. Without bounds (the defaults)
    the weights are exactly PyPortfolioOpt's.
    """
    n = cov.shape[0]
    if n == 1:
        return np.ones(1)
    flat = zero_variance_columns(cov)
    if flat:
        raise DataError(
            f"HRP needs every asset to move; asset column(s) {flat} have zero variance.",
            hint="Remove assets whose price never changed over the lookback.",
        )
    order = quasi_diagonal_order(cov, linkage=linkage, optimal_ordering=optimal_ordering)
    ordered = np.ascontiguousarray(cov[np.ix_(order, order)])
    weights = np.empty(n)
    bounded = min_weight > 0.0 or max_weight < 1.0
    weights[order] = _bisect(ordered, (min_weight, max_weight) if bounded else None)
    return weights


def quasi_diagonal_order(
    cov: Array, *, linkage: str = "single", optimal_ordering: bool = False
) -> npt.NDArray[np.intp]:
    """Asset indices in the leaf order of the correlation-distance cluster tree."""
    if linkage not in LINKAGES:
        raise SpecError([f"linkage {linkage!r} is not one of {', '.join(LINKAGES)}"])
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    distance = np.sqrt(np.clip((1.0 - corr) / 2.0, 0.0, 1.0))
    condensed = squareform(distance, checks=False)
    tree = sch.linkage(condensed, method=linkage)
    if optimal_ordering:
        tree = sch.optimal_leaf_ordering(tree, condensed)
    return _pre_order(tree, n=cov.shape[0])


def _pre_order(tree: Array, n: int) -> npt.NDArray[np.intp]:
    """The leaves of a scipy linkage matrix left to right, as ``sch.leaves_list`` gives them.

    Walked here because ``leaves_list`` re-validates the whole tree on every call, which cost
    more than building it; ``sch.linkage`` has just produced a valid one."""
    children = tree[:, :2].astype(np.intp).tolist()
    out: list[int] = []
    stack = [2 * n - 2]
    while stack:
        node = stack.pop()
        if node < n:
            out.append(node)
        else:
            left, right = children[node - n]
            stack += (right, left)
    return np.array(out, dtype=np.intp)


def _bisect(ordered: Array, bounds: tuple[float, float] | None = None) -> Array:
    """Recursive bisection on a covariance already in leaf order; weights in that order.

    The tree is walked level by level: every split of one level multiplies its two halves by
    ``alpha`` and ``1 - alpha``, gathered into one factor vector (1 elsewhere) so each level is
    one multiplication. A weight is thus multiplied by the same factors in the same order as a
    split-by-split walk would, and times 1.0 where it is not split, which is exact."""
    n = ordered.shape[0]
    variances = np.diag(ordered)
    inv_var = 1.0 / variances
    weights = np.ones(n)
    spans = [(0, n)] if n > 1 else []
    while spans:
        factor = np.ones(n)
        halves: list[tuple[int, int]] = []
        for lo, hi in spans:
            mid = lo + (hi - lo) // 2
            left = _cluster_variance(ordered, variances, inv_var, lo, mid)
            right = _cluster_variance(ordered, variances, inv_var, mid, hi)
            alpha = 1.0 - left / (left + right)
            if bounds is not None:
                alpha = _bounded_split(alpha, float(weights[lo]), mid - lo, hi - mid, *bounds)
            factor[lo:mid] = alpha
            factor[mid:hi] = 1.0 - alpha
            halves += [(a, b) for a, b in ((lo, mid), (mid, hi)) if b - a > 1]
        weights *= factor
        spans = halves
    return weights


def _bounded_split(
    alpha: float, parent: float, left: int, right: int, lo: float, hi: float
) -> float:
    """``alpha`` clipped so that the left half's share ``alpha * parent`` lies in
    ``[left * lo, left * hi]`` and the right half's in ``[right * lo, right * hi]`` (skfolio's
    rule for uniform bounds). Both ranges overlap whenever the parent's own share lies between
    its assets' floors and caps, which holds from the root down, so the result meets both."""
    alpha = min(left * hi / parent, max(left * lo / parent, alpha))
    return 1.0 - min(right * hi / parent, max(right * lo / parent, 1.0 - alpha))


def _cluster_variance(ordered: Array, variances: Array, inv_var: Array, lo: int, hi: int) -> float:
    """Variance of the inverse-variance portfolio of the contiguous cluster ``lo:hi``.

    A single asset's portfolio is that asset (its weight ``x / x`` is exactly 1), so its
    variance is the diagonal entry itself, with no products to compute."""
    if hi - lo == 1:
        return float(variances[lo])
    part = inv_var[lo:hi]
    w = part / np.add.reduce(part)
    return float(w @ ordered[lo:hi, lo:hi] @ w)
