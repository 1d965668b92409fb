"""Orders that outlive the CoinPilot process that sent them, settled by a fresh broker's lookup."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.domain import OrderUnresolvedError
from assistant.execution.ccxt_broker import CcxtBroker
from tests.market_live.fake_binance import FakeBinance, Fault

from .conftest import FakeTime, intent

D = Decimal


def test_a_limit_order_that_filled_while_coinpilot_was_down_is_found_filled(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    order = intent(qty="0.02")
    make_broker().place_limit_order(order, D("2400"))  # then the process stops
    exchange.fill_open_orders("0.5")
    exchange.fill_open_orders()
    result = make_broker().lookup(order)  # a new process, a new ccxt client
    assert result is not None and result.status == "filled" and not result.resting
    assert [f.quantity for f in result.fills] == [D("0.01"), D("0.01")]
    assert all(f.price == D("2400") and f.fee_currency == "BTC" for f in result.fills)


def test_a_market_order_whose_answer_and_lookups_failed_is_settled_after_a_restart(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    exchange.inject("GET order", Fault(status=503, times=-1))
    order = intent()
    with pytest.raises(OrderUnresolvedError):
        make_broker(deadline=10.0).place_market_order(order)
    exchange.state.faults.clear()  # the exchange recovers; CoinPilot starts again
    result = make_broker().lookup(order)
    assert result is not None and result.status == "filled"
    assert len(exchange.requests_to("order", "POST")) == 1


def test_an_intent_the_exchange_never_saw_is_reported_absent(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    order = intent("cp-never-sent-000")
    assert broker.lookup(order, before=broker.holdings()) is None
    assert exchange.requests_to("order", "POST") == []


def test_absent_is_not_concluded_when_balances_moved_unexplained(
    make_broker: Callable[..., CcxtBroker], exchange: FakeBinance
) -> None:
    broker = make_broker()
    before = broker.holdings()
    exchange.account.move("BTC", free=D("0.01"))  # something bought BTC that we cannot see
    with pytest.raises(OrderUnresolvedError, match="balances moved as if it traded"):
        broker.lookup(intent("cp-ghost-000"), before=before)


def test_a_recent_intent_is_looked_up_only_once_its_request_can_no_longer_arrive(
    make_broker: Callable[..., CcxtBroker], fake_time: FakeTime
) -> None:
    now = datetime.now(UTC)
    order = intent().model_copy(update={"created_at": now - timedelta(seconds=2)})
    assert make_broker().lookup(order) is None
    assert fake_time.sleeps and 3.5 < fake_time.sleeps[0] <= 4.0  # 6 s settle minus 2 s elapsed


def test_find_order_by_id_alone_refuses_rather_than_guess(
    make_broker: Callable[..., CcxtBroker],
) -> None:
    with pytest.raises(OrderUnresolvedError, match="needs its intent"):
        make_broker().find_order("cp-0123456789abcdef-000")
