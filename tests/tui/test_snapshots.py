"""SVG snapshots of the main screens at 120x40 (``pytest --snapshot-update`` to accept changes).

Deterministic by construction: the demo market is pinned to 2026-01-15, the clock to 12:00 UTC,
wall-time stamps are frozen, and the prompt's cursor does not blink. The plan hashes and decision
ids on screen are machine-independent: they cover canonical values, never the last bits of a float
(``assistant/domain/canonical.py``), so a CPU with other SIMD paths shows the same screens.
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
from assistant.tui.screens.journal import JournalScreen
from tests.tui.helpers import GOAL, ask, decide, ready, wait_until

SIZE = (120, 40)
SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("frozen_wall_time")


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
    await pilot.pause()


async def _journal(pilot: Pilot[Any]) -> None:
    app = await ready(pilot)
    await pilot.press("ctrl+j")
    await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")
    screen = app.screen
    why = screen.query_one("#why", Static)
    entries = screen.query_one("#entries", DataTable)

    def shown() -> bool:
        return "Decision d-" in str(why.content) and entries.row_count > 0

    await wait_until(pilot, shown, "the explanation and the timeline")


async def _settings(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()
    _steady(pilot)


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
