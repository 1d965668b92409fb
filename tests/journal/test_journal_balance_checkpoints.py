

def test_a_damaged_row_stops_the_checkpoint_not_the_write(memory_journal: Journal) -> None:
    """A fill of a real order must be kept even when an older row no longer reads back: the
    write goes in without a checkpoint, and reading the balances says what is damaged."""
    from assistant.domain import JournalError

    journal = memory_journal
    journal.record_deposit("USDT", Decimal("10"), at(0), "", account="paper")
    with journal._writing() as conn:
        conn.exec_driver_sql(
            "INSERT INTO deposits (asset, amount, note, at, recorded_at, account, kind) "
            "VALUES ('USDT', 'ten', '', '2026-11-20 12:00:01', '2026-11-20 12:00:01', "
            "'paper', 'deposit')"
        )
    journal.record_deposit("USDT", Decimal("5"), at(2), "", account="paper")
    assert [d["amount"] for d in journal.credits("paper")] == ["10", "ten", "5"]
    with journal._reading() as conn:
        count = sa.select(sa.func.count()).select_from(balance_checkpoints)
        assert conn.execute(count).scalar() == 1  # only the first deposit's
    with pytest.raises(JournalError, match="deposit #2 .* no longer reads back"):
        journal.balances("paper")
