"""An error nobody handled: a log with the traceback, a panel saying where, exit status 1."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rich.console import Console
from textual.app import App

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.crash import UnexpectedError
from assistant.tui.screens.main import MainScreen
from tests.tui.helpers import ready

SECRET = "sk-abcdefghijklmnop"


def _logs(home: Path) -> list[Path]:
    return sorted((home / "logs").glob("coinpilot-*.log"))


def _flat(text: str) -> str:
    """The panel's text without its border and line breaks (a long path wraps inside it)."""
    return "".join(text.replace("│", "").split())


def _panel(error: UnexpectedError) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(error)
    return console.export_text()


@pytest.mark.anyio
async def test_an_unhandled_error_in_a_key_action_ends_the_app_with_status_1_and_a_log(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: CoinPilotApp) -> None:
        raise KeyError(f"/somewhere/chroma {SECRET}")

    monkeypatch.setattr(CoinPilotApp, "action_open_journal", broken)
    app = CoinPilotApp(services)
    with pytest.raises(UnexpectedError) as caught:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+j")
            await pilot.pause()
    assert app.return_code == 1
    [log] = _logs(services.settings.home)
    text = log.read_text("utf-8")
    assert "Traceback" in text and "KeyError" in text and "in broken" in text
    assert SECRET not in text
    panel = _panel(caught.value)
    assert str(log) in _flat(panel) and "KeyError" in panel
    assert "Traceback" not in panel and SECRET not in panel


@pytest.mark.anyio
async def test_an_unhandled_error_in_a_worker_ends_the_app_with_status_1_and_a_log(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: MainScreen, status: object) -> None:
        raise AttributeError("'RustBindingsAPI' object has no attribute 'bindings'")

    monkeypatch.setattr(MainScreen, "show_status", broken)  # runs when the loading worker ends
    app = CoinPilotApp(services)
    with pytest.raises(UnexpectedError) as caught:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(5)
    assert app.return_code == 1
    assert isinstance(caught.value.error, AttributeError)  # the cause, not Textual's wrapper
    assert "RustBindingsAPI" in _logs(services.settings.home)[0].read_text("utf-8")


def test_coinpilot_exits_non_zero_and_prints_the_panel_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from assistant import launcher

    def broken(self: CoinPilotApp) -> None:
        raise RuntimeError("boom on start")

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr(CoinPilotApp, "on_ready", broken)
    monkeypatch.setattr(CoinPilotApp, "run", functools.partialmethod(App.run, headless=True))
    assert launcher.run_app() == 1
    err = capsys.readouterr().err
    home = Path(str(tmp_path / "coinpilot-home"))
    [log] = _logs(home)
    assert "RuntimeError: boom on start" in err
    assert str(log) in _flat(err)
    assert "Traceback" not in err
