"""An account's balances: the one place they are summed, and the checkpoints that keep it fast.

A balance is derived, never the truth: the credits of one account (money put in, a plan's paper
funding, holdings imported with their source, the reconciliation gate's signed adjustments),
plus for each of its fills of BASE/QUOTE, on a buy ``+quantity BASE, -cost QUOTE``, on a sell
``-quantity BASE, +cost QUOTE``, and always ``-fee`` in the fee currency. The sums are exact: an
arithmetic step that would round raises instead. This holds for every kind of account; an
exchange account's journal balances are what the reconciliation gate compares with the venue.

Summing every fill on every read grows with an account's history (a year of trades by ten
strategies on one account made ``portfolio`` 4-6x slower), so every write that changes an
account's balances (a credit, an order's fills) appends, in its own transaction, a
*checkpoint*: the totals it leaves, and which rows they cover (the account's deposits up to one
id and how many, its fills up to one id and how many). A read starts from the newest checkpoint
and sums only the rows after it. A checkpoint is ignored (the read sums every row, as a journal
from before checkpoints does) when it is unreadable or when the rows it claims no longer count
what it says: for example a row another transaction committed later under a lower id
(PostgreSQL). Totals keep their exact Decimal form, zeros included, so a checkpoint plus the rows
after it is the full sum digit for digit (:meth:`BalanceRecords.replayed_balances` is that sum).
Nothing here edits a row; checkpoints are appended like every other record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact, InvalidOperation, Overflow, localcontext
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    ScalarSelect,
    Table,
    bindparam,
    func,
    literal_column,
    select,
    union_all,
)

from assistant.domain import Fill, JournalError

from . import codec
from .schema import balance_checkpoints, deposits, fills
from .store import Store

_EXACT = Context(prec=200, traps=[Inexact, InvalidOperation, Overflow])
#: No real balance comes near this; a sum past it means a stored amount was changed.
_MAX_BALANCE = Decimal("1e20")


@dataclass(frozen=True)
class Tally:
    """Totals per asset (zeros kept, in their exact form) and the rows they cover."""

    totals: dict[str, Decimal] = field(default_factory=dict)
    deposit_id: int = 0
    deposits: int = 0
    fill_id: int = 0
    fills: int = 0


def add_fill(totals: dict[str, Decimal], fill: Fill, base: str, quote: str) -> None:
    """What one fill of ``base``/``quote`` does to its account's balances, added to ``totals``
    in place (call it under an exact context to have a rounding step raise)."""
    sign = 1 if fill.side == "buy" else -1
    totals[base] = totals.get(base, Decimal(0)) + sign * fill.quantity
    totals[quote] = totals.get(quote, Decimal(0)) - sign * fill.cost
    totals[fill.fee_currency] = totals.get(fill.fee_currency, Decimal(0)) - fill.fee


class BalanceRecords(Store):
    def balances(self, account: str) -> dict[str, Decimal]:
        """Every asset's balance in ``account``, exact; assets at exactly zero are left out."""
        with self._reading() as conn:
            start = self._checkpoint(conn, account)
            return self._finish(self._tally(conn, account, start), account)

    def replayed_balances(self, account: str) -> dict[str, Decimal]:
        """:meth:`balances` summed from the first row, every checkpoint ignored: what each
        checkpoint plus the rows after it must equal (tests and a doubtful journal use it)."""
        with self._reading() as conn:
            return self._finish(self._tally(conn, account, Tally()), account)

    def _checkpoint_balances(self, conn: Connection, account: str) -> None:
        """Append ``account``'s checkpoint as of ``conn``'s rows; call it inside the write that
        changed them, so the two commit or vanish together. A journal whose rows cannot be summed
        gets no checkpoint (its reads raise instead), and the write it follows still happens."""
        try:
            tally = self._tally(conn, account, self._checkpoint(conn, account))
        except JournalError:
            return
        sizes = conn.execute(
            _COVERED_SIZES,
            {"account": account, "deposit_id": tally.deposit_id, "fill_id": tally.fill_id},
        ).one()
        payload = {
            "balances": {asset: str(total) for asset, total in sorted(tally.totals.items())},
            "sizes": [int(sizes.deposit_chars), int(sizes.fill_chars)],
        }
        self._insert(
            conn,
            balance_checkpoints,
            account=account,
            deposit_id=tally.deposit_id,
            deposits=tally.deposits,
            fill_id=tally.fill_id,
            fills=tally.fills,
            at=codec.now(),
            payload=codec.dump_data(payload),
        )

    def _checkpoint(self, conn: Connection, account: str) -> Tally:
        """``account``'s newest checkpoint, or an empty tally where it has none to trust.

        One statement, built once, reads it with the counts of the rows it claims: building
        and running statements, not summing the few rows after a checkpoint, is what a read
        costs."""
        row = conn.execute(_NEWEST_CHECKPOINT, {"account": account}).first()
        if row is None or (row.deposits_now, row.fills_now) != (row.deposits, row.fills):
            return Tally()
        stored = _stored_totals(row.payload)
        if stored is None or stored[1] != (row.deposit_chars_now, row.fill_chars_now):
            return Tally()
        totals = stored[0]
        return Tally(totals, row.deposit_id, row.deposits, row.fill_id, row.fills)

    def _tally(self, conn: Connection, account: str, start: Tally) -> Tally:
        """``start`` plus ``account``'s deposits and fills after the rows it covers."""
        rows = conn.execute(
            _ROWS_AFTER,
            {"account": account, "deposit_id": start.deposit_id, "fill_id": start.fill_id},
        )
        credited: list[Sequence[Any]] = []
        traded: list[Sequence[Any]] = []
        for src, *row in rows:
            (traded if src else credited).append(row)
        totals = dict(start.totals)
        try:
            with localcontext(_EXACT):
                self._add_credits(totals, credited)
                self._add_fills(totals, traded)
        except (Inexact, InvalidOperation, Overflow):
            raise JournalError(
                f"the balances of account {account} in {self.where} cannot be summed exactly; "
                "a stored amount has too many digits."
            ) from None
        return Tally(
            totals,
            deposit_id=credited[-1][0] if credited else start.deposit_id,
            deposits=start.deposits + len(credited),
            fill_id=traded[-1][0] if traded else start.fill_id,
            fills=start.fills + len(traded),
        )

    def _add_credits(self, totals: dict[str, Decimal], rows: Iterable[Any]) -> None:
        for row_id, asset, amount, kind in rows:
            what = f"deposit #{row_id}"
            symbol = self._stored_symbol(asset, what)
            credit = codec.parse_decimal(amount, what, where=self.where)
            if credit == 0 or (credit < 0 and kind != "adjustment"):  # never written
                raise codec.damaged(what, self.where, f"the amount {amount!r} is not positive")
            totals[symbol] = totals.get(symbol, Decimal(0)) + credit

    def _add_fills(self, totals: dict[str, Decimal], rows: Sequence[Any]) -> None:
        for row_id, base, quote, payload in rows:
            record = f"fill #{row_id}"
            base = self._stored_symbol(base, record)
            quote = self._stored_symbol(quote, record)
            add_fill(
                totals, codec.load(Fill, payload, where=self.where, record=record), base, quote
            )

    def _finish(self, tally: Tally, account: str) -> dict[str, Decimal]:
        """The balances a caller sees: zeros left out, a sum beyond any real amount refused."""
        for asset, total in tally.totals.items():
            if abs(total) >= _MAX_BALANCE:
                raise codec.damaged(
                    f"the {asset} balance of account {account}",
                    self.where,
                    f"{total:.3e} is beyond any real amount",
                )
        return {a: tally.totals[a] for a in sorted(tally.totals) if tally.totals[a] != 0}

    def _stored_symbol(self, value: object, record: str) -> str:
        """An asset column as the journal writes it; anything else is damage."""
        if not isinstance(value, str) or not value.isalnum() or len(value) > 20:
            raise codec.damaged(record, self.where, f"the asset {value!r:.40} is not a symbol")
        return value


