"""An order fitted to the market's grid before it is sent, or refused here with the reason.

Amounts round *down* to the amount step: an order never asks for more than the plan did. Limit
prices round to the price tick in the direction that never worsens the person's price: a buy
down, a sell up. What is left below the market's minimum amount or minimum order value is dust
and is refused with :class:`OrderRejectedError` before anything is sent, so the exchange never
sees an order it would reject for its size and the person reads which rule and which numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from assistant.domain import MarketInfo, OrderRejectedError, Side

OrderType = Literal["market", "limit"]


@dataclass(frozen=True)
class PreparedOrder:
    """Exactly what is sent: amounts on the grid, as the strings the exchange will receive."""

    symbol: str
    side: Side
    type: OrderType
    amount: Decimal
    price: Decimal | None

    @property
    def amount_text(self) -> str:
        return _plain(self.amount)

    @property
    def price_text(self) -> str | None:
        return None if self.price is None else _plain(self.price)


def _plain(value: Decimal) -> str:
    """No exponent: ``1E-5`` would reach the exchange as a string it may not parse."""
    return format(value.normalize(), "f")


def round_price(info: MarketInfo, side: Side, price: Decimal) -> Decimal:
    """The tick at or below a buy's price, at or above a sell's."""
    rounding = ROUND_FLOOR if side == "buy" else ROUND_CEILING
    ticks = (price / info.price_step).to_integral_value(rounding=rounding)
    return (ticks * info.price_step).normalize()


def prepare(
    info: MarketInfo,
    side: Side,
    quantity: Decimal,
    *,
    price: Decimal | None = None,
    reference_price: Decimal | None = None,
) -> PreparedOrder:
    """Fit one order to ``info``'s grid; refuse dust and orders below the minimum value.

    ``price`` makes it a limit order. A market order's value is judged at ``reference_price``
    (the side of the book it will take); without one, only the minimum amount is checked.
    """
    if not info.active:
        raise OrderRejectedError(
            f"{info.symbol} is not trading now; the order was not sent.",
            hint="Plan again: the market may have been halted or delisted.",
        )
    amount = info.round_amount(quantity)
    limit = None if price is None else round_price(info, side, price)
    if limit is not None and limit <= 0:
        raise OrderRejectedError(
            f"a limit price of {price} {info.quote} rounds to nothing on {info.symbol}'s "
            f"tick of {info.price_step}; the order was not sent."
        )
    if amount <= 0 or amount < info.min_amount:
        raise OrderRejectedError(
            f"{quantity} {info.base} is dust on {info.symbol}: rounded down to the step of "
            f"{info.amount_step} it is {amount}, below the minimum of {info.min_amount} "
            f"{info.base}; the order was not sent.",
            hint="Leave it, or add to the position so the order clears the minimum.",
        )
    value_at = limit if limit is not None else reference_price
    if value_at is not None and amount * value_at < info.min_notional:
        raise OrderRejectedError(
            f"{amount} {info.base} at {value_at} {info.quote} is worth "
            f"{(amount * value_at).normalize():f} {info.quote}, below {info.symbol}'s minimum "
            f"order of {info.min_notional} {info.quote}; the order was not sent.",
            hint="Leave it, or trade a larger amount.",
        )
    return PreparedOrder(info.symbol, side, "market" if limit is None else "limit", amount, limit)
