"""Keys: loaded, checked for what they may do, and never seen in logs, errors or reprs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ccxt
import pytest

from assistant.domain import CoinPilotError
from assistant.execution.ccxt_broker import CcxtBroker
from assistant.execution.ccxt_open import open_ccxt_broker
from assistant.execution.key_permissions import UnsafeKeyError, check_key
from assistant.execution.order_policy import OrderPolicy
from tests.market_live.fake_binance import FakeBinance, Fault

from .conftest import API_KEY, API_SECRET, FakeTime, intent

ENV = {"COINPILOT_BINANCE_MAIN_API_KEY": API_KEY, "COINPILOT_BINANCE_MAIN_API_SECRET": API_SECRET}


def open_on(exchange: FakeBinance, fake_time: FakeTime, **kw: Any) -> Any:
    policy = OrderPolicy(clock=fake_time.clock, sleep=fake_time.sleep)
    return open_ccxt_broker(
        "binance",
        account="binance-main",
        env=ENV,
        client=exchange.client(timeout_ms=400),  # no keys: open_ccxt_broker sets them
        policy=policy,
        **kw,
    )


def test_a_trading_key_that_cannot_withdraw_opens_a_broker(
    exchange: FakeBinance, fake_time: FakeTime
) -> None:
    broker, permissions = open_on(exchange, fake_time)
    assert permissions.reported and permissions.can_trade and permissions.can_withdraw is False
    assert broker.name == "binance (account binance-main)"
    assert broker.place_market_order(intent()).status == "filled"


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("enableWithdrawals", True, "can withdraw funds"),
        ("enableSpotAndMarginTrading", False, "cannot trade spot"),
        ("enableReading", False, "cannot read the account"),
    ],
)
def test_an_unsafe_key_is_refused_with_how_to_make_a_safe_one(
    exchange: FakeBinance, fake_time: FakeTime, flag: str, value: bool, says: str
) -> None:
    exchange.account.restrictions[flag] = value
    with pytest.raises(UnsafeKeyError, match=says) as err:
        open_on(exchange, fake_time)
    assert err.value.hint and "never needs withdrawals" in err.value.hint
    assert exchange.requests_to("order", "POST") == []


def test_a_key_open_to_any_ip_is_accepted_with_a_note(
    exchange: FakeBinance, fake_time: FakeTime
) -> None:
    exchange.account.restrictions["ipRestrict"] = False
    _, permissions = open_on(exchange, fake_time)
    assert "not restricted to your IP" in permissions.note


def test_the_testnet_is_one_switch_and_says_so(exchange: FakeBinance, fake_time: FakeTime) -> None:
    broker, permissions = open_on(exchange, fake_time, sandbox=True)
    assert broker.sandbox and broker.name == "binance TESTNET (account binance-main)"
    assert not permissions.reported and "testnet does not report" in permissions.note
    assert broker.place_market_order(intent()).status == "filled"  # the testnet's URLs: the fake


def test_an_exchange_that_reports_no_permissions_says_so_plainly() -> None:
    permissions = check_key(ccxt.kraken())
    assert not permissions.reported and "kraken does not report" in permissions.note


def test_keys_never_reach_logs_errors_or_reprs(
    make_broker: Callable[..., CcxtBroker],
    exchange: FakeBinance,
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    broker = make_broker()
    seen.append(repr(broker))
    exchange.inject("POST order", Fault(drop=True, after_accept=True))
    broker.place_market_order(intent())
    exchange.inject("POST order", Fault(status=503, times=-1))
    exchange.account.restrictions["enableWithdrawals"] = True
    exchange.account.api_key = "another-key-entirely"  # now every signed call is refused
    for attempt in (
        lambda: broker.place_market_order(intent("cp-2")),
        lambda: broker.balances(),
        lambda: open_on(exchange, fake_time),
    ):
        with pytest.raises(CoinPilotError) as err:
            attempt()
        seen += [str(err.value), repr(err.value), str(err.value.to_dict())]
    assert "X-MBX-APIKEY" in caplog.text  # ccxt did log its request headers...
    for secret in (API_KEY, API_SECRET):
        assert secret not in caplog.text  # ...with the key redacted
        assert all(secret not in text for text in seen)
