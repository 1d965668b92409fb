"""Balance checkpoints: a checkpoint plus the rows after it is the full sum, digit for digit.

The property test drives random deposits, fundings, imports, signed adjustments and fills over
three accounts, with writes that crash part-way (their transaction rolls back), writes of an
older CoinPilot that leave no checkpoint, and checkpoints that no longer match their rows; after
every step each account's balances equal an independent model's sums and the full replay,
``str`` for ``str`` (the same Decimal exponent, not only the same value).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from decimal import Context, Decimal, Inexact, localcontext
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import sqlalchemy as sa
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.domain import Fill, JournalError, OrderIntent, OrderResult
from assistant.journal import Journal
from assistant.journal.migrate import alembic_config
from assistant.journal.schema import balance_checkpoints
from tests.journal.journal_builders import at, make_plan

ACCOUNTS = ("paper", "bob", "exchange-1")
ASSETS = ("USDT", "BTC", "ETH", "BNB")
SYMBOLS = ("BTC/USDT", "ETH/USDT", "ETH/BTC", "BNB/USDT:USDT")
RECURRING = tuple(Decimal(x) for x in ("1.5", "1.50", "2", "0.001", "1E+2", "100.000"))


class CrashError(Exception):
    """A process dying inside a write: its transaction rolls back."""


def _amounts(*, signed: bool = False) -> st.SearchStrategy[Decimal]:
    """Exact decimals of varied exponents, trailing zeros included (1.500, 2E+3, 0.000001); a
    few recurring values so that sums cancel to a zero that must keep its exponent (0.00)."""
    wide = st.builds(
        lambda n, k: Decimal(n).scaleb(-k), st.integers(1, 10**12), st.integers(-3, 18)
    )
    made = st.one_of(st.sampled_from(RECURRING), wide)
    if not signed:
        return made
    return st.builds(lambda a, negative: -a if negative else a, made, st.booleans())


def _fill_parts() -> st.SearchStrategy[tuple[Decimal, Decimal, Decimal, Decimal, str]]:
    zero_or = st.one_of(st.just(Decimal(0)), st.just(Decimal("0.000")), _amounts())
    return st.tuples(zero_or, _amounts(), zero_or, zero_or, st.sampled_from(ASSETS))


OPS = st.one_of(
    st.tuples(st.just("deposit"), st.sampled_from(ACCOUNTS), st.sampled_from(ASSETS), _amounts()),
    st.tuples(st.just("funding"), st.sampled_from(ACCOUNTS), _amounts()),
    st.tuples(
        st.just("import"),
        st.sampled_from(ACCOUNTS),
        st.lists(st.tuples(st.sampled_from(ASSETS), _amounts()), min_size=1, max_size=3),
    ),
    st.tuples(
        st.just("adjust"),
        st.sampled_from(ACCOUNTS),
        st.dictionaries(st.sampled_from(ASSETS), _amounts(signed=True), min_size=1, max_size=3),
    ),
    st.tuples(
        st.just("fill"),
        st.sampled_from(ACCOUNTS),
        st.sampled_from(SYMBOLS),
        st.sampled_from(("buy", "sell")),
        st.lists(_fill_parts(), min_size=0, max_size=3),
    ),
)
#: How a step is written: normally, crashing before its transaction commits, by a CoinPilot from
#: before checkpoints, or normally after a checkpoint that does not match its rows is appended.
MODES = st.sampled_from(("normal", "normal", "normal", "crash", "older", "bad checkpoint"))


class Model:
    """The balances by their definition, kept apart from the journal's code."""

    def __init__(self) -> None:
        self.totals: dict[str, dict[str, Decimal]] = {a: {} for a in ACCOUNTS}

    def add(self, account: str, asset: str, amount: Decimal) -> None:
        held = self.totals[account]
        with localcontext(Context(prec=200, traps=[Inexact])):  # exact, as money must be
            held[asset] = held.get(asset, Decimal(0)) + amount

    def add_all(self, account: str, amounts: Iterable[tuple[str, Decimal]]) -> None:
        for asset, amount in amounts:
            self.add(account, asset, amount)

    def shown(self, account: str) -> dict[str, str]:
        held = self.totals[account]
        return {a: str(held[a]) for a in sorted(held) if held[a] != 0}


