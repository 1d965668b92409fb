"""Services whose exchange accounts trade on the fake Binance through the real ccxt client.

The engine opens exchange accounts with ``open_ccxt_broker`` as in production (keys from the
environment, the key's permissions checked); only the ccxt client is aimed at the fake, and the
order policy runs on a clock whose sleeps cost nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.config import load_settings
from assistant.domain import Account
from assistant.engine import Clock, Services
from assistant.execution.ccxt_open import open_ccxt_broker
from assistant.execution.order_policy import OrderPolicy
from assistant.journal import Journal
from assistant.market.ccxt_market import CcxtMarket
from tests.market_live.conftest import after_last_candle
from tests.market_live.fake_binance import FakeBinance

from .conftest import API_KEY, API_SECRET, FakeTime

ENV = {"COINPILOT_BINANCE_MAIN_API_KEY": API_KEY, "COINPILOT_BINANCE_MAIN_API_SECRET": API_SECRET}

LIVE_SPEC: dict[str, Any] = {
    "name": "live-core",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
    "execution": {"mode": "live", "exchange": "binance"},
}


def live_services(
    exchange: FakeBinance,
    fake_time: FakeTime,
    monkeypatch: pytest.MonkeyPatch,
    *,
    mode: str = "live",
    journal: Journal | None = None,
    **policy: Any,
) -> Services:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    order_policy = OrderPolicy(clock=fake_time.clock, sleep=fake_time.sleep, **policy)

    def opener(account: Account) -> Any:
        return open_ccxt_broker(
            "binance",
            account=account.name,
            sandbox=account.sandbox,
            client=exchange.client(timeout_ms=400),
            policy=order_policy,
        )

    at = after_last_candle(exchange)
    market = CcxtMarket("binance", client=exchange.client(timeout_ms=2000), clock=lambda: at)
    return Services(
        settings=load_settings(mode=mode),
        market=market,
        journal=journal or Journal.open("sqlite://"),
        clock=Clock(),
        exchange_opener=opener,
    )
