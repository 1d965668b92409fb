"""Every record type goes in and comes back exactly, and bad records are refused unchanged."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert

from assistant.domain import JournalError, PlanError, UserInputError
from assistant.journal import Journal
from assistant.journal.schema import plans
from tests.journal.journal_builders import (
    T0,
    at,
    make_decision,
    make_fill,
    make_intent,
    make_plan,
    make_result,
    make_spec,
)


def test_spec_round_trips_and_recording_it_twice_keeps_one_row(journal: Journal) -> None:
    spec = make_spec()
    journal.record_spec(spec, source="examples/core.toml")
    journal.record_spec(spec, source="again")
    assert journal.latest_spec("core") == spec
    assert journal.spec_history("core") == [spec]
    assert journal.latest_spec("other") is None


def test_latest_spec_is_the_highest_version_and_history_is_oldest_first(journal: Journal) -> None:
    v1, v2, v3 = (make_spec(version=v, lookback_days=30 * v + 60) for v in (1, 2, 3))
    for spec in (v1, v3, v2):
        journal.record_spec(spec)
    journal.record_spec(make_spec(name="other", version=9))
    assert journal.latest_spec("core") == v3
    assert [s.version for s in journal.spec_history("core")] == [1, 2, 3]


def test_plan_reads_back_equal_and_intact(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    again = journal.get_plan(plan.plan_hash)
    assert again == plan
    assert again.is_intact()
    assert again.orders[1].current_weight == 0.1 + 0.2
    assert str(again.orders[0].quantity) == "0.05000"  # trailing zeros kept: nothing re-rounded
    assert list(again.prices) == list(plan.prices)


def test_plan_is_found_by_a_unique_prefix_of_eight_characters(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    assert journal.get_plan(plan.plan_hash[:8].upper()) == plan
    with pytest.raises(PlanError, match="not a plan hash"):
        journal.get_plan(plan.plan_hash[:7])
    with pytest.raises(PlanError, match="not a plan hash"):
        journal.get_plan("zzzzzzzzzz")


def test_ambiguous_plan_prefix_asks_for_more_characters(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    rows = [{"plan_hash": "abcdef01" + c * 56} for c in "01"]
    with journal.transaction(), journal._writing() as conn:
        for row in rows:
            conn.execute(
                insert(plans).values(
                    **row,
                    spec_name="core",
                    spec_version=1,
                    spec_hash=plan.spec_hash,
                    expires_at=plan.expires_at,
                    at=plan.created_at,
                    recorded_at=plan.created_at,
                    payload=plan.model_dump_json(),
                )
            )
    with pytest.raises(PlanError, match="more than one plan starts with abcdef01"):
        journal.get_plan("abcdef01")
    assert journal.get_plan("abcdef011").plan_hash == "abcdef01" + "1" * 56


def test_unknown_plan_says_how_to_make_one(journal: Journal) -> None:
    with pytest.raises(PlanError) as info:
        journal.get_plan("deadbeef" * 8)
    assert str(info.value) == (
        f"no plan with hash {'deadbeef' * 8}; make a preview first, its hash is on it"
    )


def test_a_plan_changed_behind_the_journal_reads_back_as_not_intact(
    journal: Journal, journal_path: object
) -> None:
    import sqlite3

    plan = make_plan()
    journal.record_plan(plan)
    tampered = plan.model_dump_json().replace('"0.05000"', '"5.00000"')
    raw = sqlite3.connect(str(journal_path))
    raw.execute("DROP TRIGGER plans_no_update")  # what a determined editor would do
    raw.execute("UPDATE plans SET payload = ? WHERE plan_hash = ?", (tampered, plan.plan_hash))
    raw.commit()
    raw.close()
    again = journal.get_plan(plan.plan_hash)
    assert again.plan_hash == plan.plan_hash
    assert again.orders[0].quantity == Decimal("5.00000")
    assert not again.is_intact()


def test_unsealed_or_altered_plans_are_refused(journal: Journal) -> None:
    plan = make_plan()
    with pytest.raises(PlanError, match="seal it"):
        journal.record_plan(plan.model_copy(update={"plan_hash": ""}))
    with pytest.raises(PlanError, match="does not match its content"):
        journal.record_plan(plan.model_copy(update={"turnover": 0.9}))
    assert journal.latest_plan("core") is None


def test_latest_plan_is_the_newest_for_that_spec(journal: Journal) -> None:
    old, new = make_plan(created=at(0)), make_plan(created=at(60), note="second")
    journal.record_plan(new)
    journal.record_plan(old)
    journal.record_plan(new)  # recording again changes nothing
    assert journal.latest_plan("core") == new
    assert journal.latest_plan("nothing") is None


def test_confirmation_of_returns_the_executed_one(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    journal.record_confirmation(plan.plan_hash, "refused", "prices moved 3%", at(10))
    assert journal.confirmation_of(plan.plan_hash) is None
    journal.record_confirmation(plan.plan_hash, "executed", "2 orders filled", at(20))
    assert journal.confirmation_of(plan.plan_hash) == {
        "plan_hash": plan.plan_hash,
        "status": "executed",
        "message": "2 orders filled",
        "at": at(20),
    }


def test_a_plan_cannot_be_confirmed_as_executed_twice(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    journal.record_confirmation(plan.plan_hash, "executed", "done", at(20))
    with pytest.raises(PlanError, match="already executed at 2026-11-20 12:00:20 UTC"):
        journal.record_confirmation(plan.plan_hash, "executed", "again", at(30))


def test_confirmations_of_unknown_plans_or_bad_input_are_refused(journal: Journal) -> None:
    with pytest.raises(PlanError, match="no plan with hash"):
        journal.record_confirmation("ab" * 32, "executed", "", at(0))
    plan = make_plan()
    journal.record_plan(plan)
    with pytest.raises(JournalError, match="one short lowercase word"):
        journal.record_confirmation(plan.plan_hash, "Executed!", "", at(0))
    with pytest.raises(JournalError, match="has no time zone"):
        journal.record_confirmation(plan.plan_hash, "executed", "", datetime(2026, 1, 1))
    assert journal.entries(kinds={"confirmation"}) == []


def test_an_intent_without_result_is_listed_until_its_result_is_recorded(
    journal: Journal,
) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    first = make_intent(plan, "cp-1", created=at(1))
    second = make_intent(plan, "cp-2", "ETH/USDT", "buy", "0.75", created=at(2))
    journal.record_intent(second)
    journal.record_intent(first)
    journal.record_intent(first)  # a retried write is harmless
    assert journal.intents_without_result() == [first, second]
    fill = make_fill(first, "0.05", "100000.10", "5.000005", when=at(3))
    journal.record_order_result(make_result(first, [fill]))
    assert journal.intents_without_result() == [second]


def test_order_result_and_its_fills_read_back_exactly(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    intent = make_intent(plan, "cp-1")
    journal.record_intent(intent)
    fills = [
        make_fill(intent, "0.02", "100000.10", "2.000002", when=at(3)),
        make_fill(intent, "0.03", "100000.30", "3.000009", when=at(4)),
    ]
    result = make_result(intent, fills)
    journal.record_order_result(result)
    journal.record_order_result(result)  # the same result again changes nothing
    (order,) = journal.entries(kinds={"order"})
    assert order.ref == "cp-1" and order.at == at(4)
    assert order.payload == result.model_dump(mode="json")
    stored = [e.payload for e in journal.entries(kinds={"fill"})]
    assert stored == [f.model_dump(mode="json") for f in reversed(fills)]


def test_a_second_different_result_for_one_order_is_refused(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    intent = make_intent(plan, "cp-1")
    journal.record_intent(intent)
    journal.record_order_result(make_result(intent, [make_fill(intent, "0.05", "1", "0")]))
    with pytest.raises(JournalError, match="already has a different result"):
        journal.record_order_result(make_result(intent, [make_fill(intent, "0.04", "1", "0")]))
    assert len(journal.entries(kinds={"fill"})) == 1


def test_orders_that_do_not_line_up_are_refused(journal: Journal) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    orphan = make_intent(plan, "cp-9")
    with pytest.raises(JournalError, match="no order intent with client order id cp-9"):
        journal.record_order_result(make_result(orphan, []))
    stranger = make_intent(make_plan(note="never recorded"), "cp-8")
    with pytest.raises(JournalError, match="which is not in the journal"):
        journal.record_intent(stranger)
    intent = make_intent(plan, "cp-1")
    journal.record_intent(intent)
    with pytest.raises(JournalError, match="already used by another order intent"):
        journal.record_intent(make_intent(plan, "cp-1", quantity="0.06"))
    wrong = make_fill(make_intent(plan, "cp-2"), "0.05", "1", "0")
    with pytest.raises(JournalError, match="does not belong to order cp-1"):
        journal.record_order_result(make_result(intent, []).model_copy(update={"fills": [wrong]}))
    assert journal.intents_without_result() == [intent]


def test_decision_round_trips_and_is_found_by_id_or_prefix(journal: Journal) -> None:
    plan = make_plan()
    decision = make_decision(plan)
    journal.record_decision(decision)
    journal.record_decision(decision)
    assert journal.get_decision(decision.decision_id) == decision
    assert journal.get_decision("dec-2026") == decision
    assert journal.latest_decision() == decision


def test_unknown_decision_says_where_to_look(journal: Journal) -> None:
    with pytest.raises(UserInputError) as info:
        journal.get_decision("dec-404")
    assert str(info.value) == "no decision dec-404; the journal lists the decisions"
    assert journal.latest_decision() is None


def test_decisions_are_listed_newest_first(journal: Journal) -> None:
    plan = make_plan()
    made = [make_decision(plan, f"dec-2026-{i:04d}", created=at(i)) for i in range(5)]
    for decision in (made[2], made[0], made[4], made[1], made[3]):
        journal.record_decision(decision)
    assert journal.decisions(limit=3) == [made[4], made[3], made[2]]
    with pytest.raises(UserInputError, match="more than one decision starts with dec-2026-"):
        journal.get_decision("dec-2026-")
    with pytest.raises(JournalError, match="never changed"):
        journal.record_decision(made[0].model_copy(update={"trigger_detail": "rewritten"}))


def test_snapshot_round_trips_and_the_latest_is_the_newest(journal: Journal) -> None:
    assert journal.latest_snapshot() is None
    balances = {"BTC": Decimal("0.05000"), "USDT": Decimal("4991.899995")}
    prices = {"BTC": Decimal("100000.10")}
    journal.record_snapshot(
        at(100), balances, prices, Decimal("9991.904995"), {"BTC": 0.5}, account="paper"
    )
    journal.record_snapshot(at(50), {}, {}, Decimal("0"), {}, account="paper")
    latest = journal.latest_snapshot()
    assert latest is not None
    assert latest.at == at(100)
    assert latest.balances == balances and str(latest.balances["BTC"]) == "0.05000"
    assert latest.value == Decimal("9991.904995") and latest.weights == {"BTC": 0.5}


def test_non_finite_numbers_are_refused(journal: Journal) -> None:
    with pytest.raises(JournalError, match="not a finite Decimal"):
        journal.record_snapshot(at(0), {"BTC": Decimal("NaN")}, {}, Decimal(1), {}, account="paper")
    with pytest.raises(JournalError, match="NaN"):
        journal.record_snapshot(at(0), {}, {}, Decimal(1), {"BTC": float("nan")}, account="paper")
    assert journal.latest_snapshot() is None


def test_conversation_messages_come_back_in_order_with_their_meta(journal: Journal) -> None:
    journal.record_message("c1", "user", "keep BTC under 50%", at(0), {"tokens": 7})
    journal.record_message("c2", "user", "other chat", at(1), {})
    journal.record_message("c1", "assistant", "Done: spec v2.", at(2), {"decision": "dec-1"})
    turns = journal.messages("c1")
    assert [(m.role, m.content) for m in turns] == [
        ("user", "keep BTC under 50%"),
        ("assistant", "Done: spec v2."),
    ]
    assert turns[0].meta == {"tokens": 7} and turns[1].at == at(2)
    with pytest.raises(JournalError, match="short word"):
        journal.record_message("c1", "User Name", "x", at(3))


def test_timestamps_come_back_in_utc_whatever_zone_they_went_in(journal: Journal) -> None:
    from datetime import timezone

    plus_two = timezone(timedelta(hours=2))
    journal.record_deposit(
        "USDT", Decimal("1"), T0.astimezone(plus_two), "zone test", account="paper"
    )
    (entry,) = journal.entries()
    assert entry.at == T0 and entry.at.utcoffset() == timedelta(0)
