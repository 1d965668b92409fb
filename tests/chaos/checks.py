"""What must hold after any kill, full disk or race, once the restart has run.

* nothing half-done without a record: no order intent without a result, no execution started
  and not finished, no lock left behind; a plan that started ended ``executed`` or ``partial``,
  with a decision that says so;
* nothing lost, nothing twice: every line of a plan reached the venue at most once (an attempt
  that provably never reached it is ``not_sent``), an executed plan's every line exactly once,
  funded once; on the exchange, no client order id twice and every order the exchange has is in
  the journal with the same fills;
* the journal equals the account: for paper, the balances equal an uninterrupted run's; for the
  exchange, the journal's balances equal the exchange's.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from assistant.journal import Journal
from tests.market_live.fake_binance import FakeBinance


def check_plan(journal: Journal, plan_hash: str, account: str) -> str:
    """The invariants every venue shares; returns how the plan ended (or "not started")."""
    assert journal.intents_without_result() == [], "an order was left without a result"
    assert journal.unfinished_plans() == [], "an execution was left half-done without a record"
    assert journal.lock_of(account) is None, "a lock was left behind"
    orders = journal.plan_orders(plan_hash)
    fundings = [c for c in journal.credits(account) if c["kind"] == "funding"]
    if journal.started_at(plan_hash) is None:
        assert orders == [] and fundings == [] and journal.confirmation_of(plan_hash) is None
        return "not started"
    done = journal.confirmation_of(plan_hash)
    assert done is not None, "a started plan did not finish"
    decision = journal.decision_for_plan(plan_hash)
    assert decision is not None and decision.outcome == done["status"]
    plan = journal.get_plan(plan_hash)
    assert len(fundings) <= 1, "funded more than once"
    assert decision.funding == sum((Decimal(c["amount"]) for c in fundings), Decimal(0))
    reached = Counter(
        intent.client_order_id.split("-")[2][:3]
        for intent, result in orders
        if result is not None and result.status != "not_sent"
    )
    assert all(n == 1 for n in reached.values()), f"a line reached the venue twice: {reached}"
    if reached and plan.funding > 0:
        assert len(fundings) == 1, "orders were sent on an unfunded paper account"
    if done["status"] == "executed":
        assert len(reached) == len(plan.orders), "an executed plan skipped a line"
        assert len(decision.results) == len(plan.orders)
    else:
        assert len(reached) + len(decision.not_sent) == len(plan.orders)
    return str(done["status"])


def check_exchange(journal: Journal, exchange: FakeBinance, plan_hash: str, account: str) -> None:
    """The exchange and the journal agree order by order and balance by balance."""
    fake = exchange.account
    cids = [o.client_order_id for o in fake.orders]
    assert len(cids) == len(set(cids)), f"a client order id was sent twice: {cids}"
    recorded = {i.client_order_id: r for i, r in journal.plan_orders(plan_hash)}
    for order in fake.orders:
        result = recorded.get(order.client_order_id)
        assert result is not None, f"{order.client_order_id} is on the exchange, not in the journal"
        assert result.status != "not_sent" and result.filled == order.executed
        assert sum((f.quantity for f in result.fills), Decimal(0)) == order.executed
    for cid, result in recorded.items():
        if result is not None and result.filled > 0:
            assert cid in cids, f"{cid} filled in the journal and is not on the exchange"
    held = {a: v for a, v in fake.free.items() if v != 0}
    assert journal.balances(account) == held, "the journal's balances differ from the exchange's"
