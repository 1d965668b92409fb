"""The main screen: the chat on the left, the paper portfolio and its weights chart on the right.

Agent turns run in a thread worker (the UI never waits on a model); their events come back through
``call_from_thread``. A preview becomes a card with Confirm and Cancel; Confirm opens the confirm
dialog, and only the person's answer there runs ``execute_plan``. Nothing the model says can.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ..formatting import short_hash
from ..modals.confirm import ConfirmModal
from ..turn_items import (
    ChatItem,
    PlanPreview,
    SpecProposal,
    TextChunk,
    ToolArgs,
    ToolOutcome,
    TurnEnd,
    TurnFailed,
    translate,
)
from ..widgets.chat_log import ChatLog
from ..widgets.portfolio_pane import PortfolioPane
from ..widgets.preview_card import PreviewCard
from ..widgets.spec_card import SpecCard
from ..widgets.status_bar import StatusBar
from ..widgets.tool_card import ToolCard
from ..widgets.weights_chart import WeightsChart

if TYPE_CHECKING:
    from assistant.agent.session import TurnEvent, TurnResult
    from assistant.domain import Decision
    from assistant.engine import PortfolioStatus

    from ..app import CoinPilotApp
    from ..backend import Backend

WELCOME = (
    "Describe a goal, for example: I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%, "
    'rebalance when drift passes 5%. Ask "why did you rebalance?" or "what is HRP?". '
    "Nothing is traded until you confirm a preview. ctrl+p lists every command."
)


class MainScreen(Screen[None]):
    DEFAULT_CSS = """
    MainScreen #body { height: 1fr; }
    MainScreen #chat-pane { width: 1fr; }
    MainScreen #side { width: 50; }
    MainScreen #welcome { color: $text-muted; padding: 0 1; margin: 1 0; }
    MainScreen #prompt { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel_answer", "Stop answer", id="cancel-answer", tooltip="Nothing changes"
        ),
        Binding(
            "ctrl+y",
            "confirm_preview",
            "Confirm preview",
            id="confirm-preview",
            tooltip="Opens the confirm dialog for the open preview",
        ),
        Binding("ctrl+r", "refresh", "Refresh", id="refresh-portfolio", tooltip="Revalue now"),
        Binding("ctrl+l", "clear", "Clear chat", id="clear-chat", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._turn: threading.Event | None = None  # the running answer's cancel flag
        self._preview: PreviewCard | None = None
        self._cards: list[ToolCard] = []
        self.status: PortfolioStatus | None = None

    @property
    def cp(self) -> CoinPilotApp:
        return cast("CoinPilotApp", self.app)

    def _from_thread(self, callback: Callable[..., Awaitable[None]], *args: Any) -> None:
        """``call_from_thread`` for coroutines (mypy cannot solve its type variable for them)."""
        self.app.call_from_thread(cast("Callable[..., None]", callback), *args)

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="chat-pane"):
                with ChatLog(id="chat"):
                    yield Static(WELCOME, id="welcome")
                yield Input(placeholder="Describe a goal or ask a question…", id="prompt")
            with Vertical(id="side"):
                yield PortfolioPane(id="portfolio")
                yield WeightsChart(id="chart")
        yield StatusBar()
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_answer":
            return self._turn is not None
        if action == "confirm_preview":
            return self._preview is not None and self._preview.is_open
        return True

    # -- asking -------------------------------------------------------------------------------

    @on(Input.Submitted, "#prompt")
    async def _submitted(self, event: Input.Submitted) -> None:
        if await self.ask(event.value):
            event.input.value = ""

    async def ask(self, text: str) -> bool:
        """Start an answer to ``text``; False when it cannot start now (and the person is told)."""
        text = text.strip()
        backend = self.cp.backend
        if not text:
            return False
        if backend is None:
            self.notify("Still loading the market; try again in a moment.", severity="warning")
            return False
        if self._turn is not None:
            self.notify("An answer is still running; press Escape to stop it.", severity="warning")
            return False
        await self.chat.add_user(text)
        self._turn = cancel = threading.Event()
        self.refresh_bindings()
        self.cp.set_activity("thinking…")
        self._answer(backend, text, cancel)
        return True

    def suggest(self, text: str) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = text
        prompt.focus()

    @work(thread=True, exclusive=True, group="agent")
    def _answer(self, backend: Backend, text: str, cancel: threading.Event) -> None:
        from assistant.domain import CoinPilotError

        def relay(event: TurnEvent) -> None:
            if cancel.is_set():
                return
            try:
                items = translate(event)
            except Exception as exc:  # a malformed tool payload must not end the turn
                items = [TurnFailed(f"Could not show a {event.kind} event: {exc}")]
            for item in items:
                self._from_thread(self._show, item, cancel)

        try:
            result = backend.session.run_turn(text, on_event=relay, cancel=cancel)
        except CoinPilotError as exc:
            self._from_thread(self._show, TurnFailed(exc.message, exc.hint), cancel)
        except Exception as exc:  # never a traceback in the UI
            failure = TurnFailed(f"The answer failed unexpectedly ({type(exc).__name__}: {exc}).")
            self._from_thread(self._show, failure, cancel)
        else:
            self.app.call_from_thread(self._turn_done, result, cancel)

    async def _show(self, item: ChatItem, cancel: threading.Event) -> None:
        if cancel.is_set():  # the person stopped this answer: drop what it still sends
            return
        chat = self.chat
        if isinstance(item, TextChunk):
            await chat.add_chunk(item.text)
        elif isinstance(item, ToolOutcome):
            card = ToolCard(item.tool, item.ok, item.summary, item.problems)
            self._cards.append(card)
            await chat.add(card)
        elif isinstance(item, ToolArgs):
            for card in self._cards:
                if card.tool == item.tool and not card.args:
                    card.args = item.summary
                    break
        elif isinstance(item, SpecProposal):
            await chat.add(SpecCard(item.spec, item.changes, item.notes))
        elif isinstance(item, PlanPreview):
            await self._show_preview(item)
        elif isinstance(item, TurnEnd):
            await chat.end_turn(item.reply)
        else:
            await chat.end_turn("")
            hint = f" {item.hint}" if item.hint else ""
            await chat.note(item.message + hint, "error")
            self.notify(item.message, title="The answer failed", severity="error")
            self._end_turn(cancel)

    async def _show_preview(self, item: PlanPreview) -> None:
        if self._preview is not None and self._preview.is_open:
            self._preview.close(f"Superseded by plan {short_hash(item.plan.plan_hash)}.")
        self._preview = PreviewCard(item.plan)
        await self.chat.add(self._preview)
        current = {h.asset: h.weight for h in self.status.holdings} if self.status else {}
        targets = {a: w for a, w in item.plan.allocation.weights.items() if a != item.plan.quote}
        self.query_one(WeightsChart).show(current, targets, "preview")
        self.refresh_bindings()

    def _turn_done(self, result: TurnResult, cancel: threading.Event) -> None:
        if cancel.is_set():
            return
        self._end_turn(cancel)
        self.cp.show_usage()

    def _end_turn(self, cancel: threading.Event) -> None:
        if self._turn is cancel:
            self._turn = None
            self._cards = []
            self.cp.set_activity("ready")
            self.refresh_bindings()

    async def action_cancel_answer(self) -> None:
        if self._turn is None:
            return
        self._turn.set()  # the session stops at its next step and changes nothing
        self._end_turn(self._turn)
        await self.chat.end_turn("")
        await self.chat.note("Stopped. Nothing was changed.", "warning")
        self.cp.set_activity("stopped")

    # -- confirming ---------------------------------------------------------------------------

    @on(PreviewCard.ConfirmRequested)
    def _confirm_requested(self, event: PreviewCard.ConfirmRequested) -> None:
        card = next(c for c in self.query(PreviewCard) if c.plan.plan_hash == event.plan_hash)
        self._ask_confirm(card)

    @on(PreviewCard.Dismissed)
    def _dismissed(self, event: PreviewCard.Dismissed) -> None:
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

        async def answered(yes: bool | None) -> None:
            if yes:
                self.cp.set_activity("executing…")
                self._execute(backend, card)
            else:
                await self.chat.note(
                    f"Not confirmed: plan {short_hash(card.plan.plan_hash)} was not executed and "
                    "nothing was traded."
                )

        self.app.push_screen(ConfirmModal(card.plan, backend.settings.mode), answered)

    @work(thread=True, exclusive=True, group="execute")
    def _execute(self, backend: Backend, card: PreviewCard) -> None:
        from assistant.domain import CoinPilotError, PlanError

        try:
            decision, status = backend.execute(card.plan.plan_hash)
        except CoinPilotError as exc:
            final = isinstance(exc, PlanError)  # expired, superseded, changed: never retryable
            self._from_thread(self._refused, card, exc.message, exc.hint, final)
        except Exception as exc:  # never a traceback in the UI
            message = f"Executing failed unexpectedly ({type(exc).__name__}: {exc})."
            self._from_thread(self._refused, card, message, None, False)
        else:
            self._from_thread(self._executed, card, decision, status)

    async def _executed(
        self, card: PreviewCard, decision: Decision, status: PortfolioStatus
    ) -> None:
        filled = sum(1 for r in decision.results if r.status == "filled")
        card.close(f"Executed in paper mode: decision {decision.decision_id}.")
        self.show_status(status)
        self.refresh_bindings()
        await self.chat.note(
            f"Executed plan {short_hash(decision.plan_hash)} in paper mode: {filled} of "
            f"{len(decision.results)} orders filled. Decision {decision.decision_id} is in the "
            'journal: ask "why did you rebalance?" or open it with ctrl+j.',
            "ok",
        )
        self.cp.set_activity("ready")

    async def _refused(
        self, card: PreviewCard, message: str, hint: str | None, final: bool
    ) -> None:
        if final:
            card.close(message)
        self.refresh_bindings()
        await self.chat.note(message + (f" {hint}" if hint else ""), "error")
        self.notify(message, title="Not executed", severity="error")
        self.cp.set_activity("ready")

    # -- portfolio ------------------------------------------------------------------------------

    def show_status(self, status: PortfolioStatus) -> None:
        self.status = status
        self.query_one(PortfolioPane).show(status)
        current = {h.asset: h.weight for h in status.holdings}
        targets = {h.asset: h.target for h in status.holdings if h.target is not None}
        self.query_one(WeightsChart).show(current, targets, "target")

    def action_refresh(self) -> None:
        backend = self.cp.backend
        if backend is not None:
            self._refresh(backend)

    @work(thread=True, exclusive=True, group="portfolio")
    def _refresh(self, backend: Backend) -> None:
        from assistant.domain import CoinPilotError

        try:
            status = backend.status()
        except CoinPilotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
        else:
            self.app.call_from_thread(self.show_status, status)

    async def action_clear(self) -> None:
        await self.chat.clear_log()
        self._preview = None
        self.refresh_bindings()
