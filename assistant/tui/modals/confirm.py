"""The last question before any order: "execute exactly this plan?", with focus on Cancel.

It shows the exact orders, fees and what cannot execute for one plan hash, and answers True only
when the person presses Confirm (or ``y``). Enter on the default focus cancels, Escape and ``n``
cancel. Executing is the caller's job; this dialog only asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.presentation.plan_tables import PlanView

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan


class ConfirmModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal #dialog {
        width: 96;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    ConfirmModal #question { text-style: bold; margin-bottom: 1; }
    ConfirmModal .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmModal Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Confirm", id="confirm-yes", tooltip="Execute this plan"),
        Binding("n", "answer(False)", "Cancel", id="confirm-no", tooltip="Do nothing"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="confirm-escape"),
    ]

    AUTO_FOCUS = "#cancel"

    def __init__(self, plan: RebalancePlan, mode: str = "paper") -> None:
        super().__init__()
        self.plan = plan
        self.mode = mode

    def compose(self) -> ComposeResult:
        plan = self.plan
        count = len(plan.orders)
        with VerticalScroll(id="dialog"):
            yield Static(
                Text(
                    f"Execute exactly this plan in {self.mode.upper()} mode? "
                    f"{count} order{'s' if count != 1 else ''} will be sent.",
                ),
                id="question",
            )
            yield Static(PlanView(plan, with_weights=False, full_hash=True), id="body")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel", variant="primary")
                yield Button("Confirm (y)", id="confirm", variant="warning")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)
