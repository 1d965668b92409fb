"""The performance screen: the paper account against BTC and equal weight, and its equity chart.

Returns are the engine's (:func:`assistant.engine.performance.account_performance`): time-weighted,
since inception and by period; the chart plots 100 grown day by day for the account and both
benchmarks (textual-plotext). This screen only reads; ``r`` reads again (the demo clock may have
moved since).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.engine.performance import Performance

    from ..backend import Backend

COLUMNS = ("period", "portfolio", "BTC", "equal weight", "vs BTC")


class PerformanceScreen(Screen[None]):
    DEFAULT_CSS = """
    PerformanceScreen #summary { padding: 0 1; height: auto; }
    PerformanceScreen #periods { height: auto; max-height: 8; }
    PerformanceScreen #equity { height: 1fr; min-height: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="performance-back", tooltip="Back"),
        Binding("r", "reload", "Reload", id="performance-reload", tooltip="Measure again"),
    ]

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.performance: Performance | None = None

    def compose(self) -> ComposeResult:
        yield Static("Measuring the account…", id="summary")
        yield DataTable(id="periods", cursor_type="none")
        yield PlotextPlot(id="equity")
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="performance")
    def _load(self) -> None:
        from assistant.domain import CoinPilotError

        try:
            performance = self.backend.performance()
        except CoinPilotError as exc:
            self.app.call_from_thread(self._problem, exc.message)
        else:
            self.app.call_from_thread(self.show, performance)

    def _problem(self, message: str) -> None:
        self.query_one("#summary", Static).update(message)

    def show(self, performance: Performance | None) -> None:
        self.performance = performance
        summary = self.query_one("#summary", Static)
        table = self.query_one(DataTable)
        table.clear()
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        if performance is None:
            summary.update("Nothing executed yet, so nothing to measure.")
            plot.refresh()
            return
        basket = ", ".join(performance.basket) or "none"
        summary.update(
            f"Since {performance.inception} to {performance.as_of}, time-weighted in "
            f"{performance.quote}. BTC: buy and hold; equal weight: {basket}, rebalanced daily."
        )
        for row in performance.periods:
            table.add_row(
                row.label,
                f"{row.portfolio:+.2%}",
                f"{row.btc:+.2%}",
                f"{row.equal_weight:+.2%}",
                f"{row.portfolio - row.btc:+.2%}",
            )
        days = list(range(len(performance.days)))
        for name, values in performance.growth.items():
            plt.plot(days, values, label=name)
        plt.title("Growth of 100 since inception")
        plt.xlabel(f"days since {performance.inception}")
        plot.refresh()
