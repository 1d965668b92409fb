"""The last question before any order: "execute exactly this plan?", with focus on Cancel.

It shows the exact orders, fees and what cannot execute for one plan hash, and answers True only
when the person presses Confirm (or ``y``). Enter on the default focus cancels, Escape and ``n``
cancel. Executing is the caller's job; this dialog only asks.

The question and the buttons stay in view at any terminal size; only the plan between them
scrolls (the whole dialog used to scroll, and with focus on Cancel the question scrolled away).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
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
    ConfirmModal.-narrow #dialog { padding: 0 1; }
    ConfirmModal #question { text-style: bold; margin-bottom: 1; }
    ConfirmModal #plan { height: auto; }
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
        with Vertical(id="dialog"):
            yield Static(
                Text(
                    f"Execute exactly this plan in {self.mode.upper()} mode? "
                    f"{count} order{'s' if count != 1 else ''} will be sent.",
                ),
                id="question",
            )
            with VerticalScroll(id="plan"):
                yield Static(PlanView(plan, with_weights=False, full_hash=True), id="body")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel", variant="primary")
                yield Button("Confirm (y)", id="confirm", variant="warning")

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the plan what the screen leaves after the question and the buttons.

        CSS cannot say "the rest of an auto-height dialog", so it is measured here.
        """
        dialog = self.query_one("#dialog")
        fixed = sum(
            w.outer_size.height + w.styles.margin.height for w in self.query("#question, .buttons")
        )
        room = int(self.size.height * 0.9) - fixed - dialog.styles.gutter.height
        self.query_one("#plan").styles.max_height = max(3, room)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)
