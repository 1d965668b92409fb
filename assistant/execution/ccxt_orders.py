"""From ccxt's order and trade structures to ours: exact Decimals, checked, nothing invented.

ccxt hands back numbers as floats parsed from the exchange's decimal strings; each is turned back
into a Decimal through its shortest repr, which is the string the exchange sent for any amount
with fewer than 16 significant digits. A fill's cost is recomputed as price x quantity in Decimal.
An order without an id, a status we do not know or a filled amount is *malformed*, and a trade
without a stated fee is too: a guessed fee would corrupt the balances replayed from the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.domain import DataError, Fill, OrderResult, Side

from .order_state import Reported

_STATUS: dict[str, Reported] = {
    "open": "open",
    "canceling": "open",  # a cancel on its way: still working until the exchange says otherwise
    "closed": "filled",
    "canceled": "canceled",
    "expired": "expired",
    "rejected": "rejected",
}


def dec(value: Any, what: str) -> Decimal:
    """A finite, non-negative Decimal from a ccxt number or string, else :class:`DataError`."""
    try:
        number = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise DataError(f"the exchange sent {what} {value!r}, which is not an amount.")
    return number


def utc_from_ms(stamp: Any) -> datetime | None:
    if isinstance(stamp, int | float) and not isinstance(stamp, bool) and stamp > 0:
        return datetime.fromtimestamp(stamp / 1000, tz=UTC)
    return None


@dataclass(frozen=True)
class ExchangeOrder:
    """One order as the exchange describes it, in our terms."""

    order_id: str
    client_order_id: str | None
    status: Reported
    amount: Decimal | None
    filled: Decimal
    timestamp: datetime | None
    trades: tuple[Mapping[str, Any], ...]


def parse_order(raw: Any) -> ExchangeOrder:
    """A ccxt order structure as :class:`ExchangeOrder`; :class:`DataError` when malformed."""
    if not isinstance(raw, Mapping) or not raw.get("id"):
        raise DataError("the exchange's answer names no order id.")
    status = _STATUS.get(str(raw.get("status")))
    if status is None:
        raise DataError(f"order {raw['id']} has the unknown status {raw.get('status')!r}.")
    amount = None if raw.get("amount") is None else dec(raw["amount"], "an order amount")
    filled = dec(raw.get("filled"), "a filled amount")
    if status == "filled" and amount is not None and filled < amount:
        status = "expired"  # closed with less than asked (not Binance): done, the rest never will
    cid = raw.get("clientOrderId")
    return ExchangeOrder(
        order_id=str(raw["id"]),
        client_order_id=None if cid is None else str(cid),
        status=status,
        amount=amount,
        filled=filled,
        timestamp=utc_from_ms(raw.get("timestamp")),
        trades=tuple(t for t in raw.get("trades") or () if isinstance(t, Mapping)),
    )


def fills_from_trades(
    trades: Iterable[Mapping[str, Any]],
    *,
    client_order_id: str,
    symbol: str,
    side: Side,
    fallback_time: datetime,
) -> list[Fill]:
    """Our fills for ccxt trades of one order; :class:`DataError` for a trade without a fee."""
    fills = []
    for trade in trades:
        qty = dec(trade.get("amount"), "a trade amount")
        price = dec(trade.get("price"), "a trade price")
        fee = trade.get("fee") or {}
        fees = [f for f in trade.get("fees") or [] if f] or ([fee] if fee else [])
        if len(fees) != 1 or not fees[0].get("currency") or fees[0].get("cost") is None:
            raise DataError(f"a trade of order {client_order_id} states no single fee.")
        fills.append(
            Fill(
                client_order_id=client_order_id,
                symbol=symbol,
                side=side,
                quantity=qty,
                price=price,
                cost=price * qty,
                fee=dec(fees[0]["cost"], "a fee"),
                fee_currency=str(fees[0]["currency"]),
                timestamp=utc_from_ms(trade.get("timestamp")) or fallback_time,
            )
        )
    return fills


def to_result(
    order: ExchangeOrder,
    fills: list[Fill],
    *,
    client_order_id: str,
    symbol: str,
    side: Side,
    requested: Decimal,
    note: str = "",
) -> OrderResult:
    """The :class:`OrderResult` for an order the exchange knows, with its fills."""
    status, message, resting = _describe(order, requested)
    message = "; ".join(m for m in (message, note) if m)
    return OrderResult(
        client_order_id=client_order_id,
        symbol=symbol,
        side=side,
        status=status,
        requested=requested,
        filled=order.filled,
        fills=fills,
        message=message,
        exchange_order_id=order.order_id,
        resting=resting,
    )


def _describe(order: ExchangeOrder, requested: Decimal) -> tuple[Any, str, bool]:
    got = f"{order.filled} of {requested} filled"
    if order.status == "filled":
        return "filled", "", False
    if order.status == "open":
        if order.filled > 0:
            return "partially_filled", f"{got}; the rest is still on the book", True
        return "open", "resting on the book", True
    if order.status == "expired":
        if order.filled > 0:
            return "partially_filled", f"{got}; the rest expired (the book ran out)", False
        return "expired", "expired unfilled", False
    if order.status == "canceled":
        return "canceled", f"canceled with {got}", False
    return "rejected", "rejected by the exchange", False
