"""Accounts: every strategy on its own account, capital that funds only that strategy, imports."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.domain import PlanError, UserInputError, parse_spec
from assistant.engine import (
    Clock,
    Services,
    add_paper_account,
    execute_plan,
    explain_decision,
    list_accounts,
    parse_holdings,
    plan_rebalance,
    portfolio_status,
)
from assistant.engine.holdings_import import import_csv
from tests.engine.conftest import NOW

CORE = {
    "name": "core",
    "capital": "5000",
    "universe": {"symbols": ["BTC", "ETH", "SOL"]},
    "rebalance": {"drift_threshold": 0.05},
}
SMALL = {
    "name": "small goal",
    "capital": "2000",
    "universe": {"symbols": ["BTC", "ETH"]},
    "rebalance": {"drift_threshold": 0.05},
}


def later(services: Services, seconds: int) -> None:
    services.clock = Clock(fixed=NOW + timedelta(seconds=seconds))


def test_each_strategy_runs_on_its_own_paper_account_funded_with_its_own_capital(
    services: Services,
) -> None:
    first = plan_rebalance(services, parse_spec(CORE))
    execute_plan(services, first.plan_hash)
    core_after = services.journal.balances("paper-core")

    later(services, 5)
    small = plan_rebalance(services, parse_spec(SMALL))
    assert small.account == "paper-small-goal" and small.funding == Decimal("2000")
    spent = sum(o.notional for o in small.orders if o.side == "buy")
    assert Decimal("1900") < spent <= Decimal("2000")  # not ~2,000 per order from 5,000
    assert all(o.side == "buy" for o in small.orders)  # nothing of core's is sold
    execute_plan(services, small.plan_hash)

    assert services.journal.balances("paper-core") == core_after
    assert set(services.journal.balances("paper-small-goal")) <= {"BTC", "ETH", "USDT"}
    assert {a.name: s for a, s in list_accounts(services)} == {
        "paper-core": ["core"],
        "paper-small-goal": ["small goal"],
    }
    assert portfolio_status(services, account="paper-core").value > Decimal("4900")


def test_a_second_strategy_is_refused_on_an_account_that_runs_one(services: Services) -> None:
    plan_rebalance(services, parse_spec(CORE))
    with pytest.raises(PlanError, match="runs the strategy 'core'"):
        plan_rebalance(services, parse_spec(SMALL), account="paper-core")
    assert services.journal.account_of("small goal") is None


def test_a_named_paper_account_with_capital_and_imported_holdings_is_planned_as_it_stands(
    services: Services, tmp_path: Path
) -> None:
    add_paper_account(services, "my-paper", capital=Decimal("1000"))
    csv = tmp_path / "holdings.csv"
    csv.write_text("asset,quantity,cost_basis_per_unit,acquired_at\nBTC,0.01,30000,2024-03-01\n")
    import_csv(services, csv, "my-paper")
    assert services.journal.balances("my-paper") == {
        "BTC": Decimal("0.01"),
        "USDT": Decimal("1000"),
    }
    plan = plan_rebalance(services, parse_spec(CORE), account="my-paper")
    assert plan.funding == 0 and plan.balances_before["BTC"] == Decimal("0.01")
    assert any("capital (5000) is not used" in n for n in plan.notes)
    credits = services.journal.credits("my-paper")
    assert [c["kind"] for c in credits] == ["deposit", "import"]
    assert "holdings.csv" in credits[1]["note"] and "30000" in credits[1]["payload"]


def test_moving_a_strategy_is_recorded_and_its_plan_on_the_old_account_is_refused(
    services: Services,
) -> None:
    old = plan_rebalance(services, parse_spec(CORE))
    add_paper_account(services, "bigger", capital=Decimal("8000"))
    later(services, 5)
    moved = plan_rebalance(services, parse_spec(CORE), account="bigger")
    assert moved.account == "bigger" and services.journal.account_of("core") == "bigger"
    with pytest.raises(PlanError, match="newer plan"):
        execute_plan(services, old.plan_hash)
    decision = execute_plan(services, moved.plan_hash)
    assert decision.account == "bigger"
    assert "on account bigger" in explain_decision(services).lines[0]


def test_the_live_spec_and_the_paper_spec_each_need_their_kind_of_account(
    services: Services,
) -> None:
    add_paper_account(services, "my-paper", capital=Decimal("1000"))
    with pytest.raises(PlanError, match="paper account"):
        plan_rebalance(
            services, parse_spec({**CORE, "execution": {"mode": "live"}}), account="my-paper"
        )


def test_an_unknown_account_is_bad_input_that_says_how_to_make_one(services: Services) -> None:
    with pytest.raises(UserInputError, match="no account named 'nope'") as info:
        plan_rebalance(services, parse_spec(CORE), account="nope")
    assert "account add" in (info.value.hint or "")
    with pytest.raises(UserInputError, match="not an account name"):
        add_paper_account(services, "Has Spaces")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is empty"),
        ("coin,amount\nBTC,1\n", "line 1: the header must be"),
        ("asset,quantity\n", "no rows"),
        ("asset,quantity\nBTC,abc\n", "line 2: the quantity 'abc' is not a number"),
        ("asset,quantity\nBTC,-1\n", "line 2: the quantity must be above zero"),
        ("asset,quantity\nBTC,1\nbtc,2\n", "line 3: BTC appears twice"),
        ("asset,quantity\nBT C,1\n", "is not an asset symbol"),
        ("asset,quantity,acquired_at\nBTC,1,yesterday\n", "acquired_at 'yesterday' is not a date"),
        ("asset,quantity\nBTC,1,2\n", "expected 2 values, found 3"),
        ("asset,quantity\nBTC,NaN\n", "out of range"),
    ],
)
def test_a_bad_holdings_csv_names_the_line_and_what_to_fix(text: str, says: str) -> None:
    with pytest.raises(UserInputError, match=says):
        parse_holdings(text, "holdings.csv")


def test_a_good_holdings_csv_reads_exact_quantities_and_optional_columns() -> None:
    rows = parse_holdings(
        "\ufeffAsset,Quantity,cost_basis_per_unit\neth,2.000000001,1500.5\nBTC,0.5,\n", "h.csv"
    )
    assert rows == [
        ("ETH", Decimal("2.000000001"), {"cost_basis_per_unit": "1500.5"}),
        ("BTC", Decimal("0.5"), {}),
    ]