class Driver:
    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.model = Model()
        self.ids = itertools.count(1)
        self.plans: dict[str, str] = {}
        for account in ACCOUNTS:
            plan = make_plan().model_copy(update={"account": account}).sealed()
            journal.record_plan(plan)
            self.plans[account] = plan.plan_hash

    def write(self, op: tuple[Any, ...]) -> Callable[[Model], None]:
        """Write ``op`` to the journal; returns what it does to the model once committed."""
        kind, account = op[0], op[1]
        n = next(self.ids)
        j = self.journal
        if kind == "deposit":
            _, _, asset, amount = op
            j.record_deposit(asset, amount, at(n), "put in", account=account)
            return lambda m: m.add(account, asset, amount)
        if kind == "funding":
            amount = op[2]
            assert j.record_funding(account, f"{n:064x}", "USDT", amount, at(n), "capital")
            return lambda m: m.add(account, "USDT", amount)
        if kind == "import":
            held = op[2]
            j.record_import(account, [(a, q, {}) for a, q in held], "a CSV", at(n))
            return lambda m: m.add_all(account, held)
        if kind == "adjust":
            amounts = op[2]
            j.record_adjustments(account, amounts, at(n), "reconciled")
            return lambda m: m.add_all(account, amounts.items())
        _, _, symbol, side, parts = op
        cid = f"cp-{n}"
        intent = OrderIntent(
            client_order_id=cid,
            plan_hash=self.plans[account],
            symbol=symbol,
            side=side,
            quantity=Decimal(1),
            created_at=at(n),
        )
        j.record_intent(intent)
        fills = [
            Fill(
                client_order_id=cid,
                symbol=symbol,
                side=side,
                quantity=qty,
                price=price,
                cost=cost,
                fee=fee,
                fee_currency=fee_asset,
                timestamp=at(n),
            )
            for qty, price, cost, fee, fee_asset in parts
        ]
        j.record_order_result(
            OrderResult(
                client_order_id=cid,
                symbol=symbol,
                side=side,
                status="filled" if fills else "canceled",
                requested=Decimal(1),
                filled=sum((f.quantity for f in fills), Decimal(0)),
                fills=fills,
            )
        )
        base, quote = symbol.split(":")[0].split("/")
        sign = 1 if side == "buy" else -1

        def apply(m: Model) -> None:
            for f in fills:
                m.add(account, base, sign * f.quantity)
                m.add(account, quote, -sign * f.cost)
                m.add(account, f.fee_currency, -f.fee)

        return apply

    def step(self, op: tuple[Any, ...], mode: str) -> None:
        if mode == "crash":
            with pytest.raises(CrashError), self.journal.transaction():
                self.write(op)
                raise CrashError
            return
        if mode == "older":
            with patch.object(Journal, "_checkpoint_balances", lambda *_: None):
                self.write(op)(self.model)
            return
        if mode == "bad checkpoint":
            _append_bad_checkpoint(self.journal, op[1], n=next(self.ids))
        self.write(op)(self.model)


def _append_bad_checkpoint(journal: Journal, account: str, n: int) -> None:
    """A checkpoint claiming rows the account does not have, or one that does not read back."""
    c = balance_checkpoints.c
    with journal._writing() as conn:
        newest = conn.execute(
            sa.select(c.deposit_id, c.deposits, c.fill_id, c.fills)
            .where(c.account == account)
            .order_by(c.id.desc())
            .limit(1)
        ).first()
        deposit_id, deposits, fill_id, fills = newest or (0, 0, 0, 0)
        payload = '{"balances": {"USDT": "1E+9"}}' if n % 2 else "not json"
        journal._insert(
            conn,
            balance_checkpoints,
            account=account,
            deposit_id=deposit_id,
            deposits=deposits + 1,
            fill_id=fill_id + 1000,
            fills=fills,
            at=at(n),
            payload=payload,
        )


def _shown(balances: dict[str, Decimal]) -> dict[str, str]:
    return {a: str(v) for a, v in balances.items()}


@pytest.fixture
def memory_journal() -> Iterator[Journal]:
    with Journal.open("sqlite://") as journal:
        yield journal


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(OPS, MODES), min_size=1, max_size=25))
def test_a_checkpoint_plus_the_rows_after_it_is_the_full_replay(
    steps: list[tuple[tuple[Any, ...], str]],
) -> None:
    with Journal.open("sqlite://") as journal:
        driver = Driver(journal)
        for op, mode in steps:
            driver.step(op, mode)
            for account in ACCOUNTS:
                expected = driver.model.shown(account)
                assert _shown(journal.balances(account)) == expected
                assert _shown(journal.replayed_balances(account)) == expected


