"""The chat's empty state: the app's name, what it can do, and example goals to start from.

Choosing an example (a click, or the arrow keys and Enter) only fills the prompt, through
:class:`Welcome.ExampleChosen`; the person still reads it and presses Enter, so nothing is asked
on their behalf. The panel says what the app does and what it never does (trade without a
confirmed preview), so a first-time user is not left with a blank half screen.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

#: Examples a new person can start from; each is something the offline model understands.
EXAMPLES = (
    "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%, rebalance when drift passes 5%",
    "Conservative, $2,000 in BTC and ETH, rebalance monthly",
    "What is HRP?",
    "Show my portfolio",
    "Why did you rebalance?",
)

CAN_DO = (
    ("Plan", "turn a goal in plain English into a strategy and an order preview"),
    ("Test", 'replay it over past prices: "backtest it over the last 3 years"'),
    ("Explain", "say why each decision was made, from the journal"),
    ("Learn", "answer questions about the methods and risk rules"),
)


class Welcome(VerticalScroll):
    DEFAULT_CSS = """
    Welcome { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    Welcome #title { color: $accent; margin: 0 0 1 0; }
    Welcome #can-do { margin: 0 0 1 0; }
    Welcome #try { color: $text-muted; }
    Welcome OptionList {
        height: auto;
        max-height: 7;
        border: none;
        padding: 0;
        background: transparent;
    }
    Welcome #promise { color: $text-muted; margin: 1 0 0 0; }
    """

    can_focus = False  # Tab from the prompt goes straight to the examples

    class ExampleChosen(Message):
        """The person picked an example; the prompt should hold ``text``, not send it."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def compose(self) -> ComposeResult:
        title = Text("CoinPilot: a crypto portfolio assistant you talk to")
        title.stylize("bold", 0, len("CoinPilot"))
        yield Static(title, id="title")
        can_do = Table.grid(padding=(0, 1))
        can_do.add_column(style="bold", no_wrap=True)
        can_do.add_column()
        for verb, what in CAN_DO:
            can_do.add_row(verb, what)
        yield Static(can_do, id="can-do")
        yield Static("Start from an example (click it, or Tab here and press Enter):", id="try")
        yield OptionList(*(Option(f"› {e}", id=f"example-{i}") for i, e in enumerate(EXAMPLES)))
        yield Static(
            "Paper trading unless you change it; nothing is traded until you confirm a preview. "
            "ctrl+p lists every command.",
            id="promise",
        )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(str(event.option.id).removeprefix("example-"))
        self.post_message(self.ExampleChosen(EXAMPLES[index]))
