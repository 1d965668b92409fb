"""Watch a wallet from the app: chain, public address and a short name, read-only.

The form checks nothing itself: Watch asks the app (:class:`WalletModal.AddRequested`), which
adds the wallet through the engine's ``add_wallet``, the same function and the same checks as
``coinpilot wallet add`` (name, chain, EIP-55 or base58 address, not watched twice). A refusal is
shown here, in the engine's words, and the form stays open to be corrected; nothing was added.
CoinPilot never asks for a key or a seed phrase, and the form says so.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

#: The chains CoinPilot reads, as the CLI's ``--chain`` lists them (``domain.CHAINS``, a test).
CHAINS = ("ethereum", "base", "arbitrum", "polygon", "solana")

INTRO = (
    "Read-only: CoinPilot reads the balances at this public address and never signs, sends or "
    "trades from it. It never needs a private key or a seed phrase: do not type one here."
)


class WalletModal(ModalScreen[None]):
    DEFAULT_CSS = """
    WalletModal { align: center middle; }
    WalletModal #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        padding: 0 1;
        border: thick $accent;
        background: $surface;
    }
    WalletModal .field { height: auto; }
    WalletModal .field Label { width: 9; padding: 1 0 0 0; }
    WalletModal .field Select, WalletModal .field Input { width: 1fr; }
    WalletModal #problem { color: $error; }
    WalletModal .buttons { height: auto; align-horizontal: right; }
    WalletModal Button { margin-left: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="wallet-cancel", tooltip="Add nothing"),
    ]

    AUTO_FOCUS = "#address"

    class AddRequested(Message):
        """The person pressed Watch: add ``address`` on ``chain`` as ``wallet_name``, then
        answer :meth:`WalletModal.refused` or :meth:`WalletModal.added`."""

        def __init__(self, modal: WalletModal, wallet_name: str, chain: str, address: str) -> None:
            super().__init__()
            self.modal = modal
            self.wallet_name = wallet_name
            self.chain = chain
            self.address = address

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text("Watch a wallet", style="bold"))
            yield Static(Text(INTRO, style="dim"))
            with Horizontal(classes="field"):
                yield Label("Chain")
                yield Select(
                    [(c, c) for c in CHAINS], value="ethereum", allow_blank=False, id="chain"
                )
            with Horizontal(classes="field"):
                yield Label("Address")
                yield Input(placeholder="0x… (EVM) or a Solana address", id="address")
            with Horizontal(classes="field"):
                yield Label("Name")
                yield Input(placeholder="a short name, e.g. cold or phantom", id="name")
            yield Static("", id="problem")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Watch", id="watch", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#watch")
    def _watch(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        chain = self.query_one("#chain", Select).value
        self.query_one("#problem", Static).update("Checking…")
        self.query_one("#watch", Button).disabled = True
        self.post_message(
            self.AddRequested(
                self,
                self.query_one("#name", Input).value.strip(),
                str(chain),
                self.query_one("#address", Input).value.strip(),
            )
        )

    @on(Button.Pressed, "#cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def refused(self, message: str) -> None:
        """Nothing was added: say why, in the engine's words, and let the person correct it."""
        self.query_one("#problem", Static).update(Text(f"Not added: {message}"))
        self.query_one("#watch", Button).disabled = False
        self.query_one("#address", Input).focus()

    def added(self) -> None:
        self.dismiss(None)