def test_a_read_starts_from_the_newest_checkpoint(memory_journal: Journal) -> None:
    """Proof the checkpoint is read, not re-derived: one that matches its rows' count but not
    their sum shows through (the journal's own writes never make one; triggers forbid edits)."""
    journal = memory_journal
    journal.record_deposit("USDT", Decimal("100"), at(0), "", account="paper")
    journal.record_deposit("USDT", Decimal("5"), at(1), "", account="paper")
    with journal._writing() as conn:
        journal._insert(
            conn,
            balance_checkpoints,
            account="paper",
            deposit_id=1,
            deposits=1,
            fill_id=0,
            fills=0,
            at=at(2),
            # deposit #1 measures len("USDT") + len("100") + len("deposit") = 14 characters
            payload='{"balances": {"USDT": "7"}, "sizes": [14, 0]}',
        )
    assert journal.balances("paper") == {"USDT": Decimal("12")}  # 7 from it, 5 after it
    assert journal.replayed_balances("paper") == {"USDT": Decimal("105")}


def test_a_checkpoint_whose_rows_no_longer_measure_the_same_is_ignored(
    memory_journal: Journal,
) -> None:
    """A covered row changed behind the journal's back (triggers dropped) no longer measures
    what the checkpoint recorded: the read sums every row, and a damaged one is named."""
    journal = memory_journal
    journal.record_deposit("USDT", Decimal("100"), at(0), "", account="paper")
    journal.record_deposit("USDT", Decimal("5"), at(1), "", account="paper")
    with journal._writing() as conn:
        for (name,) in conn.exec_driver_sql(
            "select name from sqlite_master where type = 'trigger'"
        ).fetchall():
            conn.exec_driver_sql(f"drop trigger {name}")
        conn.exec_driver_sql("update deposits set amount = '1000' where id = 1")
    assert journal.balances("paper") == {"USDT": Decimal("1005")}  # not the checkpoint's 105
    with journal._writing() as conn:
        conn.exec_driver_sql("update deposits set amount = 'Infinity' where id = 1")
    with pytest.raises(JournalError, match="deposit #1"):
        journal.balances("paper")


def test_a_checkpoint_without_sizes_is_not_trusted(memory_journal: Journal) -> None:
    journal = memory_journal
    journal.record_deposit("USDT", Decimal("100"), at(0), "", account="paper")
    with journal._writing() as conn:
        journal._insert(
            conn,
            balance_checkpoints,
            account="paper",
            deposit_id=1,
            deposits=1,
            fill_id=0,
            fills=0,
            at=at(2),
            payload='{"balances": {"USDT": "7"}}',
        )
    assert journal.balances("paper") == {"USDT": Decimal("100")}


def test_each_write_that_moves_a_balance_appends_one_checkpoint_covering_it(
    memory_journal: Journal,
) -> None:
    journal = memory_journal
    driver = Driver(journal)
    ops: list[tuple[Any, ...]] = [
        ("deposit", "bob", "USDT", Decimal("1000.00")),
        ("funding", "bob", Decimal("50")),
        ("import", "bob", [("ETH", Decimal("2")), ("BNB", Decimal("0.5"))]),
        ("adjust", "bob", {"ETH": Decimal("-0.001"), "USDT": Decimal("0.01")}),
        (
            "fill",
            "bob",
            "ETH/USDT",
            "sell",
            [(Decimal("1"), Decimal("3000"), Decimal("3000"), Decimal("0.001"), "BNB")],
        ),
    ]
    c = balance_checkpoints.c
    for count, op in enumerate(ops, start=1):
        driver.step(op, "normal")
        with journal._reading() as conn:
            rows = conn.execute(
                sa.select(c.deposits, c.fills, c.payload).where(c.account == "bob")
            ).all()
        assert len(rows) == count
    assert rows[-1].deposits == 6 and rows[-1].fills == 1
    assert journal.balances("bob") == {
        "BNB": Decimal("0.499"),
        "ETH": Decimal("0.999"),
        "USDT": Decimal("4050.01"),
    }
    assert journal.balances("paper") == {}


