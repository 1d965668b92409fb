"""Rebalance rules: has the drift threshold or the calendar fired? One definition for every mode.

The live engine (``engine/triggers.py``), paper trading and the backtester all decide "rebalance
now?" with these functions, so a backtest fires on exactly the days the live engine would have:

- **drift**: the largest absolute gap between a current weight and its target, cash included,
  is at least ``drift_threshold`` (``|w - t| >= threshold``; 0.05 means five percentage points).
- **calendar**: at least ``every_days`` days have passed since the last rebalance.
- **hybrid** (both set): whichever fires first; drift is checked before the calendar, so a day
  on which both fire is recorded as drift.

Pure arithmetic on plain numbers or arrays; no clock, no I/O. The detail sentences are the ones
a "why did you rebalance?" answer quotes, so their wording is part of the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from assistant.domain import Rebalance

__all__ = [
    "RuleCheck",
    "check_rebalance",
    "drift_fires",
    "max_drift",
    "max_drift_vector",
    "most_possible_drift",
]

Floats = npt.NDArray[np.float64]

RuleTrigger = Literal["drift", "calendar"]


@dataclass(frozen=True)
class RuleCheck:
    """The outcome of one check: the rule that fired (or None) and the sentence explaining it."""

    trigger: RuleTrigger | None
    detail: str
    max_drift: float
    drift_asset: str | None


def drift_fires(gap: float | Floats, threshold: float | None) -> bool | npt.NDArray[np.bool_]:
    """True where an absolute drift ``gap`` reaches the threshold (never when it is None)."""
    if threshold is None:
        return np.zeros(np.shape(gap), dtype=bool) if np.ndim(gap) else False
    if isinstance(gap, float):  # one number: Python's abs, the same IEEE value as numpy's
        return abs(gap) >= threshold
    return np.abs(gap) >= threshold


def max_drift_vector(weights: Floats, targets: Floats) -> tuple[int, float]:
    """Index and signed gap ``w - t`` of the entry furthest from its target (first one on ties)."""
    gaps = weights - targets
    i = int(np.abs(gaps).argmax())
    return i, float(gaps[i])


def max_drift(
    weights: Mapping[str, float], targets: Mapping[str, float]
) -> tuple[str | None, float]:
    """The asset furthest from its target and by how much (signed), over both mappings' keys.

    Ties go to the asset whose name sorts first, so the answer never depends on dict order.
    """
    names = sorted(set(weights) | set(targets))
    if not names:
        return None, 0.0
    w = np.array([weights.get(a, 0.0) for a in names], dtype=np.float64)
    t = np.array([targets.get(a, 0.0) for a in names], dtype=np.float64)
    i, gap = max_drift_vector(w, t)
    return (names[i], gap) if gap != 0.0 else (None, 0.0)


def check_rebalance(
    rule: Rebalance,
    *,
    gap: float,
    asset: str | None,
    target: float,
    days_since: float,
) -> RuleCheck:
    """Which rule fires, given the largest drift (``gap`` of ``asset`` from ``target``) and the
    days since the last rebalance. Drift first, then calendar; None when neither fires."""
    if rule.drift_threshold is not None and bool(drift_fires(gap, rule.drift_threshold)):
        return RuleCheck(
            "drift",
            f"{asset} drifted {gap:+.1%} from its {target:.1%} target, "
            f"past the {rule.drift_threshold:.0%} threshold",
            abs(gap),
            asset,
        )
    if rule.every_days is not None and days_since >= rule.every_days:
        return RuleCheck(
            "calendar",
            f"{days_since:.0f} days since the last rebalance; the rule is every "
            f"{rule.every_days} days",
            abs(gap),
            asset,
        )
    parts = []
    if rule.drift_threshold is not None:
        parts.append(
            f"largest drift {abs(gap):.1%} is under the {rule.drift_threshold:.0%} threshold"
        )
    if rule.every_days is not None:
        parts.append(f"{days_since:.0f} of {rule.every_days} days have passed")
    return RuleCheck(None, "no rule has fired (" + "; ".join(parts) + ")", abs(gap), asset)


def most_possible_drift(targets: Sequence[float]) -> float:
    """The largest drift any weight could ever reach from these targets (cash included).

    A weight lives in 0..1, so its gap is at most ``max(t, 1 - t)``. A drift threshold above
    this can never fire.
    """
    values = np.asarray(targets, dtype=np.float64)
    if values.size == 0:
        return 0.0
    return float(np.max(np.maximum(values, 1.0 - values)))
