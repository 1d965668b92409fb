"""The line at the bottom of every screen: the account (PAPER, LIVE in red, or TESTNET), the
market, the model, tokens and cost.

It only displays the app's :class:`StatusInfo`; it never decides the mode. A person must be able to
see at a glance whether orders would be real, whether prices are simulated and whether an LLM or
the offline parser is answering. Widgets say what CoinPilot is doing with a
:class:`StatusBar.Activity` message; the app keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual.widget import Widget

from assistant.presentation.badges import badge_style

from ..formatting import tokens_label


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

    class Activity(Message):
        """What CoinPilot is doing now ("thinking…", "executing…", "ready"), for every screen."""

        def __init__(self, activity: str) -> None:
            super().__init__()
            self.activity = activity

    def on_mount(self) -> None:
        self.watch(self.app, "status_info", self._changed, init=False)

    def _changed(self, _info: StatusInfo) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        info: StatusInfo = getattr(self.app, "status_info", StatusInfo())
        return status_line(info, self.content_size.width or 200)


def status_line(info: StatusInfo, width: int) -> Text:
    """The bar's text in ``width`` cells: labels and wide separators go first, then the model's
    name is shortened, then tokens; the account and its badge, the market, SIMULATED and the
    activity always stay.
    """
    full = _line(info, info.model, compact=False, tokens=True)
    if full.cell_len <= width:
        return full
    short = _line(info, info.model, compact=True, tokens=True)
    spare = width - short.cell_len
    if spare >= 0:
        return short
    room = len(info.model) + spare
    if room >= 8:
        return _line(info, info.model[: room - 1] + "…", compact=True, tokens=True)
    return _line(info, info.model[:7] + "…", compact=True, tokens=False)


def _line(info: StatusInfo, model: str, *, compact: bool, tokens: bool) -> Text:
    gap = " │ " if compact else "  │  "
    badge = info.badge if info.account else ("LIVE" if info.mode == "live" else "PAPER")
    text = Text.assemble((f" {badge} ", badge_style(badge)))
    if info.account:
        text.append(f" {info.account}", style="bold red" if badge == "LIVE" else "bold")
    text.append(" " if compact else "  ")
    text.append("" if compact else "market ", style="dim")
    text.append(info.market)
    if info.simulated:
        text.append(" SIMULATED" if compact else "  SIMULATED", style="bold yellow")
    text.append(gap, style="dim")
    text.append("" if compact else "model ", style="dim")
    text.append(model)
    if tokens:
        text.append(gap, style="dim")
        text.append(tokens_label(info.tokens, info.cost, short=compact))
    if info.activity:
        text.append(gap, style="dim")
        text.append(info.activity, style="italic")
    return text
