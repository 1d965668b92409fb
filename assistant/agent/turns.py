"""What one assistant turn hands back, and how it is journaled; no LangChain here.

:class:`AgentSession` (the LangChain loop) and :mod:`.offline.goal_turn` (the offline parser's
goal turn run directly) both return a :class:`TurnResult` and journal the turn through
:func:`journal_message`, so a surface cannot tell which ran. This module must stay importable
without LangChain: ``coinpilot spec`` imports it on its fast path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from assistant.engine import Services

from .budget import Usage

Status = Literal["ok", "clarify", "refuse", "answer", "abstain", "cancelled", "error"]


@dataclass(frozen=True)
class ModelInfo:
    model_id: str
    kind: Literal["offline", "llm", "scripted"]
    label: str  # what the status bar shows


@dataclass(frozen=True)
class TurnEvent:
    kind: Literal["token", "tool_call", "tool_result", "final"]
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class TurnResult:
    status: Status
    reply: str
    proposal: dict[str, Any] | None = None  # the validated spec, when one was proposed
    plan: dict[str, Any] | None = None  # the preview, when one was made
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # tool calls the guard stopped, and why
    usage: Usage = field(default_factory=Usage)


EventSink = Callable[[TurnEvent], None]


def journal_message(
    services: Services,
    conversation_id: str,
    role: str,
    content: str,
    meta: dict[str, Any] | None = None,
) -> None:
    """One chat message into the journal's conversation log, stamped now."""
    services.journal.record_message(conversation_id, role, content, datetime.now(UTC), meta or {})


def reply_meta(
    result: TurnResult, info: ModelInfo, prompt_version: str, task_prompts: list[str]
) -> dict[str, Any]:
    """What the journal keeps beside the assistant's reply: status, model, prompts, usage, plan."""
    return {
        "status": result.status,
        "model_id": info.model_id,
        "prompt_version": prompt_version,
        "task_prompts": task_prompts,
        "tokens": result.usage.total,
        "cost": result.usage.cost,
        "plan_hash": (result.plan or {}).get("plan_hash"),
    }
