"""The turn's model guard: every model call passes here, before and after it is made.

Before a call it stops the turn when the person pressed Escape (:class:`TurnCancelled`), when the
turn has made its last allowed call, or when the call would pass a token or cost limit
(:meth:`.budget.Budget.refusal`): the turn then ends with a reply the session writes, never
LangChain's raw limit text. After a call it counts the tokens (reported, or estimated from the
text when the server sends no usage), times the call, and refuses the tool calls of a reply cut
off by the server (``finish_reason: "length"``): LangChain completes truncated arguments silently,
so a preview could lose a coin. Refused calls become ``invalid_tool_calls`` and are never run.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain.agents.middleware import AgentMiddleware, ModelResponse, wrap_model_call
from langchain_core.messages import AIMessage, BaseMessage

from .budget import Budget, Usage, estimate_tokens
from .transport import TurnCancelled

#: The response_metadata key under which the client (:mod:`.models.openai_compat`) lists the ids of
#: streamed tool calls whose arguments are not valid JSON.
INVALID_ARGS = "coinpilot_invalid_args"
INVALID = "its arguments are not valid JSON; it was not run"
TRUNCATED = (
    "the model's reply was cut off (finish_reason 'length') in the middle of this tool call, so "
    "its arguments are incomplete; it was not run"
)


@dataclass
class ModelCall:
    """One model call as the eval transcripts record it."""

    input_tokens: int
    output_tokens: int
    estimated: bool
    seconds: float
    cost: float
    finish_reason: str | None


@dataclass
class TurnMeter:
    budget: Budget
    estimate: bool  # count tokens from text when the server reports none (not for the parser)
    cancel: threading.Event | None = None
    usage: Usage = field(default_factory=Usage)
    calls: list[ModelCall] = field(default_factory=list)
    stopped: str | None = None  # why the turn was stopped before a model call
    truncated: list[str] = field(default_factory=list)  # "tool: reason" of refused calls


def meter_middleware(meter: TurnMeter) -> AgentMiddleware[Any, Any]:
    @wrap_model_call  # type: ignore[arg-type]
    def coinpilot_meter(request: Any, handler: Callable[[Any], Any]) -> Any:
        if meter.cancel is not None and meter.cancel.is_set():
            raise TurnCancelled
        sent = _request_chars(request) if meter.estimate else 0
        reason = meter.budget.refusal(meter.usage, estimate_tokens(sent))
        if reason is not None:
            meter.stopped = reason
            return AIMessage(content="")  # no tool calls: the agent loop ends here
        start = time.perf_counter()
        response = handler(request)
        message = _last_ai(response)
        if message is None:
            return response
        _count(meter, message, sent, time.perf_counter() - start)
        finish = (message.response_metadata or {}).get("finish_reason")
        if finish == "length" and message.tool_calls:
            return ModelResponse(result=[_refuse_truncated(meter, message)])
        broken = set((message.response_metadata or {}).get(INVALID_ARGS) or ())
        if broken & {call["id"] for call in message.tool_calls}:
            return ModelResponse(result=[_refuse_invalid(message, broken)])
        return response

    return coinpilot_meter  # type: ignore[no-any-return]


def _count(meter: TurnMeter, message: AIMessage, sent: int, seconds: float) -> None:
    meta = message.usage_metadata
    if meta:
        inp, out, estimated = (
            int(meta.get("input_tokens", 0)),
            int(meta.get("output_tokens", 0)),
            False,
        )
    elif meter.estimate:
        inp, out, estimated = estimate_tokens(sent), estimate_tokens(_message_chars(message)), True
    else:
        inp, out, estimated = 0, 0, False
    call = meter.budget.call(inp, out, estimated=estimated)
    meter.budget.record(meter.usage, call)
    finish = (message.response_metadata or {}).get("finish_reason")
    meter.calls.append(ModelCall(inp, out, estimated, round(seconds, 4), call.cost, finish))


def _refuse_truncated(meter: TurnMeter, message: AIMessage) -> AIMessage:
    invalid = [
        {
            "type": "invalid_tool_call",
            "name": call["name"],
            "args": json.dumps(call["args"]),
            "id": call["id"],
            "error": TRUNCATED,
        }
        for call in message.tool_calls
    ]
    meter.truncated.extend(f"'{call['name']}': {TRUNCATED}" for call in message.tool_calls)
    return message.model_copy(update={"tool_calls": [], "invalid_tool_calls": invalid})


def _refuse_invalid(message: AIMessage, broken: set[str]) -> AIMessage:
    """The calls whose streamed arguments did not parse (LangChain closed them) become invalid."""
    keep = [c for c in message.tool_calls if c["id"] not in broken]
    invalid = [
        {
            "type": "invalid_tool_call",
            "name": c["name"],
            "args": json.dumps(c["args"]),
            "id": c["id"],
            "error": INVALID,
        }
        for c in message.tool_calls
        if c["id"] in broken
    ]
    return message.model_copy(
        update={"tool_calls": keep, "invalid_tool_calls": [*message.invalid_tool_calls, *invalid]}
    )


def _last_ai(response: Any) -> AIMessage | None:
    if isinstance(response, AIMessage):
        return response
    for m in reversed(getattr(response, "result", []) or []):
        if isinstance(m, AIMessage):
            return m
    return None


def _message_chars(m: BaseMessage) -> int:
    size = len(str(m.content))
    for call in getattr(m, "tool_calls", None) or []:
        size += len(call["name"]) + len(json.dumps(call["args"], default=str))
    return size


def _request_chars(request: Any) -> int:
    """What this call sends: the system prompt, the messages and the tool schemas."""
    system = getattr(request, "system_message", None)
    size = len(str(system.content)) if system is not None else 0
    size += sum(_message_chars(m) for m in request.messages)
    for tool in request.tools or []:
        schema = getattr(tool, "args_schema", None)
        size += len(getattr(tool, "description", "") or "")
        size += len(json.dumps(schema, default=str)) if isinstance(schema, dict) else 200
    return size
