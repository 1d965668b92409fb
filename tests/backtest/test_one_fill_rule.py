"""One fill rule: the backtest's rebalance and a walk of the model book give the same fills.

``domain/model_book.py`` is the rule; the backtest compiles it (``kernels``) and ``walk_book``
follows it on a book that carries a model (the replay market's, which the planner and the paper
broker walk). These tests trade the same orders both ways and compare units, cost and fee.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import numpy as np
import pytest

from assistant.backtest.costs import Costs
from assistant.backtest.trading import Book, rebalance
from assistant.domain import BookLevel, BookModel, OrderBook, model_book, walk_book

MID = 250.0


def _book(costs: Costs, volume: float) -> OrderBook:
    half = costs.half_spread_bps / 10_000.0
    depth = 100.0 * costs.depth_share * volume
    level = BookLevel(price=Decimal("1"), amount=Decimal("1"))  # levels a model book ignores
    return OrderBook(
        symbol="X/USDT",
        timestamp=datetime(2025, 1, 1, tzinfo=UTC),
        bids=[level],
        asks=[level],
        simulated=True,
        model=BookModel(mid=MID, half_spread=half, depth=depth),
    )


@pytest.mark.parametrize("volume", [0.0, 2e5, 5e7])
@pytest.mark.parametrize("side", ["buy", "sell"])
def test_a_backtest_order_fills_as_a_walk_of_the_model_book(side: str, volume: float) -> None:
    costs = Costs(fee_bps=10.0, half_spread_bps=2.0, depth_share=1e-3, min_notional=0.0)
    units = 40.0 if side == "sell" else 0.0
    book = Book(np.array([units]), 20_000.0 - units * MID, np.array([MID if units else 0.0]))
    target = np.array([0.1])  # from 50% in X to 10% (a sell), or from cash to 10% (a buy)
    fill = rebalance(
        book,
        target,
        np.array([MID]),
        np.array([True]),
        costs,
        volume=np.array([volume]),
        max_turnover=None,
    )
    quantity = abs(float(book.units[0]) - units)
    walk = walk_book(_book(costs, volume), side, Decimal(repr(quantity)))  # type: ignore[arg-type]
    fee = walk.cost * Decimal(repr(costs.fee_rate))
    moved = walk.cost + fee if side == "buy" else walk.cost - fee
    assert walk.complete and walk.filled == Decimal(repr(quantity))
    assert float(fee) == pytest.approx(fill.fees, rel=1e-14)
    assert abs(book.cash - (20_000.0 - units * MID)) == pytest.approx(float(moved), rel=1e-14)
    slipped = abs(walk.cost - walk.filled * Decimal(repr(MID)))  # against the mid, as both count
    assert fill.slippage == pytest.approx(float(slipped), rel=1e-9)
    if side == "buy":  # the units the backtest bought cost, on the book, exactly what it paid
        assert float(walk.cost) == fill.traded


def test_the_impact_grows_with_the_order_and_the_half_spread_is_its_floor() -> None:
    assert model_book.impact(1e6, 0.0002, 0.0) == 0.0002  # no depth known: the half spread
    assert model_book.impact(1e6, 0.0002, float("nan")) == 0.0002
    assert model_book.impact(1e6, 0.0002, 1e8) == pytest.approx(0.0002 + 0.005)
    assert model_book.impact(2e6, 0.0002, 1e8) > model_book.impact(1e6, 0.0002, 1e8)


def test_a_sell_past_the_books_depth_is_partly_filled_never_at_a_negative_price() -> None:
    costs = Costs(half_spread_bps=2.0, depth_share=1e-3)
    book = _book(costs, 1e4)  # depth: 1,000 USDT per unit of offset
    walk = walk_book(book, "sell", Decimal(100))  # 25,000 USDT at the mid
    assert not walk.complete and walk.cost > 0
    assert float(walk.filled) * MID == pytest.approx(1000.0 * (1 - 0.0002))
    assert walk_book(book, "buy", Decimal(100)).complete  # asks go up forever


def test_the_buys_fit_takes_the_same_passes_in_decimal_and_float() -> None:
    """The planner's margins and the backtest's are one schedule: tenfold wider each pass, at
    most 0.1%, so the loop ends."""
    exponents = [model_book.fit_margin_exponent(a) for a in range(model_book.FIT_PASSES)]
    assert exponents[0] == -12 and exponents[1] == -11 and max(exponents) == -3
