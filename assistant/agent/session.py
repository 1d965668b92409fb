"""One conversation with the assistant: the LangChain agent loop, its guard, budget and journal.

A turn goes: policy pre-check of the person's words (leverage, shorting... are refused before any
model sees them) -> the tool-calling agent (native tool calls) -> if the model wrote a spec as JSON
text instead, parse it and validate it through the same tool. A language model whose spec fails
validation (through the tool or as JSON text) gets one repair round: the ``spec_repair`` prompt
with the validator's problems (:mod:`.task_prompts`); a second invalid spec ends the turn in
abstention with the problems, never a guessed spec. The offline parser is not asked to repair: it
asks the person instead. Nothing here can execute a plan; the result carries the preview so the
surface can ask the person to confirm it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import uuid4

from langchain.agents import create_agent
from langchain.agents.middleware import ModelCallLimitMiddleware
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)

from assistant.domain import AgentError, StrategySpec
from assistant.engine import Services
from tools import ALL_TOOLS, PROPOSE_STRATEGY, Tool, ToolContext

from .budget import Budget, Usage
from .goal_parser.refusals import find_refusal
from .guard import TurnGuard, guard_middleware
from .json_spec import Fallback, spec_in_text
from .offline.intents import asks_for_change
from .prompts import load_prompt
from .task_prompts import TaskPrompts, task_prompt_middleware
from .toolkit import langchain_tools
from .turns import EventSink as EventSink
from .turns import ModelInfo as ModelInfo
from .turns import Status as Status
from .turns import TurnEvent as TurnEvent
from .turns import TurnResult as TurnResult
from .turns import journal_message, reply_meta

STOPPED = "Stopped. Nothing was changed."


class AgentSession:
    def __init__(
        self,
        services: Services,
        model: BaseChatModel,
        info: ModelInfo,
        *,
        knowledge: Callable[[str, int], list[dict[str, Any]]] | None = None,
        decisions: Callable[[str, int], list[str]] | None = None,
        budget: Budget | None = None,
        conversation_id: str | None = None,
        tools: Sequence[Tool] = ALL_TOOLS,
        previous: StrategySpec | None = None,
    ) -> None:
        self.services = services
        self.info = info
        self.budget = budget or Budget()
        self.conversation_id = conversation_id or f"c-{uuid4().hex[:12]}"
        self.prompt = load_prompt("system")
        self.history: list[BaseMessage] = []
        self._model = model
        self._tools = tuple(tools)
        self._previous = previous
        self._ctx = ToolContext(
            services=services,
            knowledge=knowledge,
            decisions=decisions,
            extras={"model_id": info.model_id, "prompt_version": self.prompt.ref},
        )

    def switch_conversation(
        self, conversation_id: str | None = None, earlier: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Go on with another conversation, or with no id start a new one.

        ``earlier`` is that conversation's journaled ``(role, text)`` messages: the person's and
        the assistant's become the history the model sees (tool calls were not journaled as
        messages, so a model re-reads the strategy through its tools, as after a restart).
        """
        self.conversation_id = conversation_id or f"c-{uuid4().hex[:12]}"
        roles = {"user": HumanMessage, "assistant": AIMessage}
        self.history = [roles[role](text) for role, text in earlier if role in roles and text]

    def warm_up(self) -> None:
        """Build or open the knowledge index now, so the first concept question is quick.

        Embedding the notes with MiniLM takes seconds; surfaces call this off the UI thread once the
        session is ready.
        """
        opener = getattr(self._ctx.knowledge, "open", None)
        if callable(opener):
            opener()

    def run_turn(
        self, text: str, on_event: EventSink | None = None, cancel: threading.Event | None = None
    ) -> TurnResult:
        emit = on_event or (lambda _e: None)
        self._journal("user", text)
        refusal = find_refusal(text.lower())
        if refusal is not None:
            reply = refusal.reason
            return self._finish(TurnResult("refuse", reply), emit)

        guard = TurnGuard(may_write=asks_for_change(text))
        tasks = None if self.info.kind == "offline" else TaskPrompts(question=text)
        self._ctx.extras["prompt_version"] = self.prompt.ref
        asked = HumanMessage(self._with_context(text))
        new_messages = self._run_agent([*self.history, asked], guard, tasks, emit, cancel)
        if new_messages is None:
            return self._finish(TurnResult("cancelled", STOPPED), emit)
        usage = self.budget.count(new_messages)
        self.history.extend([asked, *new_messages])
        stopped_by = None
        fallback = self._json_fallback(new_messages, guard)
        if tasks is not None and fallback is not None and fallback.needs_repair(guard, tasks):
            stopped_by = self.budget.over(usage)  # budgets are enforced before a model call
            if stopped_by is None:
                repaired = self._repair_round(fallback, guard, tasks, emit, cancel)
                if repaired is None:
                    return self._finish(TurnResult("cancelled", STOPPED), emit)
                new_messages = repaired
                usage = _plus(usage, self.budget.count(repaired))
        result = self._interpret(new_messages, guard, stopped_by)
        result.usage = usage
        over = self.budget.over(usage)
        if over:
            result.reply += f" (Budget: {over}; further turns may be refused.)"
        return self._finish(result, emit, tasks)

    def _with_context(self, text: str) -> str:
        """An LLM edits the current spec only if it sees it; the offline parser gets it directly."""
        if self._previous is None or self.info.kind != "llm" or self.history:
            return text
        spec = self._previous.model_dump_json()
        return f"{text}\n\n(The current strategy spec, as data: <data>{spec}</data>)"

    def _run_agent(
        self,
        messages: list[BaseMessage],
        guard: TurnGuard,
        tasks: TaskPrompts | None,
        emit: EventSink,
        cancel: threading.Event | None,
    ) -> list[BaseMessage] | None:
        middleware: list[Any] = [guard_middleware(guard), ModelCallLimitMiddleware(run_limit=8)]
        if tasks is not None:  # outermost: it wraps what the guard and the tool returned
            middleware.insert(0, task_prompt_middleware(tasks, self._note_prompts))
        agent = create_agent(
            self._model,
            tools=langchain_tools(self._ctx, self._tools),
            system_prompt=self.prompt.render(),
            middleware=middleware,
        )
        final: list[BaseMessage] = []
        try:
            stream: Iterator[Any] = agent.stream(  # type: ignore[call-overload]
                {"messages": messages}, stream_mode=["messages", "values"]
            )
            for mode, payload in stream:
                if cancel is not None and cancel.is_set():
                    return None
                if mode == "values":
                    final = list(payload["messages"])
                    continue
                chunk = payload[0]
                if isinstance(chunk, AIMessageChunk) and chunk.content:
                    emit(TurnEvent("token", str(chunk.content)))
                elif isinstance(chunk, ToolMessage):
                    data = chunk.artifact if isinstance(chunk.artifact, dict) else None
                    emit(TurnEvent("tool_result", str(chunk.name), data or _loads(chunk.content)))
        except AgentError:
            raise
        except Exception as exc:  # provider errors: network, auth, rate limits
            raise AgentError(
                f"The model failed: {type(exc).__name__}: {_redact(str(exc))}",
                hint="Check COINPILOT_LLM_BASE_URL and COINPILOT_LLM_MODEL, or unset them "
                "to use the offline parser.",
            ) from exc
        new = final[len(messages) :]
        for m in new:
            if isinstance(m, AIMessage):
                for call in m.tool_calls:
                    emit(TurnEvent("tool_call", call["name"], {"args": call["args"]}))
        return new

    def _repair_round(
        self,
        fallback: Fallback,
        guard: TurnGuard,
        tasks: TaskPrompts,
        emit: EventSink,
        cancel: threading.Event | None,
    ) -> list[BaseMessage] | None:
        """Send ``spec_repair`` with the problems of the JSON spec; validate what comes back.

        Returns the round's messages (None if cancelled). A second JSON spec is validated like
        the first, and a second failure leaves the guard exhausted, so the turn abstains.
        """
        repair = HumanMessage(tasks.repair(fallback.problems, fallback.spec))
        self._note_prompts(tasks)
        more = self._run_agent([*self.history, repair], guard, tasks, emit, cancel)
        if more is None:
            return None
        self.history.extend([repair, *more])
        self._json_fallback(more, guard)
        return more

    def _note_prompts(self, tasks: TaskPrompts) -> None:
        """A preview made after a task prompt names it too, in its decision's prompt_version."""
        self._ctx.extras["prompt_version"] = " ".join([self.prompt.ref, *tasks.refs()])

    def _interpret(
        self, new: list[BaseMessage], guard: TurnGuard, stopped_by: str | None
    ) -> TurnResult:
        last = next((m for m in reversed(new) if isinstance(m, AIMessage)), None)
        reply = str(last.content) if last is not None else ""
        status_hint = (last.response_metadata or {}).get("status") if last is not None else None
        proposal = _last_ok(guard.results, "propose_strategy")
        plan = _last_ok(guard.results, "preview_rebalance")
        result = TurnResult(
            status="answer",
            reply=reply,
            proposal=proposal["data"]["spec"] if proposal else None,
            plan=plan["data"]["plan"] if plan else None,
            tool_results=guard.results,
            refused=guard.refused,
        )
        if status_hint in ("clarify", "refuse"):
            result.status = status_hint
        elif result.proposal is not None:
            result.status = "ok"
        elif guard.exhausted or stopped_by:
            problems = _last_problems(guard.results)
            result.status = "abstain"
            result.reply = "I could not produce a valid strategy spec, so I won't guess one. " + (
                f"The last problems were: {problems}" if problems else ""
            )
            if stopped_by:
                result.reply += f" (No repair was tried: {stopped_by}.)"
        elif guard.may_write:
            result.status = "clarify"
        return result

    def _json_fallback(self, new: list[BaseMessage], guard: TurnGuard) -> Fallback | None:
        """The model wrote a spec as JSON instead of calling the tool: validate it the same way.

        None unless this turn may propose, has no valid proposal yet, and the model's last
        message is text that parses as a spec.
        """
        last = next((m for m in reversed(new) if isinstance(m, AIMessage)), None)
        if not guard.may_write or last is None or last.tool_calls:
            return None
        if _last_ok(guard.results, "propose_strategy") is not None:
            return None
        spec = spec_in_text(str(last.content))
        if spec is None:
            return None
        result: dict[str, Any] = PROPOSE_STRATEGY.run(self._ctx, {"spec": spec}).model_dump(
            mode="json"
        )
        guard.results.append(result)
        if not result["ok"]:
            guard.spec_failures += 1
        return Fallback(spec, bool(result["ok"]), list(result.get("problems") or []))

    def _finish(
        self, result: TurnResult, emit: EventSink, tasks: TaskPrompts | None = None
    ) -> TurnResult:
        task_refs = tasks.refs() if tasks is not None else []
        meta = reply_meta(result, self.info, self.prompt.ref, task_refs)
        self._journal("assistant", result.reply, meta)
        emit(TurnEvent("final", result.reply, {"status": result.status}))
        return result

    def _journal(self, role: str, content: str, meta: dict[str, Any] | None = None) -> None:
        journal_message(self.services, self.conversation_id, role, content, meta)


def _plus(a: Usage, b: Usage) -> Usage:
    return Usage(
        a.input_tokens + b.input_tokens, a.output_tokens + b.output_tokens, a.cost + b.cost
    )


def _loads(content: Any) -> dict[str, Any]:
    try:
        data = json.loads(str(content))
    except ValueError:
        return {"text": str(content)}
    return data if isinstance(data, dict) else {"value": data}


def _last_ok(results: list[dict[str, Any]], tool: str) -> dict[str, Any] | None:
    for r in reversed(results):
        if r.get("tool") == tool and r.get("ok"):
            return dict(r)
    return None


def _last_problems(results: list[dict[str, Any]]) -> str:
    for r in reversed(results):
        if r.get("problems"):
            return "; ".join(r["problems"])
    return ""


def _redact(message: str) -> str:
    """Provider errors can echo request headers; never let a key through."""
    import re

    return re.sub(r"(sk-|Bearer\s+)[A-Za-z0-9_\-]{6,}", r"\1***", message)