def test_a_row_committed_later_under_a_lower_id_is_not_missed(memory_journal: Journal) -> None:
    """PostgreSQL hands out ids before commit, so a checkpoint can be written while a row with
    a lower id is still uncommitted; when that row appears, the checkpoint no longer counts its
    rows right and is ignored."""
    journal = memory_journal
    journal.record_deposit("USDT", Decimal("1"), at(0), "", account="paper")  # id 1
    with journal._writing() as conn:  # id 5: leaves 2-4 free, as concurrent writers would
        conn.exec_driver_sql(
            "INSERT INTO deposits (id, asset, amount, note, at, recorded_at, account, kind) "
            "VALUES (5, 'USDT', '2', '', '2026-11-20 12:00:05', '2026-11-20 12:00:05', "
            "'paper', 'deposit')"
        )
    journal.record_deposit("USDT", Decimal("4"), at(6), "", account="paper")  # checkpoint: 3 rows
    assert journal.balances("paper") == {"USDT": Decimal("7")}
    with journal._writing() as conn:  # the late commit under id 3
        conn.exec_driver_sql(
            "INSERT INTO deposits (id, asset, amount, note, at, recorded_at, account, kind) "
            "VALUES (3, 'USDT', '8', '', '2026-11-20 12:00:03', '2026-11-20 12:00:03', "
            "'paper', 'deposit')"
        )
    assert journal.balances("paper") == {"USDT": Decimal("15")}
    journal.record_deposit("USDT", Decimal("16"), at(7), "", account="paper")
    assert journal.balances("paper") == journal.replayed_balances("paper")
    assert journal.balances("paper") == {"USDT": Decimal("31")}


def test_checkpoints_are_append_only(memory_journal: Journal) -> None:
    memory_journal.record_deposit("USDT", Decimal("1"), at(0), "", account="paper")
    for statement in (
        "UPDATE balance_checkpoints SET fills = 9",
        "DELETE FROM balance_checkpoints",
    ):
        with (
            pytest.raises(JournalError, match="append-only"),
            memory_journal._db.transaction(write=True) as conn,
        ):
            conn.exec_driver_sql(statement)


def test_a_journal_from_before_checkpoints_reads_the_same_and_gains_them(
    journal_path: Path,
) -> None:
    url = f"sqlite:///{journal_path}"
    with Journal.open(url) as journal:
        driver = Driver(journal)
        for op in (
            ("deposit", "paper", "USDT", Decimal("10000.00")),
            (
                "fill",
                "paper",
                "BTC/USDT",
                "buy",
                [(Decimal("0.1"), Decimal("90000"), Decimal("9000.0"), Decimal("9"), "USDT")],
            ),
            ("adjust", "paper", {"BTC": Decimal("-0.0001")}),
        ):
            driver.step(op, "normal")
        with journal._db.transaction(write=True) as conn:  # the schema before checkpoints
            command.downgrade(alembic_config(connection=conn), "0005")
            assert "balance_checkpoints" not in sa.inspect(conn).get_table_names()
    expected = driver.model.shown("paper")
    assert expected == {"BTC": "0.0999", "USDT": "991.00"}
    with Journal.open(url) as journal:  # upgraded to 0006: no checkpoint yet
        with journal._reading() as conn:
            count = sa.select(sa.func.count()).select_from(balance_checkpoints)
            assert conn.execute(count).scalar() == 0
        assert _shown(journal.balances("paper")) == expected
        journal.record_deposit("USDT", Decimal("0.50"), at(100), "", account="paper")
        with journal._reading() as conn:
            row = conn.execute(sa.select(balance_checkpoints)).one()
        assert (row.deposits, row.fills) == (3, 1)  # it covers the rows from before it too
        assert _shown(journal.balances("paper")) == {"BTC": "0.0999", "USDT": "991.50"}
        assert journal.balances("paper") == journal.replayed_balances("paper")


def test_a_balance_back_at_zero_keeps_its_digits_in_the_checkpoint(memory_journal: Journal) -> None:
    """1.50 - 1.5 is 0.00, and 0.00 + 2 is 2.00: a checkpoint that dropped the zero would
    make it 2, equal in value but not in form to the full sum."""
    journal = memory_journal
    journal.record_deposit("USDT", Decimal("1.50"), at(0), "", account="paper")
    journal.record_adjustments("paper", {"USDT": Decimal("-1.5")}, at(1), "reconciled")
    assert journal.balances("paper") == {}
    journal.record_deposit("USDT", Decimal("2"), at(2), "", account="paper")
    assert _shown(journal.balances("paper")) == {"USDT": "2.00"}
    assert _shown(journal.replayed_balances("paper")) == {"USDT": "2.00"}


def test_a_damaged_row_stops_the_checkpoint_not_the_write(memory_journal: Journal) -> None:
    """A fill of a real order must be kept even when an older row no longer reads back: the
    write goes in without a checkpoint, and reading the balances says what is damaged."""
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
    with pytest.raises(JournalError, match=r"deposit #2 .* no longer reads back"):
        journal.balances("paper")
