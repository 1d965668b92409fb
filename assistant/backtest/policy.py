"""Where target weights come from at a rebalance: the spec's optimizer, fixed weights, or 1/N.

The backtester may not import ``portfolio`` or ``signals`` (they are its siblings in the layer
contract), so the optimizer and the tilts are passed in as functions with the shapes of
``portfolio.allocate`` and ``signals.apply_tilts``. The engine passes exactly those, which is what
makes a backtest run the same code as a live rebalance.

A policy sees only the closes up to the day before the trade (``window`` ends at row ``day - 1``)
and only the assets that were eligible then; it never sees the trade day or anything later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.domain import DataError, SignalTilts, StrategySpec, TargetAllocation

from .panel import Panel, day_label
from .risk import volatility_scale

__all__ = [
    "Allocator",
    "EqualWeights",
    "FixedWeights",
    "SpecPolicy",
    "Target",
    "TargetPolicy",
    "TiltOutcome",
    "Tilter",
]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class Allocator(Protocol):
    """The shape of ``portfolio.allocate``."""

    def __call__(
        self,
        closes: pd.DataFrame,
        *,
        objective: str,
        linkage: str,
        min_weight: float,
        max_weight: float,
        cash_reserve: float,
        exclude: Collection[str],
        lookback_days: int,
    ) -> TargetAllocation: ...


class TiltOutcome(Protocol):
    @property
    def weights(self) -> Mapping[str, float]: ...

    @property
    def notes(self) -> Sequence[str]: ...


class Tilter(Protocol):
    """The shape of ``signals.apply_tilts``."""

    def __call__(
        self,
        weights: Mapping[str, float],
        closes: pd.DataFrame,
        tilts: SignalTilts,
        *,
        max_weight: float,
        sentiment: Mapping[str, float] | None,
        exchange_flow: Mapping[str, float] | None = None,
    ) -> TiltOutcome: ...


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
    #: Daily exchange-flow scores (dates x assets), used one day late: see :meth:`_flow`.
    exchange_flow: pd.DataFrame | None = None
    _cache: list[tuple[pd.DataFrame, tuple[int, ...], pd.DataFrame]] = field(
        default_factory=list, compare=False, repr=False
    )

    def target(self, panel: Panel, day: int, eligible: Bools) -> Target:
        spec, c = self.spec, self.spec.constraints
        lookback = self.lookback_days or spec.lookback_days
        columns = self._universe(panel, day, eligible, lookback)
        window = self._table(panel, columns).iloc[max(0, day - lookback) : day]
        allocation = self.allocator(
            window,
            objective=spec.objective.value,
            linkage=spec.linkage,
            min_weight=c.min_weight,
            max_weight=c.max_weight,
            cash_reserve=c.cash_reserve,
            exclude=list(spec.universe.exclude),
            lookback_days=lookback,
        )
        weights = {a: w for a, w in allocation.weights.items() if a != spec.quote}
        notes = list(allocation.notes)
        if self.tilter is not None and _any_tilt(spec.signals):
            tilted = self.tilter(
                weights,
                window,
                spec.signals,
                max_weight=c.max_weight,
                sentiment=self._sentiment(panel, day),
                exchange_flow=self._flow(panel, day),
            )
            weights, notes = dict(tilted.weights), notes + list(tilted.notes)
        vector = np.zeros(len(panel.assets))
        index = {a: i for i, a in enumerate(panel.assets)}
        for asset, w in weights.items():
            vector[index[asset]] = w
        scaled = self._vol_target(window, vector, columns)
        if scaled is not None:
            vector, note = scaled
            return Target(vector, notes, note)
        return Target(vector, notes)

    def _table(self, panel: Panel, columns: list[int]) -> pd.DataFrame:
        """The closes of these columns; kept, since the set changes only when assets join."""
        key = tuple(columns)
        if not self._cache or self._cache[0][0] is not panel.closes or self._cache[0][1] != key:
            self._cache[:] = [(panel.closes, key, panel.closes.iloc[:, columns])]
        return self._cache[0][2]

    def _universe(self, panel: Panel, day: int, eligible: Bools, lookback: int) -> list[int]:
        columns = [int(i) for i in np.flatnonzero(eligible)]
        top = self.spec.universe.top_n
        if top is None or len(columns) <= top:
            return columns
        if panel.quote_volume is None:
            raise DataError(
                "The universe is the top assets by volume, but no volumes were given.",
                hint="Pass volumes to the backtest, or list the symbols in the universe.",
            )
        # The volume known before `day`, averaged over the lookback: no look-ahead.
        recent = np.nan_to_num(panel.quote_volume[max(0, day - lookback + 1) : day + 1])
        mean = recent[:, columns].mean(axis=0)
        ranked = sorted(zip(columns, mean, strict=True), key=lambda cv: (-cv[1], cv[0]))
        return sorted(c for c, _ in ranked[:top])

    def _sentiment(self, panel: Panel, day: int) -> Mapping[str, float] | None:
        if self.sentiment is None:
            return None
        known = self.sentiment.loc[self.sentiment.index < panel.dates[day]]
        if known.empty:
            return {}
        row = known.iloc[-1]
        return {str(a).upper(): float(v) for a, v in row.items() if pd.notna(v)}

    def _flow(self, panel: Panel, day: int) -> Mapping[str, float] | None:
        """Scores of days at least two days before the trade day: a day's on-chain figures are
        published after it ends, so the day before the trade may not be known at its close."""
        if self.exchange_flow is None:
            return None
        cutoff = pd.Timestamp(panel.dates[day]).tz_localize(None) - pd.Timedelta(days=1)
        index = pd.DatetimeIndex(self.exchange_flow.index)
        known = self.exchange_flow.loc[(index.tz_localize(None) if index.tz else index) < cutoff]
        if known.empty:
            return {}
        row = known.iloc[-1]
        return {str(a).upper(): float(v) for a, v in row.items() if pd.notna(v)}

    def _vol_target(
        self, window: pd.DataFrame, vector: Floats, columns: list[int]
    ) -> tuple[Floats, str] | None:
        goal = self.spec.risk.volatility_target
        if goal is None or not columns:
            return None
        prices = window.dropna().to_numpy()
        returns = prices[1:] / prices[:-1] - 1.0
        scale, vol = volatility_scale(vector[columns], returns, goal)
        if scale >= 1.0:
            return None
        note = (
            f"ex-ante volatility {vol:.0%} is above the {goal:.0%} target (covariance of "
            f"{len(returns)} daily returns to {day_label(window.index[-1])}), so the risky "
            f"weights were scaled to {scale:.0%} and the rest is held as cash"
        )
        return vector * scale, note


def _any_tilt(tilts: SignalTilts) -> bool:
    return (
        tilts.momentum > 0.0
        or tilts.mean_reversion > 0.0
        or tilts.sentiment > 0.0
        or tilts.exchange_flow > 0.0
    )
