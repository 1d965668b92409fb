"""What a trade costs in a backtest: the exchange fee and slippage from a model order book.

**Fee**: ``fee_bps`` of the traded notional (10 bps = 0.1%, Binance's spot taker fee), charged
in the quote currency on every buy and sell, as the planner charges ``taker_fee``.

**Slippage** walks a model book (``domain/model_book.py``, the one rule the paper broker fills
with in a replay). The book is uniform: it holds ``depth_share`` of the asset's average daily
quote volume within each 1% of price on each side, starting half a spread away from the mid.
Buying or selling ``q`` units worth ``m = q * mid`` then fills on average at

    mid * (1 +/- (half_spread + m / (2 * D))),   D = 100 * depth_share * daily_quote_volume

so slippage grows linearly with the order's size relative to the market's volume, as walking a
real book does (``domain.walk_book``). A buy meant to spend ``b`` gets ``b / (mid * (1 +
slippage(b)))`` units, as the planner sizes it, and pays what those units cost on the book.
Without volumes only the half spread applies. The daily quote volume is the mean of the 30 days
before the trade (never the trade day's own volume).

**Minimum notional**: an order worth less than ``min_notional`` quote is not sent (as the planner
marks it unexecutable); the position keeps its drift until a later rebalance.

A model, not a quote: it must never be shown as the cost a live order will pay (the planner walks
the real book for that).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from assistant.domain import UserInputError, model_book

__all__ = ["Costs"]

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Costs:
    """Fee, model-book slippage and minimum order size; all fractions are plain numbers."""

    fee_bps: float = 10.0
    half_spread_bps: float = 2.0
    depth_share: float = 0.001
    min_notional: float = 10.0

    def __post_init__(self) -> None:
        problems = []
        if not 0.0 <= self.fee_bps < 1000.0:
            problems.append(f"fee_bps {self.fee_bps:g} must be in 0..1000 (10 means 0.1%)")
        if not 0.0 <= self.half_spread_bps < 1000.0:
            problems.append(f"half_spread_bps {self.half_spread_bps:g} must be in 0..1000")
        if not self.depth_share > 0.0:
            problems.append(f"depth_share {self.depth_share:g} must be above 0")
        if self.min_notional < 0.0:
            problems.append(f"min_notional {self.min_notional:g} must not be negative")
        if problems:
            raise UserInputError("; ".join(problems) + ".", hint="Fix the cost settings.")

    @property
    def fee_rate(self) -> float:
        return self.fee_bps / 10_000.0

    @cached_property
    def as_array(self) -> Floats:
        """``(fee rate, half spread bps, depth share, min notional)``, read-only, as the compiled
        rebalance (``kernels.fill_orders``) takes them: one array instead of four arguments."""
        packed = np.array(
            [self.fee_rate, self.half_spread_bps, self.depth_share, self.min_notional]
        )
        packed.flags.writeable = False
        return packed

    def slippage(self, notional: Floats, daily_quote_volume: Floats | None) -> Floats:
        """Fraction of the mid lost per unit traded, for each order's absolute notional at the
        mid: ``model_book.impact`` order by order (the rule the compiled fill compiles)."""
        half = self.half_spread_bps / 10_000.0
        if daily_quote_volume is None:
            return np.full(notional.shape, half)
        sizes, depth = np.broadcast_arrays(notional, 100.0 * self.depth_share * daily_quote_volume)
        impacts = [
            model_book.impact(m, half, d)
            for m, d in zip(sizes.ravel().tolist(), depth.ravel().tolist(), strict=True)
        ]
        return np.array(impacts, dtype=np.float64).reshape(sizes.shape)
