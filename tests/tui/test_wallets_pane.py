"""Watched wallets in the app: under the paper portfolio, read-only, each with where it lives."""

from __future__ import annotations

import pytest
from rich.console import Console

from assistant.engine import Services, add_wallet
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from tests.tui.helpers import ready, wait_until

pytestmark = pytest.mark.anyio


def _text(pane: PortfolioPane) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(pane.content)
    return console.export_text()


async def test_the_portfolio_pane_lists_watched_wallets(services: Services) -> None:
    add_wallet(services, "cold", "ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        pane = app.main.query_one(PortfolioPane)
        await wait_until(pilot, lambda: pane.wallets is not None, "the wallets")
        shown = _text(pane)
    assert "wallets (read-only, never traded)" in shown
    assert "cold ethereum 0x5aAe…eAed  SIMULATED" in shown
    assert "ETH" in shown and "cash" in shown  # the paper account is still there above


async def test_no_wallets_watched_reads_nothing(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.app.workers.wait_for_complete()
        pane = app.main.query_one(PortfolioPane)
        assert pane.wallets is None and "wallets" not in _text(pane)
