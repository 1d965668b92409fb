"""The settings screen: model (base URL, name), market (demo or csv:<folder>) and mode.

The API key is never shown or written: only whether one is set. Live mode is not built, so
choosing it says so and the mode stays paper. Saving asks the app to re-open services with the new
values; they are written to ``$COINPILOT_HOME/config.toml`` only once that worked.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.config import Settings

LIVE_NOTE = (
    'Live trading is enabled in config.toml (mode = "live") or COINPILOT_MODE=live, never from '
    "here; each live confirm also asks you to type its phrase. Paper accounts stay on paper."
)
_ENV = {
    "llm_base_url": "COINPILOT_LLM_BASE_URL",
    "llm_model": "COINPILOT_LLM_MODEL",
    "market": "COINPILOT_MARKET",
    "mode": "COINPILOT_MODE",
}


class SettingsScreen(Screen[None]):
    DEFAULT_CSS = """
    SettingsScreen #form { padding: 0 2; }
    SettingsScreen #title { text-style: bold; margin-top: 1; }
    SettingsScreen RadioSet { width: auto; }
    SettingsScreen .section { text-style: bold; margin-top: 1; color: $accent; }
    SettingsScreen Input { width: 1fr; max-width: 80; }
    SettingsScreen .help { color: $text-muted; }
    SettingsScreen #mode-note { color: $warning; }
    SettingsScreen .buttons { height: auto; margin-top: 1; }
    SettingsScreen Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="settings-back", tooltip="Back, unsaved"),
        Binding("ctrl+s", "save", "Save", id="settings-save", tooltip="Save and re-open"),
    ]

    AUTO_FOCUS = "#base-url"

    class SaveRequested(Message):
        """Re-open services with ``values``; write them to config.toml only if that works."""

        def __init__(self, values: dict[str, Any]) -> None:
            super().__init__()
            self.values = values

    def __init__(self, settings: Settings | None) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        key_set = s is not None and s.llm_key() is not None
        with VerticalScroll(id="form"):
            yield Static("Settings", id="title")
            yield Static("Model", classes="section")
            yield Label("Base URL of an OpenAI-compatible server (empty: the offline parser)")
            yield Input(
                (s.llm_base_url or "") if s else "",
                placeholder="e.g. http://localhost:11434/v1",
                id="base-url",
            )
            yield Label("Model name")
            yield Input(
                (s.llm_model or "") if s else "", placeholder="e.g. llama3.1:8b", id="model"
            )
            yield Static(
                f"API key: {'set' if key_set else 'not set'} (only from COINPILOT_LLM_API_KEY or "
                "OPENAI_API_KEY; never shown, never saved)",
                id="key-status",
                classes="help",
            )
            yield Static("Market", classes="section")
            yield Label("demo (simulated, offline) or csv:<folder> of daily OHLCV files")
            yield Input(s.market if s else "demo", placeholder="demo", id="market")
            yield Static("Mode", classes="section")
            with RadioSet(id="mode"):
                yield RadioButton("paper (simulated orders)", value=True, id="paper")
                yield RadioButton("live (real orders)", id="live")
            yield Static("", id="mode-note")
            yield Static(self._env_note(), id="env-note", classes="help")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Back", id="back")
            where = s.home / "config.toml" if s else "config.toml in CoinPilot's home"
            yield Static(f"Save writes {where}; never the API key.", id="save-note", classes="help")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        """Start at the title: focusing the first field scrolls a short terminal past it."""
        self.call_after_refresh(self.query_one("#form").scroll_home, animate=False)

    @staticmethod
    def _env_note() -> str:
        names = [env for env in _ENV.values() if os.environ.get(env)]
        if not names:
            return ""
        return "Set in the environment (wins over the file at the next start): " + ", ".join(names)

    @on(RadioSet.Changed, "#mode")
    def _mode_changed(self, event: RadioSet.Changed) -> None:
        if event.pressed.id == "live":
            self.query_one("#mode-note", Static).update(LIVE_NOTE)
            self.query_one("#paper", RadioButton).value = True
            self.notify(LIVE_NOTE, severity="warning")

    def values(self) -> dict[str, Any]:
        """The form as settings values; empty model fields mean "use the offline parser"."""
        base = self.query_one("#base-url", Input).value.strip()
        model = self.query_one("#model", Input).value.strip()
        market = self.query_one("#market", Input).value.strip() or "demo"
        return {
            "llm_base_url": base or None,
            "llm_model": model or None,
            "market": market,
            "mode": "paper",
        }

    def action_save(self) -> None:
        self.post_message(self.SaveRequested(self.values()))
        self.notify("Re-opening services with the new settings…")

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.app.pop_screen()