def _counted(table: Table, up_to: ColumnElement[int]) -> ScalarSelect[int]:
    """How many of the account's rows in ``table`` have an id up to ``up_to`` (a column of the
    checkpoint the query reads)."""
    query = select(func.count()).where(table.c.account == bindparam("account"), table.c.id <= up_to)
    return query.scalar_subquery()


#: The stored text a balance is summed from, per table: what a checkpoint measures.
_MEASURED = {
    "deposits": ("asset", "amount", "kind"),
    "fills": ("base", "quote", "payload"),
}


def _measured(table: Table, up_to: ColumnElement[int]) -> ScalarSelect[int]:
    """The total length of the summed columns of the account's rows in ``table`` with an id up
    to ``up_to``: summed by the database, no row decoded."""
    length = sum(
        (func.coalesce(func.length(table.c[name]), 0) for name in _MEASURED[table.name]),
        start=literal_column("0", Integer),
    )
    query = select(func.coalesce(func.sum(length), 0)).where(
        table.c.account == bindparam("account"), table.c.id <= up_to
    )
    return query.scalar_subquery()


_c = balance_checkpoints.c
#: An account's newest checkpoint and how many rows it covers now (to compare with its own).
_NEWEST_CHECKPOINT = (
    select(
        _c.deposit_id,
        _c.deposits,
        _c.fill_id,
        _c.fills,
        _c.payload,
        _counted(deposits, _c.deposit_id).label("deposits_now"),
        _counted(fills, _c.fill_id).label("fills_now"),
        _measured(deposits, _c.deposit_id).label("deposit_chars_now"),
        _measured(fills, _c.fill_id).label("fill_chars_now"),
    )
    .where(_c.account == bindparam("account"))
    .order_by(_c.id.desc())
    .limit(1)
)
#: The lengths a new checkpoint records for the rows it covers.
_COVERED_SIZES = select(
    _measured(deposits, bindparam("deposit_id")).label("deposit_chars"),
    _measured(fills, bindparam("fill_id")).label("fill_chars"),
)
_d, _f = deposits.c, fills.c
_after = union_all(
    select(literal_column("0", Integer).label("src"), _d.id, _d.asset, _d.amount, _d.kind).where(
        _d.account == bindparam("account"), _d.id > bindparam("deposit_id")
    ),
    select(literal_column("1", Integer).label("src"), _f.id, _f.base, _f.quote, _f.payload).where(
        _f.account == bindparam("account"), _f.id > bindparam("fill_id")
    ),
)
#: An account's deposits after one id, then its fills after another, each in id order.
_ROWS_AFTER = _after.order_by(_after.selected_columns.src, _after.selected_columns.id)


def _stored_totals(payload: object) -> tuple[dict[str, Decimal], tuple[int, int]] | None:
    """A checkpoint's totals and the lengths of the rows it covers, or None where the row does
    not read back (it is then ignored: the rows it summarized are still there to sum)."""
    if not isinstance(payload, str):
        return None
    try:
        data = codec.load_data(payload)
    except JournalError:
        return None
    stored = data.get("balances")
    sizes = data.get("sizes")
    if not isinstance(stored, dict) or not isinstance(sizes, list) or len(sizes) != 2:
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes):
        return None
    totals: dict[str, Decimal] = {}
    for asset, text in stored.items():
        if not isinstance(asset, str) or not asset.isalnum() or not isinstance(text, str):
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        if not value.is_finite():
            return None
        totals[asset] = value
    return totals, (sizes[0], sizes[1])
