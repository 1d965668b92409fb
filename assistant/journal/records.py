"""The journal's own read models: timeline entries, portfolio snapshots, conversation messages.

Domain objects (specs, plans, orders, decisions) come back as their domain models; these three
exist only because the journal is where they are born. They are frozen: a record read from the
journal is evidence, and evidence is not edited.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

EntryKind = Literal[
    "account",
    "spec",
    "plan",
    "confirmation",
    "deposit",
    "intent",
    "order",
    "fill",
    "decision",
    "event",
    "alert",
]

#: Every kind :meth:`Journal.entries` can list, in the order things happen in one rebalance
#: (used to break ties between records that share a timestamp).
ENTRY_KINDS: tuple[EntryKind, ...] = get_args(EntryKind)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JournalEntry(_Frozen):
    """One line of the journal's timeline."""

    kind: EntryKind
    at: datetime
    #: What to look the record up by: a plan or spec hash, a decision or client order id.
    ref: str
    #: One line for a person, e.g. "deposit 10000 USDT (initial paper capital)".
    summary: str
    #: The stored record as JSON data (Decimals are strings).
    payload: dict[str, Any]


class DecisionRow(_Frozen):
    """A decision as a list shows it: read from a few columns, without decoding the record.

    The journal screen lists many of these and explains one; the whole :class:`Decision` is read
    only for the one a person opens (``Journal.get_decision``)."""

    decision_id: str
    created_at: datetime
    spec_name: str
    spec_version: int
    trigger: str


class Snapshot(_Frozen):
    """The portfolio as valued at one moment."""

    at: datetime
    balances: dict[str, Decimal]
    prices: dict[str, Decimal]
    value: Decimal
    weights: dict[str, float]


class ConversationSummary(_Frozen):
    """One conversation as a list shows it: its opening question, when, how many messages."""

    conversation_id: str
    title: str
    started: datetime
    last: datetime
    messages: int


class ChatMessage(_Frozen):
    """One turn of a conversation, as the agent will replay it."""

    conversation_id: str
    role: str
    content: str
    at: datetime
    meta: dict[str, Any]
