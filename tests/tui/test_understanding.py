"""Issue 13 in the app, with the offline model: why answers name whose cap bound a coin or that
it is not held, disguised refusals, another language, and "start over"."""

from __future__ import annotations

import pytest

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.spec_card import SpecCard
from tests.tui.helpers import ask, chat_text, decide, ready

pytestmark = pytest.mark.anyio


async def test_why_in_the_chat_names_whose_cap_and_coins_not_held(services: Services) -> None:
    decide(services)  # BTC ETH SOL, at most 50% each
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "why is BTC only 50%?")
        assert "your cap of 50%" in chat_text(app)
        await ask(pilot, "why is ADA so low?")
        assert "ADA is not held" in chat_text(app)


async def test_disguised_refusals_and_other_languages_never_preview(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "s h o r t SOL with $1000")
        assert "I can't short" in chat_text(app)
        await ask(pilot, "Vende en corto BTC")
        assert "only understand English" in chat_text(app)
        assert not app.main.query(PreviewCard)


async def test_start_over_sets_the_strategy_aside(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "I have $5,000, BTC ETH SOL, rebalance monthly")
        await ask(pilot, "start over")
        assert "Starting over" in chat_text(app)
        await ask(pilot, "drop SOL")
        after = chat_text(app).split("Starting over")[-1]
        assert "Which coins should I hold?" in after  # nothing left to drop SOL from
        await ask(pilot, "2k in ADA and DOT, weekly")
        after = chat_text(app).split("Starting over")[-1]
        # read as a new goal, not as "Version 2: changed ..." of the strategy set aside
        # the chat keeps the lead; the amount and the coins are on the spec card, not repeated
        assert "Here is the strategy I understood." in after
        spec = app.main.query(SpecCard).last().spec
        assert float(spec["capital"]) == 2000 and spec["universe"]["symbols"] == ["ADA", "DOT"]
        assert "Version 2: changed" not in after
