"""Properties that must hold for any data: budgets add up, bounds hold, labels do not matter."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assistant.domain import DataError
from assistant.portfolio import allocate, apply_constraints, optimize
from tests.portfolio.synthetic import closes_frame, factor_returns, pypfopt_hrp

OBJECTIVES = ["hrp", "min_variance", "max_sharpe", "risk_parity", "inverse_vol", "equal_weight"]
LABEL_BLIND = ["min_variance", "max_sharpe", "risk_parity", "inverse_vol", "equal_weight"]
PROPERTY = settings(max_examples=40, deadline=None)


@st.composite
def returns_matrices(draw: st.DrawFn, max_assets: int = 8) -> np.ndarray:
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(2, max_assets))
    t = draw(st.integers(max(25, n + 5), 150))
    return factor_returns(seed, n, t, drift=0.002)


@st.composite
def limits(draw: st.DrawFn, n: int) -> dict[str, float]:
    cash = draw(st.sampled_from([0.0, 0.05, 0.3]))
    budget = 1.0 - cash
    floor = draw(st.floats(0.0, 0.9 * budget / n))
    cap = draw(st.floats(max(floor, 0.01), 1.0))  # may be too tight to invest everything
    return {"min_weight": floor, "max_weight": cap, "cash_reserve": cash}


def _optimize_or_skip(returns: np.ndarray, objective: str, **kw: float) -> np.ndarray:
    try:
        return optimize(returns, objective, **kw)
    except DataError as exc:  # a max-Sharpe draw where nothing beat zero: nothing to test
        assume("no positive Sharpe ratio" not in str(exc))
        raise


@PROPERTY
@given(data=st.data(), returns=returns_matrices(), objective=st.sampled_from(OBJECTIVES))
def test_weights_and_cash_sum_to_one_and_every_bound_holds(
    data: st.DataObject, returns: np.ndarray, objective: str
) -> None:
    n = returns.shape[1]
    lim = data.draw(limits(n))
    try:
        alloc = allocate(closes_frame(returns), objective=objective, lookback_days=1000, **lim)
    except DataError as exc:
        assume("no positive Sharpe ratio" not in str(exc))
        raise
    weights = np.array(list(alloc.weights.values()))
    assert math.fsum(weights) + alloc.cash_weight == pytest.approx(1.0, abs=1e-12)
    assert weights.min() >= lim["min_weight"] - 1e-12
    assert weights.max() <= lim["max_weight"] + 1e-12
    assert alloc.cash_weight >= lim["cash_reserve"] - 1e-12
    if n * lim["max_weight"] >= 1.0 - lim["cash_reserve"] + 1e-9:
        assert alloc.cash_weight == pytest.approx(lim["cash_reserve"], abs=1e-9)


@PROPERTY
@given(data=st.data(), returns=returns_matrices(), objective=st.sampled_from(LABEL_BLIND))
def test_permuting_assets_permutes_the_weights(
    data: st.DataObject, returns: np.ndarray, objective: str
) -> None:
    n = returns.shape[1]
    perm = np.array(data.draw(st.permutations(range(n))))
    cap = data.draw(st.floats(1.0 / n + 0.01, 1.0))
    original = _optimize_or_skip(returns, objective, max_weight=cap)
    permuted = _optimize_or_skip(returns[:, perm], objective, max_weight=cap)
    np.testing.assert_allclose(permuted, original[perm], atol=1e-7)


@PROPERTY
@given(
    data=st.data(),
    returns=returns_matrices(max_assets=12),
    linkage=st.sampled_from(["single", "ward"]),
)
def test_hrp_under_any_column_order_still_matches_pypfopt(
    data: st.DataObject, returns: np.ndarray, linkage: str
) -> None:
    """HRP is not label-blind (see test_hrp); what must hold is agreement with the reference."""
    perm = np.array(data.draw(st.permutations(range(returns.shape[1]))))
    permuted = returns[:, perm]
    np.testing.assert_allclose(
        optimize(permuted, "hrp", linkage=linkage), pypfopt_hrp(permuted, linkage), atol=1e-10
    )


@PROPERTY
@given(
    data=st.data(),
    raw=st.lists(st.floats(0.0, 10.0), min_size=1, max_size=12).filter(lambda r: sum(r) > 0),
)
def test_constraints_keep_the_budget_and_bounds_for_any_raw_weights(
    data: st.DataObject, raw: list[float]
) -> None:
    names = [f"C{i}" for i in range(len(raw))]
    lim = data.draw(limits(len(raw)))
    alloc = apply_constraints(dict(zip(names, raw, strict=True)), **lim)
    weights = np.array(list(alloc.weights.values()))
    assert math.fsum(weights) + alloc.cash_weight == pytest.approx(1.0, abs=1e-12)
    assert weights.min() >= lim["min_weight"] - 1e-12
    assert weights.max() <= lim["max_weight"] + 1e-12
    for clamp in alloc.clamps:
        if clamp.kind in ("max_weight", "min_weight"):
            assert clamp.after == pytest.approx(alloc.weights[clamp.asset], abs=1e-12)


@PROPERTY
@given(returns=returns_matrices(), data=st.data(), objective=st.sampled_from(OBJECTIVES))
def test_a_nan_price_inside_the_window_is_a_data_error(
    returns: np.ndarray, data: st.DataObject, objective: str
) -> None:
    closes = closes_frame(returns)
    # Row 0 is left alone: a missing first close only means that asset was listed a day later.
    row = data.draw(st.integers(1, len(closes) - 1))
    col = data.draw(st.integers(0, closes.shape[1] - 1))
    closes.iloc[row, col] = np.nan
    with pytest.raises(DataError, match=f"{closes.columns[col]} on .* is missing"):
        allocate(closes, objective=objective, lookback_days=1000)
