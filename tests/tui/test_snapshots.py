"""SVG snapshots of the main screens at 120x40 and at 80x24 (``--snapshot-update`` to accept).

Deterministic by construction: the demo market is pinned to 2026-01-15, the clock to 12:00 UTC,
wall-time stamps are frozen, and the prompt's cursor does not blink. Ids (plan hashes, decision
ids, data hashes) are shown as ``<plan 1>``, ``<decision 1>``...: every surface shows an id
through :func:`assistant.presentation.ids.show_id`, which these tests replace, so no snapshot
holds hex that a CPU with other floating-point paths could change (the hashes cover canonical
values, ``assistant/domain/canonical.py``, but a snapshot need not depend on that).
Review a changed snapshot in the HTML report pytest-textual-snapshot writes before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.modals.confirm import ConfirmModal
from assistant.tui.screens.journal import JournalScreen
from tests.tui.helpers import GOAL, ask, decide, ready, wait_until

SIZE = (120, 40)
NARROW = (80, 24)
SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("frozen_wall_time", "stable_ids")


@pytest.fixture
def stable_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each id shown as its kind and the order it was first shown in: ``<plan 1>``."""
    from assistant.presentation import ids

    seen: dict[tuple[str, str], int] = {}

    def placeholder(value: str, kind: str = "plan", *, full: bool = False) -> str:
        key = (kind, value if kind == "decision" else value[: ids.SHOWN])
        if key not in seen:
            seen[key] = 1 + sum(1 for k in seen if k[0] == kind)
        return f"<{kind} {seen[key]}>"

    monkeypatch.setattr(ids, "show_id", placeholder)


def _steady(pilot: Pilot[Any]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def _loaded(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    _steady(pilot)


async def _previewed(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await ask(pilot, GOAL)
    _steady(pilot)


async def _confirming(pilot: Pilot[Any]) -> None:
    await _previewed(pilot)
    await pilot.press("ctrl+y")
    app = pilot.app

    def fitted() -> bool:  # the dialog sizes its plan after its first layout
        return isinstance(app.screen, ConfirmModal) and bool(
            app.screen.query_one("#plan").styles.max_height
        )

    await wait_until(pilot, fitted, "the dialog's layout")


async def _portfolio(pilot: Pilot[Any]) -> None:
    await _previewed(pilot)
    await pilot.press("ctrl+o")  # narrow: the portfolio and the preview's weights instead
    await pilot.pause()


async def _journal(pilot: Pilot[Any]) -> None:
    app = await ready(pilot)
    await pilot.press("ctrl+j")
    await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")
    screen = app.screen
    why = screen.query_one("#why", Static)
    entries = screen.query_one("#entries", DataTable)

    def shown() -> bool:
        return "Decision <decision" in str(why.content) and entries.row_count > 0

    def sized() -> bool:  # a table sizes its columns to their cells a refresh after the rows
        widths = sum(c.content_width for c in entries.columns.values())
        return entries.virtual_size.width >= widths

    await wait_until(pilot, shown, "the explanation and the timeline")
    await wait_until(pilot, sized, "the timeline's column widths")


async def _settings(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    _steady(pilot)
    # The real config path is this run's temporary home: show a stable stand-in instead.
    note = pilot.app.screen.query_one("#save-note", Static)
    note.update("Save writes <home>/config.toml; never the API key.")
    await pilot.pause()


def test_snapshot_empty_main_screen(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_loaded)


def test_snapshot_after_a_preview(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_previewed)


def test_snapshot_confirm_dialog(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_confirming)


def test_snapshot_journal_screen(snap_compare: SnapCompare, services: Services) -> None:
    decide(services)
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_journal)


def test_snapshot_settings_screen(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_settings)


def test_snapshot_empty_main_screen_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_loaded)


def test_snapshot_after_a_preview_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_previewed)


def test_snapshot_portfolio_swapped_in_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_portfolio)


def test_snapshot_confirm_dialog_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_confirming)


def test_snapshot_journal_screen_80x24(snap_compare: SnapCompare, services: Services) -> None:
    decide(services)
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_journal)


