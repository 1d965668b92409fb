"""Task prompts around tool results, for a language model: spec repair, "why" and concept answers.

A tool result is data; what the model should do with it is a prompt file under ``prompts/``. For
a language model (an LLM, or the scripted model that stands in for one in tests) three results go
back wrapped in their task prompt:

- the first failed ``propose_strategy`` of a turn in ``spec_repair`` (the problems, one per line,
  and the spec that failed): the one repair round; a second failure ends the turn in abstention;
- ``explain_decision`` in ``explain`` (the record, to be narrated and cited, nothing added);
- ``search_knowledge`` in ``knowledge_answer`` (the passages with their note ids, and the
  person's question).

The offline parser is code that reads the bare result itself, so it never gets these. The result
stays on the message as its ``artifact`` (:mod:`.artifacts`), so nothing downstream parses prompt
text. The repair prompt carries the JSON schema of the fields the problems name, so a model that
guessed a field wrong reads the right one. This module must never change a result, only what the
model is told to do with it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langchain.agents.middleware import AgentMiddleware, wrap_tool_call
from langchain_core.messages import ToolMessage

from tools.schema import spec_schema

from .artifacts import result_of
from .prompts import Prompt, load_prompt


@dataclass
class TaskPrompts:
    """The three task prompts of one turn, and which of them the turn has sent so far."""

    question: str  # the person's message this turn: what a concept answer must answer
    spec_repair: Prompt = field(default_factory=lambda: load_prompt("spec_repair"))
    explain: Prompt = field(default_factory=lambda: load_prompt("explain"))
    knowledge_answer: Prompt = field(default_factory=lambda: load_prompt("knowledge_answer"))
    used: list[Prompt] = field(default_factory=list)

    @property
    def repair_sent(self) -> bool:
        return self.spec_repair in self.used

    def repair(self, problems: list[str], previous: Any) -> str:
        """The repair request for a spec that failed validation; counts as this turn's one."""
        self.used.append(self.spec_repair)
        values = {
            "problems": "\n".join(problems) or "(the validator gave no detail)",
            "previous": json.dumps(previous, sort_keys=True, default=str),
        }
        if "schema" in self.spec_repair.placeholders:
            values["schema"] = json.dumps(schema_for(problems), sort_keys=True)
        return self.spec_repair.render(**values)

    def wrap(self, tool: str, args: dict[str, Any], result: dict[str, Any]) -> str | None:
        """What the model reads instead of the bare ``result``; None to leave it bare."""
        if tool == "propose_strategy" and not result.get("ok") and not self.repair_sent:
            return self.repair(list(result.get("problems") or []), args.get("spec", args))
        if tool == "explain_decision":
            self.used.append(self.explain)
            return self.explain.render(record=json.dumps(result, sort_keys=True, default=str))
        if tool == "search_knowledge" and result.get("ok"):
            self.used.append(self.knowledge_answer)
            passages = "\n\n".join(_passage(p) for p in result["data"]["passages"])
            return self.knowledge_answer.render(passages=passages, question=self.question)
        return None

    def refs(self) -> list[str]:
        """``name/version@sha12`` of every task prompt sent this turn, once each, in order."""
        return list(dict.fromkeys(p.ref for p in self.used))


def schema_for(problems: list[str]) -> dict[str, Any]:
    """The spec schema's properties that ``problems`` name; all top-level names if none."""
    properties: dict[str, Any] = spec_schema()["properties"]
    named = {
        word
        for problem in problems
        for word in re.findall(r"[a-z_]+", problem.lower())
        if word in properties
    }
    if not named:
        return {"fields": sorted(properties), "required": spec_schema().get("required", [])}
    return {name: properties[name] for name in sorted(named)}


def _passage(p: dict[str, Any]) -> str:
    heading = p["title"] if p.get("heading") in (None, "", p["title"]) else p["heading"]
    return f"[{p['note_id']}] {heading}\n{p['text']}"


def task_prompt_middleware(
    prompts: TaskPrompts, on_use: Callable[[TaskPrompts], None] = lambda _p: None
) -> AgentMiddleware[Any, Any]:
    """Wrap the tool results named above in their prompt; list it outermost, before the guard.

    ``on_use`` is called after a prompt is sent, so the session can name it in what follows
    (a preview's decision record names the prompts behind it).
    """

    @wrap_tool_call  # type: ignore[arg-type]
    def coinpilot_task_prompts(request: Any, handler: Callable[[Any], Any]) -> Any:
        message = handler(request)
        if not isinstance(message, ToolMessage):
            return message
        result = result_of(message)
        call = request.tool_call
        text = prompts.wrap(call["name"], dict(call.get("args") or {}), result)
        if text is None:
            return message
        on_use(prompts)
        return ToolMessage(
            content=text,
            tool_call_id=message.tool_call_id,
            name=message.name,
            status=message.status,
            artifact=result,
        )

    return coinpilot_task_prompts  # type: ignore[no-any-return]
