"""From an optimizer's raw weights to a target allocation, every adjustment recorded.

Order of work: drop excluded assets (their weight shared among the rest in proportion), scale
everything down to leave the cash reserve, then hold each weight inside [min_weight, max_weight]
of the whole portfolio by proportional clamping. Each change to an asset becomes a
:class:`~assistant.domain.Clamp` with the numbers before and after and a sentence a person can
read, so "why is SOL only 18%?" is answered from the record; a clamp also names the assets that
received (or gave) the difference. Weights are fractions of the whole portfolio, cash included,
as the spec's constraints are. This module must never change a weight without a clamp that
explains it, and never invent weights for assets the optimizer did not see.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from assistant.domain import Clamp, DataError, Objective, SpecError, TargetAllocation

from .clamping import clip_redistribute
from .estimates import Array

__all__ = ["apply_constraints", "check_limits"]

#: Changes smaller than this are rounding, not clamps.
_TOL = 1e-9


def apply_constraints(
    raw: Mapping[str, float],
    *,
    min_weight: float = 0.0,
    max_weight: float = 1.0,
    cash_reserve: float = 0.0,
    exclude: Collection[str] = (),
    objective: str | Objective = "custom",
    notes: Sequence[str] = (),
) -> TargetAllocation:
    """The target allocation for ``raw`` weights (proportions; they are scaled to sum to 1).

    ``exclude`` matches asset names case-insensitively; names not in ``raw`` are ignored.
    ``weights`` of the result keeps every asset that is not excluded (zero weights included), and
    ``sum(weights) + cash_weight == 1``. ``notes`` are carried into the result first.
    """
    check_limits(min_weight, max_weight, cash_reserve)
    shares = _proportions(raw)
    clamps: list[Clamp] = []
    out_notes = list(notes)

    banned = {name.upper() for name in exclude}
    kept = [a for a in shares if a.upper() not in banned]
    if not kept:
        raise SpecError(["every asset is excluded; nothing is left to hold"])
    dropped = [a for a in shares if a.upper() in banned]
    left = sum(shares[a] for a in kept)
    if left <= 0.0:
        raise SpecError(
            ["the optimizer gave all its weight to excluded assets; nothing is left to hold"]
        )
    for asset in dropped:
        spread = f"; its {_pct(shares[asset])} was shared among the others in proportion"
        reason = "excluded by the strategy" + (spread if shares[asset] > _TOL else "")
        clamps.append(
            Clamp(asset=asset, kind="exclusion", before=shares[asset], after=0.0, reason=reason)
        )
    weights = np.array([shares[a] / left for a in kept])

    budget = 1.0 - cash_reserve
    if cash_reserve > 0.0:
        scaled = weights * budget
        for asset, before, after in zip(kept, weights, scaled, strict=True):
            if before > _TOL:
                reason = f"scaled by {budget:.4g} to keep the {_pct(cash_reserve)} cash_reserve"
                clamps.append(
                    Clamp(
                        asset=asset,
                        kind="cash_reserve",
                        before=float(before),
                        after=float(after),
                        reason=reason,
                    )
                )
        weights = scaled

    n = len(kept)
    if n * min_weight > budget + 1e-12:
        raise SpecError(
            [
                f"min_weight {_pct(min_weight)} x {n} assets = {_pct(n * min_weight)}, more "
                f"than the {_pct(budget)} that can be invested; lower min_weight or hold "
                "fewer assets"
            ]
        )
    bounded = _clamp(weights, min_weight, max_weight, budget)
    invested = float(bounded.sum())
    stranded = budget - invested
    clamps += _bound_clamps(
        kept, weights, bounded, min_weight, max_weight, stranded=stranded > _TOL
    )
    if stranded > _TOL:
        out_notes.append(
            f"The weight caps leave {_pct(stranded)} that cannot be invested "
            f"(max_weight {_pct(max_weight)} x {n} assets = {_pct(n * max_weight)}); "
            "it stays in cash"
            + (f" on top of the {_pct(cash_reserve)} cash_reserve." if cash_reserve else ".")
        )
    return TargetAllocation(
        objective=str(objective),
        raw_weights={a: float(raw[a]) for a in shares},
        weights={a: float(w) for a, w in zip(kept, bounded, strict=True)},
        cash_weight=min(1.0, max(0.0, 1.0 - invested)),
        clamps=clamps,
        notes=out_notes,
    )


def check_limits(min_weight: float, max_weight: float, cash_reserve: float) -> None:
    """SpecError unless 0 <= min_weight <= max_weight <= 1, max_weight > 0, 0 <= cash < 1."""
    problems = []
    if not 0.0 <= min_weight <= max_weight <= 1.0 or max_weight <= 0.0:
        problems.append(
            f"min_weight {min_weight:g} and max_weight {max_weight:g} need "
            "0 <= min_weight <= max_weight <= 1 and max_weight > 0"
        )
    if not 0.0 <= cash_reserve < 1.0:
        problems.append(f"cash_reserve {cash_reserve:g} must be at least 0 and below 1")
    if problems:
        raise SpecError(problems)


def _proportions(raw: Mapping[str, float]) -> dict[str, float]:
    if not raw:
        raise DataError("There are no raw weights to constrain.", hint="Optimize first.")
    for asset, value in raw.items():
        if not math.isfinite(value) or value < -1e-12:
            raise DataError(
                f"The raw weight of {asset} is {value!r}; weights must be finite and >= 0.",
                hint="Check the optimizer output; long-only portfolios have no negative weights.",
            )
    total = sum(max(0.0, v) for v in raw.values())
    if total <= 0.0:
        raise DataError("The raw weights are all zero.", hint="Check the optimizer output.")
    return {a: max(0.0, v) / total for a, v in raw.items()}


def _clamp(weights: Array, lo: float, hi: float, budget: float) -> Array:
    """Proportional clamping, leaving weights already inside the bounds (to rounding) alone."""
    if np.all(weights >= lo - _TOL) and np.all(weights <= hi + _TOL):
        return np.asarray(np.clip(weights, lo, hi), dtype=np.float64)
    return clip_redistribute(weights, lo, hi, budget)


def _bound_clamps(
    assets: list[str], before: Array, after: Array, lo: float, hi: float, *, stranded: bool
) -> list[Clamp]:
    gained = [a for a, b, x in zip(assets, before, after, strict=True) if x > b + _TOL]
    lost = [a for a, b, x in zip(assets, before, after, strict=True) if x < b - _TOL]
    clamps = []
    for asset, b, x in zip(assets, before, after, strict=True):
        b, x = float(b), float(x)
        if b > hi + _TOL and x >= hi - _TOL:
            others = [a for a in gained if a != asset]
            where = f"redistributed to {_names(others)}" if others else "left in cash"
            if others and stranded:
                where += " and cash, as the caps cannot hold the whole portfolio"
            clamps.append(
                Clamp(
                    asset=asset,
                    kind="max_weight",
                    before=b,
                    after=x,
                    reason=f"capped at the {_pct(hi)} max_weight; {_pct(b - x)} {where}",
                )
            )
        elif b < lo - _TOL and x <= lo + _TOL:
            donors = [a for a in lost if a != asset]
            clamps.append(
                Clamp(
                    asset=asset,
                    kind="min_weight",
                    before=b,
                    after=x,
                    reason=f"raised to the {_pct(lo)} min_weight; {_pct(x - b)} "
                    f"taken from {_names(donors)} in proportion",
                )
            )
    return clamps


def _pct(fraction: float) -> str:
    """A fraction as a short percentage: 0.5 -> '50%', 0.032 -> '3.2%', 0.00012 -> '0.012%'."""
    value = fraction * 100.0
    text = f"{value:.1f}" if abs(value) >= 0.1 or value == 0 else f"{value:.2g}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def _names(assets: Iterable[str], limit: int = 5) -> str:
    items = list(assets)
    if len(items) <= limit:
        return ", ".join(items) if items else "no other asset"
    return f"{', '.join(items[:limit])} and {len(items) - limit} others"
