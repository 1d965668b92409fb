"""The journal screen, the settings screen and the command palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Button, DataTable, Input, RadioButton, Static

from assistant.config import load_settings
from assistant.engine import Services, explain_decision
from assistant.tui import CoinPilotApp
from assistant.tui.screens.journal import JournalScreen
from assistant.tui.screens.settings import LIVE_NOTE, SettingsScreen
from tests.journal.journal_builders import at, make_decision, make_plan, make_spec
from tests.tui.helpers import decide, ready, wait_until

pytestmark = pytest.mark.anyio

SECRET = "sk-test-secret-0123456789"


def _text(static: Static) -> str:
    content = static.content
    return content.plain if isinstance(content, Text) else str(content)


async def test_journal_screen_explains_the_selected_decision(services: Services) -> None:
    decision_id = decide(services)
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+j")
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        why = screen.query_one("#why", Static)
        await wait_until(pilot, lambda: decision_id in _text(why), "the explanation")

        table = screen.query_one("#decisions", DataTable)
        assert table.row_count == 1
        assert _text(why).splitlines() == explain_decision(services, decision_id).lines
        entries = screen.query_one("#entries", DataTable)
        kinds = {entries.get_row_at(i)[1] for i in range(entries.row_count)}
        assert {"plan", "confirmation", "decision", "fill"} <= kinds

        await pilot.press("escape")
        assert app.screen is app.main


async def test_journal_screen_without_decisions_says_there_is_nothing(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+j")
        why = app.screen.query_one("#why", Static)
        await wait_until(pilot, lambda: "No decision" in _text(why), "the empty journal")


async def test_settings_never_show_the_key_and_save_writes_no_key(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COINPILOT_LLM_API_KEY", SECRET)
    services.settings = load_settings()
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+s")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert "API key: set" in _text(screen.query_one("#key-status", Static))
        real = str(services.settings.home / "config.toml")
        assert real in _text(screen.query_one("#save-note", Static))
        assert SECRET not in app.export_screenshot()

        screen.query_one("#base-url", Input).value = "http://localhost:11434/v1"
        screen.query_one("#model", Input).value = "llama3.1:8b"
        old = app.backend
        await pilot.click(screen.query_one("#save", Button))
        await wait_until(pilot, lambda: app.backend is not old, "the re-opened services")
        assert app.backend is not None and app.backend.services is not services

        config = (services.settings.home / "config.toml").read_text()
        assert 'llm_model = "llama3.1:8b"' in config
        assert 'llm_base_url = "http://localhost:11434/v1"' in config
        assert 'market = "demo"' in config and 'mode = "paper"' in config
        assert SECRET not in config and "api_key" not in config
        path = str(services.settings.home / "config.toml")
        assert any(f"Saved to {path}." in n.message for n in app._notifications)
        assert "$COINPILOT_HOME" not in " ".join(n.message for n in app._notifications)
        assert app.status_info.model == "llama3.1:8b @ http://localhost:11434/v1"
        assert SECRET not in app.export_screenshot()


async def test_settings_with_a_broken_market_write_nothing_and_keep_services(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+s")
        screen = app.screen
        screen.query_one("#market", Input).value = "nasdaq"
        old = app.backend
        await pilot.click(screen.query_one("#save", Button))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.backend is old
        assert not (services.settings.home / "config.toml").exists()
        assert any("nasdaq" in n.message for n in app._notifications)


async def test_choosing_live_mode_says_it_is_not_built_and_stays_paper(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+s")
        screen = app.screen
        await pilot.click(screen.query_one("#live", RadioButton))
        await pilot.pause()
        assert _text(screen.query_one("#mode-note", Static)) == LIVE_NOTE
        assert screen.query_one("#paper", RadioButton).value is True
        assert screen.values()["mode"] == "paper"  # type: ignore[attr-defined]


async def test_command_palette_opens_the_journal(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"journal: decisions")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")


async def test_palette_lists_the_main_actions(services: Services) -> None:
    from assistant.tui.commands import CoinPilotCommands

    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        provider = CoinPilotCommands(app.screen)
        names = [name for name, _, _ in provider._commands()]
        for expected in ("Journal", "Settings", "Confirm", "Stop", "Refresh"):
            assert any(expected in n for n in names), names


async def test_keymap_file_remaps_a_binding_by_its_id(services: Services) -> None:
    services.settings.home.mkdir(parents=True, exist_ok=True)
    (services.settings.home / "keymap.toml").write_text('journal = "f2"\n')
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: bool(app._keymap), "the key map")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, JournalScreen), "the journal")


async def test_a_keymap_with_an_unknown_id_is_a_notice(services: Services) -> None:
    services.settings.home.mkdir(parents=True, exist_ok=True)
    (services.settings.home / "keymap.toml").write_text('jurnal = "f2"\n')
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        def told() -> bool:
            return any("unknown bindings: jurnal" in n.message for n in app._notifications)

        await wait_until(pilot, told, "the notice")


async def test_reopening_services_closes_previews_made_on_the_old_ones(services: Services) -> None:
    from assistant.tui.widgets.preview_card import PreviewCard
    from tests.tui.helpers import GOAL, ask

    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        card = app.main.query_one(PreviewCard)
        old = app.backend
        app.apply_settings({"llm_base_url": None, "llm_model": None, "market": "demo"})
        await wait_until(pilot, lambda: app.backend is not old, "the re-opened services")
        assert not card.is_open
        assert services.journal.decisions() == []


async def test_a_screenshot_lands_in_the_data_directory_and_the_notice_names_it(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = tmp_path / "a-repository"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    folder = services.settings.home / "screenshots"
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"screenshot")
        await pilot.pause(0.5)
        await pilot.press("enter")  # the palette's Screenshot, as a person runs it
        await wait_until(pilot, lambda: any(folder.glob("*.svg")), "the screenshot file")
        [saved] = list(folder.glob("*.svg"))

        def named() -> bool:
            return any(str(saved) in n.message for n in app._notifications)

        await wait_until(pilot, named, "the notice naming the file")
    assert saved.read_text("utf-8").startswith("<svg") and "PAPER" in saved.read_text("utf-8")
    assert list(cwd.iterdir()) == []


async def test_journal_screen_reads_older_decisions_when_the_cursor_reaches_the_last(
    services: Services,
) -> None:
    spec = make_spec()
    services.journal.record_spec(spec)
    for n in range(45):
        plan = make_plan(spec, created=at(60 * n), note=str(n))
        services.journal.record_plan(plan)
        services.journal.record_decision(make_decision(plan, f"dec-2026112-{n:04d}", at(60 * n)))
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+j")
        table = app.screen.query_one("#decisions", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0, "the first page")
        assert table.row_count == 30  # a screenful, not the whole journal
        table.move_cursor(row=29)
        await wait_until(pilot, lambda: table.row_count == 45, "the older decisions")
        keys = [row.key.value for row in table.ordered_rows]
        assert keys == [f"dec-2026112-{n:04d}" for n in reversed(range(45))]
        assert table.cursor_row == 29
