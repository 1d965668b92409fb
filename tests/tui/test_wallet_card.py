"""'Watch my wallet 0x... on ethereum' in the app: a card with the checked wallet and a Watch
button. The turn adds nothing; the person's press adds it through the engine's add_wallet, and the
portfolio pane then reads it from the chain's node (a loopback fake). A reopened conversation
shows the card without its button."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import Button

from assistant.engine import Services, list_wallets
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from assistant.tui.widgets.wallet_card import WalletCard
from tests.tui.helpers import ask, chat_text, ready, wait_until
from tests.tui.test_reopened_cards import reopen
from tests.wallets.fake_node import serve
from tests.wallets.test_wallet_engine import HOLDER, eth_node, make_services

pytestmark = pytest.mark.anyio


def _state(card: WalletCard) -> str:
    return " ".join(str(s.render()) for s in card.query(".state"))


def _pane(pane: PortfolioPane) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(pane.content)
    return console.export_text()


async def test_the_wallet_card_adds_only_when_the_person_presses_watch() -> None:
    node = eth_node()
    with serve(node) as url:
        services = make_services(wallet_source="rpc", evm_rpc_urls={"ethereum": url})
        app = CoinPilotApp(services)
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await ask(pilot, f"watch my wallet {HOLDER.lower()} on ethereum as cold")
            cards = list(app.main.query(WalletCard))
            assert len(cards) == 1, chat_text(app)
            card = cards[0]
            assert (card.wallet_name, card.chain, card.address) == ("cold", "ethereum", HOLDER)
            assert list_wallets(services) == [] and not node.calls  # the turn added nothing

            await pilot.click(card.query_one("#watch", Button))
            await wait_until(pilot, lambda: "Watching" in _state(card), "the wallet to be added")
            assert not card.is_open and not card.query("Button")
            [wallet] = list_wallets(services)
            assert (wallet.name, wallet.chain, wallet.address) == ("cold", "ethereum", HOLDER)
            pane = app.main.query_one(PortfolioPane)
            await wait_until(pilot, lambda: pane.wallets is not None, "the wallets")
            shown = _pane(pane)
        services.close()
    assert "cold ethereum 0x5aAe…eAed" in shown and "USDC" in shown
    assert any(method == "eth_getBalance" for method, _ in node.calls)


async def test_a_reopened_wallet_card_no_longer_adds(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, f"track my wallet {HOLDER} on base")
        live = app.main.query_one(WalletCard)
        assert live.is_open and app.backend is not None
        first = app.backend.conversation_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        await reopen(pilot, first)
        card = app.main.query_one(WalletCard)
        assert (card.chain, card.address) == ("base", HOLDER)
        assert not card.is_open and not card.query("Button")
        assert "From the saved conversation" in _state(card)
    assert list_wallets(services) == []
