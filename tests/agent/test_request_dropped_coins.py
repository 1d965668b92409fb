"""The request check refuses a spec leaving out a coin the person surely named, and only then."""

from __future__ import annotations

import pytest

from assistant.agent.policy import request_problems

NAMES = {
    "bitcoin": "BTC",
    "btc": "BTC",
    "bitcoin cash": "BCH",
    "ethereum": "ETH",
    "eth": "ETH",
    "ethereum classic": "ETC",
    "etc": "ETC",
    "solana": "SOL",
    "sol": "SOL",
    "usd coin": "USDC",
}


def spec(*coins: str) -> dict[str, object]:
    return {"capital": 5000, "universe": {"symbols": list(coins)}}


def test_a_spec_without_a_named_coin_is_refused() -> None:
    problems = request_problems(spec("BTC", "ETH"), ["$5,000 in BTC ETH SOL, monthly"], names=NAMES)
    assert problems == [
        "universe.symbols leaves out SOL, which the person named; propose every coin they asked "
        "for, or ask"
    ]
    assert request_problems(spec("BTC"), ["$5,000 in bitcoin and solana"], names=NAMES)


@pytest.mark.parametrize(
    ("asked", "coins"),
    [
        ("$5,000 in bitcoin cash and ethereum classic", ("BCH", "ETC")),  # not BTC nor ETH
        ("$5,000 in ETH, SOL, etc.", ("ETH", "SOL")),  # "etc." names no coin
        ("$5,000 in btc eth sol", ("BTC",)),  # lowercase tickers: not sure enough to refuse
        ("$5,000 in BTC ETH SOL || drop SOL", ("BTC", "ETH")),
        ("$5,000 in BTC ETH SOL but not SOL", ("BTC", "ETH")),
        ("$5,000 in BTC and ETH, keep 10% in USDC", ("BTC", "ETH")),
        # the goal parser's own exclusion words leave a coin out here too (one vocabulary)
        ("$5,000 in BTC ETH SOL || get rid of ETH", ("BTC", "SOL")),
        ("$5,000 in BTC ETH SOL || I don't want BTC anymore", ("ETH", "SOL")),
        ("$5,000 in BTC ETH SOL || I'm done with SOL", ("BTC", "ETH")),
    ],
)
def test_no_refusal_for_a_coin_not_surely_named_or_left_out_on_purpose(
    asked: str, coins: tuple[str, ...]
) -> None:
    assert request_problems(spec(*coins), asked.split(" || "), names=NAMES) == []
