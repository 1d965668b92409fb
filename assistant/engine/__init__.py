"""Use cases: the only entry points the CLI, the agent's tools and the app call.

``plan_rebalance`` previews, ``execute_plan`` is the confirmation gate, ``portfolio_status`` and
``explain_decision`` read. Nothing above this layer talks to a market, broker or journal directly.
"""

from .executing import execute_plan
from .explain import Explanation, describe, explain_decision
from .optimizing import OptimizeResult, optimize_prices
from .planning import plan_rebalance
from .policy import ResolvedSpec, check_spec
from .reconcile import reconcile_intents
from .services import Clock, Services
from .snapshot import AssetSnapshot, MarketSnapshot, market_snapshot
from .specs import load_spec_file, propose_spec, validate_spec
from .status import Holding, PortfolioStatus, portfolio_status

__all__ = [
    "AssetSnapshot",
    "Clock",
    "Explanation",
    "Holding",
    "MarketSnapshot",
    "OptimizeResult",
    "PortfolioStatus",
    "ResolvedSpec",
    "Services",
    "check_spec",
    "describe",
    "execute_plan",
    "explain_decision",
    "load_spec_file",
    "market_snapshot",
    "optimize_prices",
    "plan_rebalance",
    "portfolio_status",
    "propose_spec",
    "reconcile_intents",
    "validate_spec",
]
