"""'yes' after "Did you mean BTC for "bitcon"?" takes the suggestion, for one turn only, and the
request check accepts the suggested coin; a question offering a choice is not answered by yes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from assistant.agent.factory import open_session
from assistant.agent.goal_parser import parse_goal
from assistant.agent.suggestion import corrected_goal, says_yes
from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket


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


def test_yes_takes_the_suggested_coins(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    first = session.run_turn("bitcon and etherium, $3k, monthly")
    assert first.status == "clarify" and "answer yes" in first.reply
    second = session.run_turn("yes")
    assert second.status == "ok", second.reply
    assert second.proposal is not None
    assert second.proposal["universe"]["symbols"] == ["BTC", "ETH"]
    assert second.plan is not None and not second.refused


def test_the_suggestion_lasts_one_turn(services: Services) -> None:
    session = open_session(services, persistent_index=False)
    session.run_turn("bitcon and etherium, $3k, monthly")
    session.run_turn("what is HRP?")
    late = session.run_turn("yes")
    assert late.proposal is None


@pytest.mark.parametrize("text", ["yes", "Yes please", "yep!", "correct", "yes, that's it"])
def test_plain_yes(text: str) -> None:
    assert says_yes(text)


@pytest.mark.parametrize("text", ["yes but drop SOL", "no", "yesterday", "I guess"])
def test_not_a_plain_yes(text: str) -> None:
    assert not says_yes(text)


def test_a_choice_is_not_answered_by_yes() -> None:
    reply = 'Did you mean BTC or BCH for "bitcon"? I don\'t use a coin I had to guess; say the goal'
    assert corrected_goal(reply, "bitcon, $3k") is None


def test_the_parser_invites_yes_only_for_one_coin_per_word() -> None:
    result = parse_goal("cardanno and bitcoin, $4k, monthly", known_symbols=["BTC", "ADA"])
    assert "answer yes to use it" in result.message
    fixed = corrected_goal(result.message, "cardanno and bitcoin, $4k, monthly")
    assert fixed == "ADA and bitcoin, $4k, monthly"
