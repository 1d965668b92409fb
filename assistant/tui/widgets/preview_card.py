"""The order preview in the chat, with Confirm and Cancel buttons for exactly this plan hash.

Pressing Confirm only *asks* for confirmation (the screen opens the confirm dialog); the card never
executes anything. Once the plan is executed, refused, cancelled or replaced by a newer preview, the
card says so and its buttons go away, so an old preview cannot be confirmed by mistake.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from assistant.presentation.plan_tables import PlanView

from ..formatting import short_hash

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan


class PreviewCard(Vertical):
    DEFAULT_CSS = """
    PreviewCard {
        height: auto;
        margin: 0 0 1 1;
        padding: 0 1;
        border: round $warning;
        border-title-color: $warning;
    }
    PreviewCard .buttons { height: auto; margin-top: 1; }
    PreviewCard Button { margin-right: 2; }
    PreviewCard .state { color: $text-muted; margin-top: 1; }
    PreviewCard.-closed { border: round $panel-lighten-2; }
    """

    class ConfirmRequested(Message):
        """The person pressed Confirm on this preview."""

        def __init__(self, plan_hash: str) -> None:
            super().__init__()
            self.plan_hash = plan_hash

    class Dismissed(Message):
        """The person pressed Cancel on this preview: nothing is traded."""

        def __init__(self, plan_hash: str) -> None:
            super().__init__()
            self.plan_hash = plan_hash

    def __init__(self, plan: RebalancePlan) -> None:
        super().__init__()
        self.plan = plan
        self.border_title = f"Order preview {short_hash(plan.plan_hash)}"

    @property
    def is_open(self) -> bool:
        return not self.has_class("-closed")

    def compose(self) -> ComposeResult:
        yield Static(PlanView(self.plan), classes="body")
        with Horizontal(classes="buttons"):
            yield Button("Confirm…", id="confirm", variant="success", tooltip="ctrl+y")
            yield Button("Cancel", id="cancel", variant="default")

    @on(Button.Pressed, "#confirm")
    def _confirm(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ConfirmRequested(self.plan.plan_hash))

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Dismissed(self.plan.plan_hash))

    def close(self, state: str) -> None:
        """Show what became of this preview and remove its buttons."""
        self.add_class("-closed")
        for buttons in self.query(".buttons"):
            buttons.remove()
        self.mount(Static(state, classes="state"))
