"""Orders, fills, rebalance plans and decision records.

A :class:`RebalancePlan` is the exact thing a person confirms. Its ``plan_hash`` covers every field
that would change what gets traded, so ``execute_plan(hash)`` can prove that what runs is what was
shown. A :class:`Decision` is the audit record that answers "why" later.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .canonical import canonical_json
from .market import Side
from .portfolio import TargetAllocation

#: Why a plan was made: the spec's rebalance rule (``drift``, ``calendar``), the first allocation,
#: a person asking, or one of the policy's rules (``assistant/policy/decide.py``): a risk exit,
#: the drawdown halt and its ``resume``, the daily-loss pause, a recurring ``contribution``.
Trigger = Literal[
    "initial",
    "drift",
    "calendar",
    "user_request",
    "stop_loss",
    "take_profit",
    "max_drawdown",
    "daily_loss_limit",
    "resume",
    "contribution",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderLine(_Frozen):
    """One order in a preview: exact quantity, and estimates of what it costs."""

    symbol: str
    base: str
    side: Side
    quantity: Decimal = Field(gt=0)
    price: Decimal = Field(gt=0, description="expected average fill price from the order book")
    notional: Decimal = Field(gt=0, description="quantity x expected price, in quote")
    fee: Decimal = Field(ge=0)
    slippage: Decimal = Field(ge=0, description="cost against the best price, in quote")
    target_weight: float
    current_weight: float


class Unexecutable(_Frozen):
    """An order the plan wanted but cannot send, and why. Never dropped silently."""

    symbol: str
    side: Side
    quantity: Decimal
    notional: Decimal
    reason: str


#: What a plan's account is: shown on every preview and confirm ("LIVE" in red).
AccountBadge = Literal["PAPER", "LIVE", "TESTNET"]


class RebalancePlan(_Frozen):
    plan_hash: str = ""
    #: The account the plan trades on (plans made before accounts existed: the shared "paper").
    account: str = "paper"
    account_badge: AccountBadge = "PAPER"
    spec_name: str
    spec_version: int
    spec_hash: str
    market: str
    simulated_market: bool
    created_at: datetime
    expires_at: datetime
    trigger: Trigger
    trigger_detail: str = Field(default="", description="why the trigger fired, in numbers")
    quote: str
    portfolio_value: Decimal
    balances_before: dict[str, Decimal] = Field(default_factory=dict)
    funding: Decimal = Field(default=Decimal(0), description="paper deposit made on confirm")
    prices: dict[str, Decimal]
    data_hash: str
    weights_before: dict[str, float]
    allocation: TargetAllocation
    orders: list[OrderLine]
    unexecutable: list[Unexecutable]
    total_fees: Decimal
    total_slippage: Decimal
    turnover: float
    notes: list[str] = Field(default_factory=list)
    model_id: str | None = Field(default=None, description="the model that proposed the spec")
    prompt_version: str | None = None

    def compute_hash(self) -> str:
        """sha256 of the plan's canonical JSON: floats rounded (see :mod:`.canonical`), Decimals
        exact, so the same plan hashes the same on every machine."""
        body = self.model_dump(mode="json", exclude={"plan_hash"})
        return hashlib.sha256(canonical_json(body).encode()).hexdigest()

    def sealed(self) -> RebalancePlan:
        """This plan with its content hash filled in."""
        return self.model_copy(update={"plan_hash": self.compute_hash()})

    def is_intact(self) -> bool:
        return bool(self.plan_hash) and self.plan_hash == self.compute_hash()


#: ``open``, ``canceled`` and ``expired`` come from live exchanges only (limit orders, cancels,
#: market orders the book could not fill at all); a paper order is filled, partial or refused.
#: ``not_sent``: an interrupted run journaled the intent, and the venue provably never saw the
#: order (reconciliation); a resumed run may send that order line again under a new client id.
OrderStatus = Literal[
    "filled", "partially_filled", "rejected", "failed", "open", "canceled", "expired", "not_sent"
]


class OrderIntent(_Frozen):
    """Journaled *before* an order is sent; the client id lets us reconcile after a timeout."""

    client_order_id: str
    plan_hash: str
    symbol: str
    side: Side
    quantity: Decimal = Field(gt=0)
    created_at: datetime


class Fill(_Frozen):
    client_order_id: str
    symbol: str
    side: Side
    quantity: Decimal = Field(ge=0)
    price: Decimal = Field(ge=0)
    cost: Decimal = Field(ge=0)
    fee: Decimal = Field(ge=0)
    fee_currency: str
    timestamp: datetime


class OrderResult(_Frozen):
    client_order_id: str
    symbol: str
    side: Side
    status: OrderStatus
    requested: Decimal
    filled: Decimal
    fills: list[Fill] = Field(default_factory=list)
    message: str = ""
    exchange_order_id: str | None = Field(default=None, description="the venue's own order id")
    resting: bool = Field(
        default=False, description="still working on the exchange's book (a limit order)"
    )


class NotSent(_Frozen):
    """An order line of a plan that was never sent, and why (a partially executed plan)."""

    symbol: str
    side: Side
    quantity: Decimal
    reason: str


class Decision(_Frozen):
    """Everything a "why" answer may cite. The model narrates only what is in here.

    ``outcome`` is ``executed`` when every order line was sent and answered, ``partial`` when an
    interrupted execution was closed without sending the rest: ``not_sent`` says which and why.
    """

    decision_id: str
    created_at: datetime
    kind: Literal["rebalance"] = "rebalance"
    account: str = "paper"
    outcome: Literal["executed", "partial"] = "executed"
    funding: Decimal = Field(default=Decimal(0), description="paper deposit made for the plan")
    not_sent: list[NotSent] = Field(default_factory=list)
    trigger: Trigger
    trigger_detail: str
    spec_name: str
    spec_version: int
    spec_hash: str
    plan_hash: str
    market: str
    data_hash: str
    prices: dict[str, Decimal]
    objective: str
    raw_weights: dict[str, float]
    target_weights: dict[str, float]
    clamps: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    unexecutable: list[dict[str, Any]]
    results: list[OrderResult]
    weights_before: dict[str, float]
    weights_after: dict[str, float]
    value_before: Decimal
    value_after: Decimal
    model_id: str | None = None
    prompt_version: str | None = None
