"""The agent loop with the scripted model: trajectories, repair, abstain, guard, journal."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

import pytest
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from assistant.agent.models.scripted import scripted_model, tool_call
from assistant.agent.session import AgentSession, ModelInfo, TurnEvent
from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket

GOOD = {
    "name": "core",
    "capital": 5000,
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
}
BAD = {**GOOD, "universe": {"symbols": ["BTC", "ETHH"]}}
MALFORMED = {**GOOD, "constraints": {"cash_reserve": -1}, "leverage": 3}


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


def session(services: Services, steps: Sequence[object]) -> AgentSession:
    model = scripted_model(steps)  # type: ignore[arg-type]
    return AgentSession(services, model, ModelInfo("scripted", "scripted", "scripted test model"))


def last_tool_result(messages: Sequence[BaseMessage]) -> dict:
    """The parsed result (a language model reads it wrapped in a task prompt; see its content)."""
    tool = next(m for m in reversed(messages) if isinstance(m, ToolMessage))
    return tool.artifact if isinstance(tool.artifact, dict) else json.loads(str(tool.content))


def test_goal_trajectory_propose_then_preview_then_answer(services: Services) -> None:
    events: list[TurnEvent] = []
    s = session(
        services,
        [
            tool_call("propose_strategy", {"spec": GOOD}),
            tool_call("preview_rebalance", {"spec": GOOD}, "call-2"),
            AIMessage(content="Here is your preview."),
        ],
    )
    result = s.run_turn("I have $5000, put it in BTC ETH SOL, rebalance on 5% drift", events.append)
    assert result.status == "ok"
    assert result.proposal is not None and result.proposal["universe"]["symbols"] == [
        "BTC",
        "ETH",
        "SOL",
    ]
    assert result.plan is not None and len(result.plan["plan_hash"]) == 64
    assert [e.text for e in events if e.kind == "tool_call"] == [
        "propose_strategy",
        "preview_rebalance",
    ]
    assert "".join(e.text for e in events if e.kind == "token").endswith("Here is your preview.")
    assert services.journal.latest_plan("core") is not None
    assert services.journal.decisions(5) == []  # a preview never executes


def test_repair_after_a_validation_error(services: Services) -> None:
    def repaired(messages: Sequence[BaseMessage]) -> AIMessage:
        problems = last_tool_result(messages)["problems"]
        assert any("ETHH" in p for p in problems)  # the model sees readable problems
        return tool_call("propose_strategy", {"spec": GOOD}, "call-2")

    s = session(
        services,
        [tool_call("propose_strategy", {"spec": BAD}), repaired, AIMessage(content="Fixed it.")],
    )
    result = s.run_turn("hold BTC, ETH and SOL with $5000, rebalance on 5% drift")
    assert result.status == "ok" and result.proposal is not None


def test_shape_errors_come_back_as_sentences_naming_the_field(services: Services) -> None:
    def check(messages: Sequence[BaseMessage]) -> AIMessage:
        problems = last_tool_result(messages)["problems"]
        assert any("constraints.cash_reserve" in p for p in problems)
        assert any("'leverage' is not a field" in p for p in problems)
        return AIMessage(content="Which cash reserve did you mean?")

    s = session(services, [tool_call("propose_strategy", {"spec": MALFORMED}), check])
    assert s.run_turn("invest $5000 in BTC, rebalance monthly").status == "clarify"


def test_abstains_after_repeated_invalid_specs(services: Services) -> None:
    s = session(
        services,
        [
            tool_call("propose_strategy", {"spec": BAD}, "c1"),
            tool_call("propose_strategy", {"spec": BAD}, "c2"),
            tool_call("propose_strategy", {"spec": BAD}, "c3"),
            tool_call("propose_strategy", {"spec": BAD}, "c4"),
            AIMessage(content="Here is a default portfolio instead!"),
        ],
    )
    result = s.run_turn("invest $5000 in BTC and ETHH, rebalance on 5% drift")
    assert result.status == "abstain" and result.proposal is None
    assert "won't guess" in result.reply and "ETHH" in result.reply


def test_json_text_spec_is_validated_through_the_same_tool(services: Services) -> None:
    text = "Sure:\n```json\n" + json.dumps({"spec": GOOD}) + "\n```"
    s = session(services, [AIMessage(content=text)])
    result = s.run_turn("I have $5000 for BTC ETH SOL, rebalance when drift passes 5%")
    assert result.status == "ok" and result.proposal is not None
    assert result.proposal["name"] == "core"


def test_refused_goals_never_reach_the_model(services: Services) -> None:
    s = session(services, [])  # an empty script would answer "(no more replies)"
    result = s.run_turn("buy BTC with 10x leverage")
    assert result.status == "refuse" and "leverage" in result.reply


def test_conversation_is_journaled(services: Services) -> None:
    s = session(services, [AIMessage(content="Hello there.")])
    s.run_turn("hello")
    messages = services.journal.messages(s.conversation_id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[1].meta["model_id"] == "scripted"
    assert messages[1].meta["prompt_version"]


def test_tokens_and_cost_are_counted(services: Services) -> None:
    reply = AIMessage(
        content="ok",
        usage_metadata={"input_tokens": 1200, "output_tokens": 300, "total_tokens": 1500},
    )
    s = session(services, [reply])
    s.budget.price_in, s.budget.price_out = 1.0, 2.0
    result = s.run_turn("what do you think?")
    assert result.usage.total == 1500
    assert result.usage.cost == pytest.approx((1200 * 1.0 + 300 * 2.0) / 1e6)
    assert s.budget.session.total == 1500


def test_the_agent_has_no_tool_that_executes() -> None:
    from tools import ALL_TOOLS

    names = {t.name for t in ALL_TOOLS}
    assert not {n for n in names if any(w in n for w in ("confirm", "execute", "order", "cancel"))}


def test_decision_records_the_model_and_prompt_behind_the_preview(services: Services) -> None:
    from assistant.engine import execute_plan

    s = session(
        services,
        [
            tool_call("propose_strategy", {"spec": GOOD}),
            tool_call("preview_rebalance", {"spec": GOOD}, "call-2"),
            AIMessage(content="Preview ready."),
        ],
    )
    result = s.run_turn("I have $5000 for BTC ETH SOL, rebalance when drift passes 5%")
    assert result.plan is not None
    decision = execute_plan(services, result.plan["plan_hash"])  # the person's confirm
    assert decision.model_id == "scripted"
    assert decision.prompt_version is not None and decision.prompt_version.startswith("system/v")
