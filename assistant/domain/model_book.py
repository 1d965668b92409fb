"""The model book and the buys that fit: one rule for how a simulated order fills, everywhere.

A backtest cannot walk a real order book, so it prices orders on a model of one: a book of
uniform depth that holds ``depth`` quote (valued at the mid) per unit of relative price offset on
each side, starting ``half_spread`` (a fraction) away from the mid. Walking it for an order worth
``m`` at the mid costs, on average, a fraction

    impact(m) = half_spread + m / (2 * depth)

of the mid per unit, so a buy of ``m`` at the mid pays ``m * (1 + impact)`` and a sell of ``m``
receives ``m * (1 - impact)`` (integrate the book from its edge to ``m / depth``). Without a
depth (0 or unknown) only the half spread applies. The fee is the venue's rate times that quote
amount.

**One rule for every side that simulates.** The backtest's compiled fill
(``backtest/kernels.py``) compiles :func:`impact` and :func:`quote_for` themselves, and
:func:`~assistant.domain.market.walk_book` uses them on a book that carries a model
(``OrderBook.model``: the replay market's), which is what the planner estimates with and the
paper broker fills with. So a replayed fill has the backtest's quantity, price and cost to the
last bits of float64: not a second formula kept in step with the first.

**No rounding here.** A simulated fill reaches no exchange, so neither side rounds its quote
amounts (the backtest keeps float64; the paper broker keeps the exact Decimal of the same float).
Money that reaches a real exchange is rounded to the market's precision by the planner and the
exchange reports its own fills; that path never walks a model.

**The buys that fit.** When cash plus sale proceeds cannot pay for every buy with its fee, every
buy shrinks by one factor, ``budget / spend`` less a margin (:func:`fit_margin_exponent`), and
the buys are sized and costed again until they fit: the planner (in Decimal) and the backtest
(in float64) take the same passes, so they land on the same buys.

Pure float arithmetic with no imports: numba compiles these functions as they are, so nothing
here may use a library or an object. numba's cache keys the compiled kernels on
``backtest/kernels.py`` alone: after editing this file in a checkout, touch that one too (a stale
cache makes ``tests/backtest/test_kernels.py`` fail, as the kernels then differ from the
Python rule here).
"""

from __future__ import annotations

import sys

__all__ = ["FIT_PASSES", "fit_margin_exponent", "impact", "quote_for", "sell_capacity"]

#: Passes of the buys' fit; buys that still do not fit after them are not sent.
FIT_PASSES = 40

#: What an infinite impact is clamped to (numpy's ``nan_to_num`` of an infinity: the largest
#: finite float), so an order on a book of vanishing depth costs a huge but finite amount.
_BIGGEST = sys.float_info.max


def impact(mid_notional: float, half_spread: float, depth: float) -> float:
    """The fraction of the mid an order worth ``mid_notional`` (at the mid) loses per unit.

    ``half_spread`` is a fraction (2 bps is 0.0002); ``depth`` is the book's quote per unit of
    relative price offset (0 or NaN: unknown, the half spread alone). A NaN impact counts as
    none, an infinite one as the largest float."""
    if depth > 0.0:
        walked = mid_notional / (2.0 * depth)
        if walked != walked:
            walked = 0.0
        elif walked > _BIGGEST:
            walked = _BIGGEST
        elif walked < -_BIGGEST:
            walked = -_BIGGEST
        return half_spread + walked
    return half_spread + 0.0


def quote_for(mid_notional: float, slip: float, buy: bool) -> float:
    """The quote a fill of ``mid_notional`` at impact ``slip`` pays (buy) or receives (sell),
    before the fee."""
    if buy:
        return mid_notional * (1.0 + slip)
    return mid_notional * (1.0 - slip)


def sell_capacity(half_spread: float, depth: float) -> float:
    """The most a sell can take at the mid before the book's bids reach a price of zero
    (``depth * (1 - half_spread)``); infinite without a depth (the half spread alone)."""
    if depth > 0.0:
        return depth * (1.0 - half_spread)
    return float("inf")


def fit_margin_exponent(attempt: int) -> int:
    """The buys' fit shrinks them to the budget less a margin of ``10 ** this`` on pass
    ``attempt`` (from 0): 1e-12 first, which lands within rounding of what the cash can pay;
    tenfold wider each pass after (the model's cost is a little convex in an order's size, and
    a quantity rounded to a market's step can still overshoot), 0.1% from the tenth pass on, so
    the loop always ends. Each pass shrinks by at most half."""
    return min(attempt - 12, -3)
