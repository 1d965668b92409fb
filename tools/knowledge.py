"""Search the knowledge notes (the agent injects the search function; tools stay below it)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .base import Tool, ToolContext, ToolResult, as_data


class SearchArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=2, max_length=300)
    k: int = Field(default=3, ge=1, le=8)


def _search(ctx: ToolContext, args: SearchArgs) -> ToolResult:
    if ctx.knowledge is None:
        return ToolResult(tool="search_knowledge", ok=False, summary="knowledge search is off")
    passages = ctx.knowledge(args.query, args.k)
    if not passages:
        return ToolResult(tool="search_knowledge", ok=False, summary="no note matches")
    top = passages[0]
    return ToolResult(
        tool="search_knowledge",
        ok=True,
        summary=f"Best match: note '{top['note_id']}' ({top['title']})",
        data={"passages": [{**p, "text": as_data(str(p["text"]))} for p in passages]},
    )


SEARCH_KNOWLEDGE = Tool(
    name="search_knowledge",
    description="Search CoinPilot's knowledge notes (optimizers, rebalancing, risk, fees, safety). "
    "Cite the note id you use.",
    args=SearchArgs,
    func=_search,
)
