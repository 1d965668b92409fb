"""Picking the experimental rl objective is said plainly wherever a person sees the spec."""

from __future__ import annotations

from assistant.domain import StrategySpec
from assistant.engine import Services
from assistant.engine.policy import check_spec
from assistant.portfolio import RL_EXPERIMENTAL


def _spec(objective: str) -> StrategySpec:
    return StrategySpec.model_validate(
        {
            "universe": {"symbols": ["BTC", "ETH"]},
            "objective": objective,
            "rebalance": {"every_days": 7},
        }
    )


def test_the_spec_check_tells_a_person_rl_is_experimental_and_what_it_scored(
    services: Services,
) -> None:
    notes = check_spec(services.market, _spec("rl")).notes
    assert notes[0] == RL_EXPERIMENTAL
    assert "experimental" in notes[0] and "HRP" in notes[0] and "Sharpe" in notes[0]


def test_other_objectives_carry_no_rl_warning(services: Services) -> None:
    assert RL_EXPERIMENTAL not in check_spec(services.market, _spec("hrp")).notes
