"""The signed half of the fake Binance: an account, its orders and trades, in Binance's shapes.

The real ccxt.binance client signs these requests; :func:`route` answers them the way Binance's
spot API does, deterministically: market orders walk a fixed book built from the last close
(partially when it runs out, then ``EXPIRED``), limit orders fill what crosses the book and rest
otherwise until :meth:`FakeAccount.fill_open_orders`, commissions are 0.1% of what is received (in
base for buys, quote for sells, as Binance charges without BNB). A ``newClientOrderId`` is refused
with -2010 "Duplicate order sent." only while an order with that id is still open: that is
Binance's documented rule, and why a client must never resend an order it merely lost track of.
A request older than its ``recvWindow`` when processed is refused (-1021), as Binance's matching
engine does. Nothing here touches the network; ``fake_binance`` serves it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

D = Decimal
ZERO = D(0)
ONE = D(1)
FEE = D("0.001")
EIGHT = D("0.00000001")
OPEN = ("NEW", "PARTIALLY_FILLED")
CLIENT_ID = re.compile(r"^[a-zA-Z0-9-_]{1,36}$")
Answer = tuple[int, Any]


def _s(value: Decimal) -> str:
    return f"{value:.8f}"


def _now() -> int:
    return int(time.time() * 1000)


def _error(code: int, msg: str, status: int = 400) -> Answer:
    return status, {"code": code, "msg": msg}


@dataclass
class Market:
    """What the account needs to know of one listed pair."""

    base: str
    quote: str
    tick: Decimal
    step: Decimal
    min_qty: Decimal
    min_notional: Decimal
    last: Decimal
    trading: bool = True

    def levels(self, side: str, count: int) -> list[tuple[Decimal, Decimal]]:
        """The book a taker meets: asks for a buy, bids for a sell, best first."""
        sign = 1 if side == "BUY" else -1
        out = []
        for i in range(count):
            price = (self.last * (1 + sign * D("0.0001") * (i + 1))).quantize(self.tick)
            out.append((price, D("0.5") + i))
        return out


@dataclass
class FakeTrade:
    trade_id: int
    order_id: int
    symbol: str
    price: Decimal
    qty: Decimal
    commission: Decimal
    commission_asset: str
    time: int
    is_buyer: bool
    is_maker: bool

    def as_fill(self) -> dict[str, Any]:
        return {
            "price": _s(self.price),
            "qty": _s(self.qty),
            "commission": _s(self.commission),
            "commissionAsset": self.commission_asset,
            "tradeId": self.trade_id,
        }

    def as_binance(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "id": self.trade_id,
            "orderId": self.order_id,
            "orderListId": -1,
            "price": _s(self.price),
            "qty": _s(self.qty),
            "quoteQty": _s(self.price * self.qty),
            "commission": _s(self.commission),
            "commissionAsset": self.commission_asset,
            "time": self.time,
            "isBuyer": self.is_buyer,
            "isMaker": self.is_maker,
            "isBestMatch": True,
        }


@dataclass
class FakeOrder:
    order_id: int
    client_order_id: str
    symbol: str
    side: str
    type: str
    orig_qty: Decimal
    price: Decimal
    time: int
    executed: Decimal = ZERO
    quote: Decimal = ZERO
    status: str = "NEW"
    update_time: int = 0
    trades: list[FakeTrade] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def as_binance(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "orderId": self.order_id,
            "orderListId": -1,
            "clientOrderId": self.client_order_id,
            "price": _s(self.price),
            "origQty": _s(self.orig_qty),
            "executedQty": _s(self.executed),
            "cummulativeQuoteQty": _s(self.quote),
            "status": self.status,
            "timeInForce": "GTC",
            "type": self.type,
            "side": self.side,
            "stopPrice": "0.00000000",
            "icebergQty": "0.00000000",
            "time": self.time,
            "updateTime": self.update_time or self.time,
            "isWorking": True,
            "workingTime": self.time,
            "origQuoteOrderQty": "0.00000000",
            "selfTradePreventionMode": "NONE",
        }


def default_restrictions() -> dict[str, Any]:
    """A well-made trading key: reads and trades spot, cannot withdraw (Binance's field names)."""
    return {
        "ipRestrict": True,
        "createTime": 1698645219000,
        "enableReading": True,
        "enableWithdrawals": False,
        "enableInternalTransfer": False,
        "enableMargin": False,
        "enableFutures": False,
        "permitsUniversalTransfer": False,
        "enableVanillaOptions": False,
        "enableFixApiTrade": False,
        "enableFixReadOnly": False,
        "enableSpotAndMarginTrading": True,
        "enablePortfolioMarginTrading": False,
    }


@dataclass
class FakeAccount:
    """One API key's spot account. Amounts are Decimals; ``free``/``locked`` per asset."""

    api_key: str
    secret: str
    free: dict[str, Decimal] = field(default_factory=dict)
    locked: dict[str, Decimal] = field(default_factory=dict)
    orders: list[FakeOrder] = field(default_factory=list)
    trades: list[FakeTrade] = field(default_factory=list)
    restrictions: dict[str, Any] = field(default_factory=default_restrictions)
    book_levels: int = 20  # how deep the book is for a market order; fewer means partial fills
    next_order_id: int = 1000
    next_trade_id: int = 5000

    def signature_ok(self, payload: str, signature: str) -> bool:
        mac = hmac.new(self.secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(mac, signature)

    def move(self, asset: str, free: Decimal = ZERO, locked: Decimal = ZERO) -> None:
        self.free[asset] = self.free.get(asset, D(0)) + free
        self.locked[asset] = self.locked.get(asset, D(0)) + locked

    def by_client_id(self, symbol: str, client_order_id: str) -> FakeOrder | None:
        found = [o for o in self.orders if o.client_order_id == client_order_id]
        found = [o for o in found if o.symbol == symbol]
        return found[-1] if found else None

    def fill(
        self, order: FakeOrder, market: Market, price: Decimal, qty: Decimal, *, maker: bool
    ) -> None:
        """Execute ``qty`` of ``order`` at ``price``: balances, commission, one trade."""
        buy = order.side == "BUY"
        cost = price * qty
        commission = ((qty if buy else cost) * FEE).quantize(EIGHT)
        limit_lock = order.type == "LIMIT"
        if buy:
            if limit_lock:
                self.move(market.quote, free=order.price * qty - cost, locked=-order.price * qty)
            else:
                self.move(market.quote, free=-cost)
            self.move(market.base, free=qty - commission)
        else:
            self.move(market.base, **({"locked": -qty} if limit_lock else {"free": -qty}))
            self.move(market.quote, free=cost - commission)
        trade = FakeTrade(
            self.next_trade_id,
            order.order_id,
            order.symbol,
            price,
            qty,
            commission,
            market.base if buy else market.quote,
            _now(),
            buy,
            maker,
        )
        self.next_trade_id += 1
        order.trades.append(trade)
        self.trades.append(trade)
        order.executed += qty
        order.quote += cost
        order.update_time = trade.time
        order.status = "FILLED" if order.executed == order.orig_qty else "PARTIALLY_FILLED"

    def fill_open_orders(self, markets: Mapping[str, Market], fraction: Decimal = ONE) -> int:
        """Fill open limit orders at their price (as maker): all of what is left, or a fraction."""
        count = 0
        for order in [o for o in self.orders if o.is_open]:
            market = markets[order.symbol]
            left = order.orig_qty - order.executed
            qty = (left * fraction / market.step).to_integral_value(ROUND_DOWN) * market.step
            if qty > 0:
                self.fill(order, market, order.price, min(qty, left), maker=True)
                count += 1
        return count


Handler = Callable[[FakeAccount, Mapping[str, Market], dict[str, str]], Answer]


def _account(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    assets = sorted(set(account.free) | set(account.locked))
    return 200, {
        "makerCommission": 10,
        "takerCommission": 10,
        "buyerCommission": 0,
        "sellerCommission": 0,
        "commissionRates": {"maker": "0.00100000", "taker": "0.00100000"},
        "canTrade": True,
        "canWithdraw": bool(account.restrictions.get("enableWithdrawals")),
        "canDeposit": True,
        "brokered": False,
        "requireSelfTradePrevention": False,
        "preventSor": False,
        "updateTime": _now(),
        "accountType": "SPOT",
        "balances": [
            {
                "asset": a,
                "free": _s(account.free.get(a, D(0))),
                "locked": _s(account.locked.get(a, D(0))),
            }
            for a in assets
        ],
        "permissions": ["SPOT"],
        "uid": 354937868,
    }


def _restrictions(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    return 200, dict(account.restrictions)


def _find(account: FakeAccount, p: dict[str, str]) -> FakeOrder | None:
    symbol = p.get("symbol", "")
    if "origClientOrderId" in p:
        return account.by_client_id(symbol, p["origClientOrderId"])
    ids = [o for o in account.orders if str(o.order_id) == p.get("orderId") and o.symbol == symbol]
    return ids[0] if ids else None


def _get_order(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    order = _find(account, p)
    if order is None:
        return _error(-2013, "Order does not exist.")
    return 200, order.as_binance()


def _cancel(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    order = _find(account, p)
    if order is None or not order.is_open:
        return _error(-2011, "Unknown order sent.")
    market = markets[order.symbol]
    left = order.orig_qty - order.executed
    if order.side == "BUY":
        account.move(market.quote, free=order.price * left, locked=-order.price * left)
    else:
        account.move(market.base, free=left, locked=-left)
    order.status = "CANCELED"
    order.update_time = _now()
    answer = order.as_binance()
    answer["origClientOrderId"] = order.client_order_id
    answer["clientOrderId"] = f"cancel{order.order_id}"
    return 200, answer


def _open_orders(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    symbol = p.get("symbol")
    return 200, [o.as_binance() for o in account.orders if o.is_open and symbol in (None, o.symbol)]


def _window(items: list[Any], p: dict[str, str], stamp: Callable[[Any], int]) -> list[Any]:
    start, end = int(p.get("startTime", 0)), int(p.get("endTime", 2**62))
    chosen = [x for x in items if start <= stamp(x) <= end]
    return chosen[: int(p.get("limit", 500))]


def _all_orders(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    if "symbol" not in p:
        return _error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null.")
    mine = [o for o in account.orders if o.symbol == p["symbol"]]
    return 200, [o.as_binance() for o in _window(mine, p, lambda o: o.time)]


def _my_trades(account: FakeAccount, markets: Mapping[str, Market], p: dict[str, str]) -> Answer:
    if "symbol" not in p:
        return _error(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null.")
    mine = [t for t in account.trades if t.symbol == p["symbol"]]
    if "orderId" in p:
        mine = [t for t in mine if str(t.order_id) == p["orderId"]]
    return 200, [t.as_binance() for t in _window(mine, p, lambda t: t.time)]


ROUTES: dict[str, Handler] = {
    "GET account": _account,
    "GET account/apiRestrictions": _restrictions,
    "GET order": _get_order,
    "DELETE order": _cancel,
    "GET openOrders": _open_orders,
    "GET allOrders": _all_orders,
    "GET myTrades": _my_trades,
}
