"""The layout answers to the terminal's size: 80x24 as well as 120x40."""

from __future__ import annotations

import threading
from functools import partial

import pytest
from rich.console import Console
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.modals.confirm import ConfirmModal
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from assistant.tui.widgets.status_bar import StatusBar
from tests.tui.helpers import GOAL, ask, ready, wait_until

pytestmark = pytest.mark.anyio

SHIB_GOAL = "I have $5,000, moderate risk, BTC ETH SOL SHIB, rebalance when drift passes 5%"


def _inside(inner: Widget, outer: Widget) -> bool:
    a, b = inner.region, outer.region
    return a.y >= b.y and a.bottom <= b.bottom and a.x >= b.x and a.right <= b.right


def _shown(widget: Widget) -> str:
    console = Console(width=widget.content_size.width, record=True, color_system=None)
    console.print(widget.render())
    return console.export_text()


async def test_at_80x24_the_chat_takes_the_width_and_ctrl_o_swaps_in_the_portfolio(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        main = app.main
        assert main.has_class("-narrow")
        chat, side = main.query_one("#chat-pane"), main.query_one("#side")
        assert chat.region.width == 80 and not side.display
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert side.display and side.region.width == 80 and not chat.display
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert chat.display and not side.display
        assert app.focused is main.query_one("#prompt")


async def test_at_120x40_chat_and_portfolio_sit_side_by_side(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        main = app.main
        assert main.has_class("-wide")
        assert main.query_one("#side").display and main.query_one("#chat-pane").display
        assert "toggle_portfolio" not in {b.binding.action for b in main.active_bindings.values()}


async def test_the_status_bar_keeps_mode_market_simulated_and_activity_at_80_columns(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        bar = app.main.query_one(StatusBar)
        line = bar.render().plain  # type: ignore[union-attr]
        assert len(line) <= bar.content_size.width
        for field in ("PAPER", "demo", "SIMULATED", "offline", "ready"):
            assert field in line, line


async def test_the_confirm_dialog_keeps_its_question_and_buttons_in_view_at_80x24(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await ask(pilot, SHIB_GOAL)
        await pilot.press("ctrl+y")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the dialog")
        await pilot.pause(0.2)
        dialog = app.screen.query_one("#dialog")
        for part in ("#question", "#cancel", "#confirm"):
            assert _inside(app.screen.query_one(part), dialog), part
        assert app.focused is app.screen.query_one("#cancel")
        plan = app.screen.query_one("#plan")
        assert plan.max_scroll_y > 0  # the plan scrolls, not the dialog


async def test_the_portfolio_table_fits_its_pane_without_squeezed_columns(
    services: Services,
) -> None:
    from tests.tui.helpers import decide_on

    decide_on(services, ["BTC", "ETH", "SOL", "SHIB"])
    for size in ((120, 40), (80, 24)):
        app = CoinPilotApp(services)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+o")  # only does something when narrow
            await pilot.pause()
            pane = app.main.query_one(PortfolioPane)
            text = _shown(pane)
            assert "…" not in text and "drift" in text and "SHIB" in text, text


def _on(app: CoinPilotApp, kind: type[Screen[None]]) -> bool:
    return isinstance(app.screen, kind)


def _footer_fits(app: CoinPilotApp) -> list[str]:
    """The footer's key labels on the current screen, after checking every one is in view."""
    footer = app.screen.query_one(Footer)
    keys = list(footer.query(FooterKey))
    assert keys, "no footer keys"
    assert footer.virtual_size.width <= footer.size.width, [k.description for k in keys]
    for key in keys:
        assert key.region.right <= footer.region.right, key.description
    return [k.description for k in keys]


async def test_the_footer_fits_80_columns_on_every_screen(services: Services) -> None:
    from assistant.tui.screens.conversations import ConversationsScreen
    from assistant.tui.screens.journal import JournalScreen
    from assistant.tui.screens.settings import SettingsScreen

    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert "Chats" in _footer_fits(app)
        await ask(pilot, GOAL)
        # the widest it gets: a preview to confirm while another answer runs
        app.main.chat._turn = threading.Event()
        app.main.refresh_bindings()
        await pilot.pause()
        shown = _footer_fits(app)
        assert {"Stop", "Confirm", "Portfolio", "Chats", "Journal", "Quit"} <= set(shown)
        app.main.chat._turn = None
        app.main.refresh_bindings()
        for key, screen in (
            ("ctrl+b", ConversationsScreen),
            ("ctrl+j", JournalScreen),
            ("ctrl+s", SettingsScreen),
        ):
            await pilot.press(key)
            await wait_until(pilot, partial(_on, app, screen), key)
            await pilot.pause()
            _footer_fits(app)
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main, "the chat")
