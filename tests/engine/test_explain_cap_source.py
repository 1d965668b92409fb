"""'Why is BTC only 40%?': the decision record names whose cap bound the weight."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.domain import parse_spec, weight_cap
from assistant.engine import Services, execute_plan, explain_decision, plan_rebalance

SPEC: dict[str, Any] = {
    "name": "careful",
    "capital": "5000",
    "objective": "inverse_vol",  # clamps after the optimizer (HRP and min variance bound inside)
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "constraints": {"max_weight": 0.5},
    "risk": {"level": "conservative"},
    "rebalance": {"drift_threshold": 0.05},
}


def _decide(services: Services, spec: dict[str, Any]) -> list[str]:
    parsed = parse_spec(spec)
    services.journal.record_spec(parsed)
    plan = plan_rebalance(services, parsed)
    execute_plan(services, plan.plan_hash[:12])
    return explain_decision(services).lines


def _max_clamps(lines: list[str]) -> list[str]:
    return [ln for ln in lines if ln.startswith("Clamp on") and "max_weight" in ln]


def test_a_profile_cap_is_named_as_the_profiles_with_what_the_person_asked(
    services: Services,
) -> None:
    lines = _decide(services, SPEC)
    clamps = _max_clamps(lines)
    assert clamps, lines  # inverse volatility gives BTC more than 40% on this market
    for line in clamps:
        assert "conservative risk profile's cap of 40% (you asked for at most 50%)" in line
    assert "Weight cap per coin: the conservative risk profile's cap of 40%" in " ".join(lines)


def test_the_persons_own_cap_is_named_as_theirs(services: Services) -> None:
    mine = {**SPEC, "constraints": {"max_weight": 0.35}, "risk": {"level": "moderate"}}
    clamps = _max_clamps(_decide(services, mine))
    assert clamps
    assert all("That limit is your cap of 35%" in line for line in clamps)


@pytest.mark.parametrize("objective", ["min_variance", "hrp"])
def test_a_cap_inside_the_optimizer_is_still_named(services: Services, objective: str) -> None:
    """min_variance holds the cap as a bound and HRP inside its bisection, so nothing is clamped
    afterwards; the record still says which cap the weights ran under."""
    lines = _decide(services, {**SPEC, "objective": objective})
    assert not _max_clamps(lines)
    assert "Weight cap per coin: the conservative risk profile's cap of 40%" in " ".join(lines)


def test_no_cap_line_when_nothing_caps(services: Services) -> None:
    free = {**SPEC, "constraints": {}, "risk": {"level": "aggressive"}}
    assert not any(ln.startswith("Weight cap") for ln in _decide(services, free))


def test_weight_cap_prefers_the_lower_cap_only_where_it_is_feasible() -> None:
    assert weight_cap("conservative", 0.5, 0.0, 3).source == "profile"
    assert weight_cap("conservative", 0.5, 0.0, 2).source == "yours"  # 2 x 40% < 100%
    assert weight_cap("moderate", 0.3, 0.0, 5).words() == "your cap of 30%"
    assert weight_cap("aggressive", 1.0, 0.0, 3).source == "none"
    cap = weight_cap("conservative", 1.0, 0.0, 4)
    assert cap.value == 0.4 and cap.words() == "the conservative risk profile's cap of 40%"
