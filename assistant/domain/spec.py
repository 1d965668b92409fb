"""StrategySpec: the validated description of what a person wants their portfolio to do.

This is the contract between the conversation and the deterministic core. The model may only
*propose* one of these; nothing downstream trusts a spec that has not passed this shape check and
the market policy check in ``engine``. Fractions are numbers in 0..1 (0.05 means 5%).

The model must never hold a default that a person did not choose silently: every default below is
documented here and shown in the normalized spec (``coinpilot spec-check``).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .canonical import canonical_json
from .caps import check_fixed_weights

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Symbol = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9]+$")]


class Objective(StrEnum):
    HRP = "hrp"
    MIN_VARIANCE = "min_variance"
    RISK_PARITY = "risk_parity"
    MAX_SHARPE = "max_sharpe"
    INVERSE_VOL = "inverse_vol"
    EQUAL_WEIGHT = "equal_weight"
    #: Experimental: a small policy-gradient allocator (assistant/portfolio/rl.py).
    RL = "rl"
    #: the person's own split (``[weights]``), held as it is: not an optimizer
    FIXED = "fixed"


#: What a person is told whenever they pick an experimental objective (spec check, optimize, plan,
#: backtest). The figures are those of benchmarks/RESULTS.md ("RL allocator"); update both
#: together when the benchmark is rerun.
EXPERIMENTAL_OBJECTIVES: dict[Objective, str] = {
    Objective.RL: (
        "rl is experimental: a small policy-gradient allocator retrained on the lookback window "
        "at every rebalance. Out of sample on the 21 shipped coins, 2019-2025, weekly "
        "rebalancing with fees and slippage (benchmarks/RESULTS.md), it lost to the simple "
        "baselines: Sharpe 1.07 against HRP 1.20 and equal weight 1.12 (BTC held: 1.03), max "
        "drawdown -76% against HRP's -65%, and 2.6 times HRP's turnover. Prefer hrp unless you "
        "are studying it."
    )
}


class RiskLevel(StrEnum):
    CONSERVATIVE = "conservative"
    MODERATE = "moderate"
    AGGRESSIVE = "aggressive"


def _mentions(annotation: Any, kinds: tuple[type, ...]) -> bool:
    """Whether a field's type is, or contains (``X | None``, ``Annotated``), one of ``kinds``."""
    if annotation in kinds:
        return True
    return any(_mentions(arg, kinds) for arg in get_args(annotation))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_as_number(cls, value: Any, info: ValidationInfo) -> Any:
        """``max_weight = true`` must not pass as 100%: pydantic's lax mode reads a bool as 1 or
        0, so a bool is refused wherever the field is not itself a yes/no field."""
        if not isinstance(value, bool) or info.field_name is None:
            return value
        annotation = cls.model_fields[info.field_name].annotation
        if _mentions(annotation, (bool,)):
            return value
        if _mentions(annotation, (int, float, Decimal)):
            raise ValueError("must be a number, not true or false")
        raise ValueError("true or false is not a value this field takes")


