"""The conversations screen: every kept conversation, newest first, to open, start or forget.

Conversations live in the journal (each message is journaled as it is said); this screen reads
that list and asks the app, with messages, to open one or start a new one: the chat pane owns
what the chat shows. Forgetting deletes a conversation's messages only, after a y/n question
with focus on "Keep"; decisions and orders made during it stay in the journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..modals.forget import ForgetModal
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.journal import ConversationSummary

    from ..backend import Backend

#: Columns other than the title: marker, date, count, each cell's padding and the scrollbar.
TABLE_CHROME = 1 + 16 + 4 + 4 * 2 + 3

EMPTY = "No conversation is kept yet: what you ask in the chat is kept here. Press n to start one."


class ConversationsScreen(Screen[None]):
    DEFAULT_CSS = """
    ConversationsScreen #heading { text-style: bold; padding: 0 1; }
    ConversationsScreen #conversations { height: 1fr; }
    ConversationsScreen #hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="chats-back", tooltip="Back to the chat"),
        Binding("enter", "open", "Open", id="chats-open", tooltip="Go on with this conversation"),
        Binding("n", "new", "New", id="chats-new", tooltip="Start an empty conversation"),
        Binding("d", "forget", "Delete", id="chats-delete", tooltip="Forget its messages"),
    ]

    class Open(Message):
        """Go on with the conversation ``conversation_id``."""

        def __init__(self, conversation_id: str) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    class StartNew(Message):
        """Start an empty conversation (also sent when the current one was forgotten)."""

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.kept: list[ConversationSummary] = []

    def compose(self) -> ComposeResult:
        yield Static("Conversations (newest first; ● is the current one)", id="heading")
        yield DataTable(id="conversations", cursor_type="row", zebra_stripes=True)
        yield Static("", id="hint")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="conversations")
    def _load(self) -> None:
        from assistant.domain import CoinPilotError

        try:
            kept = self.backend.conversations()
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
        else:
            self.app.call_from_thread(self._fill, kept)

    def _fill(self, kept: list[ConversationSummary]) -> None:
        self.kept = kept
        table = self.query_one("#conversations", DataTable)
        current = self.backend.conversation_id
        room = max(16, self.size.width - TABLE_CHROME)  # the title gets what the rest leave
        rows = [
            (
                "●" if c.conversation_id == current else "",
                c.title if cell_len(c.title) <= room else c.title[: room - 1] + "…",
                f"{c.last:%Y-%m-%d %H:%M}",
                str(c.messages),
            )
            for c in kept
        ]
        table.clear(columns=True)
        labels = ("", "first question", "last (UTC)", "msgs")
        for i, label in enumerate(labels):
            width = max([cell_len(label), *(cell_len(r[i]) for r in rows)])
            table.add_column(label, width=width)
        for c, row in zip(kept, rows, strict=True):
            table.add_row(*row, key=c.conversation_id)
        hint = self.query_one("#hint", Static)
        hint.update(
            EMPTY if not kept else "Enter opens, n starts a new one, d deletes its messages."
        )
        table.focus()

    def _highlighted(self) -> str | None:
        table = self.query_one("#conversations", DataTable)
        if not self.kept or table.cursor_row < 0 or table.cursor_row >= len(self.kept):
            return None
        return self.kept[table.cursor_row].conversation_id

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        self.app.pop_screen()
        self.app.post_message(self.Open(chosen))

    def action_new(self) -> None:
        self.app.pop_screen()
        self.app.post_message(self.StartNew())

    def action_forget(self) -> None:
        chosen = self._highlighted()
        if chosen is None:
            return
        title = next(c.title for c in self.kept if c.conversation_id == chosen)

        def answered(forget: bool | None) -> None:
            if forget:
                self._forget(chosen)

        self.app.push_screen(ForgetModal(title), answered)

    @work(thread=True, exclusive=True, group="conversations")
    def _forget(self, conversation_id: str) -> None:
        from assistant.domain import CoinPilotError

        was_current = conversation_id == self.backend.conversation_id
        try:
            gone = self.backend.forget(conversation_id)
            kept = self.backend.conversations()
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
            return
        self.app.call_from_thread(self._fill, kept)
        self.app.call_from_thread(
            self.notify, f"Deleted {gone} messages. Decisions and orders stay in the journal."
        )
        if was_current:
            self.app.call_from_thread(self.app.post_message, self.StartNew())

    def _problem(self, message: str) -> None:
        self.query_one("#hint", Static).update(message)
        self.notify(message, title="Conversations", severity="error")
