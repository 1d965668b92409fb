"""A keyless, deterministic model for tests: it replays a script of replies.

Each script entry is an ``AIMessage`` (text or tool calls) or a function of the conversation that
returns one, so tests can react to tool results (e.g. repair after a validation error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage

from .rule_model import RuleChatModel

Step = AIMessage | Callable[[Sequence[BaseMessage]], AIMessage]


def tool_call(name: str, args: dict[str, Any], call_id: str = "call-1") -> AIMessage:
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}]
    )


def scripted_model(steps: Sequence[Step], model_id: str = "scripted") -> RuleChatModel:
    remaining = list(steps)

    def respond(messages: Sequence[BaseMessage], tools: Sequence[str]) -> AIMessage:
        if not remaining:
            return AIMessage(content="(the script has no more replies)")
        step = remaining.pop(0)
        return step if isinstance(step, AIMessage) else step(messages)

    return RuleChatModel(respond=respond, model_id=model_id)
