"""What a turn says in the chat: written for the person, each figure once (in its card)."""

from __future__ import annotations

import pytest
from rich.console import Console

from assistant.engine import Services
from assistant.numbers import money, pct
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.spec_card import SpecCard
from tests.tui.helpers import GOAL, ask, chat_text, ready

pytestmark = pytest.mark.anyio


def _card_text(card: SpecCard) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(card.render())
    return console.export_text()


async def test_a_preview_turn_shows_its_figures_once_in_the_card(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        plan = app.main.query_one(PreviewCard).plan
        text = chat_text(app)  # replies, tool lines and notes: everything but the cards
        assert money(plan.total_fees) not in text
        assert plan.plan_hash[:12] not in text
        for weight in plan.allocation.weights.values():
            assert pct(weight) not in text
        assert "press Confirm" in text  # what the cards do not say stays


async def test_text_meant_for_the_model_never_reaches_the_chat(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL.replace("5%", "5%, stop loss 10%"))
        await ask(pilot, "rebalance monthly instead, no stop loss")
        text = chat_text(app)
        assert "you cannot" not in text and "The person" not in text
        assert "None" not in text
        diff = _card_text(list(app.main.query(SpecCard))[-1])
        assert "None" not in diff and "stop-loss: 10% → none" in diff
