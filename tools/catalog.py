"""Every tool the agent may be given, in the order the model sees them."""

from __future__ import annotations

from .account import EXPLAIN_DECISION, PORTFOLIO
from .backtest import RUN_BACKTEST
from .base import Tool
from .conversion import CONVERSION_RATE
from .holdings import PROPOSE_HOLDINGS
from .knowledge import SEARCH_KNOWLEDGE
from .market import MARKET_SNAPSHOT
from .onchain import ONCHAIN_METRICS
from .sentiment import MARKET_SENTIMENT
from .strategy import PREVIEW_REBALANCE, PROPOSE_STRATEGY
from .wallets import PROPOSE_WALLET, WALLET_BALANCES
from .yields import YIELD_OPPORTUNITIES

ALL_TOOLS: tuple[Tool, ...] = (
    MARKET_SNAPSHOT,
    CONVERSION_RATE,
    PROPOSE_STRATEGY,
    PREVIEW_REBALANCE,
    PORTFOLIO,
    PROPOSE_HOLDINGS,
    EXPLAIN_DECISION,
    SEARCH_KNOWLEDGE,
    RUN_BACKTEST,
    MARKET_SENTIMENT,
    ONCHAIN_METRICS,
    YIELD_OPPORTUNITIES,
    WALLET_BALANCES,
    PROPOSE_WALLET,
)


def tool_named(name: str) -> Tool:
    for tool in ALL_TOOLS:
        if tool.name == name:
            return tool
    raise KeyError(name)
