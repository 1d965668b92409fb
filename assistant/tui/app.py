"""CoinPilotApp: the Textual app that ``coinpilot`` with no arguments opens.

First paint comes before anything slow: the layout is drawn, then a thread worker imports and
opens the engine's services (journal, market) and the agent session while the status bar says
"loading market…". The app holds the one :class:`Backend`; screens reach the engine only through it.
It must never execute a plan except from the person's Confirm in the confirm dialog.

An exception nobody handled ends the app with exit status 1 and a panel naming the log file that
holds its traceback, never a bare traceback and status 0 (:class:`HomeApp`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive

from assistant.presentation import ids

from .commands import CoinPilotCommands
from .home_app import HomeApp
from .keymap import KEYMAP_FILENAME, binding_ids, load_keymap
from .modals.confirm import ConfirmModal
from .modals.wallet import WalletModal
from .screens.conversations import ConversationsScreen
from .screens.journal import JournalScreen
from .screens.main import MainScreen
from .screens.performance import PerformanceScreen
from .screens.settings import SettingsScreen
from .watcher import AppWatcher
from .widgets.chat_pane import ChatPane
from .widgets.portfolio_pane import PortfolioPane
from .widgets.status_bar import StatusBar, StatusInfo

if TYPE_CHECKING:
    from assistant.engine import PortfolioStatus, Services

    from .backend import Backend, SessionFactory


class CoinPilotApp(HomeApp):
    TITLE = "CoinPilot"
    COMMANDS = App.COMMANDS | {CoinPilotCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows what fits at 80 columns (the most used); the rest, hidden, are still
        # keys and are listed in the command palette (ctrl+p) with their keys.
        Binding(
            "ctrl+n",
            "new_chat",
            "New chat",
            id="new-chat",
            tooltip="An empty conversation",
            show=False,
        ),
        Binding(
            "ctrl+b",
            "open_conversations",
            "Chats",
            id="conversations",
            tooltip="Kept conversations: open, start, delete",
        ),
        Binding("ctrl+j", "open_journal", "Journal", id="journal", tooltip="Decisions and why"),
        Binding(
            "ctrl+g",
            "open_performance",
            "Performance",
            id="performance",
            tooltip="The account against BTC and equal weight",
            show=False,
        ),
        Binding(
            "ctrl+s",
            "open_settings",
            "Settings",
            id="settings",
            tooltip="Model and market",
            show=False,
        ),
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave CoinPilot", priority=True),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (App types it so)
    """Every screen gets ``-narrow`` below 110 columns (e.g. 80x24) and lays itself out for it."""

    status_info: reactive[StatusInfo] = reactive(StatusInfo)
    """What the status bar shows on every screen."""

    def __init__(
        self,
        services: Services | None = None,
        *,
        session_factory: SessionFactory | None = None,
        market: str | None = None,
    ) -> None:
        """``services`` and ``session_factory`` let tests hand in a pinned market and a model."""
        super().__init__()
        self._services = services
        self._session_factory = session_factory
        self._market = market
        self.backend: Backend | None = None
        self.main = MainScreen()
        self.watcher = AppWatcher(self)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice of every screen: ids in it (an engine refusal names its plan) are shown
        the one way the rest of the app shows them (:mod:`assistant.presentation.ids`)."""
        super().notify(
            ids.show_ids(message), title=title, severity=severity, timeout=timeout, markup=markup
        )

    def get_default_screen(self) -> MainScreen:
        return self.main

    @property
    def home(self) -> Path | None:
        """The data directory (logs, screenshots), once known; None means the default one."""
        if self.backend is not None:
            return self.backend.settings.home
        return self._services.settings.home if self._services is not None else None

    def on_ready(self) -> None:
        self.open_backend()

    def on_unmount(self) -> None:
        self.watcher.stop()
        if self.backend is not None:
            self.backend.close()

    # -- the backend, opened off the UI thread --------------------------------------------------

    @work(thread=True, exclusive=True, group="backend")
    def open_backend(self) -> None:
        from assistant.domain import CoinPilotError

        from .backend import open_backend

        try:
            backend = open_backend(self._services, self._session_factory, market=self._market)
            status = backend.status()
        except CoinPilotError as exc:
            self.call_from_thread(self._backend_failed, exc.message, exc.hint)
        except Exception as exc:  # never a traceback in the UI
            self.call_from_thread(self._backend_failed, self.log_error(exc, "opening"), None)
        else:
            self.call_from_thread(self._backend_ready, backend, status, None)
            self._load_keymap(backend.settings.home / KEYMAP_FILENAME)
            self._reconcile(backend)
            self._warm_up(backend)

    def _reconcile(self, backend: Backend) -> None:
        """The reconciliation gate on start: a refusal is shown (chat and notice) so nobody
        plans on an account whose journal and exchange differ; adjustments are noted."""
        try:
            found = backend.reconcile_on_start()
        except Exception as exc:  # never a traceback in the UI
            found = [("?", self.log_error(exc, "reconciliation"), False)]
        log = self.main.chat.log_view
        for account, said, ok in found:
            if ok and "adjustments" not in said:
                continue
            self.call_from_thread(log.post_note, f"Reconciliation: {said}", "ok" if ok else "error")
            if not ok:
                self.call_from_thread(
                    self.notify, said, title=f"Not trading on {account}", severity="error"
                )

    def _warm_up(self, backend: Backend) -> None:
        """Open the knowledge index before the first question; a question asked meanwhile waits
        for this same opening (the session opens it once, under a lock). Failing here only
        costs knowledge search, so it is a warning, not the end of the app."""
        from assistant.domain import CoinPilotError

        try:
            backend.session.warm_up()
        except CoinPilotError as exc:
            message = exc.message
        except Exception as exc:
            message = self.log_error(exc, "knowledge warm-up")
        else:
            return
        self.call_from_thread(self.notify, message, title="Knowledge search", severity="warning")

    def _load_keymap(self, path: Path) -> None:
        from assistant.domain import CoinPilotError

        known = binding_ids(
            self.BINDINGS,
            MainScreen.BINDINGS,
            JournalScreen.BINDINGS,
            SettingsScreen.BINDINGS,
            PerformanceScreen.BINDINGS,
            ConversationsScreen.BINDINGS,
            ConfirmModal.BINDINGS,
            WalletModal.BINDINGS,
        )
        try:
            keymap = load_keymap(path, known)
        except CoinPilotError as exc:
            self.call_from_thread(
                self.notify, f"{exc.message} {exc.hint or ''}", title="Keys", severity="error"
            )
            return
        if keymap:
            self.call_from_thread(self.set_keymap, keymap)

    @on(SettingsScreen.SaveRequested)
    def _save_settings(self, event: SettingsScreen.SaveRequested) -> None:
        self.apply_settings(event.values)

    @work(thread=True, exclusive=True, group="backend")
    def apply_settings(self, values: dict[str, Any]) -> None:
        """Re-open services with the settings screen's values; write them only if that worked."""
        from assistant.domain import CoinPilotError

        from .backend import reopen

        try:
            backend, status, path = reopen(values, self._session_factory)
        except CoinPilotError as exc:
            self.call_from_thread(self._backend_failed, exc.message, exc.hint, keep=True)
        except Exception as exc:  # never a traceback in the UI
            message = self.log_error(exc, "re-opening services")
            self.call_from_thread(self._backend_failed, message, None, keep=True)
        else:
            self.call_from_thread(self._backend_ready, backend, status, f"Saved to {path}.")

    def _backend_ready(self, backend: Backend, status: PortfolioStatus, note: str | None) -> None:
        old, self.backend = self.backend, backend
        self.main.set_backend(backend)
        if old is not None and old is not backend:
            self.watcher.stop()
            backend.continue_from(old)
            old.close()
            self.main.close_previews("Settings changed: describe the goal again for a new preview.")
        market = backend.services.market
        self.status_info = replace(
            self.status_info,
            mode=backend.settings.mode,
            market=market.name,
            simulated=market.simulated,
            model=backend.session.info.label,
            activity="ready",
        )
        self.show_usage()
        self.main.show_status(status)
        self.watcher.start(backend)
        if note:
            self.notify(note + " Services re-opened.", title="Settings")

    def _backend_failed(self, message: str, hint: str | None, keep: bool = False) -> None:
        text = message + (f" {hint}" if hint else "")
        self.notify(text, title="Could not open CoinPilot's services", severity="error")
        if keep and self.backend is not None:
            self.set_activity("ready")
            return
        self.set_activity("not ready: see the notice")
        self.main.query_one(PortfolioPane).show_problem(text)

    # -- status bar -------------------------------------------------------------------------------

    @on(PortfolioPane.AccountShown)
    def _account_shown(self, event: PortfolioPane.AccountShown) -> None:
        self.status_info = replace(self.status_info, account=event.account or "", badge=event.badge)

    @on(StatusBar.Activity)
    def _activity(self, event: StatusBar.Activity) -> None:
        self.set_activity(event.activity)

    @on(ChatPane.TurnChanged)
    def _turn_changed(self) -> None:
        self.show_usage()

    def set_activity(self, activity: str) -> None:
        self.status_info = replace(self.status_info, activity=activity)

    def show_usage(self) -> None:
        if self.backend is not None:
            used = self.backend.session.budget.session
            self.status_info = replace(self.status_info, tokens=used.total, cost=used.cost)

    # -- screens ----------------------------------------------------------------------------------

    def action_open_journal(self) -> None:
        if isinstance(self.screen, JournalScreen):
            return
        if self.backend is None:
            self.notify("Still loading the journal; try again in a moment.", severity="warning")
            return
        self.push_screen(JournalScreen(self.backend))

    def action_open_performance(self) -> None:
        if isinstance(self.screen, PerformanceScreen):
            return
        if self.backend is None:
            self.notify("Still loading the journal; try again in a moment.", severity="warning")
            return
        self.push_screen(PerformanceScreen(self.backend))

    def action_open_conversations(self) -> None:
        if isinstance(self.screen, ConversationsScreen):
            return
        if self.backend is None:
            self.notify("Still loading the journal; try again in a moment.", severity="warning")
            return
        if self.main.chat.busy():
            return
        self.push_screen(ConversationsScreen(self.backend))

    async def action_new_chat(self) -> None:
        if self.screen is not self.main:
            self.pop_screen()  # from the conversations screen (or another) back to the chat
        await self.main.chat.new_conversation()

    @on(ConversationsScreen.Open)
    def _open_conversation(self, event: ConversationsScreen.Open) -> None:
        self.main.chat.open_conversation(event.conversation_id)

    @on(ConversationsScreen.StartNew)
    async def _start_new(self) -> None:
        await self.main.chat.new_conversation()

    # -- wallets ----------------------------------------------------------------------------------

    def action_add_wallet(self) -> None:
        if isinstance(self.screen, WalletModal):
            return
        self.push_screen(WalletModal())

    @on(WalletModal.AddRequested)
    def _wallet_requested(self, event: WalletModal.AddRequested) -> None:
        if self.backend is None:
            event.modal.refused("CoinPilot is still loading; try again in a moment.")
            return
        self._add_wallet(self.backend, event)

    @work(thread=True, exclusive=True, group="wallet")
    def _add_wallet(self, backend: Backend, event: WalletModal.AddRequested) -> None:
        """Add it off the UI thread (the journal writes); the portfolio then reads it."""
        from assistant.domain import READ_ONLY_NOTE, CoinPilotError

        try:
            wallet = backend.add_wallet(event.wallet_name, event.chain, event.address)
        except CoinPilotError as exc:
            said = exc.message + (f" {exc.hint}" if exc.hint else "")
            self.call_from_thread(event.modal.refused, said)
            return
        except Exception as exc:  # never a traceback in the UI
            self.call_from_thread(event.modal.refused, self.log_error(exc, "adding a wallet"))
            return
        self.call_from_thread(event.modal.added)
        self.call_from_thread(
            self.notify, f"Watching {wallet.where}. Note: {READ_ONLY_NOTE}.", title="Wallet"
        )
        self.call_from_thread(self.main.action_refresh)  # the portfolio, and its wallets

    def action_open_settings(self) -> None:
        if isinstance(self.screen, SettingsScreen):
            return
        settings = self.backend.settings if self.backend is not None else None
        self.push_screen(SettingsScreen(settings))
