"""The preview as both surfaces draw it: every figure from the sealed plan, at any width."""

from __future__ import annotations

import pytest
from rich.console import Console

from assistant.domain import RebalancePlan, StrategySpec
from assistant.engine import Services, plan_rebalance
from assistant.numbers import money, price, quantity
from assistant.presentation.plan_tables import PlanView


def _plan(services: Services, capital: int, coins: list[str] | None = None) -> RebalancePlan:
    spec = StrategySpec.model_validate(
        {
            "capital": capital,
            "universe": {"symbols": coins or ["BTC", "ETH", "SOL", "DOGE", "ADA"]},
            "rebalance": {"drift_threshold": 0.05},
        }
    )
    return plan_rebalance(services, spec)


def _text(view: PlanView, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(view)
    return console.export_text()


def test_preview_lists_orders_what_cannot_execute_fees_hash_and_expiry(
    services: Services,
) -> None:
    plan = _plan(services, 60)
    assert plan.orders and plan.unexecutable
    text = _text(PlanView(plan))
    for order in plan.orders:
        assert quantity(order.quantity) in text and money(order.notional) in text
    for skip in plan.unexecutable:
        assert f"cannot execute {skip.side} {quantity(skip.quantity)} {skip.symbol}: below" in text
    assert "cannot execute: below" not in text  # the reason is not repeated
    assert f"Fees {money(plan.total_fees)} USDT" in text
    assert plan.plan_hash[:12] in text
    assert f"{plan.expires_at:%Y-%m-%d %H:%M:%S} UTC" in text
    assert "SIMULATED" in text


def test_the_dialog_shows_the_full_hash_without_the_weights_table(services: Services) -> None:
    plan = _plan(services, 5000)
    text = _text(PlanView(plan, with_weights=False, full_hash=True))
    assert plan.plan_hash in text
    assert "Target weights" not in text


def test_a_sub_cent_price_shows_its_significant_digits_not_zero(services: Services) -> None:
    plan = _plan(services, 5000, ["BTC", "ETH", "SOL", "SHIB"])
    shib = next(o for o in plan.orders if o.base == "SHIB")
    assert shib.price < 0.001
    shown = price(shib.price)
    assert shown.startswith("0.0000") and len(shown.rstrip("0").split(".")[1]) >= 7
    for width in (100, 60):
        lines = _text(PlanView(plan), width).splitlines()
        row = next(line for line in lines if "BUY" in line and "SHIB" in line)
        assert shown in row and " 0.00 " not in row


def test_a_narrow_width_drops_per_order_costs_instead_of_squeezing_columns(
    services: Services,
) -> None:
    plan = _plan(services, 5000, ["BTC", "ETH", "SOL", "SHIB"])
    wide, narrow = _text(PlanView(plan), 100), _text(PlanView(plan), 56)
    header = [line for line in narrow.splitlines() if "notional" in line]
    assert "  slip" in wide and header and "slip" not in header[0]
    assert "…" not in narrow
    assert all(len(line) <= 56 for line in narrow.splitlines())
    for order in plan.orders:
        assert f"{order.side.upper()} {order.base}" in narrow
        assert price(order.price) in narrow and money(order.notional) in narrow
    assert f"Fees {money(plan.total_fees)} USDT" in narrow  # the totals stay


def test_the_cli_prints_the_same_preview_as_the_app(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli import views

    plan = _plan(services, 5000, ["BTC", "ETH", "SOL", "SHIB"])
    console = Console(width=100, record=True, color_system=None)
    monkeypatch.setattr(views, "console", console)
    views.show_plan(plan)
    cli = console.export_text()
    app = _text(PlanView(plan, full_hash=True), 100)
    assert app in cli
    assert price(next(o.price for o in plan.orders if o.base == "SHIB")) in cli


def test_outside_text_in_a_plan_cannot_drive_the_terminal(services: Services) -> None:
    plan = _plan(services, 5000).model_copy(
        update={"notes": ["feed said \x1b[2J\u202e hello"], "spec_name": "x\x07y"}
    )
    text = _text(PlanView(plan))
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b[2J" in text and "x\\x07y" in text
