"""Every way an order's answer can go wrong: one order on the exchange, never a blind resend.

Each test reads the fake's request log: after a lost answer the next signed call is always a
lookup (``GET order``), and a second ``POST order`` only ever follows a complete ladder that found
nothing (order, open orders, all orders, trades, balances).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from assistant.domain import OrderUnresolvedError
from assistant.execution.ccxt_broker import CcxtBroker
from assistant.execution.order_policy import OrderPolicy
from tests.market_live.fake_binance import FakeBinance, Fault

from .conftest import API_KEY, API_SECRET, FakeTime, intent

D = Decimal
LADDER = ["GET order", "GET openOrders", "GET allOrders", "GET myTrades", "GET account"]


def signed_calls(exchange: FakeBinance) -> list[str]:
    """``"METHOD endpoint"`` of every signed request, in order."""
    out = []
    for r in exchange.state.requests:
        if "signature" in r.params:
            out.append(f"{r.method} {r.path.rsplit('/', 1)[-1]}")
    return out


def orders_for(exchange: FakeBinance, cid: str) -> int:
    return sum(1 for o in exchange.account.orders if o.client_order_id == cid)


@pytest.mark.parametrize(
    ("fault", "why"),
    [
        ({"delay": 1.0}, "no answer in time"),
        ({"drop": True}, "network trouble"),
        ({"status": 502}, "network trouble (ExchangeNotAvailable)"),
        ({"body": '{"symbol": "BTCU'}, "an answer that cannot be read"),
        ({"body": '{"unexpected": true}'}, "cannot be read (DataError)"),
    ],
    ids=["timeout-after-accept", "lost-ack", "5xx-after-accept", "malformed-json", "wrong-shape"],
)
def test_an_accepted_order_whose_answer_is_lost_is_found_not_resent(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance, fault: dict[str, Any], why: str
) -> None:
    exchange.inject("POST order", Fault(after_accept=True, **fault))
    order = intent()
    result = make_broker().place_market_order(order)
    assert result.status == "filled" and result.filled == D("0.01") and len(result.fills) == 1
    assert why in result.message and "found by its client order id" in result.message
    assert orders_for(exchange, order.client_order_id) == 1
    lookups = ["GET order", "GET myTrades"]  # the order by its client id, then its fills
    assert signed_calls(exchange) == ["GET account", "POST order", *lookups]


def test_a_server_error_before_the_order_is_looked_up_in_full_then_resent_with_the_same_id(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance, fake_time: FakeTime
) -> None:
    exchange.inject("POST order", Fault(status=503))
    order = intent()
    result = make_broker().place_market_order(order)
    assert result.status == "filled"
    assert signed_calls(exchange) == ["GET account", "POST order", *LADDER, "POST order"]
    posts = exchange.requests_to("order", "POST")
    assert {p.params["newClientOrderId"] for p in posts} == {order.client_order_id}
    assert orders_for(exchange, order.client_order_id) == 1
    assert fake_time.sleeps[0] == 6.0  # recvWindow 5 s + 1 s clock margin before the ladder


def test_a_rate_limit_is_waited_out_as_asked_before_the_lookup(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance, fake_time: FakeTime
) -> None:
    exchange.inject("POST order", Fault(status=429, retry_after=12))
    result = make_broker().place_market_order(intent())
    assert result.status == "filled"
    assert fake_time.sleeps[0] == pytest.approx(12.0)
    assert signed_calls(exchange) == ["GET account", "POST order", *LADDER, "POST order"]


def test_a_ban_longer_than_the_order_deadline_leaves_it_unresolved_and_unsent(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance, fake_time: FakeTime
) -> None:
    exchange.inject("POST order", Fault(status=418, retry_after=600))
    with pytest.raises(OrderUnresolvedError, match="no time left to look it up") as err:
        make_broker().place_market_order(intent())
    assert err.value.client_order_id == "cp-0123456789abcdef-000"
    assert signed_calls(exchange) == ["GET account", "POST order"]
    assert fake_time.sleeps == []  # a 600 s wait is refused, not slept


def test_when_every_lookup_fails_nothing_is_resent_and_the_order_is_unresolved(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    exchange.inject("GET order", Fault(status=503, times=-1))
    with pytest.raises(OrderUnresolvedError, match="It was not sent again"):
        make_broker(deadline=20.0).place_market_order(intent())
    assert len(exchange.requests_to("order", "POST")) == 1
    assert orders_for(exchange, "cp-0123456789abcdef-000") == 1  # it did go through


def test_a_lost_answer_on_a_partly_filled_order_reads_its_fills_from_the_trades(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    exchange.account.book_levels = 2
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    result = make_broker().place_market_order(intent(qty="3"))
    assert result.status == "partially_filled" and result.filled == D("2")
    assert sum(f.quantity for f in result.fills) == D("2")
    assert signed_calls(exchange)[-2:] == ["GET order", "GET myTrades"]


def test_a_duplicate_client_id_refusal_means_the_order_exists_and_it_is_looked_up(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    order = intent()
    broker.place_limit_order(order, D("2000"))
    again = broker.place_limit_order(order, D("2000"))  # e.g. a restarted run resending
    assert again.status == "open" and "already has an open order" in again.message
    assert orders_for(exchange, order.client_order_id) == 1


def test_gave_up_after_the_policys_sends_nothing_is_on_the_exchange(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    exchange.inject("POST order", Fault(status=503, times=-1))
    with pytest.raises(Exception, match=r"never reached binance .*3 send\(s\).*nothing was placed"):
        make_broker().place_market_order(intent())
    assert len(exchange.requests_to("order", "POST")) == 3
    assert exchange.account.orders == []


def test_a_request_stuck_in_the_network_cannot_become_a_second_order(
    exchange: FakeBinance,
) -> None:
    """Real time: the first send is held 0.5 s before the exchange processes it, the client gives
    up at 0.2 s. The broker waits out the 0.3 s recvWindow before its ladder (which finds nothing)
    and resends; the held request then reaches the matching engine too late and is refused."""
    client = exchange.client(timeout_ms=200, api_key=API_KEY, secret=API_SECRET)
    policy = OrderPolicy(recv_window_ms=300, clock_margin=0.0, base_delay=0.0)
    broker = CcxtBroker(client, account="main", policy=policy)
    broker.market("BTC/USDT")
    exchange.inject("POST order", Fault(delay=0.5))
    result = broker.place_market_order(intent())
    time.sleep(0.6)  # let the held request reach the exchange
    assert result.status == "filled"
    assert len(exchange.requests_to("order", "POST")) == 2
    assert orders_for(exchange, "cp-0123456789abcdef-000") == 1


@pytest.mark.parametrize("body", ["<html>502 Bad Gateway</html>", "[]]", " ", ""])
def test_an_unreadable_lookup_answer_is_asked_again_never_read_as_no_orders(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance, body: str
) -> None:
    exchange.inject("POST order", Fault(status=503))  # never reached the exchange
    exchange.inject("GET openOrders", Fault(status=200, body=body))
    exchange.inject("GET allOrders", Fault(status=200, body=body))
    result = make_broker().place_market_order(intent())
    assert result.status == "filled"
    assert len(exchange.requests_to("openOrders")) == 2  # the garbage, then the real list
    assert len(exchange.requests_to("allOrders")) == 2
    assert len(exchange.account.orders) == 1


def test_an_answer_that_contradicts_the_order_stops_it_unresolved(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    impossible = {  # 5 BTC filled on an order for 0.01
        "symbol": "BTCUSDT",
        "orderId": 99,
        "clientOrderId": "cp-0123456789abcdef-000",
        "transactTime": 1,
        "origQty": "0.01000000",
        "executedQty": "5.00000000",
        "cummulativeQuoteQty": "1.0",
        "status": "FILLED",
        "type": "MARKET",
        "side": "BUY",
        "fills": [],
    }
    exchange.inject("POST order", Fault(status=200, body=json.dumps(impossible)))
    with pytest.raises(
        OrderUnresolvedError, match=r"reported 5\.0 filled on an order for 0\.01\. It was not"
    ):
        make_broker().place_market_order(intent())
    assert len(exchange.requests_to("order", "POST")) == 1
