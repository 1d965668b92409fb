"""The reconciliation gate on the fake Binance: before a live plan, the journal must equal the
exchange (balances, open orders, fills since the last checkpoint), or be made to within the
tolerance; otherwise nothing is planned and the refusal says what differs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import ReconciliationError, parse_spec
from assistant.engine import (
    Services,
    add_exchange_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
    reconcile_account_with_exchange,
    reconcile_on_start,
)
from tests.market_live.fake_binance import FakeBinance

from .conftest import API_KEY, API_SECRET, FakeTime
from .engine_setup import LIVE_SPEC, live_services

D = Decimal
ACCOUNT = "binance-main"


def held(exchange: FakeBinance) -> dict[str, Decimal]:
    a = exchange.account
    total = {k: a.free.get(k, D(0)) + a.locked.get(k, D(0)) for k in set(a.free) | set(a.locked)}
    return {k: v for k, v in total.items() if v != 0}


def linked(exchange: FakeBinance, fake_time: FakeTime, mp: pytest.MonkeyPatch) -> Services:
    services = live_services(exchange, fake_time, mp)
    add_exchange_account(services, ACCOUNT, exchange="binance")
    return services


def events(services: Services, kind: str) -> list[dict[str, object]]:
    return services.journal.events(ACCOUNT, (kind,))


def test_a_journal_equal_to_the_exchange_is_a_checkpoint_and_a_live_plan_goes_ahead(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    assert reconcile_on_start(services) == [
        (ACCOUNT, f"account {ACCOUNT}: the journal equals the exchange", True)
    ]
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)
    execute_plan(services, plan.plan_hash, typed=confirmation_phrase(plan))
    report = reconcile_account_with_exchange(services, services.journal.get_account(ACCOUNT))
    assert report.ok and report.differences == [] and report.adjusted == {}
    assert services.journal.balances(ACCOUNT) == held(exchange)
    assert len(events(services, "reconciled")) == 3  # on start, before the plan, now
    assert events(services, "mismatch") == []


def test_a_difference_within_the_tolerance_is_resolved_and_journaled(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    exchange.account.move("USDT", free=D("-0.40"))  # e.g. a fee the journal never saw
    plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)
    assert plan.balances_before["USDT"] == D("9999.60")
    assert services.journal.balances(ACCOUNT) == held(exchange)
    adjustment = [c for c in services.journal.credits(ACCOUNT) if c["kind"] == "adjustment"]
    assert [(c["asset"], D(c["amount"])) for c in adjustment] == [("USDT", D("-0.40"))]
    last = events(services, "reconciled")[0]
    assert D(last["payload"]["adjusted"]["USDT"]) == D("-0.40")  # type: ignore[index]


def test_a_larger_difference_refuses_to_plan_and_says_what_differs(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    exchange.account.move("BTC", free=D("-0.1"))  # withdrawn outside CoinPilot: ~248 USDT
    with pytest.raises(ReconciliationError) as info:
        plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)
    assert info.value.differences[0].startswith("BTC: journal 0.5, exchange 0.4 (worth ")
    assert "will not trade on account binance-main" in info.value.message
    assert info.value.to_dict()["error"] == "reconciliation_mismatch"
    assert services.journal.newest_plan() is None
    mismatch = events(services, "mismatch")
    assert len(mismatch) == 1 and "BTC: journal 0.5, exchange 0.4" in str(mismatch[0]["message"])
    assert exchange.requests_to("order", "POST") == []

    # The person checks the exchange and accepts its balances: journaled, then planning works.
    account = services.journal.get_account(ACCOUNT)
    report = reconcile_account_with_exchange(services, account, accept=True)
    assert report.adjusted == {"BTC": D("-0.1")}
    assert services.journal.balances(ACCOUNT) == held(exchange)
    plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)


def test_a_trade_made_outside_coinpilot_is_found_by_its_fill(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    other = exchange.client(api_key=API_KEY, secret=API_SECRET)
    other.create_order("ETH/USDT", "market", "buy", 0.5)  # the person, on the exchange's site
    with pytest.raises(ReconciliationError) as info:
        plan_rebalance(services, parse_spec(LIVE_SPEC), account=ACCOUNT)
    said = "\n".join(info.value.differences)
    assert "ETH: journal 0, exchange " in said
    assert "buy ETH/USDT filled 0.5 on the exchange; the order was not placed by CoinPilot" in said


def test_an_open_order_placed_elsewhere_refuses_even_when_balances_are_accepted(
    exchange: FakeBinance, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = linked(exchange, fake_time, monkeypatch)
    other = exchange.client(api_key=API_KEY, secret=API_SECRET)
    other.create_order("BTC/USDT", "limit", "sell", 0.1, 999999)  # far above the market: rests
    account = services.journal.get_account(ACCOUNT)
    with pytest.raises(ReconciliationError) as info:
        reconcile_account_with_exchange(services, account, accept=True)
    assert any(
        "sell 0.1 BTC/USDT is open on the exchange and was not placed by CoinPilot" in d
        for d in info.value.differences
    )
    assert services.journal.last_reconciliation(ACCOUNT) is None  # no checkpoint was made
    assert events(services, "mismatch")[0]["payload"]["accepted"] is True  # type: ignore[index]
