"""The SQLite file itself: WAL, append-only triggers, locks, damage, crashes and transactions."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.domain import JournalError
from assistant.journal import Journal
from assistant.journal.schema import APPEND_ONLY_TABLES
from tests.journal.journal_builders import (
    at,
    fill_every_table,
    make_fill,
    make_intent,
    make_plan,
    make_result,
)


def test_the_journal_file_and_its_folder_are_created_in_wal_mode(journal_path: Path) -> None:
    assert not journal_path.parent.exists()
    Journal.open(f"sqlite:///{journal_path}").close()
    raw = sqlite3.connect(journal_path)
    assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    raw.close()


def test_connections_enforce_foreign_keys_with_the_chosen_busy_timeout(journal: Journal) -> None:
    with journal._reading() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 200
    with (
        pytest.raises(JournalError, match="FOREIGN KEY constraint failed"),
        journal._writing() as c,
    ):
        c.exec_driver_sql(
            "INSERT INTO confirmations (plan_hash, status, message, at, recorded_at) "
            "VALUES ('nope', 'executed', '', '2026-01-01', '2026-01-01')"
        )


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_audit_tables_refuse_raw_updates_and_deletes(
    journal: Journal, journal_path: Path, table: str, statement: str
) -> None:
    fill_every_table(journal)
    raw = sqlite3.connect(journal_path)
    rows = raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert rows > 0
    with pytest.raises(sqlite3.IntegrityError, match=f"{table} is append-only"):
        raw.execute(statement.format(t=table))
    assert raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == rows
    raw.close()


def test_conversation_messages_carry_no_append_only_trigger(
    journal: Journal, journal_path: Path
) -> None:
    journal.record_message("c1", "user", "forget me", at(0))
    raw = sqlite3.connect(journal_path)
    raw.execute("DELETE FROM messages WHERE conversation_id = 'c1'")  # a future "forget" feature
    raw.commit()
    raw.close()
    assert journal.messages("c1") == []


def test_a_write_lock_held_by_another_process_is_reported_as_locked(
    journal: Journal, journal_path: Path
) -> None:
    journal.record_deposit("USDT", Decimal("1"), at(0), "before the lock", account="paper")
    other = sqlite3.connect(journal_path, timeout=0.1, isolation_level=None)
    other.execute("PRAGMA busy_timeout = 100")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(JournalError) as info:
            journal.record_deposit("USDT", Decimal("2"), at(1), "during the lock", account="paper")
        assert str(info.value) == (
            f"the journal {journal_path} is locked by another CoinPilot process; "
            "close it and retry."
        )
        assert journal.balances("paper") == {"USDT": Decimal("1")}  # WAL: reading still works
    finally:
        other.execute("ROLLBACK")
        other.close()
    journal.record_deposit("USDT", Decimal("2"), at(1), "after the lock", account="paper")
    assert journal.balances("paper") == {"USDT": Decimal("3")}


def test_opening_a_new_journal_that_another_process_locks_says_locked(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # rollback-journal mode: even reading must wait
    try:
        with pytest.raises(JournalError, match="is locked by another CoinPilot process"):
            Journal.open(f"sqlite:///{path}", busy_timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_file_that_is_not_a_database_is_reported_and_left_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    garbage = bytes(range(256)) * 64
    path.write_bytes(garbage)
    with pytest.raises(JournalError) as info:
        Journal.open(f"sqlite:///{path}")
    message = str(info.value)
    assert f"the journal {path} is damaged or is not a CoinPilot journal" in message
    assert "nothing was changed" in message and "Move it aside" in message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.db"]


def test_a_malformed_schema_is_reported_as_damage(journal_path: Path) -> None:
    Journal.open(f"sqlite:///{journal_path}").close()
    raw = sqlite3.connect(journal_path)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE deposits (' WHERE name = 'deposits'")
    raw.commit()
    raw.close()
    with pytest.raises(JournalError, match=r"damaged .*malformed database schema"):
        Journal.open(f"sqlite:///{journal_path}")


def test_each_record_is_committed_when_the_call_returns(tmp_path: Path) -> None:
    """A process killed without closing anything loses only what it had not finished."""
    path = tmp_path / "journal.db"
    script = textwrap.dedent(
        f"""
        import os
        from datetime import UTC, datetime
        from decimal import Decimal
        from assistant.journal import Journal
        journal = Journal.open({f"sqlite:///{path}"!r})
        now = datetime.now(UTC)
        journal.record_deposit("USDT", Decimal("100"), now, "committed", account="paper")
        with journal.transaction():
            journal.record_deposit("USDT", Decimal("5"), now, "unfinished", account="paper")
            os._exit(9)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr.decode()
    with Journal.open(f"sqlite:///{path}") as journal:
        assert journal.balances("paper") == {"USDT": Decimal("100")}


def test_a_transaction_groups_writes_and_rolls_back_whole(
    journal: Journal, journal_path: Path
) -> None:
    plan = make_plan()
    journal.record_plan(plan)
    intent = make_intent(plan, "cp-1")
    with pytest.raises(RuntimeError, match="broker blew up"), journal.transaction():
        journal.record_intent(intent)
        assert journal.intents_without_result() == [intent]  # visible inside the unit of work
        raise RuntimeError("broker blew up")
    assert journal.intents_without_result() == []
    with journal.transaction():
        journal.record_intent(intent)
        with journal.transaction():  # nested blocks join the outer one
            journal.record_order_result(make_result(intent, [make_fill(intent, "0.05", "1", "0")]))
        with Journal.open(f"sqlite:///{journal_path}") as reader:
            assert reader.entries(kinds={"intent", "order"}) == []  # not committed yet
    with Journal.open(f"sqlite:///{journal_path}") as reader:
        assert [e.kind for e in reader.entries(kinds={"intent", "order"})] == ["order", "intent"]


def test_a_closed_journal_says_how_to_reopen(journal: Journal) -> None:
    journal.close()
    journal.close()  # closing twice is harmless
    with pytest.raises(JournalError, match=r"was closed; open it again with Journal.open"):
        journal.balances("paper")


def test_in_memory_journals_are_private_and_complete() -> None:
    with Journal.open("sqlite://") as first, Journal.open("sqlite://") as second:
        plan = fill_every_table(first)
        assert first.get_plan(plan.plan_hash).is_intact()
        assert second.entries() == []
        assert repr(first) == "<Journal in memory (open)>"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a database URL"),
        ("nosuchdb+nodriver://host/db", "is not a database URL|driver is not installed"),
        ("postgresql+psycopg://me:secret@127.0.0.1:1/journal", "cannot open the journal"),
    ],
)
def test_unusable_urls_get_a_clear_error_without_the_password(url: str, message: str) -> None:
    with pytest.raises(JournalError, match=message) as info:
        Journal.open(url)
    assert "secret" not in str(info.value)


def test_threads_share_one_journal_and_each_write_lands(journal_path: Path) -> None:
    """The TUI records from worker threads; writers queue for the lock instead of failing."""
    from concurrent.futures import ThreadPoolExecutor

    with Journal.open(f"sqlite:///{journal_path}", busy_timeout=10.0) as journal:

        def deposit_five(worker: int) -> None:
            for i in range(5):
                journal.record_deposit(
                    "USDT", Decimal(f"0.{worker}{i}"), at(i), f"w{worker}", account="paper"
                )

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(deposit_five, range(1, 5)))
        expected = sum((Decimal(f"0.{w}{i}") for w in range(1, 5) for i in range(5)), Decimal(0))
        assert journal.balances("paper") == {"USDT": expected}
        assert len(journal.entries(limit=100, kinds={"deposit"})) == 20
