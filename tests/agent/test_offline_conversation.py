"""The offline assistant in conversation (issue 13): why-questions that name whose cap bound a
weight or that a coin is not held, questions about your own portfolio, backtest periods, and
"start over". Runs the real session with the offline model on the demo market."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from assistant.agent.factory import open_session
from assistant.agent.offline.brain import OfflineBrain
from assistant.agent.offline.periods import backtest_window
from assistant.agent.policy.intents import Intent, classify
from assistant.config import load_settings
from assistant.domain import parse_spec
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.journal import Journal
from assistant.market import DemoMarket

SPEC: dict[str, Any] = {
    "name": "careful",
    "capital": "5000",
    "objective": "hrp",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "constraints": {"max_weight": 0.5},
    "risk": {"level": "conservative"},
    "rebalance": {"drift_threshold": 0.05},
}
NAMES = {"btc": "BTC", "bitcoin": "BTC", "eth": "ETH", "sol": "SOL", "ada": "ADA", "dot": "DOT"}


@pytest.fixture
def services(monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    for key in ("COINPILOT_LLM_BASE_URL", "COINPILOT_LLM_MODEL"):
        monkeypatch.delenv(key, raising=False)
    svc = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC)),
    )
    yield svc
    svc.close()


def _decide(services: Services, spec: dict[str, Any]) -> None:
    parsed = parse_spec(spec)
    services.journal.record_spec(parsed)
    execute_plan(services, plan_rebalance(services, parsed).plan_hash[:12])


def _ask(services: Services, text: str) -> str:
    return open_session(services, persistent_index=False).run_turn(text).reply


def test_why_names_the_risk_profiles_cap_and_what_was_asked(services: Services) -> None:
    _decide(services, SPEC)
    reply = _ask(services, "why is BTC only 40%?")
    assert "conservative risk profile's cap of 40%" in reply
    assert "you asked for at most 50%" in reply


def test_why_says_when_the_coin_is_not_held(services: Services) -> None:
    _decide(services, SPEC)
    reply = _ask(services, "why is ADA only 25%?")
    assert "ADA is not held" in reply and "BTC" in reply


def test_why_names_the_optimizer_when_nothing_capped(services: Services) -> None:
    _decide(services, SPEC)
    reply = _ask(services, "why is SOL so low?")
    assert "optimizer" in reply and "SOL" in reply


@pytest.mark.parametrize(
    "text",
    [
        "how is my portfolio doing?",
        "what is my portfolio worth?",
        "what do I hold right now?",
        "how much is my portfolio worth today",
    ],
)
def test_questions_about_my_portfolio_go_to_the_portfolio(text: str) -> None:
    assert classify(text) is Intent.PORTFOLIO
    brain = OfflineBrain(NAMES)
    step = brain.respond([HumanMessage(content=text)], ["portfolio"])
    assert [c["name"] for c in step.tool_calls] == ["portfolio"]


def test_concept_questions_still_go_to_the_knowledge_notes() -> None:
    assert classify("what is the daily loss limit?") is Intent.KNOWLEDGE
    assert classify("how does HRP work?") is Intent.KNOWLEDGE


@pytest.mark.parametrize(
    ("text", "args"),
    [
        ("how did this strategy do over the last 3 years?", {"last_days": 1095}),
        ("backtest it over the past 18 months", {"last_days": 540}),
        ("backtest it since 2021", {"start": "2021-01-01"}),
        ("how would it have done during 2022?", {"start": "2022-01-01", "end": "2022-12-31"}),
        ("backtest from 2023 to 2021", {"start": "2021-01-01", "end": "2023-12-31"}),
        ("backtest it", {}),
    ],
)
def test_backtest_periods_become_run_backtest_arguments(text: str, args: dict[str, Any]) -> None:
    assert classify(text) is Intent.BACKTEST
    assert backtest_window(text) == args
    spec = parse_spec(SPEC)
    step = OfflineBrain(NAMES, previous_spec=lambda: spec).respond(
        [HumanMessage(content=text)], ["run_backtest"]
    )
    call = step.tool_calls[0]
    assert call["name"] == "run_backtest"
    assert {k: v for k, v in call["args"].items() if k != "spec"} == args


def test_a_backtest_over_the_last_years_starts_that_far_before_the_data_ends(
    services: Services,
) -> None:
    from tools import RUN_BACKTEST, ToolContext

    result = RUN_BACKTEST.run(ToolContext(services=services), {"spec": SPEC, "last_days": 365})
    assert result.ok, result.problems
    metrics = result.data["metrics"]
    days = (datetime.fromisoformat(metrics["end"]) - datetime.fromisoformat(metrics["start"])).days
    assert 350 <= days <= 366


def _proposed(spec: dict[str, Any]) -> list[Any]:
    """A conversation in which ``spec`` was proposed and validated."""
    call = {"name": "propose_strategy", "args": {"spec": spec}, "id": "c1", "type": "tool_call"}
    result = {"tool": "propose_strategy", "ok": True, "data": {"spec": spec}}
    return [
        HumanMessage(content="5k in BTC ETH SOL monthly"),
        AIMessage(content="", tool_calls=[call]),
        ToolMessage(content="ok", artifact=result, tool_call_id="c1", name="propose_strategy"),
        AIMessage(content="Here it is."),
    ]


def test_start_over_sets_the_earlier_strategy_aside_for_later_turns() -> None:
    earlier = parse_spec(SPEC)
    brain = OfflineBrain(NAMES, previous_spec=lambda: earlier)
    history = _proposed(earlier.model_dump(mode="json"))
    first = brain.respond([*history, HumanMessage(content="start over")], ["propose_strategy"])
    assert not first.tool_calls and "Starting over" in str(first.content)
    later = [*history, HumanMessage(content="start over"), first]
    step = brain.respond(
        [*later, HumanMessage(content="2k in ADA and DOT, weekly")], ["propose_strategy"]
    )
    spec = step.tool_calls[0]["args"]["spec"]
    assert spec["version"] == 1 and spec["universe"]["symbols"] == ["ADA", "DOT"]


def test_without_start_over_a_goal_edits_the_earlier_strategy() -> None:
    earlier = parse_spec(SPEC)
    brain = OfflineBrain(NAMES)
    history = _proposed(earlier.model_dump(mode="json"))
    step = brain.respond([*history, HumanMessage(content="drop SOL")], ["propose_strategy"])
    spec = step.tool_calls[0]["args"]["spec"]
    assert spec["version"] == 2 and spec["universe"]["symbols"] == ["BTC", "ETH"]
