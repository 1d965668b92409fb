"""Accounts and which strategy runs on which, as the journal keeps them.

An account is recorded once and never changed (there is no edit yet; a change would be a new
row). A strategy's account is its latest binding row, so moving a strategy to another account is
one more row and the history of where it ran stays readable. This module never decides whether a
binding is allowed; the engine does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from assistant.domain import Account, UserInputError

from . import codec
from .schema import accounts, strategy_accounts
from .store import Store


def no_account(name: str) -> UserInputError:
    return UserInputError(
        f"there is no account named '{name}'.",
        hint="`coinpilot account list` shows them; `coinpilot account add NAME --paper` or "
        "`--exchange ID` makes one.",
    )


class AccountRecords(Store):
    def record_account(self, account: Account) -> None:
        """Keep a new account; a name already taken is refused (accounts are never replaced)."""
        when = codec.utc(account.created_at, "account creation")
        with self._writing() as conn:
            taken = conn.execute(select(accounts.c.id).where(accounts.c.name == account.name))
            if taken.first() is not None:
                raise UserInputError(
                    f"an account named '{account.name}' already exists.",
                    hint="Choose another name; `coinpilot account list` shows the ones in use.",
                )
            self._insert(
                conn,
                accounts,
                name=account.name,
                kind=account.kind,
                exchange=account.exchange,
                sandbox=account.sandbox,
                quote=account.quote,
                at=when,
                payload=codec.dump(account),
            )

    def find_account(self, name: str) -> Account | None:
        query = select(accounts.c.payload).where(accounts.c.name == name)
        with self._reading() as conn:
            payload = conn.execute(query).scalar_one_or_none()
        return None if payload is None else codec.load(Account, payload, where=self.where)

    def get_account(self, name: str) -> Account:
        """The account called ``name``, or a :class:`UserInputError` that says how to make one."""
        found = self.find_account(name)
        if found is None:
            raise no_account(name)
        return found

    def accounts(self) -> list[Account]:
        """Every account, oldest first."""
        with self._reading() as conn:
            rows = conn.execute(select(accounts.c.payload).order_by(accounts.c.id)).scalars()
            return [codec.load(Account, p, where=self.where) for p in rows]

    def bind_strategy(self, spec_name: str, account: str, note: str, at: datetime) -> None:
        """Record that strategy ``spec_name`` runs on ``account`` from now on."""
        when = codec.utc(at, "strategy binding")
        with self._writing() as conn:
            self._insert(
                conn, strategy_accounts, spec_name=spec_name, account=account, note=note, at=when
            )

    def account_of(self, spec_name: str) -> str | None:
        """The account strategy ``spec_name`` runs on (its latest binding), if it has one."""
        b = strategy_accounts.c
        query = select(b.account).where(b.spec_name == spec_name).order_by(b.id.desc()).limit(1)
        with self._reading() as conn:
            return conn.execute(query).scalar_one_or_none()

    def strategies_on(self, account: str) -> list[str]:
        """The strategies whose latest binding is ``account``, in the order they were bound."""
        b = strategy_accounts.c
        latest = select(b.spec_name, func.max(b.id).label("last")).group_by(b.spec_name).subquery()
        query = (
            select(b.spec_name)
            .join(latest, latest.c.last == b.id)
            .where(b.account == account)
            .order_by(b.id)
        )
        with self._reading() as conn:
            return list(conn.execute(query).scalars())
