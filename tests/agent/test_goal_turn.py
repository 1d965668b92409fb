"""The offline parser's direct goal turn answers and journals exactly as the LangChain session.

`coinpilot spec` runs :func:`run_goal_turn` to keep LangChain out of its start-up; the app and
`coinpilot ask` run the same parser through :class:`AgentSession`. Every case of the goal eval
suite goes through both, on a market listing the case file's tickers, and must give the same
status, reply, spec, tool results and journal entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from assistant.agent.budget import Usage
from assistant.agent.factory import open_session
from assistant.agent.offline.goal_turn import run_goal_turn
from assistant.agent.offline.intents import Intent, classify
from assistant.agent.turns import TurnResult
from assistant.config import load_settings
from assistant.domain import StrategySpec, parse_spec
from assistant.engine import Services
from assistant.evaluation import GoalCase, load_goal_cases
from assistant.journal import Journal
from assistant.market import DEMO_ASSETS, CsvMarket, DemoMarket
from tools import ALL_TOOLS

SUITE = Path(__file__).resolve().parents[2] / "evals" / "goals" / "cases.jsonl"
CASES = load_goal_cases(SUITE)
READ_ONLY = tuple(t for t in ALL_TOOLS if not t.changes_state)


@pytest.fixture(scope="module")
def case_market(tmp_path_factory: pytest.TempPathFactory) -> CsvMarket:
    """CSV files written from demo price paths under every ticker the case file names."""
    folder = tmp_path_factory.mktemp("case-market")
    demo = DemoMarket(seed=7, as_of="2026-01-15", history_days=500)
    tickers = sorted({t for c in CASES for t in c.market})
    for i, ticker in enumerate(tickers):
        frame = demo.ohlcv(f"{DEMO_ASSETS[i % len(DEMO_ASSETS)].base}/USDT").reset_index()
        frame["timestamp"] = frame["timestamp"].dt.strftime("%Y-%m-%d")
        frame.to_csv(folder / f"{ticker}.csv", index=False)
    # The demo's EUR/USDT (the eval day's rate is market.json's), so "€5,000" converts as on demo.
    rate = demo.ohlcv("EUR/USDT").reset_index()
    rate["timestamp"] = rate["timestamp"].dt.strftime("%Y-%m-%d")
    rate.to_csv(folder / "EUR.csv", index=False)
    return CsvMarket(folder)


@pytest.fixture
def services(case_market: CsvMarket) -> Iterator[Services]:
    with Services(load_settings(), case_market, Journal.open("sqlite://")) as svc:
        yield svc


def through_session(
    services: Services, goal: str, previous: StrategySpec | None, conversation: str
) -> TurnResult:
    session = open_session(services, tools=READ_ONLY, previous=previous, persistent_index=False)
    session.conversation_id = conversation
    return session.run_turn(goal)


def through_direct(
    services: Services, goal: str, previous: StrategySpec | None, conversation: str
) -> TurnResult:
    result = run_goal_turn(services, goal, previous=previous, conversation_id=conversation)
    assert result is not None, "a goal case was not handled as a goal"
    return result


def seen(result: TurnResult) -> TurnResult:
    """All but the model calls: the direct turn makes none, the session two to the parser."""
    return replace(result, usage=Usage(), model_calls=[])


def journaled(services: Services, conversation: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.role, m.content, m.meta) for m in services.journal.messages(conversation)]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_direct_goal_turn_equals_the_session(case: GoalCase, services: Services) -> None:
    if classify(case.goal) is not Intent.GOAL:
        pytest.skip("not read as a goal: `coinpilot spec` hands it to the session")
    previous = None
    if case.previous_goal:
        first = through_session(services, case.previous_goal, None, "c-previous")
        assert first.proposal is not None, first.reply
        previous = parse_spec(first.proposal)
    by_session = through_session(services, case.goal, previous, "c-session")
    by_direct = through_direct(services, case.goal, previous, "c-direct")
    assert seen(by_direct) == seen(by_session)
    assert journaled(services, "c-direct") == journaled(services, "c-session")


def test_questions_are_left_to_the_session_and_journal_nothing(services: Services) -> None:
    for text in ("what is HRP?", "why did you rebalance?", "price of BTC", "hello"):
        assert run_goal_turn(services, text, conversation_id="c-question") is None
    assert services.journal.messages("c-question") == []


def test_the_spec_the_goal_edits_defaults_to_the_latest_decisions(services: Services) -> None:
    """Without ``previous``, both read the last decided spec from the journal (none here)."""
    by_session = through_session(services, "make it quarterly", None, "c-session")
    by_direct = through_direct(services, "make it quarterly", None, "c-direct")
    assert seen(by_direct) == seen(by_session) and by_direct.status == "clarify"
