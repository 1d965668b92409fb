"""Our typed tools as LangChain tools, bound to one session's context.

Each tool answers with ``(content, artifact)``: the model reads the content (the result as JSON,
without the bulky fields of :data:`.artifacts.MODEL_OMITS`); the artifact is the whole result as a
dict, which the guard, the session and the surfaces read (:func:`.artifacts.result_of`). The spec
tools' argument schema is the StrategySpec's own (``tools.schema``), and ``propose_strategy``'s
description carries the spec contract prompt (field rules and one example), so every model knows
the format without guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool

from tools import ALL_TOOLS, Tool, ToolContext

from .artifacts import for_model


def langchain_tools(
    ctx: ToolContext, tools: Sequence[Tool] = ALL_TOOLS, contract: str | None = None
) -> list[BaseTool]:
    """``contract``: text added to ``propose_strategy``'s description (the spec contract)."""
    return [
        _wrap(ctx, tool, contract if tool.name == "propose_strategy" else None) for tool in tools
    ]


def _wrap(ctx: ToolContext, tool: Tool, extra: str | None) -> BaseTool:
    def run(**kwargs: Any) -> tuple[str, dict[str, Any]]:
        result = tool.run(ctx, kwargs).model_dump(mode="json")
        return for_model(result), result

    description = tool.description + (f"\n\n{extra.strip()}" if extra else "")
    return StructuredTool.from_function(
        func=run,
        name=tool.name,
        description=description,
        args_schema=tool.args,
        response_format="content_and_artifact",
    )
