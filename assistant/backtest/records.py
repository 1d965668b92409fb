"""What a backtest records as it runs: one row per rebalance, with its trigger and its costs.

These are plain pydantic models so they serialize to JSON for ``--json``, the journal and the
agent's tools unchanged. Risk firings are :class:`~assistant.policy.risk.RiskEvent`. A record
states what happened; it must never hold a number the day loop did not compute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["BacktestTrigger", "RebalanceRecord", "construct_records"]

#: ``initial``: first funding; ``listing``: an asset became eligible; ``refit``: walk-forward
#: refit day; ``resume``: re-entry after a drawdown halt; ``drift``/``calendar``: the spec's rule;
#: ``contribution``: a recurring contribution bought toward the targets, selling nothing.
BacktestTrigger = Literal[
    "initial", "drift", "calendar", "listing", "refit", "resume", "contribution"
]


class RebalanceRecord(BaseModel):
    """One rebalance: when, why, what it traded and what it cost (money in the quote currency)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: datetime
    trigger: BacktestTrigger
    detail: str
    value_before: float
    turnover: float  # buys plus sells over the value before trading
    fees: float
    slippage: float
    orders: int
    skipped: int  # orders below the minimum notional, not sent
    targets: dict[str, float]  # the weights aimed at, cash under the quote symbol
    notes: list[str] = []


def construct_records(rows: Iterable[dict[str, Any]]) -> list[RebalanceRecord]:
    """``RebalanceRecord.model_construct(**row)`` for each row: records of numbers the day loop
    computed and checked, so not validated again.

    pydantic's ``model_construct`` looks up every field's aliases and defaults (about 3.5 us a
    record, a twentieth of a short backtest); a row holding every field in the model's order
    needs none of that, and this sets the same four slots it sets (0.8 us). The first call in a
    process compares the state it builds with ``model_construct``'s (pickle's view of a model:
    ``__getstate__``) and uses ``model_construct`` for good if a pydantic version builds models
    differently; any other row goes to ``model_construct`` too."""
    global _SLOTS_MATCH
    out = []
    for row in rows:
        if list(row) != _FIELDS:
            out.append(RebalanceRecord.model_construct(**row))
            continue
        if _SLOTS_MATCH is None:
            _SLOTS_MATCH = (
                _construct(dict(row)).__getstate__()
                == RebalanceRecord.model_construct(**row).__getstate__()
            )
        out.append(_construct(row) if _SLOTS_MATCH else RebalanceRecord.model_construct(**row))
    return out


def _construct(row: dict[str, Any]) -> RebalanceRecord:
    record = RebalanceRecord.__new__(RebalanceRecord)
    _set(record, "__dict__", row)
    _set(record, "__pydantic_fields_set__", set(_FIELDS))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


_FIELDS = list(RebalanceRecord.model_fields)
_set = object.__setattr__
#: whether ``_construct`` builds what ``model_construct`` builds (None: not checked yet)
_SLOTS_MATCH: bool | None = None
