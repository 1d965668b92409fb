"""'Watch my wallet 0x... on base' in the chat: the wallet the assistant checked, and Watch.

The card only shows a proposal (the ``propose_wallet`` tool added nothing). Pressing Watch asks the
screen to add it, the person's own action, through the engine's ``add_wallet`` (the CLI's and the
form's rule, checked again); the card then says what became of it and its button goes away, so a
proposal is added at most once. A reopened conversation shows the card without its button.
"""

from __future__ import annotations

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static


class WalletCard(Vertical):
    DEFAULT_CSS = """
    WalletCard {
        height: auto;
        margin: 0 0 1 1;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
    }
    WalletCard .buttons { height: auto; margin-top: 1; }
    WalletCard Button { margin-right: 2; }
    WalletCard .state { color: $text-muted; margin-top: 1; }
    WalletCard.-closed { border: round $panel-lighten-2; }
    """

    class WatchRequested(Message):
        """The person pressed Watch on this card."""

        def __init__(self, card: WalletCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, name: str, chain: str, address: str) -> None:
        super().__init__()
        self.wallet_name = name
        self.chain = chain
        self.address = address
        self.border_title = "Wallet to watch (read-only)"

    @property
    def is_open(self) -> bool:
        return not self.has_class("-closed")

    def compose(self) -> ComposeResult:
        table = Table(box=None, pad_edge=False, show_edge=False, show_header=False)
        table.add_column("field", style="dim")
        table.add_column("value", overflow="fold")
        table.add_row("name", self.wallet_name)
        table.add_row("chain", self.chain)
        table.add_row("address", self.address)
        yield Static(table, classes="body")
        yield Static(
            "Not watched yet. Watch adds it; the portfolio then shows its balances, read from "
            "the chain (never signed for or traded from).",
            classes="note",
        )
        with Horizontal(classes="buttons"):
            yield Button("Watch", id="watch", variant="primary")

    @on(Button.Pressed, "#watch")
    def _watch(self, event: Button.Pressed) -> None:
        event.stop()
        if self.is_open:
            self.post_message(self.WatchRequested(self))

    def close(self, state: str) -> None:
        """Show what became of this proposal and remove its button."""
        self.add_class("-closed")
        for old in self.query(".buttons, .note, .state"):
            old.remove()
        self.mount(Static(state, classes="state"))
