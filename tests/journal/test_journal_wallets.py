"""The wallets table: a journal from before it upgrades in place; rows are add/remove events."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from assistant.domain import JournalError, Wallet
from assistant.journal import Journal
from assistant.journal.migrate import HEAD_REVISION, alembic_config, current_revision

AT = datetime(2026, 12, 1, 12, tzinfo=UTC)
COLD = Wallet(
    name="cold", chain="ethereum", address="0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", added_at=AT
)


def test_a_journal_from_before_wallets_keeps_its_records_and_gains_wallets(
    journal_path: Path,
) -> None:
    url = f"sqlite:///{journal_path}"
    with Journal.open(url) as journal:
        journal.record_deposit("USDT", Decimal("500"), AT, "before wallets", account="paper")
        with journal._db.transaction(write=True) as conn:
            command.downgrade(alembic_config(connection=conn), "0003")
            assert "wallets" not in sa.inspect(conn).get_table_names()
    with Journal.open(url) as journal:
        assert journal.balances("paper") == {"USDT": Decimal("500")}
        journal.record_wallet_added(COLD)
        assert journal.wallets() == [COLD]
        with journal._reading() as conn:
            assert current_revision(conn) == HEAD_REVISION


def test_removal_is_a_new_row_and_the_table_is_append_only(journal: Journal) -> None:
    journal.record_wallet_added(COLD)
    journal.record_wallet_removed(COLD, AT)
    assert journal.wallets() == []
    with journal._db.transaction(write=True) as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM wallets").scalar() == 2
    with (
        pytest.raises(JournalError, match="append-only"),  # the database layer wraps it
        journal._db.transaction(write=True) as conn,
    ):
        conn.exec_driver_sql("DELETE FROM wallets")
    assert journal.wallets() == []  # still two rows: added, removed