def test_snapshot_settings_screen_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_settings)


# -- visual turns and conversations -------------------------------------------------------------


async def _backtested(pilot: Pilot[Any]) -> None:
    await _previewed(pilot)
    await ask(pilot, "backtest it over the last 3 years")
    _steady(pilot)
    await pilot.pause()


def _kept(services: Services) -> None:
    """Three journaled conversations at fixed times (the chat would stamp wall time)."""
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
    said = [
        ("c-1", GOAL, "Here is the strategy I understood."),
        ("c-2", "what is HRP?", "A way to spread risk across groups of coins."),
        ("c-3", "backtest it over the last 3 years", "Past results do not predict future ones."),
    ]
    for n, (conversation, question, answer) in enumerate(said):
        at = t0 + timedelta(hours=n)
        services.journal.record_message(conversation, "user", question, at)
        services.journal.record_message(conversation, "assistant", answer, at)


async def _conversations(pilot: Pilot[Any]) -> None:
    from assistant.tui.screens.conversations import ConversationsScreen

    app = await ready(pilot)
    await pilot.press("ctrl+b")

    def filled() -> bool:
        screen = app.screen
        return isinstance(screen, ConversationsScreen) and len(screen.kept) == 3

    await wait_until(pilot, filled, "the conversations")


async def _forgetting(pilot: Pilot[Any]) -> None:
    await _conversations(pilot)
    await pilot.press("d")
    await pilot.pause()


def test_snapshot_backtest_card(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_backtested)


def test_snapshot_backtest_card_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_backtested)


def test_snapshot_conversations_screen(snap_compare: SnapCompare, services: Services) -> None:
    _kept(services)
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_conversations)


def test_snapshot_conversations_screen_80x24(snap_compare: SnapCompare, services: Services) -> None:
    _kept(services)
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_conversations)


def test_snapshot_delete_conversation_dialog_80x24(
    snap_compare: SnapCompare, services: Services
) -> None:
    _kept(services)
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_forgetting)


async def _reopened(pilot: Pilot[Any]) -> None:
    """A conversation with a spec, a preview and a backtest, left for a new one, then reopened."""
    from tests.tui.test_reopened_cards import reopen

    await _backtested(pilot)
    app = pilot.app
    assert isinstance(app, CoinPilotApp) and app.backend is not None
    first = app.backend.conversation_id
    await pilot.press("ctrl+n")
    await pilot.pause()
    await reopen(pilot, first)
    _steady(pilot)
    await pilot.pause()


def test_snapshot_reopened_conversation(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_reopened)


async def _wallet_form(pilot: Pilot[Any]) -> None:
    """The wallet form after a refused address (the CLI's check, in its words)."""
    from assistant.tui.modals.wallet import WalletModal

    app = await ready(pilot)
    app.action_add_wallet()
    await wait_until(pilot, lambda: isinstance(app.screen, WalletModal), "the form")
    modal = app.screen
    modal.query_one("#address", Input).value = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"
    modal.query_one("#name", Input).value = "cold"
    await pilot.click("#watch")
    problem = modal.query_one("#problem", Static)
    await wait_until(pilot, lambda: "Not added" in str(problem.content), "the refusal")
    # the Watch button's 0.2 s press effect outlasts a quick refusal but not a slow one:
    # wait it out so the picture does not depend on the machine's load
    await pilot.pause(0.3)
    _steady(pilot)


def test_snapshot_wallet_form_80x24(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=NARROW, run_before=_wallet_form)


async def _wallet_card(pilot: Pilot[Any]) -> None:
    """'Watch my wallet ... on base' in the chat: the checked wallet and its Watch button."""
    await ready(pilot)
    await ask(pilot, "watch my wallet 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed on base")
    _steady(pilot)
    await pilot.pause()


def test_snapshot_wallet_card(snap_compare: SnapCompare, services: Services) -> None:
    assert snap_compare(CoinPilotApp(services), terminal_size=SIZE, run_before=_wallet_card)
