"""Our typed tools as LangChain tools, bound to one session's context.

The wrapper serializes each :class:`tools.ToolResult` to JSON for the model; the agent loop keeps
the parsed results so the UI can render cards from data rather than from model text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool

from tools import ALL_TOOLS, Tool, ToolContext


def langchain_tools(ctx: ToolContext, tools: Sequence[Tool] = ALL_TOOLS) -> list[BaseTool]:
    return [_wrap(ctx, tool) for tool in tools]


def _wrap(ctx: ToolContext, tool: Tool) -> BaseTool:
    def run(**kwargs: Any) -> str:
        return tool.run(ctx, kwargs).model_dump_json()

    return StructuredTool.from_function(
        func=run, name=tool.name, description=tool.description, args_schema=tool.args
    )
