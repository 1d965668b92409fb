"""Execution locks: one row per account while a process executes a plan on it.

The row is a lease: who holds it (an owner token naming host and pid), since when, and its last
heartbeat. Claiming is an insert that only one process can win (the account is the primary key;
a loser sees the winner's row), taking over a stale lease is a compare-and-swap on the owner and
heartbeat it read, and releasing deletes only one's own row. All of it is portable SQL, so the
same lock holds on SQLite and PostgreSQL. Whether a holder is alive is the engine's judgement
(:mod:`assistant.engine.execution_lock`); this module only records and reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.exc import IntegrityError

from assistant.domain import JournalError

from . import codec
from .schema import execution_locks
from .store import Store


@dataclass(frozen=True)
class Lease:
    """Who holds an account's execution lock."""

    account: str
    plan_hash: str
    owner: str
    host: str
    pid: int
    acquired_at: datetime
    heartbeat_at: datetime


class LockRecords(Store):
    def claim_lock(
        self, account: str, plan_hash: str, owner: str, host: str, pid: int, at: datetime
    ) -> Lease | None:
        """Take ``account``'s lock; None when taken, else the lease of whoever holds it."""
        when = codec.utc(at, "lock")
        with self._writing() as conn:
            held = self._lease(conn, account)
            if held is not None:
                return held
            try:
                with conn.begin_nested():
                    conn.execute(
                        execution_locks.insert().values(
                            account=account,
                            plan_hash=plan_hash,
                            owner=owner,
                            host=host,
                            pid=pid,
                            acquired_at=when,
                            heartbeat_at=when,
                        )
                    )
            except IntegrityError:  # another process inserted first (PostgreSQL)
                return self._lease(conn, account)
        return None

    def take_over_lock(
        self, held: Lease, plan_hash: str, owner: str, host: str, pid: int, at: datetime
    ) -> bool:
        """Replace the stale lease ``held`` with ours; False if it changed since it was read."""
        when = codec.utc(at, "lock")
        c = execution_locks.c
        with self._writing() as conn:
            done = conn.execute(
                update(execution_locks)
                .where(
                    c.account == held.account,
                    c.owner == held.owner,
                    c.heartbeat_at == held.heartbeat_at,
                )
                .values(
                    plan_hash=plan_hash,
                    owner=owner,
                    host=host,
                    pid=pid,
                    acquired_at=when,
                    heartbeat_at=when,
                )
            )
        return done.rowcount == 1

    def renew_lock(self, account: str, owner: str, at: datetime, plan_hash: str) -> None:
        """Heartbeat; :class:`JournalError` if the lease is no longer ours (taken over)."""
        when = codec.utc(at, "lock heartbeat")
        c = execution_locks.c
        with self._writing() as conn:
            done = conn.execute(
                update(execution_locks)
                .where(c.account == account, c.owner == owner)
                .values(heartbeat_at=when, plan_hash=plan_hash)
            )
        if done.rowcount != 1:
            raise JournalError(
                f"the execution lock on account {account} was taken over by another process; "
                "this one stops here."
            )

    def release_lock(self, account: str, owner: str) -> None:
        """Drop our lease on ``account`` (a no-op if it is not ours)."""
        c = execution_locks.c
        with self._writing() as conn:
            conn.execute(delete(execution_locks).where(c.account == account, c.owner == owner))

    def lock_of(self, account: str) -> Lease | None:
        """Who holds ``account``'s lock now, if anyone."""
        with self._reading() as conn:
            return self._lease(conn, account)

    @staticmethod
    def _lease(conn: Connection, account: str) -> Lease | None:
        row = conn.execute(
            select(execution_locks).where(execution_locks.c.account == account)
        ).first()
        return None if row is None else Lease(**row._mapping)
