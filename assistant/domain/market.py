"""What a market says about itself: trading rules, prices and depth.

Precision and limits are :class:`~decimal.Decimal` because they decide the exact amounts sent to
an exchange. The order-book walk lives here, beside the book, because both the planner (to
estimate slippage) and the paper broker (to fill) must use the very same arithmetic. A simulated
book may carry a :class:`BookModel` instead of depth in levels (the replay market's): the walk
then follows the model book's rule (``model_book``), the very function the backtest fills with.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from . import model_book
from .errors import DataError

Side = Literal["buy", "sell"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MarketInfo(_Frozen):
    """One tradable pair and its rules, e.g. ``BTC/USDT``."""

    symbol: str
    base: str
    quote: str
    amount_step: Decimal = Field(gt=0, description="quantities are multiples of this")
    price_step: Decimal = Field(gt=0)
    min_amount: Decimal = Field(ge=0)
    min_notional: Decimal = Field(ge=0, description="smallest order value in quote currency")
    taker_fee: Decimal = Field(ge=0, lt=1)
    maker_fee: Decimal = Field(ge=0, lt=1)
    active: bool = True

    def round_amount(self, qty: Decimal) -> Decimal:
        """Round *down* to the amount step: rounding must never exceed what was asked for."""
        if qty <= 0:
            return Decimal(0)
        steps = (qty / self.amount_step).to_integral_value(rounding=ROUND_DOWN)
        return (steps * self.amount_step).normalize() if steps else Decimal(0)


class Ticker(_Frozen):
    symbol: str
    timestamp: datetime
    bid: Decimal = Field(gt=0)
    ask: Decimal = Field(gt=0)
    last: Decimal = Field(gt=0)
    quote_volume: Decimal | None = Field(default=None, ge=0, description="last 24h, in quote")
    simulated: bool = False

    @property
    def mid(self) -> Decimal:
        return (self.bid + self.ask) / 2


class BookLevel(_Frozen):
    price: Decimal = Field(gt=0)
    amount: Decimal = Field(gt=0)


class BookModel(_Frozen):
    """A continuous book of uniform depth around ``mid`` (``model_book``), in float64 because
    the backtest's arithmetic is float64 and a walk of it must give the backtest's bits."""

    mid: float = Field(gt=0)
    half_spread: float = Field(ge=0, description="a fraction of the mid: 0.0002 is 2 bps")
    depth: float = Field(ge=0, description="quote at the mid per unit of relative offset")


class OrderBook(_Frozen):
    """Bids best (highest) first, asks best (lowest) first. ``model``, on a simulated book only,
    is the book the levels are drawn from; a walk then takes the model, not the levels."""

    symbol: str
    timestamp: datetime
    bids: list[BookLevel]
    asks: list[BookLevel]
    simulated: bool = False
    model: BookModel | None = None


class BookWalk(_Frozen):
    """The result of sweeping a book for a market order."""

    filled: Decimal
    cost: Decimal  # quote currency paid (buy) or received (sell), before fees
    average_price: Decimal
    reference_price: Decimal  # the best price on that side before the order
    complete: bool

    @property
    def slippage_cost(self) -> Decimal:
        """Quote currency lost against trading everything at the best price."""
        return abs(self.cost - self.filled * self.reference_price)


def walk_book(book: OrderBook, side: Side, amount: Decimal) -> BookWalk:
    """Sweep the book level by level for a market order of ``amount`` base units (a book with
    a model: the model's rule, :func:`walk_model`)."""
    if book.model is not None:
        return walk_model(book.model, side, amount)
    levels = book.asks if side == "buy" else book.bids
    if not levels:
        raise DataError(
            f"the order book for {book.symbol} has no {'asks' if side == 'buy' else 'bids'}"
        )
    remaining = amount
    cost = Decimal(0)
    for level in levels:
        if remaining <= 0:
            break
        take = min(remaining, level.amount)
        cost += take * level.price
        remaining -= take
    filled = amount - max(remaining, Decimal(0))
    avg = cost / filled if filled > 0 else levels[0].price
    return BookWalk(
        filled=filled,
        cost=cost,
        average_price=avg,
        reference_price=levels[0].price,
        complete=remaining <= 0,
    )


def walk_model(model: BookModel, side: Side, amount: Decimal) -> BookWalk:
    """A market order of ``amount`` base units on a model book: ``model_book``'s rule, in
    float64 as the backtest computes it, kept exact as Decimal (nothing rounded). Buys always
    fill; a sell fills up to where the bids would reach a price of zero."""
    buy = side == "buy"
    touch = model.mid * (1.0 + model.half_spread if buy else 1.0 - model.half_spread)
    mid_notional = float(amount) * model.mid
    complete = True
    filled = amount
    if not buy and mid_notional > model_book.sell_capacity(model.half_spread, model.depth):
        mid_notional = model_book.sell_capacity(model.half_spread, model.depth)
        filled = Decimal(repr(mid_notional / model.mid))
        complete = False
    slip = model_book.impact(mid_notional, model.half_spread, model.depth)
    cost = Decimal(repr(model_book.quote_for(mid_notional, slip, buy)))
    reference = Decimal(repr(touch))
    return BookWalk(
        filled=filled,
        cost=cost,
        average_price=cost / filled if filled > 0 else reference,
        reference_price=reference,
        complete=complete,
    )
