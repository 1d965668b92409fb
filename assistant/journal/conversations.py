"""Conversations: the chat messages grouped for a list, and the one delete the journal allows.

Messages are the assistant's memory of what was said, not audit evidence: specs, plans,
confirmations, orders and decisions are recorded apart from them, under append-only triggers,
and stay whatever happens here. So a person may forget a conversation (its messages are
deleted); nothing else in the journal can be deleted or changed.
"""

from __future__ import annotations

from sqlalchemy import and_, delete, func, select

from assistant.domain import UserInputError

from .records import ConversationSummary
from .schema import messages
from .store import Store

#: Characters of the first message kept as a conversation's title.
TITLE_LENGTH = 80


class ConversationRecords(Store):
    def conversations(self, limit: int = 100) -> list[ConversationSummary]:
        """Conversations with at least one message, the most recently active first."""
        m = messages.c
        first_user = (
            select(m.conversation_id, func.min(m.id).label("first_id"))
            .where(m.role == "user")
            .group_by(m.conversation_id)
            .subquery()
        )
        opening = messages.alias("opening")
        grouped = (
            select(
                m.conversation_id,
                func.min(m.at).label("started"),
                func.max(m.at).label("last"),
                func.count(m.id).label("count"),
                func.max(m.id).label("newest"),
            )
            .group_by(m.conversation_id)
            .subquery()
        )
        query = (
            select(
                grouped.c.conversation_id,
                grouped.c.started,
                grouped.c.last,
                grouped.c.count,
                opening.c.content,
            )
            .select_from(grouped)
            .outerjoin(first_user, first_user.c.conversation_id == grouped.c.conversation_id)
            .outerjoin(opening, and_(opening.c.id == first_user.c.first_id))
            .order_by(grouped.c.last.desc(), grouped.c.newest.desc())
            .limit(min(max(0, limit), 10_000))
        )
        with self._reading() as conn:
            rows = conn.execute(query).all()
        return [
            ConversationSummary(
                conversation_id=row.conversation_id,
                title=_title(row.content),
                started=row.started,
                last=row.last,
                messages=row.count,
            )
            for row in rows
        ]

    def forget_conversation(self, conversation_id: str) -> int:
        """Delete a conversation's messages; how many there were. Decisions and every other
        record stay: they are the audit trail, and they never point at a message."""
        with self._writing() as conn:
            gone = conn.execute(
                delete(messages).where(messages.c.conversation_id == conversation_id)
            ).rowcount
        if not gone:
            raise UserInputError(
                f"no conversation {conversation_id}; the conversations list shows the kept ones"
            )
        return int(gone)


def _title(content: str | None) -> str:
    text = " ".join((content or "").split())
    if not text:
        return "(no question asked)"
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"
