"""What a tool is: a name, a pydantic argument schema, and a function over the engine.

Tools are plain typed functions so the agent can wrap them for LangChain while the engine stays
free of it. A tool returns a :class:`ToolResult`; errors come back as sentences the model can
repair from, never as exceptions that end the turn. No tool can confirm, place or cancel an
order: there is no such tool, and ``execute_plan`` is not reachable from here by design.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.domain import CoinPilotError, SpecError
from assistant.engine import Services

DATA_OPEN = "<data>"
DATA_CLOSE = "</data>"


def as_data(text: str) -> str:
    """Mark outside text (headlines, market names) as data: never instructions for the model."""
    cleaned = text.replace(DATA_OPEN, "").replace(DATA_CLOSE, "")
    return f"{DATA_OPEN}{cleaned}{DATA_CLOSE}"


class ToolResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    tool: str
    ok: bool
    summary: str = Field(description="one or two sentences, numbers computed by code")
    data: dict[str, Any] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)
    external_text: bool = False


KnowledgeSearch = Callable[[str, int], list[dict[str, Any]]]
#: (words about a decision, k) -> ids of the journaled decisions that match best, best first.
DecisionSearch = Callable[[str, int], list[str]]


@dataclass
class ToolContext:
    """What tools may touch: the engine's services, plus search functions the agent injects."""

    services: Services
    knowledge: KnowledgeSearch | None = None
    decisions: DecisionSearch | None = None
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    args: type[BaseModel]
    func: Callable[[ToolContext, Any], ToolResult]
    changes_state: bool = False  # True only for tools that write a preview to the journal

    def run(self, ctx: ToolContext, raw_args: dict[str, Any]) -> ToolResult:
        """Validate arguments, call the function, and turn our errors into a result."""
        try:
            args = self.args.model_validate(raw_args)
        except Exception as exc:  # pydantic.ValidationError: the model sent a bad shape
            return ToolResult(
                tool=self.name, ok=False, summary="invalid arguments", problems=[str(exc)]
            )
        try:
            return self.func(ctx, args)
        except SpecError as exc:
            return ToolResult(
                tool=self.name, ok=False, summary="the spec is not valid", problems=exc.problems
            )
        except CoinPilotError as exc:
            return ToolResult(tool=self.name, ok=False, summary=exc.message, problems=[str(exc)])
