"""A bar chart of current weights beside target weights (the last decision's, or a fresh preview's).

The chart draws numbers the engine computed; it is a picture of the portfolio pane's table, never a
second source of truth. With nothing to draw it says so instead of showing empty axes.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

EMPTY = "No weights to draw yet: describe a goal, and its preview's target weights appear here."


class WeightsChart(Vertical):
    DEFAULT_CSS = """
    WeightsChart { height: 1fr; min-height: 10; }
    WeightsChart #empty { color: $text-muted; padding: 1 2; }
    WeightsChart PlotextPlot { height: 1fr; display: none; }
    WeightsChart.-drawn PlotextPlot { display: block; }
    WeightsChart.-drawn #empty { display: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current: dict[str, float] = {}
        self.target: dict[str, float] = {}
        self.target_label = "target"

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, id="empty")
        yield PlotextPlot()

    def show(
        self,
        current: Mapping[str, float],
        target: Mapping[str, float],
        target_label: str = "target",
    ) -> None:
        self.current, self.target = dict(current), dict(target)
        self.target_label = target_label
        assets = sorted(set(self.current) | set(self.target))
        self.set_class(bool(assets), "-drawn")
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if assets:
            now = [round(100 * self.current.get(a, 0.0), 1) for a in assets]
            target_pct = [round(100 * self.target.get(a, 0.0), 1) for a in assets]
            labels = ["now %", f"{target_label} %"]  # the stub calls it `label`; plotext: `labels`
            plt.multiple_bar(assets, [now, target_pct], labels=labels)  # type: ignore[call-arg]
            plt.ylim(0, max(10.0, *now, *target_pct) * 1.15)
            plt.title(f"Weights: now vs {target_label}")
        plot.refresh()
