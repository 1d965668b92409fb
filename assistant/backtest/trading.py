"""One rebalance in float arithmetic, following the planner's rules order by order.

``portfolio/planner.py`` turns targets into exact Decimal orders against a live order book; a
backtest replays thousands of days, so this module applies the same rules to float64 arrays:

- **Net orders only**: each asset trades the difference between its target value and its
  holding, valued at the day's close (the mid).
- **Turnover cap** (``risk.turnover_scale``): all orders shrink together when the rebalance would
  trade more than ``max_turnover`` of the portfolio.
- **Minimum notional**: an order is not sent when a sell would bring in, or a buy (after the fit
  below) would cost, less than ``costs.min_notional``, as the planner checks its walked orders.
- **Sells first, then buys that fit**: a sell of value ``q`` receives ``q (1 - slip)`` minus the
  fee on that. A buy of value ``q`` at slippage ``s`` gets ``q / (price (1 + s))`` units, as the
  planner sizes it, and pays what those units cost on the model book plus the fee; when cash
  plus sale proceeds cannot pay for them all, every buy shrinks by one factor, in the planner's
  passes (the planner's "buys were scaled" note). Both rules are ``domain/model_book.py``'s,
  the ones the paper broker fills with.
- An asset with no real close that day (a data gap, or delisted) is not traded.

It never decides *whether* to rebalance (``rules``) or what the targets are (``policy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from assistant.policy.risk import turnover_scale

from .costs import Costs

__all__ = ["Book", "Fill", "rebalance", "sell_all", "sell_part"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


@dataclass
class Book:
    """Holdings in units, cash in quote, and each position's average cost (0 when flat)."""

    units: Floats
    cash: float
    entry: Floats

    def value(self, prices: Floats) -> float:
        return float(self.cash + (self.units * prices).sum())


class Fill(NamedTuple):
    """What one rebalance did: traded value over portfolio value, costs, orders sent/skipped.

    A named tuple rather than a frozen dataclass: as immutable, and built in a quarter of the
    time (a frozen dataclass sets each field through ``object.__setattr__``), once per
    rebalance."""

    value_before: float
    traded: float
    fees: float
    slippage: float
    orders: int
    skipped: int
    scale: float
    wanted_turnover: float

    @property
    def turnover(self) -> float:
        return self.traded / self.value_before if self.value_before > 0.0 else 0.0


def rebalance(
    book: Book,
    targets: Floats,
    prices: Floats,
    tradable: Bools,
    costs: Costs,
    *,
    volume: Floats | None,
    max_turnover: float | None,
) -> Fill:
    """Move ``book`` toward ``targets`` (weights of the portfolio value, cash the rest) in place.

    The arithmetic runs compiled (``kernels.net_orders`` and ``kernels.fill_orders``, with the
    same bits as numpy); the turnover cap between them is the rule the live engine uses. With
    no cap there is nothing between them, and one compiled call does both."""
    kernels = _kernels()
    volume = _NO_VOLUME if volume is None else volume
    if max_turnover is None:
        value, wanted, units, entry, cash, traded, fees, slipped, orders, skipped = (
            kernels.net_and_fill(
                book.units, book.entry, book.cash, targets, prices, tradable, volume, costs.as_array
            )
        )
        if value <= 0.0:
            return Fill(value, 0.0, 0.0, 0.0, 0, 0, 1.0, 0.0)
        scale = 1.0
    else:
        value, delta, size, wanted = kernels.net_orders(
            book.units, book.cash, targets, prices, tradable
        )
        if value <= 0.0:
            return Fill(value, 0.0, 0.0, 0.0, 0, 0, 1.0, 0.0)
        scale = turnover_scale(wanted, max_turnover)
        units, entry, cash, traded, fees, slipped, orders, skipped = kernels.fill_orders(
            book.units,
            book.entry,
            book.cash,
            delta,
            size,
            scale,
            prices,
            volume,
            costs.as_array,
        )
    book.units, book.entry, book.cash = units, entry, cash
    return Fill(
        value_before=value,
        traded=traded,
        fees=fees,
        slippage=slipped,
        orders=orders,
        skipped=skipped,
        scale=scale,
        wanted_turnover=wanted,
    )


def _kernels() -> ModuleType:
    """The compiled kernels, imported on the first rebalance (numba loads with the first
    backtest, never at start-up) and kept: an import statement in the function would run the
    import machinery on every rebalance."""
    global _LOADED
    if _LOADED is None:
        from . import kernels

        _LOADED = kernels
    return _LOADED


_LOADED: ModuleType | None = None


#: What the kernels take for "no volumes": only the half spread applies.
_NO_VOLUME = np.empty(0)


def sell_all(book: Book, which: Bools, prices: Floats, costs: Costs, volume: Floats | None) -> Fill:
    """Close the positions in ``which`` entirely (a risk exit: no cap, no minimum notional)."""
    value = book.value(prices)
    notional = np.where(which, book.units * prices, 0.0)
    slip = _slippage(costs, notional, volume)
    received = notional * (1.0 - slip)
    fees = received * costs.fee_rate
    book.cash += float(received.sum() - fees.sum())
    book.units = np.where(which, 0.0, book.units)
    book.entry = np.where(which, 0.0, book.entry)
    return Fill(
        value_before=value,
        traded=float(notional.sum()),
        fees=float(fees.sum()),
        slippage=float((notional * slip).sum()),
        orders=int((notional > 0.0).sum()),
        skipped=0,
        scale=1.0,
        wanted_turnover=float(notional.sum()) / value if value > 0.0 else 0.0,
    )


def sell_part(
    book: Book, share: Floats, prices: Floats, costs: Costs, volume: Floats | None
) -> Fill:
    """Sell ``share`` (0..1) of each position (a take-profit: no cap, no minimum notional). A
    position sold whole is flat; what is left of one sold in part counts as bought at
    ``prices`` (the take-profit's reset, see ``assistant.policy.risk``)."""
    value = book.value(prices)
    notional = book.units * share * prices
    slip = _slippage(costs, notional, volume)
    received = notional * (1.0 - slip)
    fees = received * costs.fee_rate
    book.cash += float(received.sum() - fees.sum())
    sold = share > 0.0
    book.units = book.units * (1.0 - share)
    book.entry = np.where(share >= 1.0, 0.0, np.where(sold, prices, book.entry))
    return Fill(
        value_before=value,
        traded=float(notional.sum()),
        fees=float(fees.sum()),
        slippage=float((notional * slip).sum()),
        orders=int((notional > 0.0).sum()),
        skipped=0,
        scale=1.0,
        wanted_turnover=float(notional.sum()) / value if value > 0.0 else 0.0,
    )


def _slippage(costs: Costs, notional: Floats, volume: Floats | None) -> float | Floats:
    """``costs.slippage`` per order; without volumes it is the half spread for every order,
    kept as one number (the same products and sums as an array of it, fewer array passes)."""
    if volume is None:
        return costs.half_spread_bps / 10_000.0
    return costs.slippage(notional, volume)
