"""New orders on the fake Binance: Binance's checks in Binance's order, then deterministic matching.

Checks, each with Binance's own error: the symbol is trading, the client order id is well formed
and not in use by an *open* order (-2010 "Duplicate order sent."), quantity and price sit on the
LOT_SIZE and PRICE_FILTER grids, the notional clears NOTIONAL, the balance covers the order
(-2010 "Account has insufficient balance for requested action."). Then a market order walks the
fake book and expires with what it got if the book runs out; a limit order takes what crosses
and rests with the rest locked. The answer follows ``newOrderRespType`` (ACK, RESULT or FULL).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .fake_binance_orders import (
    CLIENT_ID,
    ROUTES,
    Answer,
    FakeAccount,
    FakeOrder,
    Market,
    _error,
)

D = Decimal


def _decimal(text: str | None) -> Decimal | None:
    try:
        return None if text is None else D(text)
    except InvalidOperation:
        return None


def _on_grid(value: Decimal, step: Decimal) -> bool:
    return value % step == 0


def _checks(account: FakeAccount, market: Market | None, p: dict[str, str]) -> Answer | None:
    if market is None or not market.trading:
        return _error(-1121, "Invalid symbol.")
    cid = p.get("newClientOrderId", "")
    if not CLIENT_ID.match(cid):
        return _error(-1100, "Illegal characters found in parameter 'newClientOrderId'.")
    existing = account.by_client_id(p["symbol"], cid)
    if existing is not None and existing.is_open:
        return _error(-2010, "Duplicate order sent.")
    if p.get("type") not in ("MARKET", "LIMIT") or p.get("side") not in ("BUY", "SELL"):
        return _error(-1116, "Invalid orderType.")
    qty, price = _decimal(p.get("quantity")), _decimal(p.get("price"))
    if qty is None or qty < market.min_qty or not _on_grid(qty, market.step):
        return _error(-1013, "Filter failure: LOT_SIZE")
    if p["type"] == "LIMIT" and (price is None or price <= 0 or not _on_grid(price, market.tick)):
        return _error(-1013, "Filter failure: PRICE_FILTER")
    if qty * (price if p["type"] == "LIMIT" and price else market.last) < market.min_notional:
        return _error(-1013, "Filter failure: NOTIONAL")
    return None


def _affordable(account: FakeAccount, market: Market, p: dict[str, str], qty: Decimal) -> bool:
    if p["side"] == "SELL":
        return account.free.get(market.base, D(0)) >= qty
    if p["type"] == "LIMIT":
        need = qty * D(p["price"])
    else:
        need, left = D(0), qty
        for price, amount in market.levels("BUY", account.book_levels):
            take = min(left, amount)
            need, left = need + take * price, left - take
    return account.free.get(market.quote, D(0)) >= need


def _match(account: FakeAccount, market: Market, order: FakeOrder) -> None:
    limit = order.price if order.type == "LIMIT" else None
    for price, amount in market.levels(order.side, account.book_levels):
        left = order.orig_qty - order.executed
        if left <= 0:
            break
        if limit is not None and (price > limit if order.side == "BUY" else price < limit):
            break
        account.fill(order, market, price, min(left, amount), maker=False)
    if order.type == "MARKET" and order.executed < order.orig_qty:
        order.status = "EXPIRED"  # Binance: a market order the book could not fill expires


def new_order(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    market = markets.get(p.get("symbol", ""))
    refused = _checks(account, market, p)
    if refused is not None:
        return refused
    assert market is not None
    qty = D(p["quantity"])
    if not _affordable(account, market, p, qty):
        return _error(-2010, "Account has insufficient balance for requested action.")
    now = int(time.time() * 1000)
    order = FakeOrder(
        account.next_order_id,
        p["newClientOrderId"],
        p["symbol"],
        p["side"],
        p["type"],
        qty,
        D(p["price"]) if p["type"] == "LIMIT" else D(0),
        now,
    )
    account.next_order_id += 1
    account.orders.append(order)
    if order.type == "LIMIT":
        if order.side == "BUY":
            account.move(market.quote, free=-qty * order.price, locked=qty * order.price)
        else:
            account.move(market.base, free=-qty, locked=qty)
    _match(account, market, order)
    return 200, _answer(order, p.get("newOrderRespType", "ACK"))


def _answer(order: FakeOrder, kind: str) -> dict[str, Any]:
    ack = {
        "symbol": order.symbol,
        "orderId": order.order_id,
        "orderListId": -1,
        "clientOrderId": order.client_order_id,
        "transactTime": order.time,
    }
    if kind == "ACK":
        return ack
    full = {**order.as_binance(), **ack}
    for key in ("time", "updateTime", "isWorking", "stopPrice", "icebergQty"):
        full.pop(key, None)
    if kind == "FULL":
        full["fills"] = [t.as_fill() for t in order.trades]
    return full


def route(
    account: FakeAccount, markets: Mapping[str, Market], key: str, params: dict[str, str]
) -> Answer:
    """Answer one signed request, ``key`` being ``"METHOD endpoint"`` (``"POST order"``)."""
    stamp, window = int(params.get("timestamp", 0)), int(params.get("recvWindow", 5000))
    if int(time.time() * 1000) - stamp > window:
        return _error(-1021, "Timestamp for this request is outside of the recvWindow.")
    handler = {**ROUTES, "POST order": new_order}.get(key)
    if handler is None:
        return _error(-1, f"no such signed endpoint {key}", status=404)
    return handler(account, markets, params)


_SIGNED_V3 = frozenset({"account", "order", "openOrders", "allOrders", "myTrades"})


def private_endpoint(path: str) -> str | None:
    """``order`` for ``/api/v3/order``, ``account/apiRestrictions`` for the sapi path, else None."""
    if path.startswith("/sapi/v1/"):
        return path.removeprefix("/sapi/v1/")
    endpoint = path.removeprefix("/api/v3/")
    return endpoint if endpoint in _SIGNED_V3 else None


def markets_of(listings: Mapping[str, Any], candles: Mapping[str, Any]) -> dict[str, Market]:
    """The listed pairs (``fake_binance.Listing``) with their grids and last close."""
    out = {}
    for market_id, item in listings.items():
        if market_id not in candles:
            continue
        tick = D(item.tick_size).normalize()
        out[market_id] = Market(
            base=item.base,
            quote=item.quote,
            tick=tick,
            step=D(item.step_size).normalize(),
            min_qty=D(item.min_qty),
            min_notional=D(item.min_notional),
            last=D(f"{candles[market_id][-1][4]:.8f}").quantize(tick),
            trading=item.status == "TRADING",
        )
    return out
