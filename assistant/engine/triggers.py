"""Which rebalance rule, if any, has fired: initial funding, drift past the threshold, or calendar.

A plan records its trigger so a later "why did you rebalance?" can say *which* rule fired and with
what numbers. When no rule fired the person asked for it, and the plan says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from assistant.domain import Decision, StrategySpec, Trigger


@dataclass(frozen=True)
class TriggerCheck:
    trigger: Trigger
    detail: str
    max_drift: float | None = None
    drift_asset: str | None = None


def max_drift(
    weights: Mapping[str, float], targets: Mapping[str, float]
) -> tuple[str | None, float]:
    """The asset furthest from its target and by how much (signed, as a fraction)."""
    worst, worst_gap = None, 0.0
    for asset in set(weights) | set(targets):
        gap = weights.get(asset, 0.0) - targets.get(asset, 0.0)
        if abs(gap) > abs(worst_gap):
            worst, worst_gap = asset, gap
    return worst, worst_gap


def check_triggers(
    spec: StrategySpec,
    last: Decision | None,
    weights_now: Mapping[str, float],
    now: datetime,
    *,
    empty_account: bool,
) -> TriggerCheck:
    if empty_account or last is None:
        return TriggerCheck("initial", "first allocation of this strategy")
    targets = dict(last.target_weights)
    asset, gap = max_drift(weights_now, targets)
    rule = spec.rebalance
    if rule.drift_threshold is not None and abs(gap) >= rule.drift_threshold:
        return TriggerCheck(
            "drift",
            f"{asset} drifted {gap:+.1%} from its {targets.get(asset or '', 0.0):.1%} target, "
            f"past the {rule.drift_threshold:.0%} threshold",
            abs(gap),
            asset,
        )
    days = (now - last.created_at).total_seconds() / 86_400
    if rule.every_days is not None and days >= rule.every_days:
        return TriggerCheck(
            "calendar",
            f"{days:.0f} days since the last rebalance; the rule is every {rule.every_days} days",
            abs(gap),
            asset,
        )
    parts = []
    if rule.drift_threshold is not None:
        parts.append(
            f"largest drift {abs(gap):.1%} is under the {rule.drift_threshold:.0%} threshold"
        )
    if rule.every_days is not None:
        parts.append(f"{days:.0f} of {rule.every_days} days have passed")
    return TriggerCheck(
        "user_request", "no rule has fired (" + "; ".join(parts) + "); you asked", abs(gap), asset
    )