class Universe(_Strict):
    """Which assets to hold: an explicit list of base symbols, or the top N by quote volume."""

    symbols: list[Symbol] | None = Field(default=None, min_length=1, max_length=200)
    top_n: int | None = Field(default=None, ge=1, le=200)
    exclude: list[Symbol] = Field(default_factory=list, max_length=200)

    @field_validator("symbols", "exclude", mode="after")
    @classmethod
    def _upper_unique(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        out: list[str] = []
        for sym in value:
            up = sym.upper()
            if up not in out:
                out.append(up)
        return out

    @model_validator(mode="after")
    def _one_rule(self) -> Universe:
        if (self.symbols is None) == (self.top_n is None):
            raise ValueError(
                "universe needs exactly one of 'symbols' (a list) or 'top_n' (a number)"
            )
        if self.symbols is not None and not set(self.symbols) - set(self.exclude):
            raise ValueError(
                "every symbol in the universe is also excluded; nothing is left to hold"
            )
        return self

    def size_hint(self) -> int:
        """How many assets the universe resolves to, before the market is consulted."""
        if self.symbols is not None:
            return len([s for s in self.symbols if s not in self.exclude])
        assert self.top_n is not None
        return self.top_n


class Constraints(_Strict):
    min_weight: Fraction = 0.0
    max_weight: Fraction = 1.0
    cash_reserve: Annotated[float, Field(ge=0.0, le=0.95)] = 0.0
    max_turnover: Fraction | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Constraints:
        if self.min_weight > self.max_weight:
            raise ValueError(
                f"min_weight {self.min_weight:g} is above max_weight {self.max_weight:g}; "
                "lower min_weight or raise max_weight"
            )
        if self.max_weight == 0.0:
            raise ValueError("max_weight 0 leaves nothing to invest; use a value above 0")
        return self


class Risk(_Strict):
    """Risk level and rules; their definitions are in ``assistant/policy/risk.py``.

    ``take_profit`` is the gain since a position's average entry price at which
    ``take_profit_sell`` of it is sold, as a 3Commas or Coinrule take-profit closes the deal
    (``docs/strategy-rules.md``). This text is part of the spec's schema, which the narration
    check reads as facts: it must hold no example numbers.
    """

    level: RiskLevel = RiskLevel.MODERATE
    volatility_target: Annotated[float, Field(gt=0.0, le=5.0)] | None = None
    stop_loss: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    max_drawdown: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    daily_loss_limit: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    take_profit: Annotated[float, Field(gt=0.0, le=100.0)] | None = None
    take_profit_sell: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0


class Rebalance(_Strict):
    """When to rebalance: every N days, when any weight drifts past a threshold, or both."""

    every_days: int | None = Field(default=None, ge=1, le=366)
    drift_threshold: Annotated[float, Field(gt=0.0, le=1.0)] | None = None

    @model_validator(mode="after")
    def _some_rule(self) -> Rebalance:
        if self.every_days is None and self.drift_threshold is None:
            raise ValueError(
                "rebalance needs 'every_days', 'drift_threshold' or both; "
                "for example drift_threshold = 0.05"
            )
        return self


class SignalTilts(_Strict):
    """Optional tilts applied on top of the optimizer; 0 means off, 1 the strongest tilt."""

    momentum: Fraction = 0.0
    mean_reversion: Fraction = 0.0
    sentiment: Fraction = 0.0
    #: Tilt by exchange net flow (on-chain, Coin Metrics): net outflow up, net inflow down. Only
    #: assets with on-chain history get a score; the rest keep their weight (the notes say so).
    exchange_flow: Fraction = 0.0
    rsi: Fraction = 0.0
    macd: Fraction = 0.0
    bollinger: Fraction = 0.0

    def any(self) -> bool:
        """Whether any tilt is on."""
        return any(value > 0.0 for value in self.model_dump().values())


class Contributions(_Strict):
    """A recurring contribution (dollar-cost averaging): ``amount`` of the quote currency added
    every ``every_days`` days and bought toward the targets without selling anything."""

    amount: Decimal = Field(gt=0, le=Decimal("1e12"), max_digits=24)
    every_days: int = Field(ge=1, le=366)

    @field_validator("amount", mode="after")
    @classmethod
    def _canonical_amount(cls, value: Decimal) -> Decimal:
        return Decimal(format(value.normalize(), "f"))


class Execution(_Strict):
    mode: Literal["paper", "live"] = "paper"
    exchange: str = Field(default="demo", min_length=1, max_length=40)
    order_type: Literal["market", "limit"] = "market"
    max_slippage: Annotated[float, Field(gt=0.0, le=0.1)] = 0.01


class StrategySpec(_Strict):
    """One strategy, versioned. ``capital`` funds a fresh paper account on its first confirm."""

    version: int = Field(default=1, ge=1, le=1_000_000)
    name: str = Field(default="my-strategy", min_length=1, max_length=64, pattern=r"^[\w .\-]+$")
    quote: Symbol = "USDT"
    capital: Decimal | None = Field(default=None, gt=0, le=Decimal("1e12"), max_digits=24)
    objective: Objective = Objective.HRP
    linkage: Literal["single", "ward"] = "single"
    lookback_days: int = Field(default=365, ge=30, le=3650)
    universe: Universe
    constraints: Constraints = Field(default_factory=Constraints)
    risk: Risk = Field(default_factory=Risk)
    rebalance: Rebalance
    signals: SignalTilts = Field(default_factory=SignalTilts)
    execution: Execution = Field(default_factory=Execution)
    #: the fixed split of ``objective = "fixed"`` (base symbol -> fraction of the portfolio)
    weights: dict[Symbol, Fraction] | None = Field(default=None, max_length=200)
    contributions: Contributions | None = None

    @field_validator("quote", mode="after")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("capital", mode="after")
    @classmethod
    def _canonical_capital(cls, value: Decimal | None) -> Decimal | None:
        """5000, "5000.00" and 5E+3 are one amount, so they must hash as one spec.

        The content hash covers the Decimal's text; without this, a spec written to TOML (where
        capital is a number, so 5000.50 reads back as 5000.5) would come back with a new hash.
        """
        return None if value is None else Decimal(format(value.normalize(), "f"))

    @model_validator(mode="after")
    def _feasible(self) -> StrategySpec:
        n = self.universe.size_hint()
        c = self.constraints
        if c.min_weight * n > 1.0 - c.cash_reserve + 1e-12:
            raise ValueError(
                f"min_weight {c.min_weight:g} x {n} assets = {c.min_weight * n:g}, more than the "
                f"{1.0 - c.cash_reserve:g} that can be invested; "
                "lower min_weight or hold fewer assets"
            )
        if self.quote in (self.universe.symbols or []):
            raise ValueError(f"{self.quote} is the quote currency; it cannot also be a holding")
        check_fixed_weights(self)
        return self

    @field_validator("weights", mode="after")
    @classmethod
    def _upper_weights(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return None
        out: dict[str, float] = {}
        for sym, weight in value.items():
            if sym.upper() in out:
                raise ValueError(f"{sym.upper()} is given twice")
            out[sym.upper()] = weight
        return out

    def content_hash(self) -> str:
        """A stable hash of the spec's content (version included), for plans and the journal.

        Fields added after the first release are left out while they hold their defaults, so a
        spec that does not use them hashes as it always did (journaled plans stay valid)."""
        data = self.model_dump(mode="json")
        for path, default in _LATER_FIELDS:
            *parents, key = path
            section = data
            for part in parents:
                section = section[part]
            if section.get(key, default) == default:
                section.pop(key, None)
        return hashlib.sha256(canonical_json(data).encode()).hexdigest()


#: Fields added to the spec after version 1 of its schema, with the default that leaves them out
#: of :meth:`StrategySpec.content_hash`.
_LATER_FIELDS: tuple[tuple[tuple[str, ...], Any], ...] = (
    (("weights",), None),
    (("contributions",), None),
    (("risk", "take_profit"), None),
    (("risk", "take_profit_sell"), 1.0),
    (("signals", "rsi"), 0.0),
    (("signals", "macd"), 0.0),
    (("signals", "bollinger"), 0.0),
    (("signals", "exchange_flow"), 0.0),
)
