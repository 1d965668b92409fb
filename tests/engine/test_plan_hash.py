"""A plan hashes the same on every machine: floats in its body are canonical.

Two CPUs can disagree in the last bits of an optimizer's weights (different SIMD paths, BLAS
builds). These tests stand in for the other machine by nudging every float a few ulps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assistant.domain import RebalancePlan, parse_spec
from assistant.engine import Services, plan_rebalance
from tests.domain.test_canonical import nudge
from tests.engine.test_confirmation_gate import SPEC


def _replan(plan: RebalancePlan, ulps: int) -> RebalancePlan:
    body: dict[str, Any] = nudge(plan.model_dump(mode="python", exclude={"plan_hash"}), ulps)
    return RebalancePlan.model_validate(body)


def test_plan_hash_ignores_the_last_bits_of_its_floats(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    for ulps in (-3, -1, 1, 4):
        other = _replan(plan, ulps)
        assert other.allocation.weights != plan.allocation.weights
        assert other.compute_hash() == plan.plan_hash


def test_plan_hash_changes_when_an_order_quantity_changes(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    first = plan.orders[0]
    bigger = first.model_copy(update={"quantity": first.quantity + Decimal("0.00001")})
    changed = plan.model_copy(update={"orders": [bigger, *plan.orders[1:]]})
    assert changed.compute_hash() != plan.plan_hash
    assert not changed.is_intact()


def test_plan_hash_changes_when_a_weight_moves_a_basis_point(services: Services) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    weights = dict(plan.allocation.weights)
    asset = next(iter(weights))
    weights[asset] += 1e-4
    allocation = plan.allocation.model_copy(update={"weights": weights})
    assert plan.model_copy(update={"allocation": allocation}).compute_hash() != plan.plan_hash


def test_the_same_plan_made_twice_hashes_the_same(services: Services) -> None:
    first = plan_rebalance(services, parse_spec(SPEC))
    assert plan_rebalance(services, parse_spec(SPEC)).plan_hash == first.plan_hash
