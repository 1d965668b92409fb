"""Account events: reconciliations, halts and resumes of trading, refusals outside a plan.

The journal keeps them as facts and decides nothing: whether an account may trade is the
engine's call (:mod:`assistant.engine.limits`, :mod:`assistant.engine.reconciliation`). A halt
covers one account, or every account when recorded on :data:`ALL_ACCOUNTS`; a scope is halted
when its latest halt-or-resume row is a halt.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, select

from assistant.domain import JournalError

from . import codec
from .schema import account_events
from .store import Store

#: The scope of a halt recorded for every account at once.
ALL_ACCOUNTS = "*"

EventKind = Literal["reconciled", "mismatch", "halt", "resume", "refused"]
EVENT_KINDS: tuple[str, ...] = ("reconciled", "mismatch", "halt", "resume", "refused")


class EventRecords(Store):
    def record_event(
        self,
        account: str,
        kind: EventKind,
        message: str,
        at: datetime,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Keep one event of ``account`` (``*`` for a halt or resume of every account)."""
        if kind not in EVENT_KINDS:
            raise JournalError(f"unknown account event kind {kind!r}.")
        with self._writing() as conn:
            self._insert(
                conn,
                account_events,
                account=account,
                kind=kind,
                message=message,
                at=codec.utc(at, f"{kind} event"),
                payload=codec.dump_data(payload or {}),
            )

    def events(
        self,
        account: str | None = None,
        kinds: Collection[str] = EVENT_KINDS,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """The newest ``limit`` events (of ``account`` and of ``*`` when given), newest first."""
        query = select(account_events).where(account_events.c.kind.in_(list(kinds)))
        if account is not None:
            query = query.where(account_events.c.account.in_([account, ALL_ACCOUNTS]))
        return self._events(query.order_by(account_events.c.id.desc()).limit(limit))

    def halt_of(self, account: str) -> dict[str, Any] | None:
        """The halt in force on ``account`` (its own, else every account's), or None."""
        for scope in (account, ALL_ACCOUNTS):
            halt = self.own_halt(scope)
            if halt is not None:
                return halt
        return None

    def own_halt(self, scope: str) -> dict[str, Any] | None:
        """The halt recorded on exactly ``scope`` (an account, or ``*``) and not resumed."""
        latest = self._latest(scope, ("halt", "resume"))
        return latest if latest is not None and latest["kind"] == "halt" else None

    def last_reconciliation(self, account: str) -> dict[str, Any] | None:
        """The newest ``reconciled`` event of ``account`` (its checkpoint), or None."""
        return self._latest(account, ("reconciled",))

    def _latest(self, scope: str, kinds: Collection[str]) -> dict[str, Any] | None:
        query = (
            select(account_events)
            .where(account_events.c.account == scope)
            .where(account_events.c.kind.in_(list(kinds)))
            .order_by(account_events.c.id.desc())
            .limit(1)
        )
        found = self._events(query)
        return found[0] if found else None

    def _events(self, query: Select[Any]) -> list[dict[str, Any]]:
        with self._reading() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            {
                "id": row["id"],
                "account": row["account"],
                "kind": row["kind"],
                "message": row["message"],
                "at": row["at"],
                "payload": codec.load_data(
                    row["payload"], where=self.where, record=f"account event #{row['id']}"
                ),
            }
            for row in rows
        ]
