"""The first question may arrive while the knowledge index is still warming up: no crash, an answer.

The app warms the index up in a worker as soon as the services are open; a person who asks "what
is HRP?" the moment the status bar says ready used to race that warm-up inside chromadb and crash
the app to the shell. Each round uses a fresh home, so the index is built from nothing every time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market.demo import DemoMarket
from assistant.tui import CoinPilotApp
from tests.tui.helpers import ask, chat_text, wait_until

pytestmark = pytest.mark.anyio

ROUNDS = 6


def _services(home: Path) -> Services:
    opened = Services(
        settings=load_settings(home=home),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
    )
    opened.clock = Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC))
    return opened


async def _ask_at_once(home: Path) -> None:
    services = _services(home)
    app = CoinPilotApp(services)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(
                pilot, lambda: app.status_info.activity == "ready", "ready", settle=False
            )
            await ask(pilot, "what is HRP?")
            text = chat_text(app)
            assert "knowledge note 'hrp'" in text, text
            assert app.is_running
        assert app.return_code in (None, 0)
    finally:
        services.close()


async def test_a_knowledge_question_the_moment_the_app_is_ready_is_answered(
    tmp_path: Path,
) -> None:
    for round_ in range(ROUNDS):
        await _ask_at_once(tmp_path / f"home-{round_}")
