"""Migrations: an empty database reaches head, the scripts match schema.py, and stay portable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from assistant.domain import JournalError
from assistant.journal import Journal, head_revision, migration_sql
from assistant.journal.migrate import alembic_config, current_revision
from assistant.journal.schema import APPEND_ONLY_TABLES, VERSION_TABLE, metadata
from tests.journal.journal_builders import at, fill_every_table

ALL_TABLES = {*APPEND_ONLY_TABLES, "messages", "execution_locks"}


def _differences(conn: sa.Connection, target: sa.MetaData = metadata) -> list[object]:
    context = MigrationContext.configure(
        conn, opts={"version_table": VERSION_TABLE, "compare_type": True}
    )
    return list(compare_metadata(context, target))


def test_an_empty_database_is_migrated_to_head_on_open(journal_path: Path) -> None:
    assert not journal_path.exists()
    with Journal.open(f"sqlite:///{journal_path}") as journal, journal._reading() as conn:
        assert set(sa.inspect(conn).get_table_names()) == ALL_TABLES | {VERSION_TABLE}
        assert current_revision(conn) == head_revision()


def test_reopening_a_journal_at_head_keeps_its_records(journal_path: Path) -> None:
    url = f"sqlite:///{journal_path}"
    with Journal.open(url) as journal:
        journal.record_message("c", "user", "hello", at(0))
    with Journal.open(url) as journal:
        assert [m.content for m in journal.messages("c")] == ["hello"]


def test_the_migration_scripts_build_exactly_the_schema_the_store_queries(
    journal: Journal,
) -> None:
    with journal._reading() as conn:
        assert _differences(conn) == []
        # ...and the comparison does notice a table the scripts lack
        extra = sa.MetaData()
        for table in metadata.tables.values():
            table.to_metadata(extra)
        sa.Table("unmigrated", extra, sa.Column("id", sa.Integer, primary_key=True))
        assert [d[0] for d in _differences(conn, extra)] == ["add_table"]  # type: ignore[index]


def test_downgrade_to_empty_and_upgrade_again(journal: Journal) -> None:
    with journal._db.transaction(write=True) as conn:
        command.downgrade(alembic_config(connection=conn), "base")
        assert set(sa.inspect(conn).get_table_names()) == {VERSION_TABLE}
        command.upgrade(alembic_config(connection=conn), "head")
        assert current_revision(conn) == head_revision()
        triggers = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='trigger'")
        assert triggers.scalar() == 2 * len(APPEND_ONLY_TABLES)


def test_a_database_with_other_tables_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    raw.commit()
    raw.close()
    with pytest.raises(
        JournalError, match=r"already holds tables that are not a CoinPilot journal \(users\)"
    ):
        Journal.open(f"sqlite:///{path}")
    raw = sqlite3.connect(path)
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    raw.close()
    assert names == {"users"}


def test_a_journal_from_a_newer_coinpilot_is_refused(journal_path: Path) -> None:
    Journal.open(f"sqlite:///{journal_path}").close()
    raw = sqlite3.connect(journal_path)
    raw.execute(f"UPDATE {VERSION_TABLE} SET version_num = '9999'")
    raw.commit()
    raw.close()
    with pytest.raises(JournalError, match=r"written by a newer CoinPilot \(schema 9999\)"):
        Journal.open(f"sqlite:///{journal_path}")


def test_postgresql_sql_has_no_sqlite_only_statements() -> None:
    sql = migration_sql("postgresql+psycopg://coinpilot@localhost/journal")
    for table in ALL_TABLES:
        assert f"CREATE TABLE {table} (" in sql
    assert "CREATE FUNCTION coinpilot_append_only() RETURNS trigger LANGUAGE plpgsql" in sql
    assert sql.count("EXECUTE FUNCTION coinpilot_append_only()") == 2 * len(APPEND_ONLY_TABLES)
    assert "CREATE UNIQUE INDEX ux_confirmations_executed" in sql
    for sqlite_only in ("RAISE(ABORT", "PRAGMA", "AUTOINCREMENT", "sqlite_master", "DATETIME"):
        assert sqlite_only not in sql
    assert "TIMESTAMP WITH TIME ZONE" in sql


def test_the_store_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    for table in metadata.sorted_tables:
        assert "CREATE TABLE" in str(CreateTable(table).compile(dialect=dialect))
        for index in table.indexes:
            str(CreateIndex(index).compile(dialect=dialect))


# -- a real PostgreSQL server, where this machine has one --------------------------------------


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[str]:
    from tests.journal.postgres_server import running_server, why_unavailable

    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    with running_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    name = "j_" + request.node.name.lower()[-40:].replace("[", "_").replace("]", "_")
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield postgres_server.replace("/postgres?", f"/{name}?")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.mark.slow
def test_postgresql_journal_migrates_and_matches_the_schema(postgres_url: str) -> None:
    with Journal.open(postgres_url) as journal, journal._reading() as conn:
        assert current_revision(conn) == head_revision()
        assert _differences(conn) == []


@pytest.mark.slow
def test_postgresql_journal_round_trips_and_is_append_only(postgres_url: str) -> None:
    with Journal.open(postgres_url) as journal:
        plan = fill_every_table(journal)
        again = journal.get_plan(plan.plan_hash[:10])
        assert again == plan and again.is_intact()
        assert journal.balances("paper")["BTC"] == plan.orders[0].quantity
        assert journal.entries()[0].at.utcoffset() is not None
    engine = sa.create_engine(postgres_url)
    try:
        for table in APPEND_ONLY_TABLES:
            for statement in (
                f"UPDATE {table} SET id = id",
                f"DELETE FROM {table}",
                f"TRUNCATE {table} CASCADE",
            ):
                with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError) as info:
                    conn.exec_driver_sql(statement)
                assert f"{table} is append-only" in str(info.value)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_postgresql_lists_decisions_and_the_timeline_as_sqlite_does(postgres_url: str) -> None:
    """The decision rows' payload fields and the timeline's merged keys are SQL of their own."""
    seen = []
    for url in (postgres_url, "sqlite://"):
        with Journal.open(url) as journal:
            fill_every_table(journal)
            rows = journal.decision_rows(5)
            older = journal.decision_rows(5, older_than=rows[0].decision_id) if rows else []
            timeline = [(e.kind, e.ref, e.summary) for e in journal.entries(8)]
            seen.append((rows, older, timeline))
    assert seen[0] == seen[1]
    assert seen[0][0] and seen[0][2]


@pytest.mark.slow
def test_postgresql_balances_start_from_their_checkpoint(postgres_url: str) -> None:
    from decimal import Decimal

    with Journal.open(postgres_url) as journal:
        plan = fill_every_table(journal)
        journal.record_adjustments("paper", {"USDT": Decimal("-0.000005")}, at(80), "reconciled")
        journal.record_deposit("USDT", Decimal("1.50"), at(81), "", account="paper")
        with journal._reading() as conn:
            rows = conn.execute(sa.text("SELECT deposits, fills FROM balance_checkpoints")).all()
        assert [tuple(r) for r in rows] == [(1, 0), (1, 1), (2, 1), (3, 1)]
        # 10000.00 - 0.05000 x 100000.10 - 5.000005 fee - 0.000005 + 1.50
        expected = {"BTC": plan.orders[0].quantity, "USDT": Decimal("4996.49499")}
        assert journal.balances("paper") == journal.replayed_balances("paper") == expected
        assert str(journal.balances("paper")["USDT"]) == "4996.4949900"
        assert str(journal.replayed_balances("paper")["USDT"]) == "4996.4949900"


@pytest.mark.slow
def test_postgresql_a_checkpoint_that_missed_an_uncommitted_row_is_ignored(
    postgres_url: str,
) -> None:
    """Two writers: the first takes a lower id and commits last, so the second's checkpoint
    was summed without that row; reads must notice and sum every row instead."""
    from decimal import Decimal

    with Journal.open(postgres_url) as first, Journal.open(postgres_url) as second:
        first.record_deposit("USDT", Decimal("100"), at(0), "", account="paper")
        with first.transaction():
            first.record_deposit("USDT", Decimal("1"), at(1), "slow writer", account="paper")
            second.record_deposit("USDT", Decimal("2"), at(2), "fast writer", account="paper")
            assert second.balances("paper") == {"USDT": Decimal("102")}  # 1 is not committed
        for journal in (first, second):
            assert journal.balances("paper") == {"USDT": Decimal("103")}
        first.record_deposit("USDT", Decimal("4"), at(3), "", account="paper")
        assert second.balances("paper") == second.replayed_balances("paper")
        assert second.balances("paper") == {"USDT": Decimal("107")}


def test_a_journal_from_before_accounts_keeps_its_shared_paper_account(journal_path: Path) -> None:
    url = f"sqlite:///{journal_path}"
    with Journal.open(url) as journal:
        plan = fill_every_table(journal)
        balances = journal.balances("paper")
        with journal._db.transaction(write=True) as conn:  # back to the schema before accounts
            command.downgrade(alembic_config(connection=conn), "0001")
            assert "accounts" not in sa.inspect(conn).get_table_names()
    with Journal.open(url) as journal:  # a CoinPilot with accounts opens it
        (account,) = journal.accounts()
        assert (account.name, account.kind, account.quote) == ("paper", "paper", "USDT")
        assert journal.balances("paper") == balances and balances["BTC"] > 0
        assert journal.account_of(plan.spec_name) == "paper"
        assert journal.get_plan(plan.plan_hash).account == "paper"
        assert journal.latest_decision(account="paper") is not None


def test_a_fresh_journal_has_no_accounts_and_its_file_is_private(journal_path: Path) -> None:
    with Journal.open(f"sqlite:///{journal_path}") as journal:
        journal.record_message("c", "user", "hello", at(0))
        assert journal.accounts() == []
    assert journal_path.stat().st_mode & 0o777 == 0o600
    assert journal_path.parent.stat().st_mode & 0o077 == 0
    for companion in journal_path.parent.glob("journal.db-*"):
        assert companion.stat().st_mode & 0o077 == 0


def test_0007_adds_the_heartbeat_account_and_keeps_the_table_append_only(
    journal: Journal,
) -> None:
    def triggers(conn: sa.Connection) -> int:
        query = (
            "SELECT count(*) FROM sqlite_master WHERE type='trigger' "
            "AND tbl_name='watch_heartbeats'"
        )
        return int(conn.exec_driver_sql(query).scalar() or 0)

    with journal._db.transaction(write=True) as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("watch_heartbeats")}
        assert "account" in columns and triggers(conn) == 2
        command.downgrade(alembic_config(connection=conn), "0005")
        columns = {c["name"] for c in sa.inspect(conn).get_columns("watch_heartbeats")}
        assert "account" not in columns and triggers(conn) == 2
        command.upgrade(alembic_config(connection=conn), "head")
        assert current_revision(conn) == head_revision() and triggers(conn) == 2
