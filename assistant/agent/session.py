"""One conversation with the assistant: the LangChain agent loop under CoinPilot's policy.

A turn goes: the refusal check of the person's words (leverage, shorting... are refused before any
model sees them) -> the tool-calling agent, with the model guard (:mod:`.meter`: cancel, budget
before each call, truncated calls refused), the tool guard (:mod:`.guard`: intent gate, request
check, preview gate) and, for a language model, the task prompts -> if the model wrote a spec as
JSON text instead, validate it through the same tool -> the outcome (:mod:`.outcome`): cards from
the tool results and the model's text checked against them. A language model whose spec fails
validation gets one repair round (``spec_repair``); a second failure abstains. Nothing here can
execute a plan; the result carries the preview so the surface can ask the person to confirm it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from uuid import uuid4

from langchain.agents import create_agent
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)

from assistant.domain import AgentError, StrategySpec
from assistant.domain.secrets import redact_typed
from assistant.engine import Services
from tools import ALL_TOOLS, PROPOSE_STRATEGY, Tool, ToolContext

from .artifacts import result_of
from .budget import Budget, estimate_tokens
from .checking import Request, market_tickers
from .guard import TurnGuard, guard_middleware
from .history import for_model
from .json_spec import Fallback, spec_in_text
from .meter import TurnMeter, meter_middleware
from .offline.inputs import last_spec, symbol_map
from .outcome import Facts, interpret
from .policy import asks_for_change, find_refusal
from .prompts import load_prompt
from .provider_errors import Endpoint, ProviderError, friendly, redact
from .suggestion import corrected_goal, says_yes
from .task_prompts import TaskPrompts, task_prompt_middleware
from .toolkit import langchain_tools
from .transport import CancelScope, TurnCancelled
from .turns import EventSink as EventSink
from .turns import ModelInfo as ModelInfo
from .turns import Status as Status
from .turns import TurnEvent as TurnEvent
from .turns import TurnResult as TurnResult
from .turns import journal_message, journal_reply

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
        prompt_version: str | None = None,
        secrets: Sequence[str] = (),
        endpoint: Endpoint | None = None,
        cancel_scope: CancelScope | None = None,
        history_turns: int = 6,
    ) -> None:
        self.services = services
        self.info = info
        self.budget = budget or Budget()
        self.conversation_id = conversation_id or f"c-{uuid4().hex[:12]}"
        self.prompt = load_prompt("system", prompt_version)
        self.history: list[BaseMessage] = []
        self.flags = {"flagged": 0, "withheld": 0}  # narration checks that did not pass
        self._model = model
        self._tools = tuple(tools)
        self._previous = previous
        self._asked: list[str] = []
        self._secrets = tuple(secrets)
        self._endpoint = endpoint
        self._scope = cancel_scope or CancelScope()
        self._history_turns = history_turns
        self._last_proposal: dict[str, Any] | None = None
        self._pending: str | None = None  # the goal a "yes" would mean (:mod:`.suggestion`)
        self._name_map: dict[str, str] | None = None
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
        self._pending = None

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
        # A key pasted into the chat goes no further than this line: not to the journal, not to
        # a model, not into the session's memory.
        text = redact_typed(text)  # a wallet's private key or seed phrase too
        self._journal("user", text)
        # "yes" to "Did you mean BTC for 'bitcon'?": the goal as corrected, this turn only.
        pending, self._pending = self._pending, None
        if pending is not None and says_yes(text):
            text = pending
        self._asked.append(text)
        refusal = find_refusal(text.lower())
        if refusal is not None:
            return self._finish(TurnResult("refuse", refusal.reason), emit)
        cancel = cancel or threading.Event()
        previous = self._edited_spec()
        request = Request(tuple(self._asked), previous, self._names())
        guard = TurnGuard(asks_for_change(text), request, cancel)
        meter = TurnMeter(self.budget, estimate=self.info.kind != "offline", cancel=cancel)
        tasks = None if self.info.kind == "offline" else TaskPrompts(question=text)
        self._ctx.extras["prompt_version"] = self.prompt.ref
        self._ctx.extras["cancel"] = cancel
        self._scope.event = cancel
        try:
            new = self._turn(text, guard, meter, tasks, emit, cancel)
        except TurnCancelled:
            new = None
        finally:
            self._scope.event = None
        if new is None:
            return self._finish(TurnResult("cancelled", STOPPED, usage=meter.usage), emit)
        facts = Facts(tuple(self._asked), self._tickers(), request.names, previous)
        result = interpret(new, guard, meter, facts)
        result.usage = meter.usage
        result.prompts = [self.prompt.ref, *(tasks.refs() if tasks else [])]
        if result.proposal is not None:
            self._last_proposal = result.proposal
        if result.status == "clarify":
            self._pending = corrected_goal(result.reply, text)
        if result.narration is not None and result.narration.verdict in self.flags:
            self.flags[result.narration.verdict] += 1
        return self._finish(result, emit, tasks)

    def _turn(
        self,
        text: str,
        guard: TurnGuard,
        meter: TurnMeter,
        tasks: TaskPrompts | None,
        emit: EventSink,
        cancel: threading.Event,
    ) -> list[BaseMessage] | None:
        asked = HumanMessage(self._with_context(text))
        new = self._run_agent([*self._context(), asked], guard, meter, tasks, emit, cancel)
        if new is None:
            return None
        self.history.extend([asked, *new])
        fallback = self._json_fallback(new, guard)
        if tasks is not None and fallback is not None and fallback.needs_repair(guard, tasks):
            if self._stops_before_repair(meter, fallback):
                return new
            repair = HumanMessage(tasks.repair(fallback.problems, fallback.spec))
            self._note_prompts(tasks)
            more = self._run_agent([*self._context(), repair], guard, meter, tasks, emit, cancel)
            if more is None:
                return None
            self.history.extend([repair, *more])
            self._json_fallback(more, guard)
            new = more
        return new

    def _stops_before_repair(self, meter: TurnMeter, fallback: Fallback) -> bool:
        """The budget, asked before the repair request is even written (never sent half)."""
        if not meter.estimate:
            return False
        sent = len(self.prompt.text) + sum(len(str(m.content)) for m in self._context())
        sent += len(str(fallback.problems)) + len(str(fallback.spec)) + 4000  # prompt and tools
        meter.stopped = self.budget.refusal(meter.usage, estimate_tokens(sent))
        return meter.stopped is not None

    def _context(self) -> list[BaseMessage]:
        """Earlier turns as this model is sent them: whole for the parser, trimmed for an LLM."""
        if self.info.kind == "offline":
            return list(self.history)
        return for_model(self.history, self._history_turns)

    def _with_context(self, text: str) -> str:
        """An LLM edits the current spec only if it sees it; the offline parser gets it directly."""
        if self._previous is None or self.info.kind != "llm" or self.history:
            return text
        spec = self._previous.model_dump_json()
        return f"{text}\n\n(The current strategy spec, as data: <data>{spec}</data>)"

    @property
    def strategy_name(self) -> str | None:
        """The strategy this conversation is about: its last proposal's, else the given one's."""
        spec = self._edited_spec()
        return str(spec["name"]) if spec is not None and spec.get("name") else None

    def _edited_spec(self) -> dict[str, Any] | None:
        """The spec a change in this turn edits: this conversation's last, else the given one."""
        if self._last_proposal is not None:
            return dict(self._last_proposal)
        spec = self._previous or last_spec(self.services)
        return spec.model_dump(mode="json") if spec is not None else None

    def _names(self) -> dict[str, str]:
        if self._name_map is None:
            self._name_map = symbol_map(self.services)
        return self._name_map

    def _tickers(self) -> set[str]:
        return market_tickers(self.services)

    def _run_agent(
        self,
        messages: list[BaseMessage],
        guard: TurnGuard,
        meter: TurnMeter,
        tasks: TaskPrompts | None,
        emit: EventSink,
        cancel: threading.Event,
    ) -> list[BaseMessage] | None:
        middleware: list[Any] = [meter_middleware(meter), guard_middleware(guard)]
        if tasks is not None:  # outermost: it wraps what the guard and the tool returned
            middleware.insert(0, task_prompt_middleware(tasks, self._note_prompts))
        contract = load_prompt("spec_contract").render() if tasks is not None else None
        agent = create_agent(
            self._model,
            tools=langchain_tools(self._ctx, self._tools, contract),
            system_prompt=self.prompt.render(),
            middleware=middleware,
        )
        final: list[BaseMessage] = []
        try:
            stream: Iterator[Any] = agent.stream(  # type: ignore[call-overload]
                {"messages": messages}, stream_mode=["messages", "values"]
            )
            for mode, payload in stream:
                if cancel.is_set():
                    return None
                if mode == "values":
                    final = list(payload["messages"])
                    continue
                chunk = payload[0]
                if isinstance(chunk, AIMessageChunk) and chunk.content:
                    emit(TurnEvent("token", str(chunk.content)))
                elif isinstance(chunk, ToolMessage):
                    emit(TurnEvent("tool_result", str(chunk.name), result_of(chunk)))
        except (AgentError, TurnCancelled):
            raise
        except Exception as exc:  # provider errors: network, auth, rate limits, timeouts
            if self._endpoint is not None:
                raise friendly(exc, self._endpoint, self._secrets) from exc
            raise ProviderError(
                f"The model failed: {type(exc).__name__}: {redact(str(exc), self._secrets)}",
                hint="Check COINPILOT_LLM_BASE_URL and COINPILOT_LLM_MODEL, or unset them "
                "to use the offline parser.",
            ) from exc
        new = final[len(messages) :]
        for m in new:
            if isinstance(m, AIMessage):
                for call in m.tool_calls:
                    emit(TurnEvent("tool_call", call["name"], {"args": call["args"]}))
        return new

    def _note_prompts(self, tasks: TaskPrompts) -> None:
        """A preview made after a task prompt names it too, in its decision's prompt_version."""
        self._ctx.extras["prompt_version"] = " ".join([self.prompt.ref, *tasks.refs()])

    def _json_fallback(self, new: list[BaseMessage], guard: TurnGuard) -> Fallback | None:
        """The model wrote a spec as JSON instead of calling the tool: validate it the same way.

        None unless this turn may propose, has no valid proposal yet, and the model's last
        message is text that parses as a spec.
        """
        last = next((m for m in reversed(new) if isinstance(m, AIMessage)), None)
        if not guard.may_write or last is None or last.tool_calls:
            return None
        if guard.proposal is not None:
            return None
        spec = spec_in_text(str(last.content))
        if spec is None:
            return None
        result = guard.after(
            "propose_strategy",
            PROPOSE_STRATEGY.run(self._ctx, {"spec": spec}).model_dump(mode="json"),
        )
        return Fallback(spec, bool(result["ok"]), list(result.get("problems") or []))

    def _finish(
        self, result: TurnResult, emit: EventSink, tasks: TaskPrompts | None = None
    ) -> TurnResult:
        task_refs = tasks.refs() if tasks is not None else []
        journal_reply(
            self.services, self.conversation_id, result, self.info, self.prompt.ref, task_refs
        )
        emit(TurnEvent("final", result.reply, result.final_data()))
        return result

    def _journal(self, role: str, content: str, meta: dict[str, Any] | None = None) -> None:
        journal_message(self.services, self.conversation_id, role, content, meta)
