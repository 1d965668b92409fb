"""Proportional clamping: hold weights inside [lo, hi] and hand the excess to the others.

The rule is the one a person would apply by hand: cap (or raise) the weights that break a bound,
share what was freed (or taken) among the unclamped assets in proportion to their weights, and
repeat until nothing breaks a bound. Its fixed point has a closed form, which is what we compute:
``clamped_i = clip(c * w_i, lo, hi)`` with the one scale ``c`` that makes the total right. That
makes the result exact and independent of the order in which violations are found. This module
is arithmetic only; recording why a weight changed is the job of ``constraints``.
"""

from __future__ import annotations

import numpy as np

from .estimates import Array

__all__ = ["clip_redistribute"]


def clip_redistribute(weights: Array, lo: float, hi: float, total: float = 1.0) -> Array:
    """``clip(c * weights, lo, hi)`` summing to ``total`` when any scale ``c`` can reach it.

    ``weights`` must be non-negative with a positive sum; the caller must check
    ``n * lo <= total``. A zero weight is proportionally entitled to nothing, so it stays at
    ``lo``. When the bounds cannot reach the total (``n * hi < total``, or the positive weights
    all at ``hi`` and the zero ones at ``lo`` still fall short) the result sums to less, and the
    caller decides where the rest goes.
    """
    w = np.asarray(weights, dtype=np.float64)
    n = w.shape[0]
    if n * hi <= total:
        return np.full(n, hi)
    if n * lo >= total:
        return np.full(n, lo)
    positive = w > 0.0
    # f(c) = sum(clip(c * w, lo, hi)) is piecewise linear and non-decreasing in c; its kinks are
    # where some c * w_i meets lo or hi. Find the kink interval holding the total, then solve.
    with np.errstate(over="ignore"):  # a denormal weight's kink is beyond reach: drop it
        kinks = np.unique(np.concatenate([lo / w[positive], hi / w[positive]]))
    kinks = kinks[np.isfinite(kinks)]
    sums = np.clip(np.outer(kinks, w), lo, hi).sum(axis=1)
    k = int(np.searchsorted(sums, total))
    if k < len(kinks) and sums[k] == total:
        return _exact(np.clip(kinks[k] * w, lo, hi), total, lo, hi)
    # Between kinks k-1 and k (or beyond the first/last) the set of free weights is constant.
    if k == len(kinks):  # even every positive weight at hi falls short
        return np.asarray(np.clip(kinks[-1] * w, lo, hi), dtype=np.float64)
    probe = kinks[0] / 2.0 if k == 0 else (kinks[k - 1] + kinks[k]) / 2.0
    scaled = probe * w
    free = positive & (scaled > lo) & (scaled < hi)
    fixed_sum = float(np.clip(scaled[~free], lo, hi).sum())
    c = (total - fixed_sum) / float(w[free].sum())
    return _exact(np.clip(c * w, lo, hi), total, lo, hi)


def _exact(w: Array, total: float, lo: float, hi: float) -> Array:
    """Put the last rounding residue of the sum on the largest weight strictly inside the bounds."""
    residue = total - float(w.sum())
    inside = np.flatnonzero((w > lo) & (w < hi))
    if residue != 0.0 and inside.size:
        w = w.copy()
        w[inside[np.argmax(w[inside])]] += residue
    return w
