"""What one agent turn shows in the chat: the session's events turned into typed items.

The translation runs in the worker thread, so the UI thread only lays out widgets (parsing a plan
is done before it reaches the screen). It never acts on an event: a preview becomes something to
show, and only the person's Confirm can turn it into orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .formatting import args_summary

if TYPE_CHECKING:
    from assistant.agent.session import TurnEvent
    from assistant.domain import RebalancePlan


@dataclass(frozen=True)
class TextChunk:
    """Streamed reply text."""

    text: str


@dataclass(frozen=True)
class ToolOutcome:
    """A tool ran: its name, whether it worked, and its one-line summary or problems."""

    tool: str
    ok: bool
    summary: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ToolArgs:
    """The arguments a tool was called with (they arrive after the results)."""

    tool: str
    summary: str


@dataclass(frozen=True)
class SpecProposal:
    """A validated spec, its diff against the previous version, and the validator's notes."""

    spec: dict[str, Any]
    changes: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanPreview:
    plan: RebalancePlan


@dataclass(frozen=True)
class TurnEnd:
    status: str
    reply: str


@dataclass(frozen=True)
class TurnFailed:
    """The turn raised: ``message`` is already a sentence for a person."""

    message: str
    hint: str | None = None


ChatItem = TextChunk | ToolOutcome | ToolArgs | SpecProposal | PlanPreview | TurnEnd | TurnFailed


def translate(event: TurnEvent) -> list[ChatItem]:
    """The items one session event shows, in order."""
    if event.kind == "token":
        return [TextChunk(event.text)] if event.text else []
    if event.kind == "tool_call":
        return [ToolArgs(event.text, args_summary(event.text, event.data.get("args") or {}))]
    if event.kind == "final":
        return [TurnEnd(str(event.data.get("status", "answer")), event.text)]
    return _result(event.text, event.data)


def _result(tool: str, data: dict[str, Any]) -> list[ChatItem]:
    ok = bool(data.get("ok"))
    out: list[ChatItem] = [
        ToolOutcome(
            tool=tool,
            ok=ok,
            summary=str(data.get("summary") or data.get("text") or ""),
            problems=tuple(str(p) for p in data.get("problems") or ()),
        )
    ]
    payload = data.get("data") or {}
    if ok and tool == "propose_strategy" and isinstance(payload.get("spec"), dict):
        out.append(
            SpecProposal(
                spec=payload["spec"],
                changes=tuple(payload.get("changes") or ()),
                notes=tuple(str(n) for n in payload.get("notes") or ()),
            )
        )
    if ok and tool == "preview_rebalance" and isinstance(payload.get("plan"), dict):
        from .backend import plan_from  # pydantic models: parsed here, in the worker thread

        out.append(PlanPreview(plan_from(payload["plan"])))
    return out
