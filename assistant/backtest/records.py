"""What a backtest records as it runs: one row per rebalance, with its trigger and its costs.

These are plain pydantic models so they serialize to JSON for ``--json``, the journal and the
agent's tools unchanged. Risk firings are :class:`~assistant.backtest.risk.RiskEvent`. A record
states what happened; it must never hold a number the day loop did not compute.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["BacktestTrigger", "RebalanceRecord"]

#: ``initial``: first funding; ``listing``: an asset became eligible; ``refit``: walk-forward
#: refit day; ``resume``: re-entry after a drawdown halt; ``drift``/``calendar``: the spec's rule.
BacktestTrigger = Literal["initial", "drift", "calendar", "listing", "refit", "resume"]


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
