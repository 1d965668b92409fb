"""The backtest's hot loops written with numpy calls, as they were before ``kernels`` compiled
them: the reference the compiled versions must match to the bit (``test_kernels.py``)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from assistant.backtest.costs import Costs
from assistant.backtest.trading import Book, Fill
from assistant.domain import model_book
from assistant.policy.risk import turnover_scale
from assistant.policy.rules import drift_fires

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
_total = np.add.reduce


def scan(
    priced: Floats, units: Floats, aims: Floats | None, threshold: float
) -> tuple[Floats, Floats, int]:
    """Equity and weights of every row, and the first row the drift rule fires on (-1: none)."""
    held = priced * units
    value = np.add.reduce(held, axis=1)
    weights = held / value[:, None]
    if aims is None:
        return value, weights, -1
    gaps = np.abs(weights - aims)
    for row in range(len(gaps)):
        if drift_fires(float(np.maximum.reduce(gaps[row])), threshold):
            return value, weights, row
    return value, weights, -1


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
    held = book.units * prices
    value = float(book.cash + _total(held))
    if value <= 0.0:
        return Fill(value, 0.0, 0.0, 0.0, 0, 0, 1.0, 0.0)
    delta = targets * value - held
    delta[~tradable] = 0.0
    size = np.abs(delta)
    wanted = float(_total(size)) / value
    scale = turnover_scale(wanted, max_turnover)
    if scale < 1.0:
        delta *= scale
        size *= scale
    fee = costs.fee_rate
    sells, buys = np.maximum(-delta, 0.0), np.maximum(delta, 0.0)
    slip_sell = costs.slippage(sells, volume)
    proceeds = sells * (1.0 - slip_sell)
    small = (proceeds < costs.min_notional) & (sells > 0.0)
    skipped = int(small.sum())
    sells[small] = 0.0
    proceeds[small] = 0.0
    selling = sells > 0.0
    sold = np.zeros(len(delta))
    received = float(_total(proceeds))
    np.divide(sells, prices, out=sold, where=selling)
    book.units = np.where(selling, np.maximum(book.units - sold, 0.0), book.units)
    book.entry = np.where(book.units > 0.0, book.entry, 0.0)
    book.cash += received * (1.0 - fee)
    bought, cost, mids, slip_buy, tiny = _buy(buys, prices, costs, volume)
    paid = float(_total(cost))
    fitted = False
    for attempt in range(model_book.FIT_PASSES):
        spend = paid * (1.0 + fee)
        if not (spend > book.cash and spend > 0.0):
            fitted = True
            break
        margin = 10.0 ** model_book.fit_margin_exponent(attempt)
        buys *= max(0.5, min(1.0, book.cash / spend) * (1.0 - margin))
        bought, cost, mids, slip_buy, tiny = _buy(buys, prices, costs, volume)
        paid = float(_total(cost))
    if not fitted:
        tiny = int((buys > 0.0).sum())
        bought, cost, mids = np.zeros((3, len(buys)))
        paid = float(_total(cost))
    skipped += tiny
    buying = bought > 0.0
    units = book.units + bought
    entry = np.zeros(len(delta))
    np.divide(book.units * book.entry + cost, units, out=entry, where=buying)
    book.entry = np.where(buying, entry, book.entry)
    book.units = units
    book.cash -= paid * (1.0 + fee)
    return Fill(
        value_before=value,
        traded=float(_total(sells)) + paid,
        fees=(received + paid) * fee,
        slippage=float(_total(sells * slip_sell) + _total(mids * slip_buy)),
        orders=int(np.count_nonzero(selling) + np.count_nonzero(buying)),
        skipped=skipped,
        scale=scale,
        wanted_turnover=wanted,
    )


def _buy(
    buys: Floats, prices: Floats, costs: Costs, volume: Floats | None
) -> tuple[Floats, Floats, Floats, Floats, int]:
    """``(units, cost, value at the mid, slippage, not sent)`` of buys meant to spend ``buys``:
    sized as the planner sizes them, costed on the model book, those costing less than the
    minimum order not sent."""
    buying = buys > 0.0
    bought = np.zeros(len(buys))
    slip = costs.slippage(buys, volume)
    np.divide(buys, prices * (1.0 + slip), out=bought, where=buying)
    mids = np.where(buying, bought * prices, 0.0)
    slip = costs.slippage(mids, volume)
    cost = np.where(buying, mids * (1.0 + slip), 0.0)
    small = (cost < costs.min_notional) & buying
    bought[small], cost[small], mids[small] = 0.0, 0.0, 0.0
    return bought, cost, mids, slip, int(small.sum())
