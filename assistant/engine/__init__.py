"""Use cases: the only entry points the CLI, the agent's tools and the app call.

``plan_rebalance`` previews, ``execute_plan`` is the confirmation gate, ``resume_executions``
settles interrupted ones, ``portfolio_status`` and ``explain_decision`` read, and the account use
cases add, check and list accounts and import holdings. Nothing above this layer talks to a
market, broker or journal directly.
"""

from .accounts import (
    AccountCheck,
    add_exchange_account,
    add_paper_account,
    check_account,
    list_accounts,
)
from .executing import execute_plan
from .explain import Explanation, describe, explain_decision
from .holdings_import import import_csv, import_from_exchange, parse_holdings
from .live_confirm import confirmation_phrase, needs_typed_confirmation
from .optimizing import OptimizeResult, optimize_prices
from .planning import plan_rebalance
from .policy import ResolvedSpec, check_spec
from .resume import Resumed, resume_executions
from .services import Clock, Services
from .snapshot import AssetSnapshot, MarketSnapshot, market_snapshot
from .specs import load_spec_file, propose_spec, validate_spec
from .status import Holding, PortfolioStatus, default_account, portfolio_status

__all__ = [
    "AccountCheck",
    "AssetSnapshot",
    "Clock",
    "Explanation",
    "Holding",
    "MarketSnapshot",
    "OptimizeResult",
    "PortfolioStatus",
    "ResolvedSpec",
    "Resumed",
    "Services",
    "add_exchange_account",
    "add_paper_account",
    "check_account",
    "check_spec",
    "confirmation_phrase",
    "default_account",
    "describe",
    "execute_plan",
    "explain_decision",
    "import_csv",
    "import_from_exchange",
    "list_accounts",
    "load_spec_file",
    "market_snapshot",
    "needs_typed_confirmation",
    "optimize_prices",
    "parse_holdings",
    "plan_rebalance",
    "portfolio_status",
    "propose_spec",
    "resume_executions",
    "validate_spec",
]
