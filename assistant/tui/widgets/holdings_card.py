"""'I already hold ...' in the chat: the holdings the assistant understood, and a button to record
them.

The card only shows a proposal (the ``propose_holdings`` tool wrote nothing). Pressing Record
holdings asks the screen to record them, the person's own action, through the engine's import
path; the card then says where they went and its buttons go away, so a proposal is recorded at
most once.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static


class HoldingsCard(Vertical):
    DEFAULT_CSS = """
    HoldingsCard {
        height: auto;
        margin: 0 0 1 1;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
    }
    HoldingsCard .buttons { height: auto; margin-top: 1; }
    HoldingsCard Button { margin-right: 2; }
    HoldingsCard .state { color: $text-muted; margin-top: 1; }
    HoldingsCard.-closed { border: round $panel-lighten-2; }
    """

    class RecordRequested(Message):
        """The person pressed Record holdings on this card."""

        def __init__(self, card: HoldingsCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, rows: list[dict[str, Any]], account: str, quote: str) -> None:
        super().__init__()
        self.rows = rows
        self.account = account
        self.quote = quote
        self.border_title = "Holdings you already have"

    @property
    def holdings(self) -> dict[str, str]:
        """Asset -> quantity, as the engine records them."""
        return {str(r["asset"]): str(r["quantity"]) for r in self.rows}

    @property
    def is_open(self) -> bool:
        return not self.has_class("-closed")

    def compose(self) -> ComposeResult:
        table = Table(box=None, pad_edge=False, show_edge=False)
        table.add_column("asset")
        table.add_column("quantity", justify="right")
        table.add_column(f"value ({self.quote})", justify="right")
        for row in self.rows:
            table.add_row(str(row["asset"]), str(row["quantity"]), f"{float(row['value']):,.2f}")
        yield Static(table, classes="body")
        yield Static(
            f"Not recorded yet. Recording puts them on paper account {self.account}; the next "
            "preview plans from them.",
            classes="note",
        )
        with Horizontal(classes="buttons"):
            yield Button("Record holdings", id="record", variant="primary")

    @on(Button.Pressed, "#record")
    def _record(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_open:
            self.post_message(self.RecordRequested(self))

    def close(self, state: str) -> None:
        """Show what became of this proposal and remove its button."""
        self.add_class("-closed")
        for old in self.query(".buttons, .note, .state"):
            old.remove()
        self.mount(Static(state, classes="state"))
