"""A plan on an exchange account is confirmed by typing its phrase, never by a stray key."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Button, Input, Static

from assistant.domain import RebalancePlan, parse_spec
from assistant.engine import Services, confirmation_phrase, plan_rebalance
from assistant.tui.modals.confirm import ConfirmModal

pytestmark = pytest.mark.anyio

SPEC = {
    "name": "core",
    "capital": "5000",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
}


class Host(App[None]):
    def __init__(self, modal: ConfirmModal) -> None:
        super().__init__()
        self.modal = modal
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.answers.append)


def on_account(services: Services, badge: str) -> RebalancePlan:
    plan = plan_rebalance(services, parse_spec(SPEC))
    return plan.model_copy(update={"account": "binance-main", "account_badge": badge})


async def test_a_live_plan_needs_its_phrase_typed_and_y_does_nothing(services: Services) -> None:
    plan = on_account(services, "LIVE")
    phrase = confirmation_phrase(plan)
    host = Host(ConfirmModal(plan, "live"))
    async with host.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        modal = host.modal
        banner = modal.query_one("#live-banner", Static)
        assert "LIVE: account binance-main: real orders, real money" in str(banner.render())
        confirm = modal.query_one("#confirm", Button)
        assert confirm.disabled
        await pilot.press("y")
        await pilot.pause()
        assert host.answers == [] and host.screen is modal

        typed = modal.query_one("#typed", Input)
        typed.focus()
        typed.value = phrase.replace("LIVE", "PAPER")
        await pilot.pause()
        assert confirm.disabled
        typed.value = phrase
        await pilot.pause()
        assert not confirm.disabled
        await pilot.click(confirm)
        await pilot.pause()
        assert host.answers == [True] and modal.typed == phrase


async def test_a_testnet_plan_says_testnet_and_cancel_still_cancels(services: Services) -> None:
    plan = on_account(services, "TESTNET")
    host = Host(ConfirmModal(plan, "live"))
    async with host.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        modal = host.modal
        assert "TESTNET" in str(modal.query_one("#testnet-banner", Static).render())
        assert confirmation_phrase(plan).startswith("TESTNET ")
        await pilot.press("escape")
        await pilot.pause()
        assert host.answers == [False] and modal.typed is None


async def test_a_paper_plan_is_confirmed_with_y_as_before(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    host = Host(ConfirmModal(plan))
    async with host.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not host.modal.query("#typed")
        await pilot.press("y")
        await pilot.pause()
        assert host.answers == [True]
