"""Watched wallets in the app: under the paper portfolio, read-only, each with where it lives."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from assistant.engine import Services, add_wallet, list_wallets
from assistant.tui import CoinPilotApp
from assistant.tui.modals.wallet import WalletModal
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from tests.tui.helpers import ready, wait_until
from tests.wallets.fake_node import serve
from tests.wallets.test_wallet_engine import HOLDER, eth_node, make_services

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


# -- watching a wallet from the app ---------------------------------------------------------------


def test_the_forms_chains_are_the_domains() -> None:
    from assistant.domain import CHAINS
    from assistant.tui.modals.wallet import CHAINS as FORM_CHAINS

    assert FORM_CHAINS == CHAINS


async def _fill(pilot: Pilot[None], modal: WalletModal, address: str, name: str) -> None:
    modal.query_one("#address", Input).value = address
    modal.query_one("#name", Input).value = name
    # A Button ignores clicks while it shows its 0.2 s press effect; a refusal can come back
    # sooner, so let the first press's effect end as it would for a person.
    await pilot.pause(0.3)
    await pilot.click("#watch")


async def test_a_wallet_added_from_the_palette_is_read_from_its_node_and_shown() -> None:
    node = eth_node()
    with serve(node) as url:
        services = make_services(wallet_source="rpc", evm_rpc_urls={"ethereum": url})
        app = CoinPilotApp(services)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"watch a wallet")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, WalletModal), "the form")
            modal = app.screen
            assert isinstance(modal, WalletModal)

            # the CLI's checks, word for word: a bad checksum adds nothing, the form stays
            await _fill(pilot, modal, HOLDER[:-1] + "D", "cold")
            problem = modal.query_one("#problem", Static)
            await wait_until(pilot, lambda: "Not added" in str(problem.content), "the refusal")
            assert "EIP-55" in str(problem.content) and isinstance(app.screen, WalletModal)
            assert list_wallets(services) == [] and not node.calls

            await _fill(pilot, modal, HOLDER.lower(), "cold")
            await wait_until(pilot, lambda: app.screen is app.main, "the form to close")
            [wallet] = list_wallets(services)
            assert (wallet.name, wallet.chain, wallet.address) == ("cold", "ethereum", HOLDER)
            pane = app.main.query_one(PortfolioPane)
            await wait_until(pilot, lambda: pane.wallets is not None, "the wallets")
            shown = _text(pane)
        services.close()
    assert "cold ethereum 0x5aAe…eAed" in shown and "SIMULATED" not in shown.split("wallets")[1]
    assert any(method == "eth_getBalance" for method, _ in node.calls)  # read from the node
    assert "ETH" in shown and "USDC" in shown
