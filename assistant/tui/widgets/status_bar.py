"""The line at the bottom of every screen: the account (PAPER, LIVE in red, or TESTNET), the
market, the model, tokens and cost.

It only displays the app's :class:`StatusInfo`; it never decides the mode. A person must be able to
see at a glance whether orders would be real, whether prices are simulated and whether an LLM or
the offline parser is answering.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from ..formatting import tokens_label

#: The colour of each account badge: LIVE is unmistakable.
BADGE_STYLES = {
    "PAPER": "bold black on green",
    "LIVE": "bold white on red",
    "TESTNET": "bold black on yellow",
}


@dataclass(frozen=True)
class StatusInfo:
    mode: str = "paper"
    #: The account the portfolio shows, and its badge (PAPER, LIVE, TESTNET); "" before one.
    account: str = ""
    badge: str = "PAPER"
    market: str = "…"
    simulated: bool = False
    model: str = "…"
    tokens: int = 0
    cost: float = 0.0
    activity: str = "loading market…"


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "status_info", self._changed, init=False)

    def _changed(self, _info: StatusInfo) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        info: StatusInfo = getattr(self.app, "status_info", StatusInfo())
        badge = info.badge if info.account else ("LIVE" if info.mode == "live" else "PAPER")
        text = Text.assemble((f" {badge} ", BADGE_STYLES.get(badge, BADGE_STYLES["PAPER"])))
        if info.account:
            text.append(f" {info.account}", style="bold red" if badge == "LIVE" else "bold")
        text.append("  ")
        text.append("market ", style="dim")
        text.append(info.market)
        if info.simulated:
            text.append("  SIMULATED", style="bold yellow")
        text.append("  │  ", style="dim")
        text.append("model ", style="dim")
        text.append(info.model)
        text.append("  │  ", style="dim")
        text.append(tokens_label(info.tokens, info.cost))
        if info.activity:
            text.append("  │  ", style="dim")
            text.append(info.activity, style="italic")
        return text
