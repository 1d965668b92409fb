"""Figures as the app shows them: a sub-cent price in the preview and the dialog, the journal."""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from textual.widgets import DataTable, Static

from assistant.domain import StrategySpec
from assistant.engine import Services, execute_plan, plan_rebalance
from assistant.numbers import price
from assistant.tui import CoinPilotApp
from assistant.tui.modals.confirm import ConfirmModal
from assistant.tui.screens.journal import JournalScreen
from assistant.tui.widgets.preview_card import PreviewCard
from tests.tui.helpers import ask, ready, wait_until

pytestmark = pytest.mark.anyio

SHIB_GOAL = "I have $5,000, moderate risk, BTC ETH SOL SHIB, rebalance when drift passes 5%"
RAW_MONEY = re.compile(r"\d\.\d{3,} USDT")  # money with more than cents
FOUR_DECIMALS_ABOVE_1000 = re.compile(r"\d,\d{3}\.\d{4}")


def _shown(static: Static, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(static.content)  # type: ignore[arg-type]
    return console.export_text()


async def test_shib_price_has_significant_digits_in_the_preview_and_the_dialog(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, SHIB_GOAL)
        card = app.main.query_one(PreviewCard)
        shib = next(o for o in card.plan.orders if o.base == "SHIB")
        body = card.query_one(".body", Static)
        lines = _shown(body, body.size.width).splitlines()
        row = next(ln for ln in lines if "BUY" in ln and "SHIB" in ln)
        assert price(shib.price) in row and " 0.00 " not in row

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        dialog = app.screen.query_one("#body", Static)
        text = _shown(dialog, dialog.size.width)
        assert price(shib.price) in text


async def test_the_journal_shows_fees_to_the_cent_and_prices_to_their_digits(
    services: Services,
) -> None:
    spec = StrategySpec.model_validate(
        {"capital": 5000, "universe": {"symbols": ["BTC", "SHIB"]}, "rebalance": {"every_days": 30}}
    )
    plan = plan_rebalance(services, spec)
    decision_id = execute_plan(services, plan.plan_hash).decision_id
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+j")
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        why = screen.query_one("#why", Static)
        await wait_until(pilot, lambda: decision_id in str(why.content), "the explanation")
        entries = screen.query_one("#entries", DataTable)
        timeline = "\n".join(str(entries.get_row_at(i)[2]) for i in range(entries.row_count))
        explanation = str(why.content)
        for text in (timeline, explanation):
            assert not RAW_MONEY.search(text), text
            assert not FOUR_DECIMALS_ABOVE_1000.search(text), text
        shib = next(o for o in plan.orders if o.base == "SHIB")
        assert f"SHIB at about {price(shib.price)}" in explanation
        assert re.search(r"fees \d+\.\d\d USDT", timeline)
