"""Domain objects for journal tests, built with the real models in assistant.domain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from assistant.domain import (
    Account,
    Clamp,
    Decision,
    Fill,
    OrderIntent,
    OrderLine,
    OrderResult,
    RebalancePlan,
    StrategySpec,
    TargetAllocation,
    Unexecutable,
    Wallet,
    parse_spec,
)
from assistant.journal import Journal

T0 = datetime(2026, 11, 20, 12, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def make_spec(name: str = "core", version: int = 1, **extra: Any) -> StrategySpec:
    data: dict[str, Any] = {
        "name": name,
        "version": version,
        "capital": "10000.00",
        "universe": {"symbols": ["BTC", "ETH", "SOL"]},
        "rebalance": {"drift_threshold": 0.05},
        "constraints": {"max_weight": 0.5},
    }
    data.update(extra)
    return parse_spec(data)


def make_plan(
    spec: StrategySpec | None = None, created: datetime = T0, note: str = ""
) -> RebalancePlan:
    spec = spec or make_spec()
    allocation = TargetAllocation(
        objective="hrp",
        raw_weights={"BTC": 0.61, "ETH": 0.25, "SOL": 0.14},
        weights={"BTC": 0.5, "ETH": 0.3, "SOL": 0.15, "USDT": 0.05},
        cash_weight=0.05,
        clamps=[Clamp(asset="BTC", kind="max_weight", before=0.61, after=0.5, reason="cap 50%")],
    )
    orders = [
        OrderLine(
            symbol="BTC/USDT",
            base="BTC",
            side="buy",
            quantity=Decimal("0.05000"),
            price=Decimal("100000.10"),
            notional=Decimal("5000.005"),
            fee=Decimal("5.000005"),
            slippage=Decimal("0.10"),
            target_weight=0.5,
            current_weight=0.0,
        ),
        OrderLine(
            symbol="ETH/USDT",
            base="ETH",
            side="buy",
            quantity=Decimal("0.75"),
            price=Decimal("4000"),
            notional=Decimal("3000"),
            fee=Decimal("3"),
            slippage=Decimal("0"),
            target_weight=0.3,
            current_weight=0.1 + 0.2,  # a float that is not 0.3: must survive exactly
        ),
    ]
    plan = RebalancePlan(
        spec_name=spec.name,
        spec_version=spec.version,
        spec_hash=spec.content_hash(),
        market="demo",
        simulated_market=True,
        created_at=created,
        expires_at=created + timedelta(minutes=5),
        trigger="initial",
        quote="USDT",
        portfolio_value=Decimal("10000.00"),
        funding=Decimal("10000.00"),
        prices={"BTC": Decimal("100000.10"), "ETH": Decimal("4000"), "SOL": Decimal("150.5")},
        data_hash="d" * 64,
        weights_before={"USDT": 1.0},
        allocation=allocation,
        orders=orders,
        unexecutable=[
            Unexecutable(
                symbol="SOL/USDT",
                side="buy",
                quantity=Decimal("0.001"),
                notional=Decimal("0.15"),
                reason="below the 5 USDT minimum order",
            )
        ],
        total_fees=Decimal("8.000005"),
        total_slippage=Decimal("0.10"),
        turnover=0.8,
        notes=[note] if note else [],
    )
    return plan.sealed()


def make_intent(
    plan: RebalancePlan,
    cid: str = "cp-0001",
    symbol: str = "BTC/USDT",
    side: str = "buy",
    quantity: str = "0.05",
    created: datetime = T0,
) -> OrderIntent:
    return OrderIntent(
        client_order_id=cid,
        plan_hash=plan.plan_hash,
        symbol=symbol,
        side=side,  # type: ignore[arg-type]
        quantity=Decimal(quantity),
        created_at=created,
    )


def make_fill(
    intent: OrderIntent,
    quantity: str,
    price: str,
    fee: str,
    fee_currency: str = "USDT",
    when: datetime = T0,
) -> Fill:
    qty, px = Decimal(quantity), Decimal(price)
    return Fill(
        client_order_id=intent.client_order_id,
        symbol=intent.symbol,
        side=intent.side,
        quantity=qty,
        price=px,
        cost=qty * px,
        fee=Decimal(fee),
        fee_currency=fee_currency,
        timestamp=when,
    )


def make_result(intent: OrderIntent, fills: list[Fill], status: str = "filled") -> OrderResult:
    filled = sum((f.quantity for f in fills), Decimal(0))
    return OrderResult(
        client_order_id=intent.client_order_id,
        symbol=intent.symbol,
        side=intent.side,
        status=status,  # type: ignore[arg-type]
        requested=intent.quantity,
        filled=filled,
        fills=fills,
    )


def make_decision(
    plan: RebalancePlan, decision_id: str = "dec-20261120-0001", created: datetime = T0
) -> Decision:
    return Decision(
        decision_id=decision_id,
        created_at=created,
        trigger=plan.trigger,
        trigger_detail="first funding of the paper account",
        spec_name=plan.spec_name,
        spec_version=plan.spec_version,
        spec_hash=plan.spec_hash,
        plan_hash=plan.plan_hash,
        market=plan.market,
        data_hash=plan.data_hash,
        prices=plan.prices,
        objective="hrp",
        raw_weights=plan.allocation.raw_weights,
        target_weights=plan.allocation.weights,
        clamps=[c.model_dump(mode="json") for c in plan.allocation.clamps],
        orders=[o.model_dump(mode="json") for o in plan.orders],
        unexecutable=[u.model_dump(mode="json") for u in plan.unexecutable],
        results=[],
        weights_before=plan.weights_before,
        weights_after={"BTC": 0.5, "ETH": 0.3, "USDT": 0.2},
        value_before=Decimal("10000.00"),
        value_after=Decimal("9991.899995"),
        model_id="scripted",
        prompt_version="v1",
    )


def fill_every_table(journal: Journal) -> RebalancePlan:
    """One row (at least) in every journal table, as one confirmed rebalance leaves them."""
    journal.record_account(Account(name="paper", kind="paper", created_at=at(0)))
    spec = make_spec()
    journal.bind_strategy(spec.name, "paper", "the shared paper account", at(1))
    journal.record_spec(spec, source="examples/core.toml")
    plan = make_plan(spec, created=at(10))
    journal.record_plan(plan)
    journal.record_deposit(
        "USDT", Decimal("10000.00"), at(20), "paper funding for core", account="paper"
    )
    intent = make_intent(plan, "cp-1", quantity=str(plan.orders[0].quantity), created=at(30))
    journal.record_intent(intent)
    fill = make_fill(intent, str(plan.orders[0].quantity), "100000.10", "5.000005", when=at(40))
    journal.record_order_result(make_result(intent, [fill]))
    journal.record_snapshot(
        at(45),
        {"BTC": fill.quantity},
        plan.prices,
        Decimal("9990.00"),
        {"BTC": 0.5},
        account="paper",
    )
    journal.record_decision(make_decision(plan, "dec-1", created=at(50)))
    journal.record_confirmation(plan.plan_hash, "executed", "1 of 1 orders filled", at(60))
    journal.record_message("conv-1", "user", "rebalance please", at(5), {"tokens": 3})
    journal.record_event("paper", "halt", "by hand", at(70))
    journal.record_wallet_added(
        Wallet(
            name="cold",
            chain="ethereum",
            address="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            added_at=at(70),
        )
    )
    return plan
