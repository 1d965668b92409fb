"""The agent's tools: thin, typed wrappers over the engine's use cases (DESIGN.md).

None of them can confirm, place or cancel an order; that path exists only in the app and the CLI.

Each name's module is imported on first use (:mod:`assistant._lazy`): ``coinpilot spec`` needs
``propose_strategy`` alone, not the backtester and the news reader behind the other tools.
"""

from typing import TYPE_CHECKING

from assistant._lazy import lazy_exports

if TYPE_CHECKING:
    from .account import EXPLAIN_DECISION as EXPLAIN_DECISION
    from .account import PORTFOLIO as PORTFOLIO
    from .backtest import RUN_BACKTEST as RUN_BACKTEST
    from .base import Tool as Tool
    from .base import ToolContext as ToolContext
    from .base import ToolResult as ToolResult
    from .base import as_data as as_data
    from .catalog import ALL_TOOLS as ALL_TOOLS
    from .catalog import tool_named as tool_named
    from .conversion import CONVERSION_RATE as CONVERSION_RATE
    from .holdings import PROPOSE_HOLDINGS as PROPOSE_HOLDINGS
    from .knowledge import SEARCH_KNOWLEDGE as SEARCH_KNOWLEDGE
    from .market import MARKET_SNAPSHOT as MARKET_SNAPSHOT
    from .onchain import ONCHAIN_METRICS as ONCHAIN_METRICS
    from .sentiment import MARKET_SENTIMENT as MARKET_SENTIMENT
    from .strategy import PREVIEW_REBALANCE as PREVIEW_REBALANCE
    from .strategy import PROPOSE_STRATEGY as PROPOSE_STRATEGY
    from .wallets import PROPOSE_WALLET as PROPOSE_WALLET
    from .wallets import WALLET_BALANCES as WALLET_BALANCES
    from .yields import YIELD_OPPORTUNITIES as YIELD_OPPORTUNITIES
else:
    _LAZY = {
        ".account": ("EXPLAIN_DECISION", "PORTFOLIO"),
        ".backtest": ("RUN_BACKTEST",),
        ".base": ("Tool", "ToolContext", "ToolResult", "as_data"),
        ".catalog": ("ALL_TOOLS", "tool_named"),
        ".holdings": ("PROPOSE_HOLDINGS",),
        ".knowledge": ("SEARCH_KNOWLEDGE",),
        ".conversion": ("CONVERSION_RATE",),
        ".market": ("MARKET_SNAPSHOT",),
        ".onchain": ("ONCHAIN_METRICS",),
        ".sentiment": ("MARKET_SENTIMENT",),
        ".strategy": ("PREVIEW_REBALANCE", "PROPOSE_STRATEGY"),
        ".wallets": ("PROPOSE_WALLET", "WALLET_BALANCES"),
        ".yields": ("YIELD_OPPORTUNITIES",),
    }
    __getattr__ = lazy_exports(__name__, _LAZY)
