"""A backtest asked from the chat shows its equity curve under the tool card."""

from __future__ import annotations

import pytest

from assistant.engine import Services
from assistant.tui import CoinPilotApp
from assistant.tui.turn_items import BacktestCurve, translate
from assistant.tui.widgets.equity_chart import EquityChart
from tests.tui.helpers import GOAL, ask, chat_text, ready

pytestmark = pytest.mark.anyio


@pytest.mark.slow
async def test_a_backtest_from_the_chat_draws_its_equity_chart(services: Services) -> None:
    app = CoinPilotApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await ask(pilot, GOAL)
        await ask(pilot, "backtest it since 2024")
        charts = list(app.main.query(EquityChart))
        assert len(charts) == 1, chat_text(app)
        curve = charts[0].curve
        assert curve.months[0].startswith("2024") and len(curve.values) >= 12
        assert curve.name == "my-strategy v1" and all(v > 0 for v in curve.values)


def test_only_a_successful_backtest_with_a_curve_makes_a_chart() -> None:
    from assistant.agent.session import TurnEvent

    def result(ok: bool, curve: object) -> TurnEvent:
        data = {"ok": ok, "summary": "s", "data": {"name": "x v1", "curve": curve}}
        return TurnEvent(kind="tool_result", text="run_backtest", data=data)

    made = translate(result(True, {"2024-01": 100.0, "2024-02": 110.0}))
    assert made[-1] == BacktestCurve("x v1", ("2024-01", "2024-02"), (100.0, 110.0))
    assert not any(isinstance(i, BacktestCurve) for i in translate(result(False, {"a": 1.0})))
    assert not any(isinstance(i, BacktestCurve) for i in translate(result(True, {"a": 1.0})))
