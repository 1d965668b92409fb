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
from .policy import NarrationCheck

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
    """What one turn produced. ``reply`` is the text to show beside the cards: the model's own
    text when its check passed or only flagged it, a computed notice when it was withheld."""

    status: Status
    reply: str
    proposal: dict[str, Any] | None = None  # the validated spec, when one was proposed
    plan: dict[str, Any] | None = None  # the preview, when one was made
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # tool calls the guard stopped, and why
    usage: Usage = field(default_factory=Usage)
    narration: NarrationCheck | None = None  # the check of the model's text (None: not a model's)
    model_text: str = ""  # the model's own last text, shown or not
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # name, args, outcome, in order
    model_calls: list[dict[str, Any]] = field(default_factory=list)  # tokens, seconds, cost each
    prompts: list[str] = field(default_factory=list)  # refs of every prompt the turn sent

    @property
    def withheld(self) -> bool:
        return self.narration is not None and self.narration.verdict == "withheld"

    def final_data(self) -> dict[str, Any]:
        """What the ``final`` event carries for a surface: status, the check, the refusals."""
        return {
            "status": self.status,
            "narration": self.narration.to_dict() if self.narration else None,
            "refused": list(self.refused),
        }


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


def journal_reply(
    services: Services,
    conversation_id: str,
    result: TurnResult,
    info: ModelInfo,
    prompt_version: str,
    task_prompts: list[str],
) -> None:
    """The turn's tool results (whole, as the model never sees them again) and the reply."""
    for tool in result.tool_results:
        content = str(tool.get("summary") or "")
        journal_message(services, conversation_id, "tool", content, {"result": tool})
    meta = reply_meta(result, info, prompt_version, task_prompts)
    journal_message(services, conversation_id, "assistant", result.reply, meta)


def reply_meta(
    result: TurnResult, info: ModelInfo, prompt_version: str, task_prompts: list[str]
) -> dict[str, Any]:
    """What the journal keeps beside the assistant's reply: status, model, prompts, usage, plan."""
    meta: dict[str, Any] = {
        "status": result.status,
        "model_id": info.model_id,
        "prompt_version": prompt_version,
        "task_prompts": task_prompts,
        "tokens": result.usage.total,
        "tokens_estimated": result.usage.estimated,
        "cost": result.usage.cost,
        "plan_hash": (result.plan or {}).get("plan_hash"),
    }
    if result.narration is not None:
        meta["narration"] = result.narration.to_dict()
    if result.withheld:
        meta["withheld_text"] = result.model_text
    if result.refused:
        meta["refused"] = list(result.refused)
    return meta
