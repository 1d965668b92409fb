"""The order preview in the chat, with Confirm and Cancel buttons for exactly this plan hash.

Pressing Confirm only *asks* for confirmation (the screen opens the confirm dialog); the card never
executes anything. Once the plan is executed, refused, cancelled or replaced by a newer preview, the
card says so and its buttons go away, so an old preview cannot be confirmed by mistake. Once it
expires it says so too, and offers only a fresh preview of the same strategy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from assistant.presentation import ids
from assistant.presentation.plan_tables import PlanView

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
    PreviewCard.-expired { border: round $panel-lighten-2; }
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

    class RefreshRequested(Message):
        """The person asked for a fresh preview of this expired plan's strategy."""

        def __init__(self, plan_hash: str) -> None:
            super().__init__()
            self.plan_hash = plan_hash

    def __init__(self, plan: RebalancePlan) -> None:
        super().__init__()
        self.plan = plan
        self.border_title = f"Order preview {ids.show_id(plan.plan_hash)}"

    @property
    def is_open(self) -> bool:
        """It can still be confirmed: not executed, refused, cancelled, superseded or expired."""
        return not (self.has_class("-closed") or self.has_class("-expired"))

    @property
    def expired(self) -> bool:
        """It expired and was not closed since; it offers a fresh preview."""
        return self.has_class("-expired") and not self.has_class("-closed")

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

    @on(Button.Pressed, "#refresh")
    def _refresh(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.RefreshRequested(self.plan.plan_hash))

    def close(self, state: str) -> None:
        """Show what became of this preview and remove its buttons."""
        self.add_class("-closed")
        self._replace_state(state)

    def expire(self) -> None:
        """Show that the plan expired; its only button asks for a fresh preview."""
        if not self.is_open:
            return
        self.add_class("-expired")
        when = f"{self.plan.expires_at:%H:%M:%S} UTC"
        self._replace_state(
            f"Expired at {when}: prices and holdings may have moved, so it can no longer be "
            "confirmed. A fresh preview of the same strategy can be."
        )
        self.mount(
            Horizontal(
                Button("Refresh preview", id="refresh", variant="primary", tooltip="ctrl+y"),
                classes="buttons",
            )
        )

    def _replace_state(self, state: str) -> None:
        for old in self.query(".buttons, .state"):
            old.remove()
        self.mount(Static(ids.show_ids(state), classes="state"))
