"""An account's credits (deposits, funding, imports, adjustments) and portfolio snapshots.

The credits are half of what balances are summed from (:mod:`.balances`, the one place that sums
them with the fills); each write of them appends the account's balance checkpoint in the same
transaction. A plan is funded at most once (a unique index), so two racing confirms cannot fund
it twice. This module never writes a balance, only the events balances are made of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import Connection, select

from assistant.domain import Fill, JournalError

from . import codec
from .balances import BalanceRecords
from .records import Snapshot
from .schema import deposits, fills, snapshots

CreditKind = Literal["deposit", "funding", "contribution", "import", "adjustment"]


def _symbol(asset: str, kind: str) -> str:
    symbol = asset.strip().upper()
    if not symbol or not symbol.isalnum() or len(symbol) > 20:
        raise JournalError(f"the {kind} asset {asset!r} is not a symbol such as USDT.")
    return symbol


def _aware(at: datetime) -> datetime:
    """A stored timestamp in UTC (SQLite hands them back naive)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class PaperRecords(BalanceRecords):
    def record_deposit(
        self, asset: str, amount: Decimal, at: datetime, note: str, *, account: str
    ) -> None:
        """Credit ``amount`` of ``asset`` to ``account`` (e.g. a paper account's capital)."""
        with self._writing() as conn:
            self._credit(conn, account, "deposit", asset, amount, at, note)
            self._checkpoint_balances(conn, account)

    def record_contribution(
        self, account: str, asset: str, amount: Decimal, at: datetime, note: str
    ) -> None:
        """Credit a recurring contribution (the spec's ``[contributions]``) to ``account``.

        Only a replay writes these (``watch/replay.py``): there the person's deposits are part
        of the scenario, as the backtest assumes them. Watching a real account never invents
        one; money a person sends is a ``deposit``."""
        with self._writing() as conn:
            self._credit(conn, account, "contribution", asset, amount, at, note)
            self._checkpoint_balances(conn, account)

    def contributions(self, account: str, asset: str) -> list[tuple[datetime, Decimal]]:
        """The contributions of ``asset`` credited to ``account``, oldest first, in UTC."""
        d = deposits.c
        query = (
            select(d.amount, d.at)
            .where(d.account == account, d.asset == asset.strip().upper())
            .where(d.kind == "contribution")
            .order_by(d.at, d.id)
        )
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            (_aware(at), codec.parse_decimal(amount, "contribution amount", where=self.where))
            for amount, at in rows
        ]

    def record_funding(
        self, account: str, plan_hash: str, asset: str, amount: Decimal, at: datetime, note: str
    ) -> bool:
        """Fund ``account`` for one plan; False (and nothing written) if that plan was funded."""
        with self._writing() as conn:
            done = conn.execute(
                select(deposits.c.id).where(
                    deposits.c.kind == "funding", deposits.c.plan_hash == plan_hash
                )
            ).first()
            if done is not None:
                return False
            self._credit(conn, account, "funding", asset, amount, at, note, plan_hash=plan_hash)
            self._checkpoint_balances(conn, account)
        return True

    def record_import(
        self,
        account: str,
        holdings: Sequence[tuple[str, Decimal, dict[str, Any]]],
        source: str,
        at: datetime,
    ) -> None:
        """Record holdings the person already had as ``account``'s opening balances, in one go.

        Each item is ``(asset, quantity, details)``; ``details`` (cost basis, acquisition date)
        is kept with the row for later accounting, and ``source`` says where they came from.
        """
        with self._writing() as conn:
            for asset, quantity, details in holdings:
                note = f"imported from {source}"
                payload = codec.dump_data({"source": source, **details})
                self._credit(conn, account, "import", asset, quantity, at, note, payload=payload)
            self._checkpoint_balances(conn, account)

    def record_adjustments(
        self, account: str, amounts: dict[str, Decimal], at: datetime, note: str
    ) -> None:
        """Bring ``account``'s journal balances to the exchange's by these signed amounts, in one
        go: the reconciliation gate's resolution of differences within its tolerance."""
        with self._writing() as conn:
            for asset, amount in sorted(amounts.items()):
                self._credit(conn, account, "adjustment", asset, amount, at, note)
            self._checkpoint_balances(conn, account)

    def funding_of(self, plan_hash: str) -> Decimal:
        """How much a plan funded its paper account (0 if it did not)."""
        query = select(deposits.c.amount).where(
            deposits.c.kind == "funding", deposits.c.plan_hash == plan_hash
        )
        with self._reading() as conn:
            amount = conn.execute(query).scalar_one_or_none()
        if amount is None:
            return Decimal(0)
        return codec.parse_decimal(amount, "funding amount", where=self.where)

    def credits(self, account: str) -> list[dict[str, Any]]:
        """``account``'s deposits, fundings and imports, oldest first (for its history)."""
        d = deposits.c
        query = (
            select(d.kind, d.asset, d.amount, d.note, d.plan_hash, d.at, d.payload)
            .where(d.account == account)
            .order_by(d.id)
        )
        with self._reading() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def paper_entry_prices(
        self, account: str, quote: str, *, reset_by: Collection[str] = ()
    ) -> dict[str, Decimal]:
        """Each asset ``account`` holds, at its average cost in ``quote`` (what a stop-loss or
        take-profit is measured from, ``assistant/policy/risk.py``): a buy moves it to the
        quantity-weighted mean of the old cost and the fill's price, a sell leaves it, a
        position sold out forgets it. A sell whose order is in ``reset_by`` (a partial
        take-profit) makes what is left count as bought at that fill's price, as the backtester
        counts it. Fills in other quotes, fees and imported holdings are left out."""
        columns = (fills.c.id, fills.c.base, fills.c.quote, fills.c.payload)
        query = select(*columns).where(fills.c.account == account).order_by(fills.c.id)
        with self._reading() as conn:
            traded = conn.execute(query).all()
        units: defaultdict[str, Decimal] = defaultdict(Decimal)
        cost: dict[str, Decimal] = {}
        for row_id, base, fill_quote, payload in traded:
            if fill_quote != quote:
                continue
            record = f"fill #{row_id}"
            base = self._stored_symbol(base, record)
            fill = codec.load(Fill, payload, where=self.where, record=record)
            held = units[base]
            if fill.side == "buy":
                total = held + fill.quantity
                if total > 0:
                    cost[base] = (cost.get(base, Decimal(0)) * held + fill.cost) / total
                units[base] = total
            else:
                units[base] = held - fill.quantity
                if units[base] <= 0:
                    cost.pop(base, None)
                elif fill.client_order_id in reset_by:
                    cost[base] = fill.price
        return {a: c for a, c in sorted(cost.items()) if units[a] > 0}

    def last_deposit_at(self, account: str, asset: str) -> datetime | None:
        """When ``asset`` was last paid into ``account`` (a deposit or a plan's funding; None:
        never; a replay's contributions count): the day a recurring contribution's schedule
        counts from."""
        d = deposits.c
        query = (
            select(d.at)
            .where(d.account == account, d.asset == asset.strip().upper())
            .where(d.kind.in_(("deposit", "funding", "contribution")))
            .order_by(d.at.desc())
            .limit(1)
        )
        with self._reading() as conn:
            when = conn.execute(query).scalar()
        return when if isinstance(when, datetime) else None

    def record_snapshot(
        self,
        at: datetime,
        balances: dict[str, Decimal],
        prices: dict[str, Decimal],
        value: Decimal,
        weights: dict[str, float],
        *,
        account: str,
    ) -> None:
        """Keep ``account`` as valued at ``at`` (for charts and "how did we get here")."""
        when = codec.utc(at, "snapshot")
        for amount in (value, *balances.values(), *prices.values()):
            codec.decimal_text(amount, "snapshot amount")
        snapshot = Snapshot(at=when, balances=balances, prices=prices, value=value, weights=weights)
        with self._writing() as conn:
            self._insert(
                conn,
                snapshots,
                value=str(value),
                at=when,
                payload=codec.dump(snapshot),
                account=account,
            )

    def latest_snapshot(self, account: str | None = None) -> Snapshot | None:
        query = select(snapshots.c.payload).order_by(snapshots.c.at.desc(), snapshots.c.id.desc())
        if account is not None:
            query = query.where(snapshots.c.account == account)
        with self._reading() as conn:
            payload = conn.execute(query.limit(1)).scalar_one_or_none()
        if payload is None:
            return None
        return codec.load(Snapshot, payload, where=self.where, record="the latest snapshot")

    def _credit(
        self,
        conn: Connection,
        account: str,
        kind: CreditKind,
        asset: str,
        amount: Decimal,
        at: datetime,
        note: str,
        *,
        plan_hash: str | None = None,
        payload: str | None = None,
    ) -> None:
        symbol = _symbol(asset, kind)
        text = codec.decimal_text(amount, f"{kind} amount")
        if amount == 0 or (amount < 0 and kind != "adjustment"):
            raise JournalError(f"a {kind} must be a positive amount; got {amount} {symbol}.")
        self._insert(
            conn,
            deposits,
            asset=symbol,
            amount=text,
            note=note,
            at=codec.utc(at, kind),
            account=account,
            kind=kind,
            plan_hash=plan_hash,
            payload=payload,
        )
