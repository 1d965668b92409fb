"""Shorter, more visual turns: labelled weight bars, the backtest card, the welcome panel."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import Input, Markdown, OptionList
from textual_plotext import PlotextPlot

from assistant.engine import Services
from assistant.presentation.plan_tables import largest_first
from assistant.tui import CoinPilotApp
from assistant.tui.backtest_view import backtest_view
from assistant.tui.widgets.backtest_card import BacktestCard, nice_ticks, thin, year_ticks
from assistant.tui.widgets.chat_log import ChatLog
from assistant.tui.widgets.weights_chart import WeightBars, WeightsChart, bar
from assistant.tui.widgets.welcome import EXAMPLES, Welcome
from tests.tui.helpers import GOAL, ask, chat_text, decide, ready

pytestmark = pytest.mark.anyio


def _text(renderable: object, width: int = 46) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


# -- weights ----------------------------------------------------------------------------------


def test_a_bar_is_exact_to_an_eighth_of_a_cell_and_never_longer_than_its_width() -> None:
    assert bar(0.5, 10) == "█████"
    assert bar(0.0625, 10) == "▋"  # 5/8 of one cell
    assert bar(2.0, 4) == "████"


def test_weight_bars_carry_their_values_in_the_given_order() -> None:
    bars = WeightBars({"BTC": 0.1}, {"SOL": 0.173, "BTC": 0.5, "ETH": 0.327}, ["BTC", "ETH", "SOL"])
    lines = [line for line in _text(bars).splitlines() if line.strip()]
    assert [line.split()[0] for line in lines[::2]] == ["BTC", "ETH", "SOL"]
    assert "10.0%" in lines[0] and "50.0%" in lines[1] and "17.3%" in lines[5]
    assert len(lines) == 6  # two lines a coin: now and target, nothing else


async def test_the_preview_chart_follows_the_target_table_and_is_as_tall_as_its_rows(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        chart = app.main.query_one(WeightsChart)
        plan = app.main._preview.plan  # type: ignore[union-attr]
        targets = {a: w for a, w in plan.allocation.weights.items() if a != plan.quote}
        assert chart.order == largest_first(targets)
        assert chart.border_title == "Weights: now vs preview"
        assert chart.size.height == 2 * len(chart.order)  # no empty axes around the bars
        shown = _text(chart.content, chart.content_size.width)
        for asset, weight in targets.items():
            assert asset in shown and f"{100 * weight:.1f}%" in shown


async def test_the_portfolio_chart_lists_coins_in_the_holdings_tables_order(
    services: Services,
) -> None:
    decide(services)
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        held = [h.asset for h in app.main.status.holdings]  # type: ignore[union-attr]
        assert app.main.query_one(WeightsChart).order == held


# -- backtest ---------------------------------------------------------------------------------


def test_ticks_are_round_numbers_and_years_mark_januaries() -> None:
    assert nice_ticks(2222.9, 8593.3) == [4000.0, 6000.0, 8000.0]
    assert nice_ticks(-60.0, 0.0, 3) == [-60.0, -40.0, -20.0, 0.0]
    # no more labels than the axis has room for: plotext would drop one, differently by load
    assert thin([6000.0, 8000.0, 10000.0, 12000.0, 14000.0], 3) == [6000.0, 10000.0, 14000.0]
    assert thin([-60.0, -40.0, -20.0, 0.0], 2) == [-60.0, -20.0]
    assert thin([1.0, 2.0], 3) == [1.0, 2.0]
    assert nice_ticks(5.0, 5.0) == [5.0]
    # a January two months in: the first month's year would collide with it, so it is left out
    assert year_ticks(["2022-11", "2022-12", "2023-01", "2023-02", "2024-01"]) == (
        [3.0, 5.0],
        ["2023", "2024"],
    )
    months = [f"2022-{m:02d}" for m in range(3, 13)] + ["2023-01"]
    assert year_ticks(months) == ([1.0, 11.0], ["2022", "2023"])  # ten months apart: both
    assert year_ticks(["2024-05", "2024-06"]) == ([1.0], ["2024"])


def test_the_backtest_view_formats_figures_as_the_tool_summary_does() -> None:
    data = {
        "name": "core v2",
        "simulated": True,
        "settings": {"quote": "USDT"},
        "metrics": {
            "start": "2023-01-15T00:00:00Z",
            "end": "2026-01-15T00:00:00Z",
            "total_return": 0.499,
            "cagr": 0.106,
            "volatility": None,
            "sharpe": 0.4567,
            "sortino": 0.7,
            "max_drawdown": {"depth": -0.6},
            "rebalances": 23,
            "fees": 1616.37,
            "yearly_returns": {"2024": 0.64, "2023": -0.53},
        },
        "curve": {"2023-01": 5000.0, "2023-02": 5100.0},
        "drawdown": {"2023-01": 0.0, "2023-02": -0.1},
        "warnings": ["short history"],
    }
    view = backtest_view(data)
    shown = dict(view.metrics)
    assert shown["Total return"] == "+49.9%" and shown["Max drawdown"] == "-60.0%"
    assert shown["Volatility"] == "n/a" and shown["Sharpe"] == "0.46"
    assert shown["Fees"] == "1,616.37 USDT"
    assert view.yearly == (("2023", "-53%"), ("2024", "+64%"))
    assert view.title == "Backtest core v2 · 2023-01-15 → 2026-01-15" and view.simulated
    assert "short history" in view.shown_text()


async def test_a_backtest_asked_in_the_chat_shows_charts_metrics_and_a_short_reply(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        await ask(pilot, "backtest it over the last 3 years")
        log = app.main.query_one(ChatLog)
        (card,) = log.query(BacktestCard)
        assert len(card.query(PlotextPlot)) == 2  # equity and drawdown
        metrics = dict(card.view.metrics)
        assert set(metrics) >= {"Total return", "CAGR", "Max drawdown", "Sharpe", "Fees"}
        assert card.border_subtitle == "SIMULATED prices"
        # the reply after the card: no figure the card shows, one or two sentences
        after = log.children[log.children.index(card) + 1 :]
        replies = [w.source for w in after if isinstance(w, Markdown)]
        text = " ".join(replies)
        assert text and text.count(".") <= 2
        for value in (metrics["Total return"], metrics["CAGR"], metrics["Sharpe"]):
            assert value not in text
        assert "run_backtest" in chat_text(app) and "card below" in chat_text(app)


# -- welcome ----------------------------------------------------------------------------------


async def test_the_empty_chat_shows_the_welcome_and_an_example_only_fills_the_prompt(
    services: Services,
) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        welcome = app.main.query_one(Welcome)
        assert welcome.display and not app.main.query_one(ChatLog).display
        assert welcome.region.height >= 15  # fills the chat, not a line at its foot
        examples = welcome.query_one(OptionList)
        await pilot.press("tab")  # from the prompt, one Tab reaches the examples
        assert app.focused is examples
        await pilot.press("down", "enter")
        await pilot.pause()
        prompt = app.main.query_one("#prompt", Input)
        assert prompt.value == EXAMPLES[1] and app.focused is prompt
        assert not app.main.chat.running  # filled, not sent
        await pilot.press("enter")
        await pilot.pause()
        await ready(pilot)
        while app.main.chat.running:
            await pilot.pause(0.05)
        assert not welcome.display and app.main.query_one(ChatLog).display


async def test_the_app_has_a_title(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.title == "CoinPilot"
        assert app.main.query_one("Header").region.height == 1
