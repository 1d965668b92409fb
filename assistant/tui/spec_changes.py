"""One change between two versions of a strategy, in the words the spec card uses.

``propose_strategy`` reports changes as JSON paths with raw values (``constraints.max_weight: 0.5
-> 0.4``, ``rebalance.every_days: None -> 30``): exact, and written for code. The card shows the
same change as a person would say it: ``at most per coin: 50% → 40%``, ``rebalance every: none →
30 days``. Values are the ones the tool reported; only their wording changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assistant.numbers import money, pct

from .formatting import OBJECTIVES


def _percent(value: Any) -> str:
    whole = round(float(value) * 100, 6).is_integer()
    return pct(float(value), 0 if whole else 1)


def _days(value: Any) -> str:
    return "every day" if int(value) == 1 else f"{int(value)} days"


def _words(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return OBJECTIVES.get(str(value), str(value))


_FIELDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "universe.symbols": ("coins", _words),
    "universe.exclude": ("excluded coins", _words),
    "universe.top_n": ("top coins by volume", str),
    "objective": ("objective", _words),
    "capital": ("capital", money),
    "constraints.max_weight": ("at most per coin", _percent),
    "constraints.min_weight": ("at least per coin", _percent),
    "constraints.cash_reserve": ("kept in cash", _percent),
    "constraints.max_turnover": ("turnover at most", _percent),
    "risk.level": ("risk", str),
    "risk.stop_loss": ("stop-loss", _percent),
    "risk.max_drawdown": ("max drawdown", _percent),
    "risk.daily_loss_limit": ("daily loss limit", _percent),
    "risk.volatility_target": ("volatility target", _percent),
    "rebalance.drift_threshold": ("rebalance on a drift over", _percent),
    "rebalance.every_days": ("rebalance every", _days),
    "execution.mode": ("mode", str),
}


def change_line(change: Mapping[str, Any]) -> str:
    """One entry of ``propose_strategy``'s ``data.changes``: ``label: old → new``."""
    path = str(change.get("path"))
    label, show = _FIELDS.get(path, (path.rsplit(".", 1)[-1].replace("_", " "), _words))

    def value(raw: Any) -> str:
        if raw is None or raw == []:
            return "none"
        try:
            return show(raw)
        except (TypeError, ValueError):
            return str(raw)

    return f"{label}: {value(change.get('old'))} → {value(change.get('new'))}"
