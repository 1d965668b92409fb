"""'I already hold 0.5 BTC and 2 ETH' in the offline session: a read-only holdings proposal
(nothing recorded by the turn), kept beside a goal named in the same message; recording it
through the engine makes the next preview plan from those holdings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from assistant.agent.factory import open_session
from assistant.agent.turns import TurnResult
from assistant.config import load_settings
from assistant.domain import parse_spec
from assistant.engine import Clock, Services, add_holdings, holdings_account, plan_rebalance
from assistant.journal import Journal
from assistant.market import DemoMarket
from tools import ALL_TOOLS, ToolContext, tool_named


@pytest.fixture
def services() -> Iterator[Services]:
    svc = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC)),
    )
    yield svc
    svc.close()


def _tool_results(result: TurnResult) -> dict[str, dict[str, Any]]:
    return {str(r["tool"]): r for r in result.tool_results}


def test_the_tool_is_read_only_and_checks_assets_against_the_market(services: Services) -> None:
    tool = tool_named("propose_holdings")
    assert not tool.changes_state and tool in ALL_TOOLS
    ctx = ToolContext(services)
    ok = tool.run(ctx, {"holdings": {"btc": "0.5", "ETH": "2"}})
    assert ok.ok and ok.data["account"] == "paper-holdings"
    assert [h["asset"] for h in ok.data["holdings"]] == ["BTC", "ETH"]
    assert ok.data["command"] == "coinpilot holdings add BTC 0.5 ETH 2 --account paper-holdings"
    assert services.journal.accounts() == []
    bad = tool.run(ctx, {"holdings": {"NOPECOIN": "1", "ETH": "-2"}})
    assert not bad.ok and any("NOPECOIN" in p for p in bad.problems)
    assert any("above zero" in p for p in bad.problems)


def test_a_holdings_message_proposes_and_records_nothing(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    result = session.run_turn("I already hold 0.5 BTC and 2 ETH")
    held = _tool_results(result)
    assert "propose_holdings" in held and held["propose_holdings"]["ok"]
    assert "Nothing is recorded yet" in result.reply and "coinpilot holdings add" in result.reply
    assert services.journal.accounts() == []


def test_holdings_beside_a_goal_keep_the_goal_but_wait_for_the_record_to_preview(
    services: Services,
) -> None:
    """A preview now would plan without the unrecorded 0.5 BTC (and buy BTC): none is made, and
    the reply says why; once recorded on the account it names, "preview it" plans from them."""
    session = open_session(services, persistent_index=False)
    goal = "I already hold 0.5 BTC; add $2,000 and keep BTC ETH SOL balanced, and preview it"
    result = session.run_turn(goal)
    tools = _tool_results(result)
    assert {"propose_holdings", "propose_strategy"} <= set(tools)
    assert "preview_rebalance" not in tools
    assert tools["propose_strategy"]["data"]["spec"]["capital"] == "2000"
    assert "You hold 0.5 BTC" in result.reply and "I have not previewed" in result.reply
    account = tools["propose_holdings"]["data"]["account"]
    assert account == holdings_account(services, "my-strategy") == "paper-my-strategy"
    add_holdings(services, {"BTC": "0.5"}, account, "typed in the chat")
    preview = _tool_results(session.run_turn("preview it"))["preview_rebalance"]
    plan = preview["data"]["plan"]
    assert preview["ok"] and plan["account"] == account
    assert ("BTC/USDT", "sell") in {(o["symbol"], o["side"]) for o in plan["orders"]}


def test_recorded_holdings_are_what_the_next_preview_plans_from(services: Services) -> None:
    spec = parse_spec(
        {"name": "mine", "capital": "2000", "objective": "hrp",
         "universe": {"symbols": ["BTC", "ETH", "SOL"]}, "rebalance": {"drift_threshold": 0.05}}
    )  # fmt: skip
    services.journal.record_spec(spec)
    account = holdings_account(services, spec.name)
    add_holdings(services, {"BTC": "0.5"}, account, "typed in the chat")
    plan = plan_rebalance(services, spec)
    assert plan.account == account == "paper-mine"
    assert plan.funding == Decimal(2000)  # never funded: the capital is added to the holdings
    assert any(o.symbol.startswith("BTC") and o.side == "sell" for o in plan.orders)
