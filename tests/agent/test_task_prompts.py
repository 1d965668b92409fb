"""Task prompts reach a language model: the one spec repair round, "why" and concept answers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from assistant.agent.factory import LazyKnowledge
from assistant.agent.models.scripted import scripted_model, tool_call
from assistant.agent.prompts import load_prompt
from assistant.agent.session import AgentSession, ModelInfo
from assistant.config import load_settings
from assistant.domain import parse_spec
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.journal import Journal
from assistant.market import DemoMarket

GOOD = {
    "name": "core",
    "capital": 5000,
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
}
BAD = {**GOOD, "universe": {"symbols": ["BTC", "ETHH"]}}
REPAIR = load_prompt("spec_repair")
REPAIR_OPENING = "The strategy spec you proposed did not pass validation."
GOAL = "I have $5000 for BTC ETH SOL, rebalance when drift passes 5%"


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


def session(services: Services, steps: Sequence[object], **kwargs: Any) -> AgentSession:
    model = scripted_model(steps)  # type: ignore[arg-type]
    info = ModelInfo("scripted", "scripted", "scripted test model")
    return AgentSession(services, model, info, **kwargs)


def last_tool(messages: Sequence[BaseMessage]) -> ToolMessage:
    return next(m for m in reversed(messages) if isinstance(m, ToolMessage))


def as_json(spec: dict) -> AIMessage:
    return AIMessage(content="Here it is:\n```json\n" + json.dumps({"spec": spec}) + "\n```")


def repairs_sent(s: AgentSession) -> int:
    return sum(REPAIR_OPENING in str(m.content) for m in s.history)


def test_a_failed_proposal_comes_back_wrapped_in_the_repair_prompt_once(
    services: Services,
) -> None:
    def repair(messages: Sequence[BaseMessage]) -> AIMessage:
        message = last_tool(messages)
        text = str(message.content)
        assert text.startswith(REPAIR_OPENING)
        assert "ETHH" in text and '"ETHH"' in text.split("Your previous proposal was:")[1]
        assert message.artifact["ok"] is False  # the parsed result rides along, unchanged
        return tool_call("propose_strategy", {"spec": GOOD}, "call-2")

    s = session(
        services, [tool_call("propose_strategy", {"spec": BAD}), repair, AIMessage("Fixed.")]
    )
    result = s.run_turn(GOAL)
    assert result.status == "ok" and result.proposal is not None
    assert repairs_sent(s) == 1
    meta = services.journal.messages(s.conversation_id)[-1].meta
    assert meta["task_prompts"] == [REPAIR.ref]


def test_a_second_invalid_proposal_abstains_with_the_problems(services: Services) -> None:
    s = session(
        services,
        [
            tool_call("propose_strategy", {"spec": BAD}, "c1"),
            tool_call("propose_strategy", {"spec": BAD}, "c2"),
            tool_call("propose_strategy", {"spec": GOOD}, "c3"),  # refused: the turn is over
            AIMessage(content="Here is a default portfolio instead!"),
        ],
    )
    result = s.run_turn("invest $5000 in BTC and ETHH, rebalance on 5% drift")
    assert result.status == "abstain" and result.proposal is None
    assert "won't guess" in result.reply and "ETHH" in result.reply
    assert repairs_sent(s) == 1
    assert any("too many invalid specs" in r for r in result.refused)


def test_an_invalid_json_spec_gets_the_repair_prompt_as_a_new_message(services: Services) -> None:
    def repair(messages: Sequence[BaseMessage]) -> AIMessage:
        asked = messages[-1]
        assert isinstance(asked, HumanMessage) and str(asked.content).startswith(REPAIR_OPENING)
        assert "ETHH" in str(asked.content)
        return as_json(GOOD)

    s = session(services, [as_json(BAD), repair])
    result = s.run_turn(GOAL)
    assert result.status == "ok" and result.proposal is not None
    assert result.proposal["universe"]["symbols"] == ["BTC", "ETH", "SOL"]
    assert repairs_sent(s) == 1


def test_an_invalid_json_spec_after_its_repair_round_abstains(services: Services) -> None:
    s = session(services, [as_json(BAD), as_json(BAD), as_json(GOOD)])
    result = s.run_turn(GOAL)
    assert result.status == "abstain" and "ETHH" in result.reply
    assert repairs_sent(s) == 1


def test_a_question_in_the_repair_round_is_a_clarification(services: Services) -> None:
    s = session(services, [as_json(BAD), AIMessage(content="Did you mean ETH?")])
    result = s.run_turn(GOAL)
    assert (result.status, result.reply) == ("clarify", "Did you mean ETH?")


def test_the_offline_parser_gets_bare_results_and_no_repair_round(services: Services) -> None:
    def bare(messages: Sequence[BaseMessage]) -> AIMessage:
        assert json.loads(str(last_tool(messages).content))["ok"] is False
        return AIMessage(content="Which coin?", response_metadata={"status": "clarify"})

    model = scripted_model([tool_call("propose_strategy", {"spec": BAD}), bare])
    info = ModelInfo("coinpilot-offline-parser-1", "offline", "offline parser (not an LLM)")
    s = AgentSession(services, model, info)
    assert s.run_turn(GOAL).status == "clarify" and repairs_sent(s) == 0


def execute(services: Services, spec: dict) -> str:
    plan = plan_rebalance(services, parse_spec(spec))
    return execute_plan(services, plan.plan_hash).decision_id


def test_a_why_answer_gets_the_record_inside_the_explain_prompt(services: Services) -> None:
    decision_id = execute(services, GOOD)

    def narrate(messages: Sequence[BaseMessage]) -> AIMessage:
        text = str(last_tool(messages).content)
        assert text.startswith("The explain tool returned this record:")
        assert decision_id in text and "Start with the decision id" in text
        return AIMessage(content=f"From decision {decision_id}: the first rebalance.")

    s = session(services, [tool_call("explain_decision", {}), narrate])
    result = s.run_turn("why did you rebalance?")
    assert result.reply.startswith(f"From decision {decision_id}")
    assert services.journal.messages(s.conversation_id)[-1].meta["task_prompts"] == [
        load_prompt("explain").ref
    ]


def test_a_concept_answer_gets_the_passages_and_the_question_in_its_prompt(
    services: Services,
) -> None:
    def notes(query: str, k: int) -> list[dict[str, Any]]:
        text = "HRP clusters assets by correlation, then splits risk down the tree."
        return [{"note_id": "hrp", "title": "HRP", "heading": "HRP", "text": text, "score": 1.0}]

    def answer(messages: Sequence[BaseMessage]) -> AIMessage:
        text = str(last_tool(messages).content)
        assert text.startswith("These passages come from CoinPilot's knowledge notes")
        assert "[hrp] HRP\n" in text and "clusters assets by correlation" in text
        assert "The question is: what is HRP, briefly?" in text
        return AIMessage(content="HRP splits risk down a correlation tree [hrp].")

    steps = [tool_call("search_knowledge", {"query": "HRP"}), answer]
    s = session(services, steps, knowledge=notes)
    assert s.run_turn("what is HRP, briefly?").reply.endswith("[hrp].")


def test_a_described_earlier_decision_is_found_by_searching_the_journal(
    services: Services,
) -> None:
    first = execute(services, {**GOOD, "name": "alpha", "universe": {"symbols": ["ETH", "SOL"]}})
    latest = execute(services, {**GOOD, "name": "beta", "universe": {"symbols": ["BTC", "XRP"]}})
    assert services.journal.latest_decision().decision_id == latest  # type: ignore[union-attr]
    search = LazyKnowledge(None, "hashed", services.journal)

    def check(messages: Sequence[BaseMessage]) -> AIMessage:
        record = last_tool(messages).artifact
        assert record["data"]["found_by"] == "search"
        assert record["data"]["decision_id"] == first
        return AIMessage(content=f"From decision {first}.")

    steps = [tool_call("explain_decision", {"about": "strategy 'alpha' ETH SOL"}), check]
    s = session(services, steps, decisions=search.decisions)
    assert s.run_turn("why did you rebalance alpha back then?").reply == f"From decision {first}."
    without_words = session(services, [tool_call("explain_decision", {}), AIMessage("ok")])
    without_words.run_turn("why did you rebalance?")
    last = [r for r in without_words.history if isinstance(r, ToolMessage)][-1]
    assert last.artifact["data"]["decision_id"] == latest  # no words: the latest decision


def test_no_repair_round_is_sent_over_budget_and_the_turn_abstains(services: Services) -> None:
    from assistant.agent.budget import Budget

    costly = as_json(BAD)
    costly.usage_metadata = {"input_tokens": 9000, "output_tokens": 100, "total_tokens": 9100}
    s = session(services, [costly, as_json(GOOD)], budget=Budget(max_turn_tokens=10_000))
    result = s.run_turn(GOAL)
    assert result.status == "abstain" and "stopped before the next model call" in result.reply
    assert repairs_sent(s) == 0
