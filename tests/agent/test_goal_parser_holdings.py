"""'I already hold ...': holdings are read beside the goal, never as its capital or its coins."""

from __future__ import annotations

import pytest

from assistant.agent.goal_parser import parse_goal

SYMBOLS = ["BTC", "ETH", "SOL", "ADA", "USDT"]


@pytest.mark.parametrize(
    ("goal", "held"),
    [
        ("I already hold 0.5 BTC and 2 ETH", {"BTC": "0.5", "ETH": "2"}),
        ("I own 3 SOL", {"SOL": "3"}),
        ("I've got 1.2 ETH already", {"ETH": "1.2"}),
        (
            "my current holdings are 0.1 btc, 2 eth and 10 sol",
            {"BTC": "0.1", "ETH": "2", "SOL": "10"},
        ),
        ("I'm holding 2 bitcoin", {"BTC": "2"}),
    ],
)
def test_holdings_alone_are_a_proposal_to_record(goal: str, held: dict[str, str]) -> None:
    result = parse_goal(goal, known_symbols=SYMBOLS)
    assert result.status == "clarify"
    assert result.spec is None
    assert result.holdings == held
    assert "record" in result.message


def test_holdings_beside_a_goal_keep_the_goal() -> None:
    result = parse_goal(
        "I already hold 0.5 BTC; add $2,000 and keep BTC ETH SOL balanced", known_symbols=SYMBOLS
    )
    assert result.status == "ok" and result.spec is not None
    assert result.holdings == {"BTC": "0.5"}
    assert result.spec["capital"] == 2000
    assert result.spec["universe"]["symbols"] == ["BTC", "ETH", "SOL"]


@pytest.mark.parametrize(
    "goal",
    [
        "I have $5,000, moderate risk, BTC ETH SOL",
        "I have 5000 USDT and want BTC and ETH",
        "I have 5000 USDC, put it in BTC and ETH",
    ],
)
def test_money_is_not_a_holding(goal: str) -> None:
    result = parse_goal(goal, known_symbols=SYMBOLS)
    assert result.holdings == {}
    assert result.status == "ok" and result.spec is not None
    assert result.spec["capital"] == 5000


def test_a_coin_named_twice_is_a_question() -> None:
    result = parse_goal("I hold 1 BTC and 2 BTC", known_symbols=SYMBOLS)
    assert result.status == "clarify"
    assert "BTC twice" in result.message
