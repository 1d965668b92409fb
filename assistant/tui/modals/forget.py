"""Asked before a conversation is forgotten: "delete its messages?", with focus on Keep.

Forgetting cannot be undone, so a stray Enter keeps the conversation. It deletes the chat
messages only; the dialog says that decisions and orders made during it stay in the journal.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ForgetModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    ForgetModal { align: center middle; }
    ForgetModal #dialog {
        width: 68;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: thick $error;
        background: $surface;
    }
    ForgetModal .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ForgetModal Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete", id="forget-yes", tooltip="Delete its messages"),
        Binding("n,escape", "answer(False)", "Keep", id="forget-no", tooltip="Keep it"),
    ]

    AUTO_FOCUS = "#keep"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(
                Text.assemble(
                    ("Delete this conversation?\n", "bold"),
                    (f"“{self.title_text}”\n\n", "italic"),
                    "Its messages are deleted and cannot be brought back. Decisions, plans and "
                    "orders made during it stay in the journal.",
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Keep (n)", id="keep", variant="primary")
                yield Button("Delete (y)", id="delete", variant="error")

    def action_answer(self, forget: bool) -> None:
        self.dismiss(forget)

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(False)
