"""The shapes of the functions the policy is handed: the optimizer and the signal tilts.

The policy sits below ``portfolio`` and ``signals`` in the layer contract (so that the
backtester, beside them, can reach it), and so it cannot import them. The engine passes
``portfolio.allocate`` and ``signals.apply_tilts`` (``engine/strategy.py``), and so does every
backtest the engine runs: one optimizer and one set of tilts for every mode.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

import pandas as pd

from assistant.domain import SignalTilts, TargetAllocation

__all__ = ["Allocator", "TiltOutcome", "Tilter"]


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
