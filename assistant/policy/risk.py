"""Risk rules shared by the backtester and the live engine, and the event each firing records.

Definitions (every comparison is inclusive, so a loss exactly at the limit fires):

- **stop-loss** (per position): fires when an asset's close is at or below
  ``entry * (1 - stop_loss)``, ``entry`` being the position's average cost. The whole position is
  sold and its target weight goes to cash until the next rebalance refits the allocation.
- **take-profit** (per position), as 3Commas and Coinrule define it: fires when an asset's close
  is at or above ``entry * (1 + take_profit)``. ``take_profit_sell`` of the position is sold
  (1, the default, closes it) and its target weight shrinks by the same share until the next
  rebalance refits the allocation. What is left of a partly sold position counts as bought at
  that day's close, so the next take-profit needs another ``take_profit`` gain from there (and
  its stop-loss is measured from there too). A stop-loss that fires on the same close wins.
- **max-drawdown halt** (portfolio): fires when equity is at or below
  ``high_water * (1 - max_drawdown)``. Everything is sold, trading halts for ``cooldown_days``,
  then a fresh allocation is bought and the high-water mark restarts from that day's equity.
- **daily loss limit** (portfolio): fires when equity is at or below ``previous * (1 - limit)``,
  ``previous`` being the close before plus any money contributed since (a contribution is not a
  gain, and must not hide a loss).
  Trading pauses for the next day (no rebalance buys into the fall); holdings are kept, and the
  rebalance that was due happens the day after. Risk exits (stop-loss, halt) still run.
- **max turnover** (per rebalance): when a rebalance would trade more than ``cap`` of the
  portfolio (buys plus sells over value), every order is scaled by ``cap / wanted``. The first
  funding of an empty account is not capped.
- **volatility target**: when the optimizer's weights have an ex-ante annualized volatility above
  the target (sample covariance of the lookback's daily returns, times 365), the risky weights
  are scaled by ``target / vol`` and the rest is held as cash.

A rule is observed on day t's close and acts on day t + 1 (see ``simulate``). The functions take
plain numbers or numpy arrays, so the engine can call them on one portfolio and the backtester on
a block of days with the very same arithmetic. They must never read a clock, a file or the
market: the caller passes every number in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict

from assistant.domain import Risk, UserInputError

__all__ = [
    "PERIODS_PER_YEAR",
    "RiskEvent",
    "RiskLimits",
    "RiskRule",
    "daily_loss_breached",
    "drawdown_breached",
    "stop_level",
    "stop_loss_hit",
    "take_profit_hit",
    "turnover_scale",
    "volatility_scale",
]

#: Crypto trades every calendar day.
PERIODS_PER_YEAR = 365

Floats = npt.NDArray[np.float64]
RiskRule = Literal[
    "stop_loss",
    "take_profit",
    "max_drawdown",
    "daily_loss_limit",
    "max_turnover",
    "volatility_target",
    "delisted",
]


class RiskEvent(BaseModel):
    """One firing of a rule: when, which rule, on which asset (None for the whole portfolio)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: datetime
    rule: RiskRule
    asset: str | None
    reason: str


@dataclass(frozen=True)
class RiskLimits:
    """The spec's risk section plus the cooldown; None switches a rule off."""

    stop_loss: float | None = None
    max_drawdown: float | None = None
    daily_loss_limit: float | None = None
    max_turnover: float | None = None
    volatility_target: float | None = None
    cooldown_days: int = 30
    take_profit: float | None = None
    take_profit_sell: float = 1.0

    def __post_init__(self) -> None:
        if self.cooldown_days < 1:
            raise UserInputError(
                f"cooldown_days must be at least 1; got {self.cooldown_days}.",
                hint="Use for example cooldown_days=30.",
            )

    @classmethod
    def from_spec(
        cls, risk: Risk, *, max_turnover: float | None, cooldown_days: int = 30
    ) -> RiskLimits:
        return cls(
            stop_loss=risk.stop_loss,
            max_drawdown=risk.max_drawdown,
            daily_loss_limit=risk.daily_loss_limit,
            max_turnover=max_turnover,
            volatility_target=risk.volatility_target,
            cooldown_days=cooldown_days,
            take_profit=risk.take_profit,
            take_profit_sell=risk.take_profit_sell,
        )

    @property
    def exits_armed(self) -> bool:
        """Whether a per-position exit (stop-loss, take-profit) can fire."""
        return self.stop_loss is not None or self.take_profit is not None


