"""The product's main path in the app: goal -> spec card + preview -> confirm -> portfolio -> why.

Pilot tests on a demo market pinned to 2026-01-15, an in-memory journal and a fixed clock; the
offline parser answers (no key, no network).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Button

from assistant.engine import Clock, Services
from assistant.tui import CoinPilotApp
from assistant.tui.modals.confirm import ConfirmModal
from assistant.tui.modals.expired import ExpiredModal
from assistant.tui.widgets.portfolio_pane import PortfolioPane
from assistant.tui.widgets.preview_card import PreviewCard
from assistant.tui.widgets.spec_card import SpecCard
from assistant.tui.widgets.tool_card import ToolCard
from tests.tui.helpers import GOAL, ask, chat_text, ready, wait_until

pytestmark = pytest.mark.anyio


async def _preview(pilot, app: CoinPilotApp) -> PreviewCard:  # type: ignore[no-untyped-def]
    await ask(pilot, GOAL)
    cards = list(app.main.query(PreviewCard))
    assert len(cards) == 1, chat_text(app)
    return cards[0]


@pytest.mark.slow  # a fresh interpreter or the whole app: ~5 s alone on a busy 2-core machine
async def test_goal_to_confirm_updates_portfolio_and_why_cites_the_decision(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)

        spec = app.main.query_one(SpecCard).spec
        assert spec["universe"]["symbols"] == ["BTC", "ETH", "SOL"]
        assert spec["constraints"]["max_weight"] == 0.5
        tools = [c.tool for c in app.main.query(ToolCard)]
        assert tools == ["propose_strategy", "preview_rebalance"]
        assert all(c.ok for c in app.main.query(ToolCard))
        assert card.plan.allocation.weights["BTC"] <= 0.5 + 1e-9
        assert services.journal.decisions() == []  # a preview trades nothing

        await pilot.click(card.query_one("#confirm", Button))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.plan.plan_hash == card.plan.plan_hash
        assert app.focused is not None and app.focused.id == "cancel"

        await pilot.click(app.screen.query_one("#confirm", Button))
        await wait_until(pilot, lambda: bool(services.journal.decisions()), "the decision")
        decision = services.journal.decisions()[0]
        assert decision.plan_hash == card.plan.plan_hash

        status = app.main.query_one(PortfolioPane).status
        assert status is not None and status.last_decision_id == decision.decision_id
        assert {h.asset for h in status.holdings} == {"BTC", "ETH", "SOL"}
        assert all(h.target is not None for h in status.holdings)
        assert not card.is_open
        assert decision.decision_id in chat_text(app)

        await ask(pilot, "why did you rebalance?")
        answer = chat_text(app).split("why did you rebalance?")[-1]
        assert decision.decision_id in answer


async def test_y_key_confirms_and_enter_on_default_focus_cancels(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # focus starts on Cancel
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)
        assert services.journal.decisions() == []

        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(services.journal.decisions()), "the decision")
        assert not card.is_open


async def test_cancel_in_the_dialog_keeps_everything_unchanged(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)
        before = app.main.query_one(PortfolioPane).status

        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.click(app.screen.query_one("#cancel", Button))
        await pilot.pause()

        assert not isinstance(app.screen, ConfirmModal)
        assert services.journal.decisions() == []
        assert services.journal.balances(card.plan.account) == {}
        assert services.journal.confirmation_of(card.plan.plan_hash) is None
        assert app.main.query_one(PortfolioPane).status == before
        assert card.is_open  # it can still be confirmed until it expires
        assert "nothing was traded" in chat_text(app)


async def test_cancel_button_on_the_preview_closes_it_without_trading(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)
        await pilot.click(card.query_one("#cancel", Button))
        await pilot.pause()
        assert not card.is_open
        assert services.journal.decisions() == []
        await pilot.press("ctrl+y")  # nothing open to confirm any more
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmModal)


async def test_an_expired_preview_says_so_and_ctrl_y_offers_a_fresh_one(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)
        services.clock = Clock(fixed=card.plan.expires_at + timedelta(seconds=1))

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ExpiredModal)  # not the confirm dialog
        assert card.expired and not card.is_open
        assert "Expired at" in chat_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(app.main.query(PreviewCard)) == 2, "a fresh preview")
        fresh = list(app.main.query(PreviewCard))[-1]
        assert fresh.is_open and fresh.plan.spec_hash == card.plan.spec_hash
        assert fresh.plan.expires_at > services.clock.now()
        assert not card.expired and "Superseded" in chat_text(app)
        assert services.journal.decisions() == []  # a fresh preview trades nothing

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(services.journal.decisions()), "the decision")
        assert services.journal.decisions()[0].plan_hash == fresh.plan.plan_hash
        assert "coinpilot" not in chat_text(app).lower()


async def test_a_plan_expiring_while_the_dialog_is_open_is_refused_with_in_app_advice(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        card = await _preview(pilot, app)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        services.clock = Clock(fixed=card.plan.expires_at + timedelta(seconds=1))
        await pilot.press("y")
        await wait_until(pilot, lambda: card.expired, "the refusal")

        assert services.journal.decisions() == []
        assert services.journal.balances(card.plan.account) == {}
        text = chat_text(app)
        assert "expired" in text and card.plan.plan_hash[:12] in text
        assert "Refresh preview" in text
        assert "coinpilot" not in text.lower() and "--market" not in text
        assert app.main.query_one(PortfolioPane).status.holdings == []  # type: ignore[union-attr]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, ExpiredModal)
        await pilot.press("n")
        await pilot.pause()
        assert card.expired and len(app.main.query(PreviewCard)) == 1


async def test_a_newer_preview_supersedes_the_open_one(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        first = await _preview(pilot, app)
        await ask(pilot, GOAL.replace("50%", "40%"))
        cards = list(app.main.query(PreviewCard))
        assert len(cards) == 2
        assert not first.is_open and cards[1].is_open
        assert "Superseded" in chat_text(app)
        specs = list(app.main.query(SpecCard))
        paths = [c["path"] for c in specs[-1].changes]
        assert "constraints.max_weight" in paths  # the diff against the previous version
