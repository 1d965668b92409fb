"""Money math does not depend on what a library left in the thread's decimal context."""

from __future__ import annotations

import decimal
from collections.abc import Iterator

import pytest

from assistant.domain import StrategySpec
from assistant.engine import Services, execute_plan, plan_rebalance, portfolio_status

SPEC = {
    "capital": 5000,
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "constraints": {"max_weight": 0.5},
    "rebalance": {"drift_threshold": 0.05},
}


@pytest.fixture
def ccxt_touched_context() -> Iterator[None]:
    """The thread's context as ccxt's decimal_to_precision leaves it (ROUND_HALF_UP, Underflow)."""
    from ccxt.base.decimal_to_precision import ROUND, TRUNCATE, decimal_to_precision

    saved = decimal.getcontext().copy()
    decimal_to_precision("1.5", ROUND, 0)
    decimal_to_precision("1.5", TRUNCATE, 0)
    assert decimal.getcontext().rounding == decimal.ROUND_HALF_UP  # what this test is about
    yield
    decimal.setcontext(saved)


def test_a_plan_is_the_same_after_ccxt_changed_the_threads_rounding(
    services: Services, ccxt_touched_context: None
) -> None:
    spec = StrategySpec.model_validate(SPEC)
    with decimal.localcontext(decimal.Context()):  # Python's default, as in a fresh thread
        fresh = plan_rebalance(services, spec)
    again = plan_rebalance(services, spec)
    assert again.total_fees == fresh.total_fees  # 4.99343267: one fee ends in an exact half
    assert [o.fee for o in again.orders] == [o.fee for o in fresh.orders]
    assert again.portfolio_value == fresh.portfolio_value
    decision = execute_plan(services, again.plan_hash)
    assert decision.plan_hash == again.plan_hash
    assert portfolio_status(services).value > 0
    assert decimal.getcontext().rounding == decimal.ROUND_HALF_UP  # the caller's context stays
