"""Watched wallets in the journal: 'added' and 'removed' events, replayed into the current set.

Adding and removing a wallet is part of the record ("when did I start watching that address?"),
so nothing is updated or deleted: the latest event per name decides whether it is watched. A
name can be used again after it was removed. Rows are validated back into
:class:`~assistant.domain.Wallet`, so a stored address is checked again on every read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from assistant.domain import UserInputError, Wallet

from . import codec
from .schema import wallets
from .store import Store

ADDED, REMOVED = "added", "removed"


class WalletRecords(Store):
    def record_wallet_added(self, wallet: Wallet) -> None:
        with self._writing() as conn:
            self._insert(
                conn,
                wallets,
                name=wallet.name,
                action=ADDED,
                chain=wallet.chain,
                address=wallet.address,
                at=codec.utc(wallet.added_at, "wallet"),
                payload=codec.dump(wallet),
            )

    def record_wallet_removed(self, wallet: Wallet, at: datetime) -> None:
        with self._writing() as conn:
            self._insert(
                conn,
                wallets,
                name=wallet.name,
                action=REMOVED,
                chain=wallet.chain,
                address=wallet.address,
                at=codec.utc(at, "wallet removal"),
                payload=codec.dump(wallet),
            )

    def wallets(self) -> list[Wallet]:
        """The watched wallets, in the order they were added."""
        with self._reading() as conn:
            rows = conn.execute(
                select(wallets.c.id, wallets.c.name, wallets.c.action, wallets.c.payload).order_by(
                    wallets.c.id
                )
            ).all()
        current: dict[str, Wallet] = {}
        for row_id, name, action, payload in rows:
            if action == REMOVED:
                current.pop(name, None)
                continue
            if action != ADDED:
                raise codec.damaged(f"wallet row #{row_id}", self.where, f"action {action!r}")
            current.pop(name, None)
            try:
                current[name] = codec.load(
                    Wallet, payload, where=self.where, record=f"wallet row #{row_id}"
                )
            except UserInputError as exc:  # a stored address that no longer checks out
                raise codec.damaged(f"wallet row #{row_id}", self.where, exc.message) from None
        return list(current.values())
