"""Answers in the chat: stopping a running answer, model failures as notices, the status bar."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest
from langchain_core.messages import AIMessage, BaseMessage
from textual.widgets import Input

from assistant.agent.models.scripted import scripted_model
from assistant.agent.session import AgentSession, ModelInfo
from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.status_bar import StatusBar
from tests.tui.helpers import ask, chat_text, ready, wait_until

pytestmark = pytest.mark.anyio


def _session_with(steps: list[object]) -> tuple[list[AgentSession], object]:
    made: list[AgentSession] = []

    def factory(services: Services) -> AgentSession:
        model = scripted_model(steps)  # type: ignore[arg-type]
        session = AgentSession(services, model, ModelInfo("scripted", "scripted", "test model"))
        made.append(session)
        return session

    return made, factory


async def test_escape_stops_a_running_answer_and_changes_nothing(services: Services) -> None:
    release = threading.Event()

    def slow(messages: Sequence[BaseMessage]) -> AIMessage:
        release.wait(30)
        return AIMessage(content="a late answer that must not be shown")

    made, factory = _session_with([slow])
    app = CoinPilotApp(services, session_factory=factory)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        prompt = app.main.query_one("#prompt", Input)
        prompt.value = "tell me something slowly"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main.chat.running, "the start", settle=False)
        assert app.status_info.activity == "thinking…"

        await pilot.press("escape")
        await pilot.pause()
        assert not app.main.chat.running
        assert "Stopped. Nothing was changed." in chat_text(app)
        # one turn at a time: the stopped one is still inside the session until its step ends
        assert await app.main.ask("and now?") is False

        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "late answer" not in chat_text(app)
        assert made[0].history == []  # the stopped turn left no trace in the conversation
        assert services.journal.decisions() == []


async def test_a_failing_model_is_a_readable_notice_not_a_traceback(services: Services) -> None:
    def broken(messages: Sequence[BaseMessage]) -> AIMessage:
        raise ConnectionError("connection refused for key sk-abcdefghijklmnop")

    _, factory = _session_with([broken])
    app = CoinPilotApp(services, session_factory=factory)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, "hello")
        text = chat_text(app)
        assert "The model failed: ConnectionError" in text
        assert "Traceback" not in text
        assert "sk-abcdefghijklmnop" not in text  # the session redacts keys from provider errors
        assert app.is_running and not app.main.chat.running
        await ask(pilot, "hello again")  # the app still answers (the script is now empty)
        assert "no more replies" in chat_text(app)


async def test_status_bar_shows_paper_simulated_market_and_model(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        line = app.main.query_one(StatusBar).render()
        plain = line.plain  # type: ignore[union-attr]
        for expected in ("PAPER", "demo", "SIMULATED", "offline parser (not an LLM)", "0 tokens"):
            assert expected in plain


async def test_the_status_bar_names_the_account_and_live_mode_keeps_paper_on_paper(
    services: Services,
) -> None:
    services.settings = services.settings.model_copy(update={"mode": "live"})
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "LIVE" in app.main.query_one(StatusBar).render().plain  # type: ignore[union-attr]
        await ask(pilot, "I have $5,000, BTC ETH SOL, rebalance when drift passes 5%")
        card = app.main.query_one(PreviewCard)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: not card.is_open, "the execution")
        assert services.journal.latest_decision() is not None  # a paper account: paper orders
        bar = app.main.query_one(StatusBar).render().plain  # type: ignore[union-attr]
        assert f" PAPER  {card.plan.account}" in bar
        assert card.plan.account in str(app.main.query_one(PortfolioPane).border_title)


async def test_ask_before_the_market_is_loaded_is_refused_politely(services: Services) -> None:
    from assistant.agent.factory import open_session

    gate = threading.Event()

    def slow_start(opened: Services) -> AgentSession:
        gate.wait(30)
        return open_session(opened)

    app = CoinPilotApp(services, session_factory=slow_start)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.status_info.activity == "loading market…"
        assert await app.main.ask("hello") is False
        gate.set()
        await ready(pilot)
        assert app.status_info.activity == "ready"
