"""The account's history as performance needs it: every portfolio snapshot and every deposit.

Snapshots are written after each execution (balances after the trades), so between two of them
the holdings did not change: valuing the newest snapshot before a day at that day's closes gives
the account's value that day. Deposits are the outside money to take out of returns.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from . import codec
from .records import Snapshot
from .schema import deposits, snapshots
from .store import Store


class HistoryRecords(Store):
    def snapshots(self, account: str | None = None, limit: int = 100_000) -> list[Snapshot]:
        """Portfolio snapshots of ``account`` (every account's when None), oldest first."""
        query = (
            select(snapshots.c.id, snapshots.c.payload)
            .order_by(snapshots.c.at, snapshots.c.id)
            .limit(min(max(0, limit), 1_000_000))
        )
        if account is not None:
            query = query.where(snapshots.c.account == account)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            codec.load(Snapshot, payload, where=self.where, record=f"snapshot #{row_id}")
            for row_id, payload in rows
        ]

    def deposits(self, account: str | None = None) -> list[tuple[datetime, str, Decimal]]:
        """``(at, asset, amount)`` of every deposit into ``account`` (all when None), oldest
        first."""
        d = deposits.c
        query = select(d.id, d.at, d.asset, d.amount).order_by(d.at, d.id)
        if account is not None:
            query = query.where(d.account == account)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            (at, asset, codec.parse_decimal(amount, f"deposit #{row_id}", where=self.where))
            for row_id, at, asset, amount in rows
        ]
