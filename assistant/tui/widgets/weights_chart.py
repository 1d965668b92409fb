"""Current weights beside target weights (the last decision's or a preview's), as labelled bars.

The chart draws numbers the engine computed; it is a picture of the table it sits beside, never a
second source of truth: its rows come in that table's order (the caller passes it) and each bar
carries its percentage, so a reader never has to guess a value from an axis. It is as tall as its
rows (two lines per coin), not a panel of empty axes; with nothing to draw it says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ..formatting import pct

EMPTY = "No weights to draw yet: describe a goal, and its preview's target weights appear here."

#: Eighths of a cell, so a bar's length is exact to 1/8 of a character.
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar ``fraction`` (0..1) of ``width`` cells long, drawn to an eighth of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


@dataclass(frozen=True)
class WeightBars:
    """Rows of ``now`` and ``target`` bars, scaled so the largest weight fills the width."""

    current: Mapping[str, float]
    target: Mapping[str, float]
    order: Sequence[str]
    target_label: str = "target"
    styles: tuple[str, str] = field(default=("cyan", "green"))

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        values = [*self.current.values(), *self.target.values()]
        top = max([v for v in values if v > 0] or [1.0])
        label = max(len(a) for a in self.order)
        kinds = ["now", self.target_label] if self.target else ["now"]
        kind_width = max(len(k) for k in kinds)
        # asset, kind, bar, value: the bar gets what the labels leave
        width = max(4, options.max_width - label - kind_width - len(" 100.0%") - 2)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(no_wrap=True, width=width)
        grid.add_column(no_wrap=True, justify="right")
        for asset in self.order:
            for i, kind in enumerate(kinds):
                weight = (self.current if kind == "now" else self.target).get(asset, 0.0)
                style = self.styles[0] if kind == "now" else self.styles[1]
                drawn = bar(weight / top, width) or "▏"
                grid.add_row(asset if i == 0 else "", kind, Text(drawn, style=style), pct(weight))
        yield grid


def table_order(current: Mapping[str, float], order: Iterable[str] | None) -> list[str]:
    """``order`` (the table's rows), then any coin it lacks, in the order it was given."""
    rows = list(order or ())
    return rows + [a for a in current if a not in rows]


class WeightsChart(Static):
    DEFAULT_CSS = """
    WeightsChart {
        height: auto;
        padding: 0 1;
        border: round $primary-darken-1;
        border-title-color: $text-muted;
    }
    WeightsChart.-empty { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(EMPTY, id=id, classes="-empty")
        self.border_title = "Weights"
        self.current: dict[str, float] = {}
        self.target: dict[str, float] = {}
        self.order: list[str] = []
        self.target_label = "target"

    def show(
        self,
        current: Mapping[str, float],
        target: Mapping[str, float],
        target_label: str = "target",
        order: Iterable[str] | None = None,
    ) -> None:
        """Draw ``current`` beside ``target``; rows in ``order`` (the table's), then the rest."""
        self.current, self.target = dict(current), dict(target)
        self.target_label = target_label
        self.order = table_order({**self.target, **self.current}, order)
        self.set_class(not self.order, "-empty")
        if not self.order:
            self.border_title = "Weights"
            self.update(EMPTY)
            return
        self.border_title = f"Weights: now vs {target_label}" if self.target else "Weights now"
        self.update(WeightBars(self.current, self.target, self.order, target_label))
