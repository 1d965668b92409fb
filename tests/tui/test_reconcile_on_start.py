"""The app reconciles exchange accounts on start and shows a refusal: the chat says what differs
and a notice names the account it will not trade on (the fake Binance, real ccxt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.engine import add_exchange_account
from assistant.tui import CoinPilotApp
from tests.execution_live.conftest import FakeTime, exchange, fake_time  # noqa: F401 (fixtures)
from tests.execution_live.engine_setup import live_services
from tests.market_live.fake_binance import FakeBinance
from tests.tui.helpers import chat_text, wait_until

pytestmark = pytest.mark.anyio


async def test_a_difference_beyond_the_tolerance_is_shown_on_start(
    exchange: FakeBinance,  # noqa: F811
    fake_time: FakeTime,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = live_services(exchange, fake_time, monkeypatch)
    add_exchange_account(services, "binance-main", exchange="binance")
    exchange.account.move("BTC", free=Decimal("-0.2"))  # moved out behind CoinPilot's back
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "Reconciliation:" in chat_text(app), "the reconciliation")
        text = chat_text(app)
        assert "will not trade on account binance-main" in text
        assert "BTC: journal 0.5, exchange 0.3" in text
    kinds = [e["kind"] for e in services.journal.events("binance-main")]
    assert kinds == ["mismatch"]
