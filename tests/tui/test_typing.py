"""Typing always reaches the prompt: after scrolling the chat with the keyboard, too."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.chat_log import ChatLog
from tests.tui.helpers import GOAL, ask, ready

pytestmark = pytest.mark.anyio


async def test_text_typed_after_scrolling_the_chat_with_keys_lands_in_the_prompt(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)  # enough text to scroll
        log = app.main.query_one(ChatLog)
        prompt = app.main.query_one("#prompt", Input)
        await pilot.press("shift+tab")  # from the prompt into the chat (or a card's button)
        assert app.focused is not prompt
        log.focus()
        await pilot.press("pageup", "up", "up")
        await pilot.pause()
        assert log.scroll_y < log.max_scroll_y  # it did scroll
        await pilot.press(*"why?")
        await pilot.pause()
        assert prompt.value == "why?"
        assert app.focused is prompt


async def test_page_keys_scroll_the_chat_without_leaving_the_prompt(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        log = app.main.query_one(ChatLog)
        prompt = app.main.query_one("#prompt", Input)
        prompt.focus()
        bottom = log.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert log.scroll_y < bottom and app.focused is prompt
        await pilot.press(*"ok")
        assert prompt.value == "ok"


async def test_typing_on_a_focused_card_button_goes_to_the_prompt(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        app.main.query_one("#cancel", Button).focus()
        await pilot.press(*"hi")
        assert app.main.query_one("#prompt", Input).value == "hi"


async def test_a_draft_survives_leaving_the_prompt_and_coming_back(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        prompt = app.main.query_one("#prompt", Input)
        prompt.focus()
        await pilot.press(*"what is")
        app.main.query_one(ChatLog).focus()
        await pilot.pause()
        await pilot.press("space", *"HRP?")
        assert prompt.value == "what is HRP?"
