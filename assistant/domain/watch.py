"""What the watcher keeps in the journal: per-strategy settings, check outcomes, alerts, heartbeats.

The watcher (``assistant.watch``) checks each active strategy on a schedule; everything it learns
or does is one of these records, so a restart reads its state back instead of remembering it.
Money caps are Decimals in the strategy's quote currency. This module holds shapes only.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: What one check of one strategy came to.
CheckOutcome = Literal[
    "quiet",  # data fresh, no rule fired
    "proposed",  # a rule fired: a plan was written and waits for the person's confirmation
    "executed",  # a rule fired and the plan ran on its own, inside the person's caps
    "held",  # a rule fired, auto-execution is on, but a cap stopped it: waits for confirmation
    "risk",  # a risk rule fired (stop-loss, drawdown, daily loss): alert, no trade of its own
    "stale",  # data stale or missing: no action
    "error",  # the check failed; the reason says why
]

Money = Annotated[Decimal, Field(gt=0)]


class WatchSettings(BaseModel):
    """How the watcher may act for one strategy. Off by default: it proposes and alerts only.

    ``auto_execute`` is the person's opt-in to let a fired plan run without a confirmation; even
    then every cap must hold, or the plan waits. None switches a cap off, but auto-execution
    refuses to start without a per-order and a daily cap.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec_name: str = Field(min_length=1, max_length=64)
    watched: bool = True
    auto_execute: bool = False
    max_order_notional: Money | None = None
    max_daily_notional: Money | None = None
    max_turnover: Annotated[float, Field(gt=0.0, le=2.0)] | None = None


class CheckRecord(BaseModel):
    """One check of one strategy: its outcome, the reason, and the plan if one was made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec_name: str
    at: datetime
    outcome: CheckOutcome
    reason: str
    trigger: str | None = None
    plan_hash: str | None = None
    decision_id: str | None = None
    value: Decimal | None = None
    #: What an executed plan traded, in the quote currency (counts against the daily cap).
    notional: Decimal | None = None
    max_drift: float | None = None
    data_as_of: datetime | None = None


class AlertRecord(BaseModel):
    """An alert as sent, with what became of it at each sink (``"sent"`` or the failure)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: datetime
    title: str
    body: str
    severity: Literal["info", "warning", "error"] = "info"
    spec_name: str | None = None
    plan_hash: str | None = None
    delivered: dict[str, str] = Field(default_factory=dict)


class Heartbeat(BaseModel):
    """A watcher's sign of life, written after every round of checks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: datetime
    instance: str
    interval_seconds: float
    checked: int
    fired: int
    note: str = ""
    #: The account this beat is for; None: a round over every account (written before
    #: watchers were per account, or by a round not limited to some).
    account: str | None = None
