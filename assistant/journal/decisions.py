"""Decision records (the evidence a "why" answer cites) and conversation messages.

A decision is written once and read many times; asking for one that does not exist is an input
error with a way forward, never an empty story. Messages are kept for the agent's memory; unlike
the audit tables they carry no append-only trigger, so a later "forget this conversation" can
exist, but this module offers no way to change them either.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from assistant.domain import Decision, JournalError, UserInputError
from assistant.domain.secrets import redact, redact_typed

from . import codec
from .payload_sql import payload_fields
from .records import ChatMessage, DecisionRow
from .schema import decisions, messages
from .store import Store

_ROLE = re.compile(r"^[a-z_]{1,20}$")


def no_decision(decision_id: str) -> UserInputError:
    return UserInputError(f"no decision {decision_id}; the journal lists the decisions")


class DecisionRecords(Store):
    def record_decision(self, decision: Decision) -> None:
        """Keep a decision; recording the very same decision again changes nothing."""
        at = codec.utc(decision.created_at, "decision")
        with self._writing() as conn:
            query = select(decisions.c.payload).where(
                decisions.c.decision_id == decision.decision_id
            )
            stored = conn.execute(query).scalar_one_or_none()
            if stored is not None:
                record = f"decision {decision.decision_id}"
                if codec.load(Decision, stored, where=self.where, record=record) == decision:
                    return
                raise JournalError(
                    f"decision {decision.decision_id} is already in the journal with other "
                    "content; decisions are never changed, give the new one a new id."
                )
            self._insert(
                conn,
                decisions,
                decision_id=decision.decision_id,
                plan_hash=decision.plan_hash,
                spec_name=decision.spec_name,
                at=at,
                payload=codec.dump(decision),
                account=decision.account,
            )

    def get_decision(self, decision_id: str) -> Decision:
        """The decision with this id, or with this unique prefix of at least 8 characters."""
        key = decision_id.strip()
        by_id = select(decisions.c.payload).where(decisions.c.decision_id == key)
        by_prefix = (
            select(decisions.c.payload)
            .where(decisions.c.decision_id.startswith(key, autoescape=True))
            .limit(2)
        )
        with self._reading() as conn:
            exact = conn.execute(by_id).scalar_one_or_none()
            found = [exact] if exact is not None else []
            if not found and len(key) >= 8:
                found = list(conn.execute(by_prefix).scalars())
        if not found:
            raise no_decision(key or repr(decision_id))
        if len(found) > 1:
            raise UserInputError(
                f"more than one decision starts with {key}; give more characters of its id"
            )
        return codec.load(Decision, found[0], where=self.where, record=f"decision {key}")

    def latest_decision(
        self, spec_name: str | None = None, *, account: str | None = None
    ) -> Decision | None:
        """The newest decision, of one spec and/or one account when given."""
        found = self.decisions(limit=1, spec_name=spec_name, account=account)
        return found[0] if found else None

    def decisions(
        self, limit: int = 20, spec_name: str | None = None, *, account: str | None = None
    ) -> list[Decision]:
        """The most recent decisions (of one spec, one account, when given), newest first."""
        query = select(decisions.c.decision_id, decisions.c.payload)
        if spec_name is not None:
            query = query.where(decisions.c.spec_name == spec_name)
        if account is not None:
            query = query.where(decisions.c.account == account)
        count = min(max(0, limit), 1_000_000)  # SQLite's LIMIT is a 64-bit integer
        query = query.order_by(decisions.c.at.desc(), decisions.c.id.desc()).limit(count)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            codec.load(Decision, payload, where=self.where, record=f"decision {decision_id}")
            for decision_id, payload in rows
        ]

    def decision_rows(self, limit: int = 50, *, older_than: str | None = None) -> list[DecisionRow]:
        """A page of the decisions list, newest first: the ``limit`` decisions recorded before
        ``older_than`` (a decision id: the last row of the page before), or the newest ones.

        Each row is read from indexed columns and two payload fields the database extracts, so
        a page costs the same however long the journal is and whatever a decision holds; the
        whole record is decoded only when one is opened (:meth:`get_decision`)."""
        d = decisions.c
        query = select(
            d.decision_id,
            d.at,
            d.spec_name,
            payload_fields(d.payload, "spec_version", "trigger"),
        )
        if older_than is not None:
            mark = select(d.at, d.id).where(d.decision_id == older_than).subquery()
            query = query.where(or_(d.at < mark.c.at, and_(d.at == mark.c.at, d.id < mark.c.id)))
        count = min(max(0, limit), 1_000_000)  # SQLite's LIMIT is a 64-bit integer
        query = query.order_by(d.at.desc(), d.id.desc()).limit(count)
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [self._row(*row) for row in rows]

    def _row(self, decision_id: str, at: datetime, spec: str, fields: str | None) -> DecisionRow:
        """One list row; a payload without the two fields names the damaged decision."""
        try:
            version, trigger = json.loads(fields or "null")
            return DecisionRow(
                decision_id=decision_id,
                created_at=at,
                spec_name=spec,
                spec_version=version,
                trigger=trigger,
            )
        except (TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            detail = "no spec_version or trigger" if fields is None else str(exc)[:200]
            raise codec.damaged(f"decision {decision_id}", self.where, detail) from None

    def decision_for_plan(self, plan_hash: str) -> Decision | None:
        """The decision recorded when a plan finished (executed or partial), if any."""
        query = (
            select(decisions.c.payload)
            .where(decisions.c.plan_hash == plan_hash)
            .order_by(decisions.c.id.desc())
            .limit(1)
        )
        with self._reading() as conn:
            payload = conn.execute(query).scalar_one_or_none()
        return None if payload is None else codec.load(Decision, payload, where=self.where)

    def record_message(
        self,
        conversation_id: str,
        role: str,
        content: str,
        at: datetime,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Keep one conversation turn (``role``: "user", "assistant", "tool", "system").

        The content and meta pass through :func:`~assistant.domain.secrets.redact` first: a key
        pasted into the chat is never stored, whatever the caller did before; nor, in a person's
        message, a wallet's private key or seed phrase.
        """
        if not conversation_id or len(conversation_id) > 100:
            raise JournalError("a conversation id must be 1 to 100 characters long.")
        if not _ROLE.match(role):
            raise JournalError(f"message role {role!r} must be a short word such as 'user'.")
        when = codec.utc(at, "message")
        meta_text = redact(codec.dump_data(meta or {}))
        # a person's message may hold a private key or seed phrase typed for an address
        content = redact_typed(content) if role == "user" else redact(content)
        with self._writing() as conn:
            self._insert(
                conn,
                messages,
                conversation_id=conversation_id,
                role=role,
                content=content,
                meta=meta_text,
                at=when,
            )

    def messages(self, conversation_id: str) -> list[ChatMessage]:
        """A conversation's turns, in the order they were recorded."""
        m = messages.c
        query = (
            select(m.conversation_id, m.role, m.content, m.at, m.meta)
            .where(m.conversation_id == conversation_id)
            .order_by(m.id)
        )
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            ChatMessage(
                conversation_id=row.conversation_id,
                role=row.role,
                content=row.content,
                at=row.at,
                meta=codec.load_data(row.meta, where=self.where, record="a message's meta"),
            )
            for row in rows
        ]
