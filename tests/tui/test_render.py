"""The preview as the card and the confirm dialog draw it: every figure from the sealed plan."""

from __future__ import annotations

from rich.console import Console

from assistant.domain import RebalancePlan, StrategySpec
from assistant.engine import Services, plan_rebalance
from assistant.tui.render import plan_body


def _plan(services: Services, capital: int) -> RebalancePlan:
    spec = StrategySpec.model_validate(
        {
            "capital": capital,
            "universe": {"symbols": ["BTC", "ETH", "SOL", "DOGE", "ADA"]},
            "rebalance": {"drift_threshold": 0.05},
        }
    )
    return plan_rebalance(services, spec)


def _text(plan: RebalancePlan, **kw: bool) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(plan_body(plan, **kw))
    return console.export_text()


def test_preview_lists_orders_what_cannot_execute_fees_hash_and_expiry(
    services: Services,
) -> None:
    plan = _plan(services, 60)
    assert plan.orders and plan.unexecutable
    text = _text(plan)
    for order in plan.orders:
        assert f"{order.quantity}" in text and f"{order.notional:,.2f}" in text
    for skip in plan.unexecutable:
        assert f"cannot execute {skip.side} {skip.quantity} {skip.symbol}: below minimum" in text
    assert "cannot execute: below" not in text  # the reason is not repeated
    assert f"Fees {plan.total_fees:,.2f} USDT" in text
    assert plan.plan_hash[:12] in text
    assert f"{plan.expires_at:%Y-%m-%d %H:%M:%S} UTC" in text
    assert "SIMULATED" in text


def test_the_dialog_shows_the_full_hash_without_the_weights_table(services: Services) -> None:
    plan = _plan(services, 5000)
    text = _text(plan, with_weights=False, full_hash=True)
    assert plan.plan_hash in text
    assert "Target weights" not in text
