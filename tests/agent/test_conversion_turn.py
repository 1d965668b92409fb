"""'I have €5,000': converted at the market's fetched rate, stated with its source, or asked.

The parser holds no rate: it names the currency it needs, the turn fetches the rate with the
``conversion_rate`` tool and parses again. The app's session and `coinpilot spec`'s direct turn
give the same answer; the request check accepts the converted capital only at a fetched rate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.agent.budget import Usage
from assistant.agent.checking import Request
from assistant.agent.factory import open_session
from assistant.agent.offline.goal_turn import run_goal_turn
from assistant.agent.turns import TurnResult
from assistant.config import load_settings
from assistant.engine import Services
from assistant.journal import Journal
from assistant.market import CsvMarket, DemoMarket
from tools import ALL_TOOLS

READ_ONLY = tuple(t for t in ALL_TOOLS if not t.changes_state)
GOAL = "I have €5,000, moderate risk, BTC ETH SOL, rebalance monthly"


@pytest.fixture
def demo() -> Iterator[Services]:
    with Services(load_settings(), DemoMarket(as_of="2026-01-15"), Journal.open("sqlite://")) as s:
        yield s


def both(services: Services, goal: str) -> tuple[TurnResult, TurnResult]:
    session = open_session(services, tools=READ_ONLY, persistent_index=False)
    by_session = session.run_turn(goal)
    by_direct = run_goal_turn(services, goal)
    assert by_direct is not None
    return by_session, by_direct


def same(a: TurnResult, b: TurnResult) -> bool:
    return replace(a, usage=Usage(), model_calls=[]) == replace(b, usage=Usage(), model_calls=[])


def test_euros_are_converted_at_the_demo_rate_and_the_reply_says_so(demo: Services) -> None:
    by_session, by_direct = both(demo, GOAL)
    assert same(by_session, by_direct)
    rate = demo.market.ticker("EUR/USDT").last
    assert by_direct.status == "ok" and by_direct.proposal is not None
    assert Decimal(by_direct.proposal["capital"]) == (5000 * rate).quantize(Decimal("0.01"))
    assert [c["name"] for c in by_direct.tool_calls] == ["conversion_rate", "propose_strategy"]
    reply = by_direct.reply
    assert f"{rate} USDT per EUR" in reply and "EUR/USDT on the demo market (simulated)" in reply
    assert "2026-01-15 00:00 UTC" in reply
    assert by_direct.narration is not None and by_direct.narration.verdict == "verified"


def test_a_currency_without_a_pair_stays_a_question(demo: Services) -> None:
    by_session, by_direct = both(demo, "£2,000 in BTC and ETH, monthly")
    assert same(by_session, by_direct)
    assert by_direct.status == "clarify" and by_direct.proposal is None
    assert "GBP" in by_direct.reply and "US dollars" in by_direct.reply
    fetched = [r for r in by_direct.tool_results if r["tool"] == "conversion_rate"]
    assert len(fetched) == 1 and not fetched[0]["ok"]


def test_a_market_without_a_euro_pair_asks(tmp_path: Path) -> None:
    demo = DemoMarket(as_of="2026-01-15", history_days=100)
    for base in ("BTC", "ETH"):
        frame = demo.ohlcv(f"{base}/USDT").reset_index()
        frame["timestamp"] = frame["timestamp"].dt.strftime("%Y-%m-%d")
        frame.to_csv(tmp_path / f"{base}.csv", index=False)
    with Services(load_settings(), CsvMarket(tmp_path), Journal.open("sqlite://")) as services:
        result = run_goal_turn(services, "€5,000 in BTC and ETH, monthly")
    assert result is not None and result.status == "clarify" and "EUR" in result.reply


def test_the_request_check_takes_a_converted_capital_only_at_a_fetched_rate() -> None:
    request = Request(("€5,000 in BTC and ETH",))
    spec = {"capital": "5454", "universe": {"symbols": ["BTC", "ETH"]}}
    assert any("capital" in p for p in request.problems(spec))
    fetched = {"tool": "conversion_rate", "ok": True, "data": {"rate": "1.0908"}}
    assert request.problems(spec, [fetched]) == []
