"""Asking for the reinforcement-learning allocator picks the experimental rl objective, named so."""

from __future__ import annotations

from assistant.agent.goal_parser import parse_goal


def test_a_goal_naming_reinforcement_learning_gets_the_experimental_rl_objective() -> None:
    result = parse_goal(
        "Put 5000 dollars into BTC, ETH and SOL using the reinforcement learning allocator, "
        "rebalance weekly",
        known_symbols=["BTC", "ETH", "SOL"],
    )
    assert result.spec is not None
    assert result.spec["objective"] == "rl"
    assert "experimental RL allocator" in result.message


def test_a_goal_without_it_keeps_the_default_objective() -> None:
    result = parse_goal(
        "Put 5000 dollars into BTC, ETH and SOL, rebalance weekly",
        known_symbols=["BTC", "ETH", "SOL"],
    )
    assert result.spec is not None
    assert result.spec["objective"] == "hrp"
