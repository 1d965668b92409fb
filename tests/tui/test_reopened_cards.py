"""A kept conversation opened again shows its cards, drawn by the same widgets from saved data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.transcript import UNREADABLE
from assistant.tui.widgets.backtest_card import BacktestCard
from assistant.tui.widgets.holdings_card import HoldingsCard
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.spec_card import SpecCard
from assistant.tui.widgets.weights_chart import WeightsChart
from tests.tui.helpers import GOAL, ask, chat_text, ready, wait_until

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


async def reopen(pilot: Pilot[None], conversation_id: str) -> None:
    """ctrl+b, the row of ``conversation_id``, Enter; wait for its transcript."""
    app = pilot.app
    assert isinstance(app, CoinPilotApp)
    await pilot.press("ctrl+b")
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, ConversationsScreen) and bool(app.screen.kept),
        "the conversations",
    )
    screen = app.screen
    assert isinstance(screen, ConversationsScreen)
    row = [c.conversation_id for c in screen.kept].index(conversation_id)
    screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("enter")
    await wait_until(pilot, lambda: "Earlier conversation" in chat_text(app), "the transcript")


async def test_a_reopened_conversation_draws_its_spec_preview_and_backtest_cards(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        await ask(pilot, "backtest it over the last 3 years")
        main = app.main
        for kind in (SpecCard, PreviewCard, BacktestCard):
            assert main.query(kind), kind
        live_plan = main.query_one(PreviewCard).plan.plan_hash
        live_backtest = main.query_one(BacktestCard).view
        assert app.backend is not None
        first = app.backend.conversation_id

        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not main.query(SpecCard) and not main.query(BacktestCard)

        await reopen(pilot, first)
        specs = list(main.query(SpecCard))
        assert [s.spec["name"] for s in specs] and specs[0].border_title
        [card] = list(main.query(PreviewCard))
        assert card.plan.plan_hash == live_plan  # the sealed plan itself, not its text
        assert card.is_open  # not expired, not executed: the gate would still check it
        assert main._preview is card  # ctrl+y confirms it, as in the live turn
        [backtest] = list(main.query(BacktestCard))
        assert backtest.view == live_backtest  # curves and metrics as the backtester gave them
        assert backtest.query("#equity") and backtest.query("#drawdown")
        chart = main.query_one(WeightsChart)
        assert chart.target_label == "preview" and set(chart.target) == {"BTC", "ETH", "SOL"}
        assert "Its cards are not drawn again" not in chat_text(app)


async def test_a_reopened_executed_preview_says_so_and_offers_no_confirm(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        assert app.backend is not None
        first = app.backend.conversation_id
        plan_hash = app.main.query_one(PreviewCard).plan.plan_hash
        decision, _ = app.backend.execute(plan_hash)
        await pilot.press("ctrl+n")
        await pilot.pause()
        await reopen(pilot, first)
        card = app.main.query_one(PreviewCard)
        assert not card.is_open and not card.query("Button")
        assert f"Executed: decision {decision.decision_id}." in str(
            card.query_one(".state").render()
        )


async def test_conversations_kept_without_card_data_still_open_as_text(
    services: Services,
) -> None:
    journal = services.journal
    said: list[tuple[str, str, dict[str, Any]]] = [
        ("user", "make me a strategy", {}),
        ("tool", "Strategy 'old' v1 is valid.", {}),  # kept before results were stored
        (
            "tool",
            "A preview was made.",
            {
                "result": {
                    "tool": "preview_rebalance",
                    "ok": True,
                    "data": {"plan": {"plan_hash": "x"}},
                }
            },
        ),
        ("tool", "Odd.", {"result": "not a result"}),
        ("assistant", "Here is what I understood.", {"status": "ok"}),
    ]
    for i, (role, text, meta) in enumerate(said):
        journal.record_message("c-old", role, text, T0 + timedelta(minutes=i), meta)
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await reopen(pilot, "c-old")
        shown = chat_text(app)
        assert "› make me a strategy" in shown and "Here is what I understood." in shown
        assert shown.count(UNREADABLE) == 2  # the plan that no longer parses, the odd result
        assert "Strategy 'old' v1 is valid." not in shown  # text written for the model
        assert not app.main.query(PreviewCard) and app.main._preview is None


async def test_a_reopened_holdings_card_shows_the_holdings_and_no_longer_records(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "I already hold 0.5 BTC and 2 ETH")
        live = app.main.query_one(HoldingsCard)
        assert live.is_open
        assert app.backend is not None
        first = app.backend.conversation_id
        await pilot.press("ctrl+n")
        await pilot.pause()
        await reopen(pilot, first)
        card = app.main.query_one(HoldingsCard)
        assert card.holdings == live.holdings == {"BTC": "0.5", "ETH": "2"}
        assert not card.is_open and not card.query("Button")
        assert "From the saved conversation" in str(card.query_one(".state").render())
