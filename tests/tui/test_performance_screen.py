"""The performance screen: periods against BTC and equal weight, and the equity chart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from assistant.engine import Services
from assistant.engine.demo_clock import advance_demo_clock
from assistant.tui import CoinPilotApp
from assistant.tui.screens.performance import PerformanceScreen
from tests.tui.helpers import ready, wait_until
from tests.watch.conftest import execute, make_spec

pytestmark = pytest.mark.anyio


@pytest.mark.slow
async def test_ctrl_e_shows_returns_against_btc_and_equal_weight_with_a_chart(
    services: Services,
) -> None:
    execute(services, make_spec())
    advance_demo_clock(services, timedelta(days=40))
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+g")
        screen = app.screen
        assert isinstance(screen, PerformanceScreen)
        await wait_until(pilot, lambda: screen.performance is not None, "the measurement")
        table = screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["since inception", "7 days", "30 days"]
        perf = screen.performance
        assert perf is not None
        assert rows[0][1] == f"{perf.periods[0].portfolio:+.2%}"
        assert rows[0][2] == f"{perf.periods[0].btc:+.2%}"
        summary = str(screen.query_one("#summary", Static).content)
        assert "equal weight: BNB, BTC, ETH, SOL, XRP" in summary
        plot = screen.query_one(PlotextPlot)
        assert plot.plt is not None and plot.size.height >= 10
        await pilot.press("escape")
        assert not isinstance(app.screen, PerformanceScreen)


@pytest.mark.slow
async def test_before_any_execution_the_screen_says_there_is_nothing_to_measure(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+g")
        screen = app.screen
        assert isinstance(screen, PerformanceScreen)
        summary = screen.query_one("#summary", Static)
        await wait_until(pilot, lambda: "Nothing executed" in str(summary.content), "the note")
