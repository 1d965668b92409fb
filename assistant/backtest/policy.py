"""Where target weights come from at a rebalance: the spec's optimizer, fixed weights, or 1/N.

A spec's targets come from the one policy (:func:`assistant.policy.strategy_targets`), the
recipe a preview, paper and live trading use too; this module only hands it the right window.
The backtester may not import ``portfolio`` or ``signals`` (they are its siblings in the layer
contract), so the optimizer and the tilts are passed in as functions with the shapes of
``portfolio.allocate`` and ``signals.apply_tilts``; the engine passes exactly those.

A policy sees only the closes up to the day before the trade (``window`` ends at row ``day - 1``)
and only the assets that were eligible then; it never sees the trade day or anything later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.domain import DataError, StrategySpec
from assistant.policy import Allocator, Tilter, strategy_targets, top_by_volume
from assistant.policy.inputs import FLOW, SENTIMENT, InputRule, known_reading

from .panel import Panel

__all__ = [
    "Allocator",
    "EqualWeights",
    "FixedWeights",
    "SpecPolicy",
    "Target",
    "TargetPolicy",
    "Tilter",
]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Target:
    """Weights per panel column (cash is ``1 - sum``), with the notes that explain them."""

    weights: Floats
    notes: list[str] = field(default_factory=list)
    volatility_scaled: str | None = None


class TargetPolicy(Protocol):
    def target(self, panel: Panel, day: int, eligible: Bools) -> Target: ...


@dataclass(frozen=True)
class FixedWeights:
    """Constant weights by asset name; an asset not yet eligible holds its weight in cash."""

    weights: Mapping[str, float]
    _cache: list[tuple[Panel, Floats, Bools | None, Target | None]] = field(
        default_factory=list, compare=False, repr=False
    )

    def target(self, panel: Panel, day: int, eligible: Bools) -> Target:
        """The weights of the eligible assets; the same :class:`Target` again for the same
        read-only ``eligible`` array (the day loop's, which it never changes)."""
        if not self._cache or self._cache[0][0] is not panel:  # built once per panel
            vector = np.array([self.weights.get(a, 0.0) for a in panel.assets], dtype=np.float64)
            self._cache[:] = [(panel, vector, None, None)]
        _, vector, seen, target = self._cache[0]
        if target is None or eligible is not seen or eligible.flags.writeable:
            weights = np.where(eligible, vector, 0.0)
            weights.flags.writeable = False
            target = Target(weights)
            self._cache[0] = (panel, vector, eligible, target)
        return target


@dataclass(frozen=True)
class EqualWeights:
    """1/n of the eligible assets (the equal-weight baseline)."""

    def target(self, panel: Panel, day: int, eligible: Bools) -> Target:
        n = int(eligible.sum())
        return Target(np.where(eligible, 1.0 / n, 0.0) if n else np.zeros(len(eligible)))


@dataclass(frozen=True)
class SpecPolicy:
    """The spec's optimizer over ``lookback_days``, then its tilts, then its volatility target."""

    spec: StrategySpec
    allocator: Allocator
    tilter: Tilter | None = None
    sentiment: pd.DataFrame | None = None
    lookback_days: int | None = None
    #: Daily exchange-flow scores (dates x assets), used one day late
    #: (:data:`assistant.policy.inputs.FLOW`).
    exchange_flow: pd.DataFrame | None = None
    _cache: list[tuple[pd.DataFrame, tuple[int, ...], pd.DataFrame]] = field(
        default_factory=list, compare=False, repr=False
    )

    def target(self, panel: Panel, day: int, eligible: Bools) -> Target:
        """The one policy's targets (:func:`assistant.policy.strategy_targets`) over the
        eligible assets' closes up to the day before ``day``."""
        lookback = self.lookback_days or self.spec.lookback_days
        columns = self._universe(panel, day, eligible)
        window = self._table(panel, columns).iloc[max(0, day - lookback) : day]
        targets = strategy_targets(
            self.spec,
            window,
            allocator=self.allocator,
            tilter=self.tilter,
            sentiment=self._sentiment(panel, day),
            exchange_flow=self._flow(panel, day),
            lookback=lookback,
        )
        vector = np.zeros(len(panel.assets))
        index = {a: i for i, a in enumerate(panel.assets)}
        for asset, w in targets.weights.items():
            vector[index[asset]] = w
        scaled = targets.volatility_scaled
        notes = [n for n in targets.allocation.notes if n != scaled]
        return Target(vector, notes, scaled)

    def _table(self, panel: Panel, columns: list[int]) -> pd.DataFrame:
        """The closes of these columns; kept, since the set changes only when assets join."""
        key = tuple(columns)
        if not self._cache or self._cache[0][0] is not panel.closes or self._cache[0][1] != key:
            self._cache[:] = [(panel.closes, key, panel.closes.iloc[:, columns])]
        return self._cache[0][2]

    def _universe(self, panel: Panel, day: int, eligible: Bools) -> list[int]:
        columns = [int(i) for i in np.flatnonzero(eligible)]
        top = self.spec.universe.top_n
        if top is None or len(columns) <= top:
            return columns
        if panel.quote_volume is None:
            raise DataError(
                "The universe is the top assets by volume, but no volumes were given.",
                hint="Pass volumes to the backtest, or list the symbols in the universe.",
            )
        # the one rule (``policy.universe``): the mean quote volume of the VOLUME_DAYS closes
        # before `day`, which the panel keeps for every row (no look-ahead)
        volume = panel.quote_volume[day]
        chosen = set(top_by_volume({panel.assets[c]: float(volume[c]) for c in columns}, top))
        return [c for c in columns if panel.assets[c] in chosen]

    def _sentiment(self, panel: Panel, day: int) -> Mapping[str, float] | None:
        return self._reading(self.sentiment, panel, day, SENTIMENT)

    def _flow(self, panel: Panel, day: int) -> Mapping[str, float] | None:
        return self._reading(self.exchange_flow, panel, day, FLOW)

    @staticmethod
    def _reading(
        table: pd.DataFrame | None, panel: Panel, day: int, rule: InputRule
    ) -> Mapping[str, float] | None:
        """The scores the one policy's input rule (:mod:`assistant.policy.inputs`) lets the
        decision on the close before ``day`` use; {} when none is known or it is stale."""
        if table is None:
            return None
        decided_on = pd.Timestamp(panel.dates[day]) - pd.Timedelta(days=1)
        return known_reading(table, decided_on, rule).scores or {}
