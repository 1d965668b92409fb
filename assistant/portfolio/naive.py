"""The two allocations that need no optimisation: equal weight and inverse volatility.

They are the baselines every other objective should beat, so they must stay exactly what their
names say: no shrinkage, no caps (caps are applied afterwards, where they are recorded).
"""

from __future__ import annotations

import numpy as np

from assistant.domain import DataError

from .estimates import Array, zero_variance_columns

__all__ = ["equal_weights", "inverse_vol_weights"]


def equal_weights(n_assets: int) -> Array:
    """``1 / n`` for each of ``n`` assets."""
    if n_assets < 1:
        raise DataError("Equal weight needs at least one asset.", hint="Add an asset.")
    return np.full(n_assets, 1.0 / n_assets)


def inverse_vol_weights(cov: Array) -> Array:
    """Weights proportional to ``1 / volatility`` (the square root of each variance)."""
    flat = zero_variance_columns(cov)
    if flat:
        raise DataError(
            f"Inverse volatility needs every asset to move; asset column(s) {flat} have zero "
            "variance.",
            hint="Remove assets whose price never changed over the lookback.",
        )
    inv_vol = 1.0 / np.sqrt(np.diag(cov))
    return np.asarray(inv_vol / inv_vol.sum(), dtype=np.float64)
