"""The agent's tools: thin, typed wrappers over the engine's use cases (DESIGN.md).

None of them can confirm, place or cancel an order; that path exists only in the app and the CLI.
"""

from .account import EXPLAIN_DECISION, PORTFOLIO
from .backtest import RUN_BACKTEST
from .base import Tool, ToolContext, ToolResult, as_data
from .knowledge import SEARCH_KNOWLEDGE
from .market import MARKET_SNAPSHOT
from .sentiment import MARKET_SENTIMENT
from .strategy import PREVIEW_REBALANCE, PROPOSE_STRATEGY

ALL_TOOLS: tuple[Tool, ...] = (
    MARKET_SNAPSHOT,
    PROPOSE_STRATEGY,
    PREVIEW_REBALANCE,
    PORTFOLIO,
    EXPLAIN_DECISION,
    SEARCH_KNOWLEDGE,
    RUN_BACKTEST,
    MARKET_SENTIMENT,
)


def tool_named(name: str) -> Tool:
    for tool in ALL_TOOLS:
        if tool.name == name:
            return tool
    raise KeyError(name)


__all__ = [
    "ALL_TOOLS",
    "EXPLAIN_DECISION",
    "MARKET_SENTIMENT",
    "MARKET_SNAPSHOT",
    "PORTFOLIO",
    "PREVIEW_REBALANCE",
    "PROPOSE_STRATEGY",
    "RUN_BACKTEST",
    "SEARCH_KNOWLEDGE",
    "Tool",
    "ToolContext",
    "ToolResult",
    "as_data",
    "tool_named",
]
