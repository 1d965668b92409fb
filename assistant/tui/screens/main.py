"""The main screen: the chat on the left, the paper portfolio and its weights chart on the right.

This is where a preview becomes orders, and only one way: the person presses Confirm (or ctrl+y),
the confirm dialog opens with focus on Cancel, and only its Confirm runs ``execute_plan`` in a
worker. A refusal (expired, superseded, changed) is shown plainly; success updates the portfolio and
the chat cites the decision id. Nothing the model says reaches this path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from ..formatting import short_hash
from ..modals.confirm import ConfirmModal
from ..widgets.chat_pane import ChatPane
from ..widgets.portfolio_pane import PortfolioPane
from ..widgets.preview_card import PreviewCard
from ..widgets.status_bar import StatusBar
from ..widgets.weights_chart import WeightsChart

if TYPE_CHECKING:
    from assistant.domain import Decision, RebalancePlan
    from assistant.engine import PortfolioStatus

    from ..app import CoinPilotApp
    from ..backend import Backend


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #side { width: 50; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop answer", id="cancel-answer", tooltip="Nothing changes"),
        Binding(
            "ctrl+y",
            "confirm_preview",
            "Confirm preview",
            id="confirm-preview",
            tooltip="Opens the confirm dialog for the open preview",
        ),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh-portfolio", tooltip="Revalue now"),
        Binding(
            "ctrl+l", "clear", "Clear chat", id="clear-chat", show=False, tooltip="Screen only"
        ),
    ]

    AUTO_FOCUS = "#prompt"

    def __init__(self) -> None:
        super().__init__()
        self._preview: PreviewCard | None = None  # the newest preview, open or not
        self.status: PortfolioStatus | None = None

    @property
    def cp(self) -> CoinPilotApp:
        return cast("CoinPilotApp", self.app)

    @property
    def chat(self) -> ChatPane:
        return self.query_one(ChatPane)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ChatPane(id="chat-pane")
            with Vertical(id="side"):
                yield PortfolioPane(id="portfolio")
                yield WeightsChart(id="chart")
        yield StatusBar()
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return self.chat.running
        if action == "confirm_preview":
            return self._preview is not None and self._preview.is_open
        return True

    # -- the chat's news --------------------------------------------------------------------------

    @on(ChatPane.TurnChanged)
    def _turn_changed(self) -> None:
        self.refresh_bindings()

    @on(ChatPane.PreviewShown)
    def _preview_shown(self, event: ChatPane.PreviewShown) -> None:
        plan = event.card.plan
        if self._preview is not None and self._preview.is_open:
            self._preview.close(f"Superseded by plan {short_hash(plan.plan_hash)}.")
        self._preview = event.card
        current = {h.asset: h.weight for h in self.status.holdings} if self.status else {}
        targets = {a: w for a, w in plan.allocation.weights.items() if a != plan.quote}
        self.query_one(WeightsChart).show(current, targets, "preview")
        self.refresh_bindings()

    def close_previews(self, reason: str) -> None:
        """Close every open preview (e.g. services were re-opened: their plans are elsewhere)."""
        for card in self.query(PreviewCard):
            if card.is_open:
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

    # -- confirming -------------------------------------------------------------------------------

    @on(PreviewCard.ConfirmRequested)
    def _confirm_requested(self, event: PreviewCard.ConfirmRequested) -> None:
        for card in self.query(PreviewCard):
            if card.plan.plan_hash == event.plan_hash:
                self._ask_confirm(card)

    @on(PreviewCard.Dismissed)
    async def _dismissed(self, event: PreviewCard.Dismissed) -> None:
        for card in self.query(PreviewCard):
            if card.plan.plan_hash == event.plan_hash and card.is_open:
                card.close("Cancelled. Nothing was traded.")
        self.refresh_bindings()

    def action_confirm_preview(self) -> None:
        if self._preview is None or not self._preview.is_open:
            self.notify("There is no open preview to confirm; describe a goal first.")
            return
        self._ask_confirm(self._preview)

    def _ask_confirm(self, card: PreviewCard) -> None:
        backend = self.cp.backend
        if backend is None or not card.is_open:
            return

        modal = ConfirmModal(card.plan, backend.settings.mode)

        async def answered(yes: bool | None) -> None:
            if yes:
                self.cp.set_activity("executing…")
                self._execute(backend, card, modal.typed)
            else:
                await self.chat.log_view.note(
                    f"Not confirmed: plan {short_hash(card.plan.plan_hash)} was not executed and "
                    "nothing was traded."
                )

        self.app.push_screen(modal, answered)

    @work(thread=True, exclusive=True, group="execute")
    def _execute(self, backend: Backend, card: PreviewCard, typed: str | None) -> None:
        from assistant.domain import CoinPilotError, PlanError

        try:
            decision, status = backend.execute(card.plan.plan_hash, typed)
        except CoinPilotError as exc:
            final = isinstance(exc, PlanError)  # expired, superseded, changed: never retryable
            self.app.call_from_thread(self._refused, card, exc.message, exc.hint, final)
        except Exception as exc:  # never a traceback in the UI
            message = f"Executing failed unexpectedly ({type(exc).__name__}: {exc})."
            self.app.call_from_thread(self._refused, card, message, None, False)
        else:
            self.app.call_from_thread(self._executed, card, decision, status)

    def _executed(self, card: PreviewCard, decision: Decision, status: PortfolioStatus) -> None:
        filled = sum(1 for r in decision.results if r.status == "filled")
        where = venue(card.plan)
        card.close(f"Executed {where}: decision {decision.decision_id}.")
        self.show_status(status)
        self.refresh_bindings()
        self.chat.log_view.post_note(
            f"Executed plan {short_hash(decision.plan_hash)} {where}: {filled} of "
            f"{len(decision.results)} orders filled. Decision {decision.decision_id} is in the "
            'journal: ask "why did you rebalance?" or open it with ctrl+j.',
            "ok",
        )
        self.cp.set_activity("ready")

    def _refused(self, card: PreviewCard, message: str, hint: str | None, final: bool) -> None:
        if final:
            card.close(message)
        self.refresh_bindings()
        self.chat.log_view.post_note(message + (f" {hint}" if hint else ""), "error")
        self.notify(message, title="Not executed", severity="error")
        self.cp.set_activity("ready")

    # -- portfolio --------------------------------------------------------------------------------

    def show_status(self, status: PortfolioStatus) -> None:
        self.status = status
        self.query_one(PortfolioPane).show(status)
        current = {h.asset: h.weight for h in status.holdings}
        targets = {h.asset: h.target for h in status.holdings if h.target is not None}
        self.query_one(WeightsChart).show(current, targets, "target")

    def action_refresh(self) -> None:
        if self.cp.backend is not None:
            self._refresh(self.cp.backend)

    @work(thread=True, exclusive=True, group="portfolio")
    def _refresh(self, backend: Backend) -> None:
        from assistant.domain import CoinPilotError

        try:
            status = backend.status()
        except CoinPilotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
        else:
            self.app.call_from_thread(self.show_status, status)


def venue(plan: RebalancePlan) -> str:
    """``in paper mode`` for a paper account, ``LIVE on binance-main`` for an exchange one."""
    if plan.account_badge == "PAPER":
        return "in paper mode"
    return f"{plan.account_badge} on {plan.account}"
