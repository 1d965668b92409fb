"""entries(): one timeline of every record kind, newest first, each with a readable line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import Account, UserInputError
from assistant.journal import ENTRY_KINDS, Journal
from tests.journal.journal_builders import (
    at,
    make_decision,
    make_fill,
    make_intent,
    make_plan,
    make_result,
    make_spec,
)


def _one_rebalance(journal: Journal) -> None:
    """The records one confirmed rebalance leaves, each a few seconds after the last."""
    journal.record_account(Account(name="paper", kind="paper", created_at=at(0)))
    spec = make_spec()
    journal.record_spec(spec, source="examples/core.toml")
    plan = make_plan(spec, created=at(10))
    journal.record_plan(plan)
    journal.record_deposit(
        "USDT", Decimal("10000.00"), at(20), "paper funding for core", account="paper"
    )
    intent = make_intent(plan, "cp-1", created=at(30))
    journal.record_intent(intent)
    fill = make_fill(intent, "0.05", "100000.10", "5.000005", when=at(40))
    journal.record_order_result(make_result(intent, [fill]))
    journal.record_decision(make_decision(plan, "dec-1", created=at(50)))
    journal.record_confirmation(plan.plan_hash, "executed", "1 of 1 orders filled", at(60))
    journal.record_event("*", "halt", "exchange outage", at(70))


def test_entries_merge_every_kind_newest_first(journal: Journal) -> None:
    _one_rebalance(journal)
    entries = journal.entries()
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert {e.kind for e in entries} == set(ENTRY_KINDS)
    # a spec has no time of its own: it is stamped with the wall clock when recorded
    assert [e.kind for e in entries if e.kind != "spec"] == [
        "event",
        "confirmation",
        "decision",
        "fill",
        "order",
        "intent",
        "deposit",
        "plan",
        "account",
    ]


def test_records_that_share_a_timestamp_list_in_pipeline_order(journal: Journal) -> None:
    _one_rebalance(journal)
    kinds = [e.kind for e in journal.entries(kinds={"order", "fill"})]
    assert kinds == ["fill", "order"]  # both at 40 s: the fill is the later step


def test_each_entry_has_a_ref_and_a_readable_summary(journal: Journal) -> None:
    _one_rebalance(journal)
    by_kind = {e.kind: e for e in journal.entries()}
    plan_hash = journal.latest_plan("core").plan_hash  # type: ignore[union-attr]
    assert by_kind["plan"].ref == plan_hash
    assert by_kind["plan"].summary == (
        f"plan {plan_hash[:12]} for core v1 (initial): 2 orders, 1 cannot execute, fees 8.00 USDT"
    )
    assert (
        by_kind["confirmation"].summary == f"plan {plan_hash[:12]} executed: 1 of 1 orders filled"
    )
    deposit = "deposit 10,000.00 USDT into paper (paper funding for core)"
    assert by_kind["deposit"].summary == deposit
    assert by_kind["account"].summary == "account paper added (paper, quote USDT)"
    assert by_kind["event"].summary == "halt on every account: exchange outage"
    assert by_kind["deposit"].payload["amount"] == "10000.00"
    assert by_kind["intent"].summary == f"intent buy 0.05 BTC/USDT for plan {plan_hash[:12]}"
    assert by_kind["intent"].ref == by_kind["order"].ref == by_kind["fill"].ref == "cp-1"
    assert by_kind["order"].summary == "order buy BTC/USDT filled: 0.05 of 0.05"
    assert by_kind["fill"].summary == "fill buy 0.05 BTC/USDT at 100,000.10 (fee 5.00 USDT)"
    assert by_kind["decision"].ref == "dec-1"
    assert "plan " + plan_hash[:12] in by_kind["decision"].summary
    assert by_kind["spec"].summary == "spec core v1 recorded from examples/core.toml"


def test_kinds_and_limit_filter_the_timeline(journal: Journal) -> None:
    _one_rebalance(journal)
    assert [e.kind for e in journal.entries(kinds={"deposit", "plan"})] == ["deposit", "plan"]
    assert len(journal.entries(limit=3)) == 3
    assert journal.entries(limit=0) == []


def test_an_unknown_kind_is_refused_with_the_choices(journal: Journal) -> None:
    with pytest.raises(
        UserInputError, match="unknown journal entry kind trade; choose from account"
    ):
        journal.entries(kinds={"trade"})


def test_an_empty_journal_has_an_empty_timeline(journal: Journal) -> None:
    assert journal.entries() == []
