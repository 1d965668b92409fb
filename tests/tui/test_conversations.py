"""Conversations in the app: kept as they are said, listed, opened again, started, deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.modals.forget import ForgetModal
from assistant.tui.screens.conversations import ConversationsScreen
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.welcome import Welcome
from tests.tui.helpers import GOAL, ask, chat_text, ready, wait_until

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)


def keep(services: Services, conversation_id: str, *said: str, start: int = 0) -> None:
    """Journal a conversation: user and assistant in turn, a minute apart."""
    for i, text in enumerate(said):
        role = "user" if i % 2 == 0 else "assistant"
        at = T0 + timedelta(minutes=start + i)
        services.journal.record_message(conversation_id, role, text, at)


async def listed(pilot: Pilot[None]) -> ConversationsScreen:
    app = pilot.app
    await pilot.press("ctrl+b")
    await wait_until(
        pilot,
        lambda: (
            isinstance(app.screen, ConversationsScreen)
            and app.screen.query_one(DataTable).row_count == len(app.screen.kept)
        ),
        "the conversations",
    )
    screen = app.screen
    assert isinstance(screen, ConversationsScreen)
    return screen


async def test_ctrl_b_lists_kept_conversations_newest_first(services: Services) -> None:
    keep(services, "c-old", "what is HRP?", "A way to spread risk.")
    keep(services, "c-new", "what is risk parity?", "Equal risk.", start=30)
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await listed(pilot)
        assert [c.conversation_id for c in screen.kept] == ["c-new", "c-old"]
        table = screen.query_one(DataTable)
        assert table.get_row_at(0)[1] == "what is risk parity?"
        assert app.focused is table
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= 80  # every column in view at 80x24
        await pilot.press("escape")
        assert app.screen is app.main


async def test_opening_a_conversation_shows_it_and_the_next_question_continues_it(
    services: Services,
) -> None:
    keep(services, "c-old", "what is HRP?", "A way to spread risk.")
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await listed(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Earlier conversation" in chat_text(app), "the transcript")
        assert app.screen is app.main and app.main.sub_title == "what is HRP?"
        shown = chat_text(app)
        assert "› what is HRP?" in shown and "A way to spread risk." in shown
        assert not app.main.query_one(Welcome).display
        assert app.backend is not None and app.backend.conversation_id == "c-old"
        await ask(pilot, "what is risk parity?")
        said = [m.content for m in services.journal.messages("c-old")]
        assert said[:3] == ["what is HRP?", "A way to spread risk.", "what is risk parity?"]


async def test_ctrl_n_starts_an_empty_conversation_with_the_welcome_back(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        assert app.backend is not None
        first = app.backend.conversation_id
        assert app.main._preview is not None
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.backend.conversation_id != first
        assert app.main.query_one(Welcome).display and not app.main.query_one(ChatLog).children
        assert app.main._preview is None  # its card left with the old conversation
        assert app.main.sub_title == "new conversation"
        actions = {b.binding.action for b in app.main.active_bindings.values()}
        assert "confirm_preview" not in actions
        roles = [m.role for m in services.journal.messages(first)]
        # the turn is kept whole: the question, its tool results, the reply
        assert roles[0] == "user" and roles[-1] == "assistant" and set(roles[1:-1]) <= {"tool"}


async def test_deleting_asks_first_with_focus_on_keep(services: Services) -> None:
    keep(services, "c-old", "what is HRP?", "A way to spread risk.")
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await listed(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ForgetModal)
        await pilot.press("enter")  # focus is on Keep: a stray Enter deletes nothing
        await pilot.pause()
        assert isinstance(app.screen, ConversationsScreen)
        assert services.journal.messages("c-old")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: not services.journal.conversations(), "the delete")
        assert isinstance(app.screen, ConversationsScreen) and app.screen.kept == []


async def test_deleting_the_current_conversation_starts_a_new_one(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "what is HRP?")
        assert app.backend is not None
        current = app.backend.conversation_id
        screen = await listed(pilot)
        assert screen.query_one(DataTable).get_row_at(0)[0] == "●"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: app.backend.conversation_id != current, "a new one")
        await wait_until(pilot, lambda: app.main.query_one(Welcome).display, "the welcome")
        assert services.journal.messages(current) == []


async def test_n_on_the_list_starts_a_new_conversation(services: Services) -> None:
    keep(services, "c-old", "what is HRP?", "A way to spread risk.")
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        backend = app.backend
        assert backend is not None
        before = backend.conversation_id
        await listed(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: backend.conversation_id != before, "a new conversation")
        assert app.screen is app.main and app.main.query_one(Welcome).display


async def test_reopened_services_go_on_with_the_conversation_on_screen(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "what is HRP?")
        old = app.backend
        assert old is not None
        said = list(old.session.history)
        app.apply_settings({"llm_base_url": None, "llm_model": None, "market": "demo"})
        await wait_until(pilot, lambda: app.backend is not old, "the re-opened services")
        assert app.backend is not None
        assert app.backend.conversation_id == old.conversation_id
        assert app.backend.session.history == said
