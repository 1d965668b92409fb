"""Holdings and target allocations.

A :class:`Portfolio` is balances (exact ``Decimal``) plus the prices used to value them; weights are
derived, never stored, so they cannot disagree with the balances. A :class:`TargetAllocation`
records every clamp applied to the optimizer's raw output so that "why is SOL only 18%?" has an
answer in the record.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Position(_Frozen):
    asset: str
    quantity: Decimal = Field(ge=0)
    price: Decimal = Field(ge=0)
    value: Decimal = Field(ge=0)
    weight: float = Field(ge=0.0, le=1.0)
    target_weight: float | None = None

    @property
    def drift(self) -> float | None:
        return None if self.target_weight is None else self.weight - self.target_weight


class Portfolio(_Frozen):
    """Balances valued in the quote currency. The quote balance is cash."""

    quote: str
    balances: dict[str, Decimal]
    prices: dict[str, Decimal]

    def value_of(self, asset: str) -> Decimal:
        qty = self.balances.get(asset, Decimal(0))
        if asset == self.quote:
            return qty
        return qty * self.prices.get(asset, Decimal(0))

    @property
    def total_value(self) -> Decimal:
        return sum((self.value_of(a) for a in self.balances), Decimal(0))

    @property
    def cash(self) -> Decimal:
        return self.balances.get(self.quote, Decimal(0))

    def weights(self) -> dict[str, float]:
        """Weights of every asset, the quote (cash) included; empty when the value is zero."""
        total = self.total_value
        if total <= 0:
            return {}
        return {a: float(self.value_of(a) / total) for a in self.balances}


ClampKind = Literal[
    "max_weight", "min_weight", "exclusion", "cash_reserve", "max_turnover", "dust", "unpriced"
]


class Clamp(_Frozen):
    """One adjustment to the optimizer's output, with the reason a person can read."""

    asset: str
    kind: ClampKind
    before: float
    after: float
    reason: str


class TargetAllocation(_Frozen):
    """Target weights per asset (cash under the quote symbol) and how they came to be."""

    objective: str
    raw_weights: dict[str, float]  # what the optimizer produced, before constraints
    weights: dict[str, float]  # after constraints; sums to 1 with the cash entry
    cash_weight: float = Field(ge=0.0, le=1.0)
    clamps: list[Clamp] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
