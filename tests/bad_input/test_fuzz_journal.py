"""Fuzz: a journal whose rows were changed outside CoinPilot, read by everything that reads it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assistant.config import load_settings
from assistant.domain import parse_spec_toml
from assistant.engine import (
    Services,
    execute_plan,
    explain_decision,
    plan_rebalance,
    portfolio_status,
)
from assistant.journal import Journal
from assistant.market import DemoMarket

from .fuzzing import fuzz, nasty, outcome
from .helpers import SPEC, dump, tamper

#: (table, column) pairs a damaged file could have changed.
CELLS = [
    ("deposits", "amount"), ("deposits", "asset"), ("deposits", "at"),
    ("plans", "payload"), ("plans", "plan_hash"), ("plans", "expires_at"),
    ("fills", "payload"), ("fills", "base"), ("order_intents", "payload"),
    ("order_results", "payload"), ("decisions", "payload"), ("decisions", "decision_id"),
    ("specs", "payload"), ("specs", "version"), ("snapshots", "payload"),
    ("confirmations", "status"), ("messages", "meta"), ("accounts", "payload"),
    ("deposits", "account"), ("strategy_accounts", "account"),
]  # fmt: skip
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
).map(json.dumps)
VALUES = st.one_of(nasty, JSONISH, st.integers(), st.floats(), st.binary(max_size=20))
AS_OF = "2026-01-05"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A journal after a plan, its confirmation, a snapshot and a message (made once)."""
    home = tmp_path_factory.mktemp("fuzz-journal")
    settings = load_settings(home=home)
    with Services(
        settings, DemoMarket(seed=7, as_of=AS_OF), Journal.open(settings.resolved_journal_url)
    ) as services:
        spec = parse_spec_toml(SPEC)
        plan = plan_rebalance(services, spec)
        execute_plan(services, plan.plan_hash)
        at = datetime(2026, 1, 5, tzinfo=UTC)
        services.journal.record_message("c1", "user", "hello", at, {"k": 1})
        services.journal.record_snapshot(
            at, {"BTC": Decimal(1)}, {}, Decimal(1), {"BTC": 1.0}, account=plan.account
        )
    yield home / "journal.db"


def _read_everything(journal_url: str) -> None:
    settings = load_settings(journal_url=journal_url)
    market = DemoMarket(seed=7, as_of=AS_OF)
    with Services(settings, market, Journal.open(journal_url)) as services:
        j = services.journal
        for step in (
            lambda: j.entries(limit=50),
            lambda: [j.balances(a.name) for a in j.accounts()],
            lambda: j.balances("paper-probe"),
            j.unfinished_plans,
            lambda: j.account_of("probe"),
            j.latest_snapshot,
            lambda: j.latest_spec("probe"),
            lambda: j.spec_history("probe"),
            lambda: j.latest_plan("probe"),
            lambda: j.decisions(limit=10),
            lambda: j.decision_rows(10),
            j.intents_without_result,
            lambda: j.messages("c1"),
            lambda: portfolio_status(services),
            lambda: explain_decision(services, None),
        ):
            outcome(step)


@fuzz(20)
@given(st.sampled_from(CELLS), VALUES)
def test_fuzz_damaged_journal_rows_are_journal_errors_and_nothing_changes(
    template: Path, tmp_path_factory: pytest.TempPathFactory, cell: tuple[str, str], value: Any
) -> None:
    db = tmp_path_factory.mktemp("damaged") / "journal.db"
    shutil.copy(template, db)
    table, column = cell
    first = f"(select min(rowid) from {table})"
    try:
        tamper(db, f"update {table} set {column} = ? where rowid = {first}", value)
    except (sqlite3.IntegrityError, OverflowError):  # a change SQLite itself refuses
        assume(False)
    before = dump(db)
    _read_everything(f"sqlite:///{db}")
    assert dump(db) == before
