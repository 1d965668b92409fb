"""The broker seam (Services(broker=...)) and settling orders a run left unresolved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assistant.config import load_settings
from assistant.domain import NotAvailableError, OrderIntent, RebalancePlan, parse_spec
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.engine.execution_lock import SETTLING, hold
from assistant.engine.recovery import settle_account
from assistant.execution.protocol import Broker, FundableBroker
from assistant.journal import Journal
from assistant.market import DemoMarket
from tests.engine.broker_double import FundableRecordingBroker, RecordingBroker
from tests.engine.conftest import NOW

SPEC = {
    "name": "core",
    "capital": "5000",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
}
ACCOUNT = "paper-core"


def with_broker(services: Services, broker: Broker, *, at: datetime = NOW) -> Services:
    return Services(services.settings, services.market, services.journal, Clock(at), broker)


def stranded_intent(services: Services, plan: RebalancePlan, created: datetime) -> OrderIntent:
    """An intent journaled by a run that stopped before recording what the venue did."""
    order = sorted(plan.orders, key=lambda o: o.side != "sell")[0]
    intent = OrderIntent(
        client_order_id=f"cp-{plan.plan_hash[:16]}-000",
        plan_hash=plan.plan_hash,
        symbol=order.symbol,
        side=order.side,
        quantity=order.quantity,
        created_at=created,
    )
    services.journal.record_intent(intent)
    return intent


def settle(services: Services) -> None:
    account = services.journal.get_account(ACCOUNT)
    with hold(services, ACCOUNT, SETTLING) as lock:
        settle_account(services, account, lock)


def test_execute_plan_sends_every_order_through_the_injected_broker(services: Services) -> None:
    double = FundableRecordingBroker(services.market)
    seamed = with_broker(services, double)
    assert isinstance(double, FundableBroker)
    plan = plan_rebalance(seamed, parse_spec(SPEC))
    decision = execute_plan(seamed, plan.plan_hash)
    assert double.sent == [r.client_order_id for r in decision.results]
    assert len(double.sent) == len(plan.orders) and services.journal.intents_without_result() == []
    assert decision.results == [double.seen[cid] for cid in double.sent]
    assert sum(double.balances().values()) > 0


def test_a_broker_coinpilot_cannot_fund_refuses_a_plan_that_needs_paper_funding(
    services: Services,
) -> None:
    double = RecordingBroker(services.market)
    assert isinstance(double, Broker) and not isinstance(double, FundableBroker)
    seamed = with_broker(services, double)
    plan = plan_rebalance(seamed, parse_spec(SPEC))
    with pytest.raises(NotAvailableError, match="not an account CoinPilot can fund"):
        execute_plan(seamed, plan.plan_hash)
    assert double.sent == [] and services.journal.balances(ACCOUNT) == {}


def test_an_order_the_broker_filled_is_recorded_from_the_broker_and_never_resent(
    services: Services,
) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    intent = stranded_intent(services, plan, NOW - timedelta(minutes=5))
    double = FundableRecordingBroker(services.market)
    double.deposit("USDT", Decimal("5000"))
    filled = double.venue.place_market_order(intent)  # the venue filled it; we never recorded it
    double.seen[intent.client_order_id] = filled

    settle(with_broker(services, double))
    ((_, settled),) = services.journal.plan_orders(plan.plan_hash)
    assert settled is not None and settled.status == "filled" and settled.fills == filled.fills
    assert "reconciled with recording double" in settled.message
    assert double.looked_up == [intent.client_order_id] and double.sent == []
    assert services.journal.intents_without_result() == []
    assert services.journal.balances(ACCOUNT)[plan.orders[0].base] == filled.filled


def test_an_order_the_broker_never_saw_is_recorded_not_sent_and_never_resent_under_its_id(
    services: Services,
) -> None:
    plan = plan_rebalance(services, parse_spec(SPEC))
    intent = stranded_intent(services, plan, NOW - timedelta(seconds=1))
    double = RecordingBroker(services.market)

    settle(with_broker(services, double))
    ((_, settled),) = services.journal.plan_orders(plan.plan_hash)
    assert settled is not None
    assert (settled.client_order_id, settled.status, settled.filled) == (
        intent.client_order_id,
        "not_sent",
        Decimal(0),
    )
    assert "never re-sent under this id" in settled.message and double.sent == []
    assert services.journal.intents_without_result() == []
    settle(with_broker(services, double))  # settled once, for good
    assert double.looked_up == [intent.client_order_id]


def test_opening_services_settles_what_an_earlier_run_left_and_journals_it() -> None:
    settings = load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    with Services(
        settings,
        DemoMarket(seed=settings.demo_seed),
        Journal.open(settings.resolved_journal_url),
        Clock(earlier),
    ) as crashed_run:
        plan = plan_rebalance(crashed_run, parse_spec(SPEC))
        intent = stranded_intent(crashed_run, plan, earlier)

    with Services.open(settings) as services:
        assert services.journal.intents_without_result() == []
        entries = [e for e in services.journal.entries(50) if e.ref == intent.client_order_id]
        assert any("not_sent" in e.summary for e in entries)
