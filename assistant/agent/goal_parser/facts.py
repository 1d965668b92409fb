"""What the extractors found in one goal, before anything is decided.

Extractors only append here; :mod:`assemble` decides. Keeping every candidate (not just the last)
is what lets the parser notice two different amounts or two objectives and ask, instead of
silently keeping one. This module must never hold parsing logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .features import Features

#: The quote currency every goal is read in: US-dollar amounts and cash are held as USDT.
QUOTE = "USDT"


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str  # "USDT" for any US-dollar phrasing, else the ISO code ("EUR")
    phrase: str


@dataclass(frozen=True)
class Rate:
    """A rate the caller fetched from its market: one ``currency`` is worth ``value`` USDT.

    The parser holds no rate of its own; ``source`` says where this one came from and when
    ("EUR/USDT on the demo market (simulated), 2026-01-15 00:00 UTC") and is shown as written.
    """

    currency: str
    value: Decimal
    source: str


@dataclass(frozen=True)
class Share:
    """A percentage or a fraction and the role its clause gave it."""

    role: str  # stop_loss | max_drawdown | drift | cash_reserve | min_weight | max_weight | unknown
    value: float  # 0.05 means 5%
    phrase: str


@dataclass(frozen=True)
class Coin:
    ticker: str
    phrase: str
    listed: bool
    start: int
    end: int


@dataclass
class Facts:
    amounts: list[Amount] = field(default_factory=list)
    cash_amounts: list[Amount] = field(default_factory=list)  # "keep $500 in cash"
    shares: list[Share] = field(default_factory=list)
    periods: list[tuple[int, str]] = field(default_factory=list)  # (days, phrase)
    drift_word: bool = False  # "rebalance on drift" with no threshold
    objectives: list[tuple[str, str]] = field(default_factory=list)  # (objective, phrase)
    risk_levels: list[tuple[str, str]] = field(default_factory=list)
    risk_step: int = 0  # +1 "more aggressive", -1 "safer" (used when editing a spec)
    modes: list[tuple[str, str]] = field(default_factory=list)
    exchanges: list[tuple[str, str]] = field(default_factory=list)  # ("binance", "on binance")
    top_n: list[tuple[int, str]] = field(default_factory=list)
    top_vague: str | None = None  # "the biggest coins" with no number
    include: list[Coin] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    add: list[str] = field(default_factory=list)  # explicit "add X" (edits)
    remove: list[str] = field(default_factory=list)  # explicit "drop X" (edits)
    unlisted: list[Coin] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    typos: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # ("bitcon", ("BTC",))
    categories: list[str] = field(default_factory=list)  # excluded categories, e.g. "meme"
    resets: list[str] = field(default_factory=list)  # dotted spec fields to clear (edits)
    signals: dict[str, float] = field(default_factory=dict)  # "momentum" -> 0.2
    signal_defaults: list[str] = field(default_factory=list)  # tilts named without a strength
    unused: list[str] = field(default_factory=list)  # words no reader took ("purple")
    fresh: bool = False  # "start over": the goal is new, not an edit of the previous spec
    preview: bool = False  # "preview it", "show me the orders"
    merge_rebalance: bool = False  # "also rebalance monthly": keep the old rule too
    by_market_cap: bool = False
    questions: list[str] = field(default_factory=list)  # reasons to ask instead of proposing
    features: Features | None = None  # fixed split, contribution, take-profit, tilts
    holdings: list[tuple[str, Decimal]] = field(default_factory=list)  # "I hold 0.5 BTC"
    contribution_currency: str = QUOTE  # "add 200 euros every month": EUR
    rates_needed: list[str] = field(default_factory=list)  # currencies a fetched rate would settle

    def ask(self, question: str) -> None:
        if question not in self.questions:
            self.questions.append(question)

    def anything(self) -> bool:
        """Whether the goal said anything this parser could act on."""
        return bool(
            self.amounts
            or self.cash_amounts
            or self.shares
            or self.periods
            or self.drift_word
            or self.objectives
            or self.risk_levels
            or self.risk_step
            or self.modes
            or self.exchanges
            or self.top_n
            or self.top_vague
            or self.include
            or self.exclude
            or self.add
            or self.remove
            or self.unlisted
            or self.unknown
            or self.typos
            or self.categories
            or self.resets
            or self.signals
            or (self.features is not None and self.features.any())
        )
