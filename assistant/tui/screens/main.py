"""The main screen: the chat on the left, the paper portfolio and its weights chart on the right.

Below 110 columns (``-narrow``) there is no room for both side by side: the chat takes the whole
width, and ctrl+o swaps it for the portfolio and back. Previews arrive from the chat;
confirming, cancelling, expiring and refreshing them is
:class:`PreviewScreen`'s job (the only way to orders is the confirm dialog's Confirm). The app
hands this screen the backend once it is open; the screen tells the app what it is doing with
:class:`StatusBar.Activity` messages, never by reaching into the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header

from assistant.presentation import ids
from assistant.presentation.plan_tables import largest_first

from ..widgets.chat_pane import ChatPane
from ..widgets.holdings_card import HoldingsCard
from ..widgets.portfolio_pane import PortfolioPane
from ..widgets.preview_card import PreviewCard
from ..widgets.status_bar import StatusBar
from ..widgets.wallet_card import WalletCard
from ..widgets.weights_chart import WeightsChart
from .previews import PreviewScreen

if TYPE_CHECKING:
    from assistant.engine import PortfolioStatus

    from ..backend import Backend


class MainScreen(PreviewScreen):
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #side { width: 48; }
    MainScreen.-narrow #side { display: none; width: 1fr; }
    MainScreen.-narrow.-portfolio #side { display: block; }
    MainScreen.-narrow.-portfolio #chat-pane { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop", id="cancel-answer", tooltip="Nothing changes"),
        Binding(
            "ctrl+y",
            "confirm_preview",
            "Confirm",
            id="confirm-preview",
            tooltip="Opens the confirm dialog for the open preview",
        ),
        Binding(
            "ctrl+r",
            "refresh",
            "Refresh",
            id="refresh-portfolio",
            tooltip="Revalue now",
            show=False,
        ),
        Binding(
            "ctrl+o",
            "toggle_portfolio",
            "Portfolio",
            id="toggle-portfolio",
            tooltip="In a narrow terminal: the portfolio instead of the chat, and back",
        ),
        Binding(
            "ctrl+l", "clear", "Clear chat", id="clear-chat", show=False, tooltip="Screen only"
        ),
    ]

    AUTO_FOCUS = "#prompt"

    def __init__(self) -> None:
        super().__init__()
        self.status: PortfolioStatus | None = None

    @property
    def chat(self) -> ChatPane:
        return self.query_one(ChatPane)

    def set_backend(self, backend: Backend) -> None:
        """The app opened (or re-opened) the services: the chat answers with this backend."""
        self.backend = backend
        self.chat.backend = backend

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        with Horizontal(id="body"):
            yield ChatPane(id="chat-pane")
            with Vertical(id="side"):
                yield PortfolioPane(id="portfolio")
                yield WeightsChart(id="chart")
        yield StatusBar()
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.chat.running
        if action == "toggle_portfolio":  # side by side when wide: nothing to toggle
            return self.has_class("-narrow")
        if action == "confirm_preview":  # an expired preview still answers: with a refresh
            return self._preview is not None and (self._preview.is_open or self._preview.expired)
        return True

    def on_resize(self) -> None:
        self.refresh_bindings()  # ctrl+o only applies when narrow

    def action_toggle_portfolio(self) -> None:
        self.toggle_class("-portfolio")
        if not self.has_class("-portfolio"):
            self.chat.query_one("#prompt").focus()

    # -- the chat's news --------------------------------------------------------------------------

    @on(ChatPane.TurnChanged)
    def _turn_changed(self) -> None:
        self.refresh_bindings()

    @on(ChatPane.ConversationChanged)
    def _conversation_changed(self, event: ChatPane.ConversationChanged) -> None:
        self._preview = None  # its card left the screen with the old conversation
        self.sub_title = event.title or "new conversation"
        self.refresh_bindings()

    @on(ChatPane.PreviewShown)
    def _preview_shown(self, event: ChatPane.PreviewShown) -> None:
        plan = event.card.plan
        old = self._preview
        if old is not None and (old.is_open or old.expired):
            old.close(f"Superseded by plan {ids.show_id(plan.plan_hash)}.")
        self._preview = event.card
        self.watch_expiry(event.card)
        current = {h.asset: h.weight for h in self.status.holdings} if self.status else {}
        targets = {a: w for a, w in plan.allocation.weights.items() if a != plan.quote}
        order = largest_first(targets)  # the preview's target table lists coins so
        self.query_one(WeightsChart).show(current, targets, "preview", order)
        self.refresh_bindings()

    @on(HoldingsCard.RecordRequested)
    def _record_holdings(self, event: HoldingsCard.RecordRequested) -> None:
        """The person's action, not the model's: only this writes the holdings."""
        if self.backend is not None and event.card.is_open:
            event.card.close("Recording…")
            self._write_holdings(self.backend, event.card)

    @work(thread=True, exclusive=True, group="holdings")
    def _write_holdings(self, backend: Backend, card: HoldingsCard) -> None:
        from assistant.domain import CoinPilotError

        try:
            account, status = backend.record_holdings(card.holdings)
        except CoinPilotError as exc:
            self.app.call_from_thread(card.close, f"Not recorded: {exc.message}")
            return
        listed = ", ".join(f"{q} {a}" for a, q in card.holdings.items())
        said = f"Recorded {listed} on paper account {account}; the next preview plans from them."
        self.app.call_from_thread(card.close, said)
        self.app.call_from_thread(self.show_status, status)

    @on(WalletCard.WatchRequested)
    def _watch_wallet(self, event: WalletCard.WatchRequested) -> None:
        """The person's action, not the model's: only this adds the wallet."""
        if self.backend is not None and event.card.is_open:
            event.card.close("Adding…")
            self._add_wallet(self.backend, event.card)

    @work(thread=True, exclusive=True, group="wallet")
    def _add_wallet(self, backend: Backend, card: WalletCard) -> None:
        """The engine's add_wallet (checked again: the journal may have changed since)."""
        from assistant.domain import READ_ONLY_NOTE, CoinPilotError

        try:
            wallet = backend.add_wallet(card.wallet_name, card.chain, card.address)
        except CoinPilotError as exc:
            said = exc.message + (f" {exc.hint}" if exc.hint else "")
            self.app.call_from_thread(card.close, f"Not added: {said}")
            return
        said = f"Watching {wallet.where}; the portfolio shows its holdings. Note: {READ_ONLY_NOTE}."
        self.app.call_from_thread(card.close, said)
        self.app.call_from_thread(self.action_refresh)  # the portfolio, and its wallets

    def close_previews(self, reason: str) -> None:
        """Close every open preview (e.g. services were re-opened: their plans are elsewhere)."""
        for card in self.query(PreviewCard):
            if card.is_open or card.expired:
                card.close(reason)
        self.refresh_bindings()

    async def action_stop(self) -> None:
        await self.chat.stop()

    async def ask(self, text: str) -> bool:
        return await self.chat.ask(text)

    def suggest(self, text: str) -> None:
        self.chat.suggest(text)

    async def action_clear(self) -> None:
        await self.chat.log_view.clear_log()
        self._preview = None
        self.refresh_bindings()

    # -- portfolio --------------------------------------------------------------------------------

    def show_status(self, status: PortfolioStatus) -> None:
        self.status = status
        self.query_one(PortfolioPane).show(status)
        current = {h.asset: h.weight for h in status.holdings}
        targets = {h.asset: h.target for h in status.holdings if h.target is not None}
        order = [h.asset for h in status.holdings]  # the portfolio table's rows
        self.query_one(WeightsChart).show(current, targets, "target", order)
        if self.backend is not None:
            self._read_wallets(self.backend, status.quote)

    @work(thread=True, exclusive=True, group="wallets")
    def _read_wallets(self, backend: Backend, quote: str) -> None:
        """Wallet balances off the UI thread (a live node can be slow); none watched: no read."""
        from assistant.domain import CoinPilotError

        try:
            report = backend.wallets(quote)
        except CoinPilotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        pane = self.query_one(PortfolioPane)
        if report is not None or pane.wallets is not None:  # none watched, none shown: no update
            self.app.call_from_thread(pane.show_wallets, report)

    def action_refresh(self) -> None:
        if self.backend is not None:
            self._refresh(self.backend)

    @work(thread=True, exclusive=True, group="portfolio")
    def _refresh(self, backend: Backend) -> None:
        from assistant.domain import CoinPilotError

        try:
            status = backend.status()
        except CoinPilotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
        else:
            self.app.call_from_thread(self.show_status, status)
