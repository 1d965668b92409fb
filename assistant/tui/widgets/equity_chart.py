"""A backtest's equity curve in the chat, under its tool card (textual-plotext).

Drawn from the tool's result (month-end equity, computed by the backtester), never from the
model's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual_plotext import PlotextPlot

if TYPE_CHECKING:
    from ..turn_items import BacktestCurve


class EquityChart(PlotextPlot):
    DEFAULT_CSS = """
    EquityChart { height: 14; margin: 0 1 1 1; }
    """

    def __init__(self, curve: BacktestCurve) -> None:
        super().__init__(classes="equity")
        self.curve = curve

    def on_mount(self) -> None:
        plt = self.plt
        months = list(self.curve.months)
        plt.plot(list(range(len(months))), list(self.curve.values), label=self.curve.name)
        step = max(1, len(months) // 6)
        ticks = [float(i) for i in range(0, len(months), step)]
        plt.xticks(ticks, [months[int(i)] for i in ticks])
        plt.title(f"Equity of {self.curve.name}, month ends")
