"""allocate: close prices and a strategy's choices in, a recorded target allocation out.

This is the one call the engine and the backtester make. It drops excluded assets before
optimising (an excluded asset must not steer the others' weights), computes simple returns over
the last ``lookback_days`` closes of the window every remaining asset shares, runs the objective,
and applies the constraints with every clamp recorded. It must never fetch data, read settings
or guess around bad data: a short or broken history is a :class:`DataError` that says what is
needed.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from assistant.domain import Clamp, DataError, Objective, SpecError, TargetAllocation

from .constraints import apply_constraints, check_limits
from .estimates import sample_covariance, zero_variance_columns
from .hrp import LINKAGES
from .objectives import BOUNDED_INSIDE, as_objective, optimize
from .returns import date_label, shared_tail
from .rl import RL_EXPERIMENTAL

__all__ = ["MIN_RETURNS", "allocate"]

#: Fewest returns from which a covariance is worth optimising on (about four weeks of days).
MIN_RETURNS = 20

_NEEDS_MOVEMENT = frozenset({Objective.HRP, Objective.RISK_PARITY, Objective.INVERSE_VOL})
#: Objectives that invert (or search) the whole covariance: singular with returns <= assets.
_FULL_COVARIANCE = frozenset({Objective.MIN_VARIANCE, Objective.MAX_SHARPE, Objective.RISK_PARITY})


def allocate(
    closes: pd.DataFrame,
    *,
    objective: str | Objective,
    linkage: str = "single",
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    cash_reserve: float = 0.0,
    exclude: Collection[str] = (),
    lookback_days: int = 365,
) -> TargetAllocation:
    """Target weights for the assets (columns) of ``closes`` (rows are dates, ascending).

    Uses the last ``lookback_days`` rows of the shared window, so ``lookback_days - 1`` returns;
    fewer rows are used, with a note, when the shared window is shorter. Every objective but
    equal weight needs at least ``MIN_RETURNS`` returns when there are two or more assets.
    """
    goal = as_objective(objective)
    check_limits(min_weight, max_weight, cash_reserve)
    if linkage not in LINKAGES:
        raise SpecError([f"linkage {linkage!r} is not one of {', '.join(LINKAGES)}"])
    if lookback_days < 2:
        raise SpecError([f"lookback_days {lookback_days} must be at least 2"])
    banned = {name.upper() for name in exclude}
    columns = closes.columns.tolist()
    kept = [c for c in columns if str(c).upper() not in banned]
    if not kept:
        raise SpecError(["every asset is excluded; nothing is left to hold"])
    # Nothing excluded (the usual case): the caller's table as it is, no column copy.
    table = closes if len(kept) == len(columns) else closes[kept]
    prices, dates = shared_tail(table, lookback_days)
    assets = [str(c) for c in (columns if table is closes else table.columns.tolist())]
    notes = [_window_note(goal, linkage, dates)]
    if goal is Objective.RL:
        notes.insert(0, RL_EXPERIMENTAL)
    if len(prices) < lookback_days:
        notes.append(
            f"Only {len(prices)} of the {lookback_days} requested days of closes are shared by "
            "every asset."
        )

    n = len(assets)
    bounds = {"min_weight": 0.0, "max_weight": 1.0}
    if n == 1 or goal is Objective.EQUAL_WEIGHT:
        raw = np.full(n, 1.0 / n)
    else:
        returns = prices[1:] / prices[:-1] - 1.0
        cov = _check_history(returns, table, dates, goal)
        if goal in BOUNDED_INSIDE:
            bounds = _relative_bounds(n, min_weight, max_weight, 1.0 - cash_reserve)
            if bounds["min_weight"] > 0.0 or bounds["max_weight"] < 1.0:
                notes.append(
                    f"min_weight and max_weight were applied inside the {goal.value} "
                    "optimisation, so the raw weights already respect them."
                )
        raw = optimize(returns, goal, linkage=linkage, covariance=cov, **bounds)

    allocation = apply_constraints(
        dict(zip(assets, (float(w) for w in raw), strict=True)),
        min_weight=min_weight,
        max_weight=max_weight,
        cash_reserve=cash_reserve,
        objective=goal.value,
        notes=notes,
    )
    dropped = [
        Clamp(
            asset=str(c),
            kind="exclusion",
            before=0.0,
            after=0.0,
            reason="excluded by the strategy; left out before optimising",
        )
        for c in columns
        if str(c).upper() in banned
    ]
    if not dropped:
        return allocation
    return allocation.model_copy(update={"clamps": dropped + allocation.clamps})


def _window_note(goal: Objective, linkage: str, dates: pd.Index) -> str:
    how = f"{goal.value} with {linkage} linkage" if goal is Objective.HRP else goal.value
    start, end = date_label(dates[0]), date_label(dates[-1])
    return f"{how} on {len(dates) - 1} daily returns of closes from {start} to {end}."


def _check_history(
    returns: np.ndarray, closes: pd.DataFrame, dates: pd.Index, goal: Objective
) -> np.ndarray | None:
    """DataError naming the cause when the returns cannot support ``goal``.

    Returns the sample covariance when the check needed it, for the optimizer to reuse."""
    if len(returns) < MIN_RETURNS:
        first = {c: int(np.argmax(closes[c].notna().to_numpy())) for c in closes.columns}
        newest = max(first, key=first.__getitem__)
        raise DataError(
            f"{goal.value} needs at least {MIN_RETURNS} daily returns ({MIN_RETURNS + 1} days of "
            f"closes) shared by every asset; only {len(returns)} are available "
            f"(closes from {date_label(dates[0])} to {date_label(dates[-1])}).",
            hint=f"Use lookback_days of at least {MIN_RETURNS + 1}, wait for more history, or "
            f"leave out {newest}, the asset with the shortest history "
            f"(closes since {date_label(closes.index[first[newest]])}).",
        )
    n_assets = returns.shape[1]
    if goal in _FULL_COVARIANCE and len(returns) <= n_assets:
        raise DataError(
            f"{goal.value} uses the full covariance of {n_assets} assets, which {len(returns)} "
            "daily returns cannot pin down: with no more returns than assets some mix of them "
            "looks riskless in hindsight.",
            hint=f"Use lookback_days of at least {n_assets + 2}, fewer assets, or hrp or "
            "inverse_vol, which do not need it.",
        )
    if goal not in _NEEDS_MOVEMENT:
        return None
    cov = sample_covariance(returns)
    flat = zero_variance_columns(cov)
    if flat:
        names = ", ".join(str(closes.columns[i]) for i in flat)
        raise DataError(
            f"{goal.value} weighs assets by their risk, and the price of {names} did not "
            f"move over the lookback.",
            hint="Leave it out (a stablecoin is better held as the cash reserve) or use "
            "min_variance or equal_weight.",
        )
    return cov


def _relative_bounds(n: int, lo: float, hi: float, budget: float) -> dict[str, float]:
    """Bounds on the invested part that become ``lo``/``hi`` of the whole after the reserve.

    When they cannot hold a fully invested portfolio the optimizer runs unbounded and the
    constraints step caps (leaving cash) or refuses, with a clamp or error that says why.
    """
    rel_lo, rel_hi = lo / budget, min(1.0, hi / budget)
    if n * rel_hi < 1.0 - 1e-12 or n * rel_lo > 1.0 + 1e-12 or rel_lo > rel_hi:
        return {"min_weight": 0.0, "max_weight": 1.0}
    return {"min_weight": rel_lo, "max_weight": rel_hi}
