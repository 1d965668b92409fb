"""Recurring contributions (dollar-cost averaging): when money arrives, and what it buys.

A spec's ``[contributions]`` adds ``amount`` of the quote currency every ``every_days`` days. The
schedule counts from the strategy's first allocation: a spec without ``capital`` starts with one
contribution (that is its opening deposit), a spec with ``capital`` makes its first contribution
``every_days`` after the start. On a contribution day the money arrives whatever else happens (a
drawdown halt or a daily-loss pause keeps it as cash), and when no rebalance is due it is
**bought toward the targets without selling anything**: each asset below its target gets the
money it lacks, in proportion when the cash above the target's cash share cannot cover them all.

The backtester (``backtest/actions.py``) and the paper engine (``engine/strategy.py``) both ask
:func:`contribution_due` and buy with :func:`buy_only_targets`. Pure arithmetic.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assistant.domain import Contributions, StrategySpec

__all__ = ["buy_only_targets", "contribution_due", "opening_deposit"]

Floats = npt.NDArray[np.float64]


def opening_deposit(spec: StrategySpec) -> float | None:
    """The money a strategy starts with: ``capital``, else its first contribution, else None."""
    if spec.capital is not None:
        return float(spec.capital)
    if spec.contributions is not None:
        return float(spec.contributions.amount)
    return None


def contribution_due(plan: Contributions | None, days_since_last: float | None) -> float:
    """The contribution due now (0 when none): ``days_since_last`` counts from the last
    contribution, or from the start when there was none yet (None: the strategy has not
    started, and its opening deposit is not a contribution)."""
    if plan is None or days_since_last is None or days_since_last < plan.every_days:
        return 0.0
    return float(plan.amount)


def buy_only_targets(weights: Floats, aims: Floats) -> Floats:
    """Weights (assets then cash, as ``weights``) after buying toward ``aims`` (the same shape)
    with the cash above the cash aim, selling nothing: each asset under its aim is raised by
    its shortfall, all of them by one factor when the cash cannot cover every shortfall."""
    held, cash = weights[:-1], float(weights[-1])
    short = np.maximum(aims[:-1] - held, 0.0)
    need = float(short.sum())
    room = cash - float(aims[-1])
    if need <= 0.0 or room <= 0.0:
        return weights.copy()
    buy = short * min(1.0, room / need)
    out = np.empty_like(weights)
    out[:-1] = held + buy
    out[-1] = cash - float(buy.sum())
    return out
