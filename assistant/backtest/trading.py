"""One rebalance in float arithmetic, following the planner's rules order by order.

``portfolio/planner.py`` turns targets into exact Decimal orders against a live order book; a
backtest replays thousands of days, so this module applies the same rules to float64 arrays:

- **Net orders only**: each asset trades the difference between its target value and its
  holding, valued at the day's close (the mid).
- **Turnover cap** (``risk.turnover_scale``): all orders shrink together when the rebalance would
  trade more than ``max_turnover`` of the portfolio.
- **Minimum notional**: an order worth less than ``costs.min_notional`` is not sent.
- **Sells first, then buys that fit**: a sell of value ``q`` receives ``q (1 - slip)`` minus the
  fee on that; buys spend their value plus the fee, and when cash plus sale proceeds cannot pay
  for them all, every buy is scaled by the same factor (the planner's "buys were scaled" note).
  A buy of value ``q`` at slippage ``s`` receives ``q / (price (1 + s))`` units.
- An asset with no real close that day (a data gap, or delisted) is not traded.

It never decides *whether* to rebalance (``rules``) or what the targets are (``policy``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .costs import Costs
from .risk import turnover_scale

__all__ = ["Book", "Fill", "rebalance", "sell_all"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

#: ``ndarray.sum`` without its Python wrapper: the same ufunc reduction, the same bits, and
#: a rebalance sums eight times.
_total = np.add.reduce


@dataclass
class Book:
    """Holdings in units, cash in quote, and each position's average cost (0 when flat)."""

    units: Floats
    cash: float
    entry: Floats

    def value(self, prices: Floats) -> float:
        return float(self.cash + (self.units * prices).sum())


@dataclass(frozen=True)
class Fill:
    """What one rebalance did: traded value over portfolio value, costs, orders sent/skipped."""

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
    """Move ``book`` toward ``targets`` (weights of the portfolio value, cash the rest) in place."""
    held = book.units * prices
    value = float(book.cash + _total(held))
    if value <= 0.0:
        return Fill(value, 0.0, 0.0, 0.0, 0, 0, 1.0, 0.0)
    delta = targets * value - held
    if not np.logical_and.reduce(tradable):
        delta[~tradable] = 0.0
    size = np.abs(delta)
    wanted = float(_total(size)) / value
    scale = turnover_scale(wanted, max_turnover)
    if scale < 1.0:
        delta *= scale
        size *= scale
    skipped = 0
    if costs.min_notional > 0.0:
        small = (size < costs.min_notional) & (size > 0.0)
        skipped = int(small.sum())
        if skipped:
            delta[small] = 0.0
    fee = costs.fee_rate
    sells, buys = np.maximum(-delta, 0.0), np.maximum(delta, 0.0)
    selling = sells > 0.0

    sold, bought, cost = np.zeros((3, len(delta)))  # what no order touches stays 0

    slip_sell = _slippage(costs, sells, volume)
    received = float(_total(sells * (1.0 - slip_sell)))
    np.divide(sells, prices, out=sold, where=selling)
    book.units = np.where(selling, np.maximum(book.units - sold, 0.0), book.units)
    book.entry = np.where(book.units > 0.0, book.entry, 0.0)
    book.cash += received * (1.0 - fee)

    paid = float(_total(buys))
    spend = paid * (1.0 + fee)
    if spend > book.cash and spend > 0.0:
        buys *= max(book.cash, 0.0) / spend
        paid = float(_total(buys))
    buying = buys > 0.0
    slip_buy = _slippage(costs, buys, volume)
    np.divide(buys, prices * (1.0 + slip_buy), out=bought, where=buying)
    units = book.units + bought
    np.divide(book.units * book.entry + buys, units, out=cost, where=buying)
    book.entry = np.where(buying, cost, book.entry)
    book.units = units
    book.cash -= paid * (1.0 + fee)
    return Fill(
        value_before=value,
        traded=float(_total(sells)) + paid,
        fees=(received + paid) * fee,
        slippage=float(_total(sells * slip_sell) + _total(bought * prices * slip_buy)),
        orders=int(np.count_nonzero(selling) + np.count_nonzero(buying)),
        skipped=skipped,
        scale=scale,
        wanted_turnover=wanted,
    )


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


def _slippage(costs: Costs, notional: Floats, volume: Floats | None) -> float | Floats:
    """``costs.slippage`` per order; without volumes it is the half spread for every order,
    kept as one number (the same products and sums as an array of it, fewer array passes)."""
    if volume is None:
        return costs.half_spread_bps / 10_000.0
    return costs.slippage(notional, volume)
