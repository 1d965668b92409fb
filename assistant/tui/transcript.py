"""A kept conversation as the chat shows it again: the same items, and so the same cards, as live.

Each turn is journaled whole (:func:`assistant.agent.turns.journal_reply`): the person's message,
every tool result with its data (the spec, the sealed plan, the backtest's curves and metrics,
the holdings), and the reply. Reopening reads those results back through the very translation a
live turn uses (:func:`.turn_items.result_items`), so the spec, preview, backtest and holdings
cards are drawn by the same widgets from the same data, never from rendered text. Conversations
kept before results were stored, or whose stored data no longer reads, still open: their text is
shown and a note says a card could not be drawn. This runs in a worker thread (plans are parsed
here); it only reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .turn_items import ChatItem, PlanPreview, TurnEnd, result_items

if TYPE_CHECKING:
    from assistant.journal import ChatMessage

UNREADABLE = "A card of this turn could not be drawn again: its saved data no longer reads."


@dataclass(frozen=True)
class Asked:
    """What the person said: it opens a turn."""

    text: str


@dataclass(frozen=True)
class Unreadable:
    """A tool result whose saved data could not be turned into its card."""

    text: str = UNREADABLE


SavedItem = Asked | Unreadable | ChatItem


def saved_items(said: Sequence[ChatMessage]) -> list[SavedItem]:
    """The items a kept conversation shows, in the order they were said."""
    out: list[SavedItem] = []
    for message in said:
        if message.role == "user":
            out.append(Asked(message.content))
        elif message.role == "assistant":
            status = str((message.meta or {}).get("status") or "answer")
            out.append(TurnEnd(status, message.content))
        elif message.role == "tool":
            out.extend(_tool_items(message.meta or {}))
    return out


def _tool_items(meta: dict[str, Any]) -> list[SavedItem]:
    result = meta.get("result")
    if result is None:  # kept before results were stored with their message: text only
        return []
    if not isinstance(result, dict) or not isinstance(result.get("tool"), str):
        return [Unreadable()]
    try:
        return list(result_items(result["tool"], result))
    except Exception:  # a result shaped unlike any this version draws: say so, show the rest
        return [Unreadable()]


def plan_hashes(items: Sequence[SavedItem]) -> list[str]:
    """The plans previewed in a kept conversation (to look up what became of each)."""
    return [i.plan.plan_hash for i in items if isinstance(i, PlanPreview)]
