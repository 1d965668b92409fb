"""A backtest in the chat: equity and drawdown charts (month ends) and the key metrics table.

The curves and figures are the backtester's (:class:`~assistant.tui.backtest_view.BacktestView`);
the card draws them and adds nothing, so the reply beside it can stay one or two sentences (the
sentences that only restate the card are dropped from it, :mod:`..reply_text`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ..backtest_view import BacktestView


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values (steps of 1, 2 or 5 times a power of ten) from ``low`` to ``high``, so the
    axis reads 2,000 / 4,000 / 6,000 rather than the data's own 2222.9 / 4346.4."""
    span = high - low
    if span <= 0:
        return [low]
    raw = span / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (5, 2, 1) if m * power <= raw)  # at least ``count`` ticks
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) // step) + 1)]


def thin(levels: list[float], most: int) -> list[float]:
    """Every k-th level, so at most ``most`` labels: plotext drops labels that collide on a short
    axis, and which one it drops depends on the size at the moment it draws (a snapshot would
    differ between a quiet and a busy machine)."""
    step = max(1, math.ceil(len(levels) / most))
    return levels[::step]


def tick_label(value: float) -> str:
    return f"{value:,.0f}"


def year_ticks(months: Sequence[str]) -> tuple[list[float], list[str]]:
    """Positions and labels for the x axis: each January as its year, and the first month's year
    unless a January follows within six months (both labels would collide, and plotext would drop
    one of them, the next year's as often as not)."""
    januaries = [i for i, m in enumerate(months) if m.endswith("-01")]
    lead = [0] if not januaries or januaries[0] >= 6 else []
    ticks = sorted(set(lead + januaries))
    return [float(i + 1) for i in ticks], [months[i][:4] for i in ticks]


class BacktestCard(Vertical):
    DEFAULT_CSS = """
    BacktestCard {
        height: auto;
        margin: 0 0 1 1;
        padding: 0 1;
        border: round $accent;
        border-title-color: $accent;
    }
    BacktestCard PlotextPlot { height: 9; }
    BacktestCard #drawdown { height: 7; }
    BacktestCard #metrics { height: auto; margin: 1 0 0 0; }
    BacktestCard .past { color: $text-muted; }
    """

    def __init__(self, view: BacktestView) -> None:
        super().__init__()
        self.view = view
        self.border_title = view.title
        if view.simulated:
            self.border_subtitle = "SIMULATED prices"

    def compose(self) -> ComposeResult:
        if len(self.view.equity) >= 2:
            yield PlotextPlot(id="equity")
            yield PlotextPlot(id="drawdown")
        yield Static(self._metrics(), id="metrics")
        if self.view.warnings:
            yield Static(Text("\n".join(self.view.warnings[:2])), classes="past")

    def on_mount(self) -> None:
        if len(self.view.equity) < 2:
            return
        months = [m for m, _ in self.view.equity]
        xs = list(range(1, len(months) + 1))
        ticks, labels = year_ticks(months)
        values = [v for _, v in self.view.equity]
        equity = self.query_one("#equity", PlotextPlot).plt
        equity.plot(xs, values, marker="braille", color="cyan")
        equity.title(f"Equity, {self.view.quote} at month ends" if self.view.quote else "Equity")
        equity.xticks(ticks, labels)
        levels = thin(nice_ticks(min(values), max(values)), 3)
        equity.yticks(levels, [tick_label(v) for v in levels])
        falls = dict(self.view.drawdown)
        drawdown = self.query_one("#drawdown", PlotextPlot).plt
        depth = [100 * falls.get(m, 0.0) for m in months]
        drawdown.plot(xs, depth, marker="braille", color="red")
        drawdown.title("Drawdown %, deepest each month")
        drawdown.xticks(ticks, labels)
        bottom = min(min(depth), -1.0)
        levels = thin(nice_ticks(bottom, 0.0, 2), 2)  # few rows: more labels would collide
        drawdown.yticks(levels, [tick_label(v) for v in levels])
        drawdown.ylim(bottom * 1.05, 0)

    def _metrics(self) -> RenderableType:
        """Key metrics in two label/value column pairs, then the return of each calendar year."""
        grid = Table.grid(padding=(0, 2))
        for _ in range(2):
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(justify="right", no_wrap=True)
        rows = list(self.view.metrics)
        for i in range(0, len(rows), 2):
            pair = rows[i : i + 2]
            cells = [c for label, value in pair for c in (label, value)]
            grid.add_row(*cells, *([""] * (4 - len(cells))))
        if not self.view.yearly:
            return grid
        years = " · ".join(f"{y} {r}" for y, r in self.view.yearly)
        return Group(grid, Text.assemble(("Per year  ", "dim"), years))
