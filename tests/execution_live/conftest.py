"""Fixtures: a fake Binance with an account, and CcxtBrokers that trade on it through real ccxt.

The brokers' policy runs on :class:`FakeTime`, whose sleeps advance its clock instead of waiting,
so backoffs, Retry-After waits and the recvWindow settle cost nothing; only the ccxt client's own
HTTP timeout is real (kept short).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from assistant.domain import OrderIntent
from assistant.execution.ccxt_broker import CcxtBroker
from assistant.execution.order_policy import OrderPolicy
from tests.market_live.fake_binance import FakeBinance, default_state

API_KEY = "cp-test-KEY-7f3a9c1e5b2d4f60"
API_SECRET = "cp-test-SECRET-0d8e6b4a2c9f1e37"


class FakeTime:
    """A monotonic clock that sleeping advances; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def exchange() -> Iterator[FakeBinance]:
    """Seeded candles (BTC ends near 2479 USDT), an account with USDT and some BTC."""
    server = FakeBinance(default_state(None)).start()
    server.open_account(API_KEY, API_SECRET, {"USDT": "10000", "BTC": "0.5"})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_broker(exchange: FakeBinance, fake_time: FakeTime) -> Callable[..., CcxtBroker]:
    def build(*, timeout_ms: int = 400, sandbox: bool = False, **policy: Any) -> CcxtBroker:
        client = exchange.client(timeout_ms=timeout_ms, api_key=API_KEY, secret=API_SECRET)
        if sandbox:
            client.set_sandbox_mode(True)
        settings = {"clock": fake_time.clock, "sleep": fake_time.sleep, **policy}
        return CcxtBroker(client, account="main", sandbox=sandbox, policy=OrderPolicy(**settings))

    return build


def intent(
    cid: str = "cp-0123456789abcdef-000",
    side: str = "buy",
    qty: str = "0.01",
    symbol: str = "BTC/USDT",
) -> OrderIntent:
    return OrderIntent(
        client_order_id=cid,
        plan_hash="0123456789abcdef" * 4,
        symbol=symbol,
        side=side,
        quantity=Decimal(qty),
        created_at=datetime.now(UTC),
    )
