"""Asked when the person tries to confirm an expired preview: "make a fresh one instead?"

An expired plan can never be executed (the engine refuses it), so the confirm dialog does not open
for it. This dialog says why, and answers True when the person wants a fresh preview of the same
strategy at current prices. A fresh preview trades nothing; it is confirmed like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.presentation import ids

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan


class ExpiredModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    ExpiredModal { align: center middle; }
    ExpiredModal #dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: thick $primary;
        background: $surface;
    }
    ExpiredModal .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ExpiredModal Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer(True)", "Refresh", id="expired-refresh", tooltip="Fresh preview"),
        Binding("n", "answer(False)", "Not now", id="expired-no", tooltip="Keep it expired"),
        Binding("escape", "answer(False)", "Not now", show=False, id="expired-escape"),
    ]

    AUTO_FOCUS = "#refresh"

    def __init__(self, plan: RebalancePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="dialog"):
            yield Static(
                Text.assemble(
                    (f"Plan {ids.show_id(plan.plan_hash)} expired", "bold"),
                    f" at {plan.expires_at:%Y-%m-%d %H:%M:%S} UTC, so it can no longer be "
                    "confirmed: prices and holdings may have moved since.\n\n"
                    f"Make a fresh preview of '{plan.spec_name}' v{plan.spec_version} at current "
                    "prices? Nothing is traded until you confirm the new one.",
                ),
                id="question",
            )
            with Horizontal(classes="buttons"):
                yield Button("Not now (n)", id="no")
                yield Button("Refresh preview (r)", id="refresh", variant="primary")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#refresh")
    def _refresh(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