def stop_level(entry: float | Floats, stop_loss: float) -> float | Floats:
    """The price at or below which a position bought at ``entry`` is stopped out."""
    return entry * (1.0 - stop_loss)


def stop_loss_hit(
    price: float | Floats, entry: float | Floats, stop_loss: float | None
) -> bool | npt.NDArray[np.bool_]:
    """True where a held position's price has fallen to its stop level (entry must be > 0)."""
    if stop_loss is None:
        return np.zeros(np.shape(price), dtype=bool) if np.ndim(price) else False
    held = np.asarray(entry) > 0.0
    hit = held & (np.asarray(price) <= stop_level(entry, stop_loss))
    return hit if np.ndim(hit) else bool(hit)


def take_profit_hit(
    price: float | Floats, entry: float | Floats, take_profit: float | None
) -> bool | npt.NDArray[np.bool_]:
    """True where a held position's price has risen to ``entry * (1 + take_profit)``."""
    if take_profit is None:
        return np.zeros(np.shape(price), dtype=bool) if np.ndim(price) else False
    held = np.asarray(entry) > 0.0
    hit = held & (np.asarray(price) >= np.asarray(entry) * (1.0 + take_profit))
    return hit if np.ndim(hit) else bool(hit)


def drawdown_breached(
    equity: float | Floats, high_water: float | Floats, max_drawdown: float | None
) -> bool | npt.NDArray[np.bool_]:
    """True where equity has fallen ``max_drawdown`` or more below its high-water mark."""
    if max_drawdown is None:
        return np.zeros(np.shape(equity), dtype=bool) if np.ndim(equity) else False
    hit = np.asarray(equity) <= np.asarray(high_water) * (1.0 - max_drawdown)
    return hit if np.ndim(hit) else bool(hit)


def daily_loss_breached(
    equity: float | Floats, previous: float | Floats, limit: float | None
) -> bool | npt.NDArray[np.bool_]:
    """True where one period's loss reaches ``limit``: ``equity <= previous * (1 - limit)``."""
    if limit is None:
        return np.zeros(np.shape(equity), dtype=bool) if np.ndim(equity) else False
    hit = np.asarray(equity) <= np.asarray(previous) * (1.0 - limit)
    return hit if np.ndim(hit) else bool(hit)


def turnover_scale(wanted: float, cap: float | None) -> float:
    """The factor every order is scaled by so the rebalance trades at most ``cap`` (1 = none)."""
    if cap is None or wanted <= cap or wanted <= 0.0:
        return 1.0
    return cap / wanted


def volatility_scale(
    weights: Floats, returns: Floats, target: float | None, *, periods: int = PERIODS_PER_YEAR
) -> tuple[float, float]:
    """``(scale, vol)``: the factor for the risky weights so their ex-ante volatility is at most
    ``target``, and that volatility before scaling. ``returns`` is periods x assets (simple)."""
    if weights.size == 0 or returns.shape[0] < 2:
        return 1.0, float("nan")
    centred = returns - returns.mean(axis=0)
    cov = centred.T @ centred / (returns.shape[0] - 1)
    vol = float(np.sqrt(max(float(weights @ cov @ weights), 0.0) * periods))
    if target is None or vol <= target or vol == 0.0:
        return 1.0, vol
    return target / vol, vol
