"""A spec's target weights from the closes known at a decision: the one recipe for every mode.

In order, each step recorded in the allocation's notes or clamps:

1. **The window.** The eligible assets' closes up to the last close the decision may use, gaps
   carried forward (a day without a candle keeps the last close, as the backtester's panel
   does), columns sorted by symbol: HRP's leaf order depends on column order, and the same spec
   must give the same weights whichever order its universe was written in.
2. **The cap.** ``max_weight``, lowered to the risk profile's cap where that cap can hold the
   portfolio (:func:`assistant.domain.weight_cap`: conservative 40%, moderate 60%).
3. **The weights.** ``objective = "fixed"``: the spec's own split (an asset not eligible yet
   holds its weight as cash). Otherwise the optimizer (``portfolio.allocate``), which applies
   the cap, the floor and the cash reserve.
4. **The tilts** (``signals.apply_tilts``), under the same cap. A signal with no reading (no
   sentiment input, too few closes for an indicator) changes nothing and its note says so.
5. **The volatility target**: risky weights scaled down to the target, the rest held as cash.

It must never look past the window it is given: the caller decides which close is the last one
known (the backtester the close before the trade day, the engine the market's latest close).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assistant.domain import Objective, StrategySpec, TargetAllocation, weight_cap

from .dates import day_label
from .protocols import Allocator, Tilter
from .risk import volatility_scale

__all__ = ["Targets", "decision_window", "strategy_targets"]


@dataclass(frozen=True)
class Targets:
    """The allocation to aim for (weights after tilts and scaling; cash is the rest) and, when
    the volatility target scaled it, the sentence that says so."""

    allocation: TargetAllocation
    volatility_scaled: str | None = None

    @property
    def weights(self) -> dict[str, float]:
        return self.allocation.weights


def decision_window(closes: pd.DataFrame, lookback: int) -> pd.DataFrame:
    """The last ``lookback`` rows, gaps carried forward, columns in symbol order."""
    window = closes.iloc[-lookback:] if len(closes) > lookback else closes
    columns = sorted(str(c) for c in window.columns)
    if [str(c) for c in window.columns] != columns:
        window = window[columns]
    if window.isna().to_numpy().any():
        window = window.ffill()
    return window


def strategy_targets(
    spec: StrategySpec,
    closes: pd.DataFrame,
    *,
    allocator: Allocator,
    tilter: Tilter | None,
    sentiment: Mapping[str, float] | None = None,
    exchange_flow: Mapping[str, float] | None = None,
    lookback: int | None = None,
) -> Targets:
    """The targets of ``spec`` over the eligible assets (the columns of ``closes``)."""
    days = lookback or spec.lookback_days
    window = decision_window(closes, days)
    c = spec.constraints
    bound = weight_cap(spec.risk.level.value, c.max_weight, c.cash_reserve, window.shape[1])
    cap, capped = bound.value, bound.source == "profile"
    if spec.objective is Objective.FIXED:
        allocation = _fixed(spec, [str(a) for a in window.columns])
    else:
        allocation = allocator(
            window,
            objective=spec.objective.value,
            linkage=spec.linkage,
            min_weight=c.min_weight,
            max_weight=cap,
            cash_reserve=c.cash_reserve,
            exclude=list(spec.universe.exclude),
            lookback_days=days,
        )
    weights = {a: w for a, w in allocation.weights.items() if a != spec.quote}
    notes = list(allocation.notes)
    if capped:
        notes.insert(
            0, f"the {spec.risk.level.value} risk profile caps any single asset at {cap:.0%}"
        )
    if tilter is not None and spec.signals.any():
        tilted = tilter(
            weights,
            window,
            spec.signals,
            max_weight=cap,
            sentiment=sentiment,
            exchange_flow=exchange_flow,
        )
        weights, notes = dict(tilted.weights), notes + list(tilted.notes)
    scaled = _volatility_target(spec, window, weights)
    note = None
    if scaled is not None:
        weights, note = scaled
    final = allocation.model_copy(
        update={
            "weights": weights,
            "cash_weight": min(1.0, max(0.0, 1.0 - sum(weights.values()))),
            "notes": notes if note is None else [*notes, note],
        }
    )
    return Targets(final, note)


def _fixed(spec: StrategySpec, assets: list[str]) -> TargetAllocation:
    """The spec's split over the eligible assets; the weight of one not eligible yet is cash."""
    split = spec.weights or {}
    weights = {a: float(split.get(a, 0.0)) for a in assets}
    notes = ["fixed weights, as the spec sets them"]
    waiting = [a for a in split if a not in weights and split[a] > 0.0]
    if waiting:
        notes.append(
            f"{', '.join(waiting)} has too little price history to trade yet; its weight is "
            "held as cash"
        )
    return TargetAllocation(
        objective=Objective.FIXED.value,
        raw_weights=dict(split),
        weights=weights,
        cash_weight=min(1.0, max(0.0, 1.0 - sum(weights.values()))),
        notes=notes,
    )


def _volatility_target(
    spec: StrategySpec, window: pd.DataFrame, weights: dict[str, float]
) -> tuple[dict[str, float], str] | None:
    goal = spec.risk.volatility_target
    if goal is None or window.shape[1] == 0:
        return None
    prices = window.dropna().to_numpy()
    returns = prices[1:] / prices[:-1] - 1.0
    vector = np.array([weights.get(str(a), 0.0) for a in window.columns], dtype=np.float64)
    scale, vol = volatility_scale(vector, returns, goal)
    if scale >= 1.0:
        return None
    note = (
        f"ex-ante volatility {vol:.0%} is above the {goal:.0%} target (covariance of "
        f"{len(returns)} daily returns to {day_label(window.index[-1])}), so the risky "
        f"weights were scaled to {scale:.0%} and the rest is held as cash"
    )
    return {a: w * scale for a, w in weights.items()}, note
