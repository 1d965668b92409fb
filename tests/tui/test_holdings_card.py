"""'I already hold ...' in the app: a card with the holdings and a Record holdings button. The
turn records nothing; the person's press writes them through the engine's import path (one
journaled import), and the next preview of a strategy on that account plans from them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import Button

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.holdings_card import HoldingsCard
from assistant.tui.widgets.preview_card import PreviewCard
from tests.tui.helpers import ask, chat_text, ready, wait_until

pytestmark = pytest.mark.anyio


async def test_holdings_card_records_only_when_the_person_presses_record(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "I already hold 0.5 BTC and 2 ETH")
        cards = list(app.main.query(HoldingsCard))
        assert len(cards) == 1, chat_text(app)
        card = cards[0]
        assert card.holdings == {"BTC": "0.5", "ETH": "2"}
        assert services.journal.accounts() == []  # the model's turn wrote nothing

        await pilot.click(card.query_one("#record", Button))
        await wait_until(pilot, lambda: bool(services.journal.accounts()), "the recording")
        await wait_until(pilot, lambda: not card.query("#record"), "the card to close")
        account = services.journal.get_account("paper-holdings")
        assert not account.is_exchange
        state = " ".join(str(s.render()) for s in card.query(".state"))
        assert "Recorded 0.5 BTC, 2 ETH on paper account paper-holdings" in state
        assert not card.is_open


async def test_holdings_beside_a_goal_wait_for_the_record_and_the_next_preview_uses_them(
    services: Services,
) -> None:
    """No preview beside unrecorded holdings (it would plan without them and buy BTC): the chat
    says so; after Record holdings, "preview it" plans from them on the strategy's account."""
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(
            pilot, "I already hold 0.5 BTC; add $2,000 and keep BTC ETH SOL balanced, preview it"
        )
        card = app.main.query_one(HoldingsCard)
        assert not list(app.main.query(PreviewCard)), chat_text(app)
        assert "I have not previewed" in chat_text(app)
        assert card.account == "paper-my-strategy"

        card.query_one("#record", Button).press()
        await wait_until(pilot, lambda: "Recorded" in chat_state(card), "the recording")
        assert card.account in chat_state(card)

        await ask(pilot, "preview it")
        previews = list(app.main.query(PreviewCard))
        assert len(previews) == 1, chat_text(app)
        plan = previews[0].plan
        assert plan.account == card.account and plan.funding == Decimal(2000)
        held = {o.base for o in plan.orders if o.side == "sell"}
        assert "BTC" in held  # planned from the 0.5 BTC (worth far more than the 2,000 added)


def chat_state(card: HoldingsCard) -> str:
    return " ".join(str(s.render()) for s in card.query(".state"))
