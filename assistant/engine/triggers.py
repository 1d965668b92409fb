"""Which rebalance rule, if any, has fired: initial funding, drift past the threshold, or calendar.

The rule itself lives in ``assistant.policy.rules`` so that a backtest fires on exactly the days
paper trading would. This module only adds what the live engine knows: whether the account is
new, and when the last decision was. A plan records its trigger so a later "why did you
rebalance?" can say *which* rule fired and with what numbers; when none fired the person asked.

This is the rebalance rule alone. Previews decide with the whole policy (risk exits, the halt,
the daily-loss pause, contributions, then this rule) through ``planning.check_strategy`` and
``plan_rebalance``; a scheduler that wants to know whether anything fired should ask those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from assistant.domain import Decision, StrategySpec, Trigger
from assistant.policy.rules import check_rebalance, max_drift

__all__ = ["TriggerCheck", "check_triggers", "max_drift"]


@dataclass(frozen=True)
class TriggerCheck:
    trigger: Trigger
    detail: str
    max_drift: float | None = None
    drift_asset: str | None = None


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
    days = (now - last.created_at).total_seconds() / 86_400
    check = check_rebalance(
        spec.rebalance, gap=gap, asset=asset, target=targets.get(asset or "", 0.0), days_since=days
    )
    if check.trigger is None:
        return TriggerCheck("user_request", f"{check.detail}; you asked", check.max_drift, asset)
    return TriggerCheck(check.trigger, check.detail, check.max_drift, check.drift_asset)
