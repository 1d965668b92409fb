"""Driving the app in pilot tests: wait for workers, type into the prompt, read the chat back."""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, Static

from assistant.domain import StrategySpec
from assistant.engine import Services, execute_plan, plan_rebalance
from assistant.tui import CoinPilotApp
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.tool_card import ToolCard

TIMEOUT = 60.0
GOAL = (
    "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%, rebalance when drift passes 5%"
)


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, *, settle: bool = True
) -> None:
    """Let the app run until ``condition`` holds (worker threads need real time to finish).

    With ``settle`` it then waits for every worker and the messages they sent to the UI.
    """
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
    if settle:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def ready(pilot: Pilot[None]) -> CoinPilotApp:
    app = pilot.app
    assert isinstance(app, CoinPilotApp)
    await wait_until(pilot, lambda: app.backend is not None and app.main.status is not None, "load")
    return app


async def ask(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the prompt, press Enter, and wait for the answer to finish."""
    app = pilot.app
    assert isinstance(app, CoinPilotApp)
    prompt = app.main.query_one("#prompt", Input)
    prompt.focus()
    prompt.value = text
    await pilot.press("enter")
    await pilot.pause()
    await wait_until(pilot, lambda: not app.main.chat.running, f"the answer to {text!r}")


def chat_text(app: CoinPilotApp) -> str:
    """What the chat log shows as text: replies, tool lines, notes, the preview cards' states."""
    parts: list[str] = []
    for widget in app.main.query_one(ChatLog).children:
        if isinstance(widget, Markdown):
            parts.append(widget.source)
        elif isinstance(widget, ToolCard):
            parts.append(widget.render().plain)  # type: ignore[union-attr]
        elif isinstance(widget, PreviewCard):
            parts.extend(_plain(state) for state in widget.query(".state").results(Static))
        elif isinstance(widget, Static):
            parts.append(_plain(widget))
    return "\n".join(parts)


def _plain(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def decide(services: Services) -> str:
    """One executed rebalance through the engine (no UI): a decision to show in the journal."""
    return decide_on(services, ["BTC", "ETH", "SOL"])


def decide_on(services: Services, coins: list[str]) -> str:
    """An executed rebalance of ``coins`` (at most 50% each, drift 5%); its decision id."""
    spec = StrategySpec.model_validate(
        {
            "capital": 5000,
            "universe": {"symbols": coins},
            "constraints": {"max_weight": 0.5},
            "rebalance": {"drift_threshold": 0.05},
        }
    )
    plan = plan_rebalance(services, spec)
    return execute_plan(services, plan.plan_hash).decision_id
