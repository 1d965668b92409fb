"""Reading what an account did: an order's fills with their fees, open orders, fills since a time.

Fills come from the order's own answer when it carries them (Binance's FULL answer to a new
order), else from the exchange's trades of that order. Their quantities must add up to what the
order reports as filled; a shortfall means trades are still arriving, and a result recorded now
would be recorded once and short for ever, so the order is called unresolved instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from assistant.domain import Fill, OrderIntent, OrderResult, OrderUnresolvedError, Side

from .ccxt_orders import ExchangeOrder, dec, fills_from_trades, parse_order, to_result
from .ccxt_reads import read
from .order_policy import Deadline


def result_with_fills(
    client: Any,
    deadline: Deadline,
    order: ExchangeOrder,
    intent: OrderIntent,
    *,
    requested: Decimal,
    note: str,
    when: datetime,
) -> OrderResult:
    """``order``'s result for ``intent``, with every fill and fee (see the module doc)."""
    cid = intent.client_order_id
    trades: Iterable[Mapping[str, Any]] = order.trades
    if sum((dec(t.get("amount"), "a trade amount") for t in trades), Decimal(0)) != order.filled:
        trades = read(
            client,
            deadline,
            f"fetch_order_trades {cid}",
            lambda: client.fetch_order_trades(order.order_id, intent.symbol),
        )
    fills = fills_from_trades(
        trades,
        client_order_id=cid,
        symbol=intent.symbol,
        side=intent.side,
        fallback_time=order.timestamp or when,
    )
    if sum((f.quantity for f in fills), Decimal(0)) != order.filled:
        raise OrderUnresolvedError(
            f"order {cid} reports {order.filled} filled, but its trades show "
            f"{sum((f.quantity for f in fills), Decimal(0))} so far.",
            client_order_id=cid,
            hint="Its result is recorded once its trades are all visible; it is looked up again "
            "before the next execution.",
        )
    return to_result(
        order,
        fills,
        client_order_id=cid,
        symbol=intent.symbol,
        side=intent.side,
        requested=requested,
        note=note,
    )


def _side(raw: Mapping[str, Any]) -> Side:
    return "buy" if raw.get("side") == "buy" else "sell"


def open_orders(client: Any, deadline: Deadline, symbol: str, now: datetime) -> list[OrderResult]:
    """Orders still working on ``symbol``'s book, ours and any others."""
    raw = read(client, deadline, "fetch_open_orders", lambda: client.fetch_open_orders(symbol))
    results = []
    for item in raw:
        order = parse_order(item)
        intent = OrderIntent(
            client_order_id=order.client_order_id or order.order_id,
            plan_hash="",
            symbol=symbol,
            side=_side(item),
            quantity=order.amount or order.filled,
            created_at=order.timestamp or now,
        )
        results.append(
            result_with_fills(
                client, deadline, order, intent, requested=intent.quantity, note="", when=now
            )
        )
    return results


def fills_since(
    client: Any, deadline: Deadline, since: datetime, symbols: Iterable[str]
) -> list[Fill]:
    """Every fill on ``symbols`` since ``since``, oldest first, named by client order id
    (``order-<id>`` for an order whose client id the exchange did not report)."""
    fills: list[Fill] = []
    for symbol in symbols:
        fills += _symbol_fills(client, deadline, symbol, since)
    return sorted(fills, key=lambda f: f.timestamp)


def _symbol_fills(client: Any, deadline: Deadline, symbol: str, since: datetime) -> list[Fill]:
    start = int(since.timestamp() * 1000)
    orders = read(client, deadline, "fetch_orders", lambda: client.fetch_orders(symbol, start))
    names = {str(o.get("id")): str(o.get("clientOrderId") or o.get("id")) for o in orders}
    trades = read(
        client, deadline, "fetch_my_trades", lambda: client.fetch_my_trades(symbol, start)
    )
    fills: list[Fill] = []
    for trade in trades:
        cid = names.get(str(trade.get("order")), f"order-{trade.get('order')}")
        fills += fills_from_trades(
            [trade], client_order_id=cid, symbol=symbol, side=_side(trade), fallback_time=since
        )
    return fills
