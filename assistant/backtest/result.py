"""The outcome of one backtest: curves, metrics, every rebalance and risk event, every warning.

A :class:`BacktestResult` is what the CLI prints, the agent's tool returns and the HTML report
draws. Its :attr:`~BacktestResult.fingerprint` is the sha256 of the equity curve's float64 bytes:
two runs with the same inputs must give the same fingerprint (tests/backtest checks it), which is
what makes a quoted number reproducible. A result is never edited after the run: it is frozen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from assistant.policy.risk import RiskEvent

from .metrics import Metrics
from .records import RebalanceRecord

__all__ = ["BacktestResult", "fingerprint"]


def fingerprint(equity: pd.Series) -> str:
    """sha256 of the equity values as contiguous little-endian float64 bytes."""
    data = np.ascontiguousarray(equity.to_numpy(dtype=np.float64)).astype("<f8", copy=False)
    return hashlib.sha256(data.tobytes()).hexdigest()


@dataclass(frozen=True)
class BacktestResult:
    """One strategy over one period. ``weights`` has a column per asset plus one for cash."""

    name: str
    equity: pd.Series
    weights: pd.DataFrame
    metrics: Metrics
    rebalances: list[RebalanceRecord] = field(default_factory=list)
    events: list[RiskEvent] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    #: the fees of the sells of each day a risk exit (stop-loss, take-profit, the drawdown
    #: halt) or a delisting closed positions: trades that are not rebalances
    exit_fees: dict[pd.Timestamp, float] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.equity)

    @property
    def capital(self) -> float:
        """The capital the run started with (before the first day's trades)."""
        given = self.settings.get("capital")
        return float(given) if given else float(self.equity.iloc[0])

    @property
    def quote(self) -> str:
        return str(self.settings.get("quote", ""))

    @property
    def growth(self) -> pd.Series:
        """Equity over the starting capital: what 1 unit became. Runs with different capital
        compare on this, never on absolute equity."""
        return self.equity / self.capital

    @property
    def drawdown(self) -> pd.Series:
        """Equity over its running high, minus 1 (0 at a new high, negative below it)."""
        return self.equity / self.equity.cummax() - 1.0

    def to_dict(self, *, curves: bool = False) -> dict[str, Any]:
        """A JSON-safe summary (for ``--json`` and tools); ``curves`` adds the daily series."""
        data: dict[str, Any] = {
            "name": self.name,
            "metrics": self.metrics.model_dump(mode="json"),
            "rebalances": [r.model_dump(mode="json") for r in self.rebalances],
            "events": [e.model_dump(mode="json") for e in self.events],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "settings": dict(self.settings),
            "fingerprint": self.fingerprint,
        }
        if curves:
            dates = [d.date().isoformat() for d in pd.DatetimeIndex(self.equity.index)]
            data["equity"] = dict(zip(dates, self.equity.astype(float).tolist(), strict=True))
            data["weights"] = {
                str(col): dict(zip(dates, self.weights[col].astype(float).tolist(), strict=True))
                for col in self.weights.columns
            }
        return data
