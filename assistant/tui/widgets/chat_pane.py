"""The chat pane: the prompt, and agent turns run in a thread worker and streamed into the log.

A turn's events come back through ``call_from_thread`` as typed items (tokens, tool cards, the spec
card, the preview card). A preview is announced upward with :class:`ChatPane.PreviewShown`; the
screen decides what Confirm does. Escape sets the session's cancel flag: the chat says it stopped
and drops whatever the stopped turn still sends. Nothing here can execute a plan. The screen hands
the pane its backend; the pane tells the app what it is doing with messages only.

Typing always reaches the prompt: page keys scroll the chat while the prompt keeps focus, and a
character typed while the log or a card's button has focus moves focus back to the prompt and
lands there (it used to vanish).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from ..crash import logged
from ..transcript import Asked, SavedItem, Unreadable, plan_hashes, saved_items
from ..turn_items import ChatItem, TurnFailed, translate
from .chat_log import ChatLog
from .holdings_card import HoldingsCard
from .preview_card import PreviewCard
from .status_bar import StatusBar
from .wallet_card import WalletCard
from .welcome import Welcome

if TYPE_CHECKING:
    from assistant.agent.session import TurnEvent, TurnResult
    from assistant.domain import RebalancePlan

    from ..backend import Backend


SAVED_HOLDINGS = (
    "From the saved conversation: what was recorded then is in the journal (ctrl+j); say what "
    "you hold again to record holdings now."
)


SAVED_WALLET = (
    "From the saved conversation: watched wallets are in the portfolio pane; ask again to "
    "watch this one now."
)


class ChatPane(Vertical):
    DEFAULT_CSS = """
    ChatPane { width: 1fr; }
    ChatPane.-empty ChatLog { display: none; }
    ChatPane Welcome { display: none; }
    ChatPane.-empty Welcome { display: block; }
    ChatPane #prompt { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_chat(-1)", "Scroll up", show=False, id="chat-page-up"),
        Binding("pagedown", "scroll_chat(1)", "Scroll down", show=False, id="chat-page-down"),
    ]

    class PreviewShown(Message):
        """A turn produced an order preview; ``card`` holds its Confirm and Cancel buttons."""

        def __init__(self, card: PreviewCard) -> None:
            super().__init__()
            self.card = card

    class TurnChanged(Message):
        """A turn started or ended (answered, failed, stopped): the bindings that apply changed."""

    class ConversationChanged(Message):
        """The chat now shows another conversation (``title`` None: a new, empty one); the
        previews of the old one are gone from the screen."""

        def __init__(self, title: str | None) -> None:
            super().__init__()
            self.title = title

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-empty")
        self.backend: Backend | None = None  # set by the screen once the services are open
        self._turn: threading.Event | None = None  # the running answer's cancel flag

    @property
    def running(self) -> bool:
        return self._turn is not None

    @property
    def log_view(self) -> ChatLog:
        return self.query_one(ChatLog)

    def compose(self) -> ComposeResult:
        yield Welcome(id="welcome")
        yield ChatLog(id="chat")
        # select_on_focus off: coming back to the prompt must not let the next key replace a draft
        yield Input(
            placeholder="Describe a goal or ask a question…", id="prompt", select_on_focus=False
        )

    @on(Input.Submitted, "#prompt")
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if await self.ask(event.value):
            event.input.value = ""

    async def ask(self, text: str) -> bool:
        """Start an answer to ``text``; False when it cannot start now (and the person is told)."""
        text = text.strip()
        backend = self.backend
        if not text:
            return False
        if backend is None:
            self.notify("Still loading the market; try again in a moment.", severity="warning")
            return False
        if self._turn is not None:
            self.notify("An answer is still running; press Escape to stop it.", severity="warning")
            return False
        if self._stopping():
            self.notify(
                "The stopped answer is finishing its current step; try again in a moment.",
                severity="warning",
            )
            return False
        self.remove_class("-empty")  # the conversation has begun: the log instead of the welcome
        await self.log_view.add_user(text)
        self._turn = cancel = threading.Event()
        self.post_message(StatusBar.Activity("thinking…"))
        self.post_message(self.TurnChanged())  # escape now stops this answer
        self._answer(backend, text, cancel)
        return True

    def action_scroll_chat(self, pages: int) -> None:
        """Page keys when the prompt has focus (the log has its own when it has focus)."""
        log = self.log_view
        if pages < 0:
            log.scroll_page_up()
        else:
            log.scroll_page_down()

    def on_key(self, event: events.Key) -> None:
        """A character typed while something else in the pane has focus goes to the prompt."""
        prompt = self.query_one("#prompt", Input)
        if not event.is_printable or not event.character or self.screen.focused is prompt:
            return
        event.stop()
        event.prevent_default()
        prompt.focus()
        prompt.insert_text_at_cursor(event.character)

    @on(Welcome.ExampleChosen)
    def _example(self, event: Welcome.ExampleChosen) -> None:
        event.stop()
        self.suggest(event.text)

    async def show_welcome(self) -> None:
        """An empty conversation again: the log cleared and the welcome panel back."""
        await self.log_view.clear_log()
        self.add_class("-empty")

    # -- conversations ----------------------------------------------------------------------------

    def busy(self) -> bool:
        """An answer is running or finishing: switching now would split it between two
        conversations, so the person is told to wait or stop it."""
        if self._turn is None and not self._stopping():
            return False
        self.notify(
            "An answer is still running; press Escape to stop it, then switch conversations.",
            severity="warning",
        )
        return True

    async def new_conversation(self) -> None:
        """An empty conversation: a new id for the session, the welcome panel back."""
        if self.backend is None or self.busy():
            return
        self.backend.new_conversation()  # a new id and no history: nothing is read or written
        await self.show_welcome()
        self.post_message(self.ConversationChanged(None))

    def open_conversation(self, conversation_id: str) -> None:
        """Go on with a kept conversation; its messages are read off the UI thread."""
        if self.backend is None or self.busy():
            return
        self._resume(self.backend, conversation_id)

    @work(thread=True, exclusive=True, group="conversation")
    def _resume(self, backend: Backend, conversation_id: str) -> None:
        """Read the conversation and turn its saved tool results into cards, off the UI thread."""
        from assistant.domain import CoinPilotError

        try:
            said = backend.resume(conversation_id)
            items = saved_items(said)
            done = {h: d.decision_id for h, d in backend.executed(plan_hashes(items)).items()}
        except CoinPilotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
        else:
            when = f"{said[-1].at:%Y-%m-%d %H:%M} UTC" if said else "never"
            self._from_thread(self._show_transcript, items, done, when)

    async def _show_transcript(
        self, items: list[SavedItem], done: dict[str, str], when: str
    ) -> None:
        """Lay a kept conversation out as its turns were: the same cards, drawn from their data.

        A preview that was executed says so; one still open can be confirmed (the gate checks it
        again), one that expired offers a fresh preview. Holdings cards no longer offer to record:
        what was recorded then is in the journal, and saying it again makes a new card."""
        first = next((i.text for i in items if isinstance(i, Asked)), None)
        # before the cards: the screen forgets the old conversation's preview on this message
        self.post_message(self.ConversationChanged(" ".join((first or "").split())[:60] or None))
        log = self.log_view
        await log.clear_log()
        self.remove_class("-empty")
        for item in items:
            if isinstance(item, Asked):
                await log.add_user(item.text)
            elif isinstance(item, Unreadable):
                await log.note(item.text, "warning")
            elif not isinstance(item, TurnFailed):
                card = await log.show(item)
                if card is not None:
                    decision = done.get(card.plan.plan_hash)
                    if decision is not None:
                        card.close(f"Executed: decision {decision}.")
                    self.post_message(self.PreviewShown(card))
        await log.end_turn("")  # a last turn that was stopped has no reply
        for holdings in log.query(HoldingsCard):
            if holdings.is_open:
                holdings.close(SAVED_HOLDINGS)
        for wallet in log.query(WalletCard):
            if wallet.is_open:
                wallet.close(SAVED_WALLET)
        await log.note(
            f"Earlier conversation, last message {when}; ctrl+j shows its decisions. "
            "What you ask now continues it."
        )

    def suggest(self, text: str) -> None:
        prompt = self.query_one("#prompt", Input)
        prompt.value = text
        prompt.focus()

    async def stop(self) -> None:
        """Stop the running answer: the session stops at its next step and changes nothing."""
        if self._turn is None:
            return
        self._turn.set()
        self._end(self._turn)
        await self.log_view.end_turn("")
        await self.log_view.note("Stopped. Nothing was changed.", "warning")
        self.post_message(StatusBar.Activity("stopped"))

    def _stopping(self) -> bool:
        """A stopped answer's thread is still inside the session (one turn at a time)."""
        return any(w.node is self and w.group == "agent" and w.is_running for w in self.app.workers)

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
            where = logged(exc, backend.settings.home, "answer")
            failure = TurnFailed(f"The answer failed unexpectedly: {where}")
            self._from_thread(self._show, failure, cancel)
        else:
            self.app.call_from_thread(self._done, result, cancel)

    def _from_thread(self, callback: Callable[..., Awaitable[None]], *args: Any) -> None:
        """``call_from_thread`` for coroutines (mypy cannot solve its type variable for them)."""
        self.app.call_from_thread(cast("Callable[..., None]", callback), *args)

    async def _show(self, item: ChatItem, cancel: threading.Event) -> None:
        if cancel.is_set():  # the person stopped this answer: drop what it still sends
            return
        log = self.log_view
        if not isinstance(item, TurnFailed):
            card = await log.show(item)
            if card is not None:
                self.post_message(self.PreviewShown(card))
            return
        await log.end_turn("")
        await log.note(item.message + (f" {item.hint}" if item.hint else ""), "error")
        self.notify(item.message, title="The answer failed", severity="error")
        self._end(cancel)

    async def add_preview(self, plan: RebalancePlan, note: str) -> None:
        """A preview made outside a turn (a refreshed one), after a note saying where from."""
        self.remove_class("-empty")
        await self.log_view.note(note)
        self.post_message(self.PreviewShown(await self.log_view.add_preview(plan)))

    def _done(self, result: TurnResult, cancel: threading.Event) -> None:
        if not cancel.is_set():
            self._end(cancel)

    def _end(self, cancel: threading.Event) -> None:
        if self._turn is cancel:
            self._turn = None
            self.post_message(StatusBar.Activity("ready"))
            self.post_message(self.TurnChanged())
