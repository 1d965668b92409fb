"""Use cases: the only entry points the CLI, the agent's tools and the app call.

``plan_rebalance`` previews, ``execute_plan`` is the confirmation gate, ``portfolio_status`` and
``explain_decision`` read. Nothing above this layer talks to a market, broker or journal directly.

Each name's module is imported on first use (:mod:`assistant._lazy`): validating a spec must not
load the planner, its optimizers, scipy and pandas.
"""

from typing import TYPE_CHECKING

from assistant._lazy import lazy_exports

if TYPE_CHECKING:
    from .executing import execute_plan as execute_plan
    from .explain import Explanation as Explanation
    from .explain import describe as describe
    from .explain import explain_decision as explain_decision
    from .optimizing import OptimizeResult as OptimizeResult
    from .optimizing import optimize_prices as optimize_prices
    from .planning import StrategyCheck as StrategyCheck
    from .planning import check_strategy as check_strategy
    from .planning import plan_rebalance as plan_rebalance
    from .policy import ResolvedSpec as ResolvedSpec
    from .policy import check_spec as check_spec
    from .reconcile import reconcile_intents as reconcile_intents
    from .services import Clock as Clock
    from .services import Services as Services
    from .snapshot import AssetSnapshot as AssetSnapshot
    from .snapshot import MarketSnapshot as MarketSnapshot
    from .snapshot import market_snapshot as market_snapshot
    from .specs import load_spec_file as load_spec_file
    from .specs import propose_spec as propose_spec
    from .specs import validate_spec as validate_spec
    from .status import Holding as Holding
    from .status import PortfolioStatus as PortfolioStatus
    from .status import portfolio_status as portfolio_status
else:
    _LAZY = {
        ".executing": ("execute_plan",),
        ".explain": ("Explanation", "describe", "explain_decision"),
        ".optimizing": ("OptimizeResult", "optimize_prices"),
        ".planning": ("StrategyCheck", "check_strategy", "plan_rebalance"),
        ".policy": ("ResolvedSpec", "check_spec"),
        ".reconcile": ("reconcile_intents",),
        ".services": ("Clock", "Services"),
        ".snapshot": ("AssetSnapshot", "MarketSnapshot", "market_snapshot"),
        ".specs": ("load_spec_file", "propose_spec", "validate_spec"),
        ".status": ("Holding", "PortfolioStatus", "portfolio_status"),
    }
    __getattr__ = lazy_exports(__name__, _LAZY)
