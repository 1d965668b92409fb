"""Use cases: the only entry points the CLI, the agent's tools and the app call.

``plan_rebalance`` previews, ``execute_plan`` is the confirmation gate, ``resume_executions``
settles interrupted ones, ``reconcile_account_with_exchange`` is the reconciliation gate,
``halt_trading``/``resume_trading`` the kill switch, ``pnl_report``/``trade_rows`` the books,
``portfolio_status`` and ``explain_decision`` read, and the account use cases add, check and
list accounts and import holdings. Nothing above this layer talks to a market, broker or journal
directly.

Each name's module is imported on first use (:mod:`assistant._lazy`): validating a spec must not
load the planner, its optimizers, scipy and pandas.
"""

from typing import TYPE_CHECKING

from assistant._lazy import lazy_exports

if TYPE_CHECKING:
    from .accounting import TRADE_COLUMNS as TRADE_COLUMNS
    from .accounting import AccountPnL as AccountPnL
    from .accounting import pnl_report as pnl_report
    from .accounting import trade_rows as trade_rows
    from .accounts import AccountCheck as AccountCheck
    from .accounts import add_exchange_account as add_exchange_account
    from .accounts import add_paper_account as add_paper_account
    from .accounts import check_account as check_account
    from .accounts import list_accounts as list_accounts
    from .conversion import conversion_rate as conversion_rate
    from .executing import execute_plan as execute_plan
    from .explain import Explanation as Explanation
    from .explain import describe as describe
    from .explain import explain_decision as explain_decision
    from .holdings import HoldingsView as HoldingsView
    from .holdings import holdings_everywhere as holdings_everywhere
    from .holdings_import import add_holdings as add_holdings
    from .holdings_import import holdings_account as holdings_account
    from .holdings_import import import_csv as import_csv
    from .holdings_import import import_from_exchange as import_from_exchange
    from .holdings_import import parse_holdings as parse_holdings
    from .limits import halt_trading as halt_trading
    from .limits import resume_trading as resume_trading
    from .live_confirm import confirmation_phrase as confirmation_phrase
    from .live_confirm import needs_typed_confirmation as needs_typed_confirmation
    from .optimizing import OptimizeResult as OptimizeResult
    from .optimizing import optimize_prices as optimize_prices
    from .planning import StrategyCheck as StrategyCheck
    from .planning import check_strategy as check_strategy
    from .planning import plan_rebalance as plan_rebalance
    from .policy import ResolvedSpec as ResolvedSpec
    from .policy import check_spec as check_spec
    from .reconciliation import Reconciliation as Reconciliation
    from .reconciliation import reconcile_account_with_exchange as reconcile_account_with_exchange
    from .reconciliation import reconcile_on_start as reconcile_on_start
    from .resume import Resumed as Resumed
    from .resume import resume_executions as resume_executions
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
    from .status import default_account as default_account
    from .status import portfolio_status as portfolio_status
    from .wallets import WalletReport as WalletReport
    from .wallets import add_wallet as add_wallet
    from .wallets import check_new_wallet as check_new_wallet
    from .wallets import list_wallets as list_wallets
    from .wallets import remove_wallet as remove_wallet
    from .wallets import suggested_wallet_name as suggested_wallet_name
    from .wallets import wallet_balances as wallet_balances
else:
    _LAZY = {
        ".accounts": (
            "AccountCheck",
            "add_exchange_account",
            "add_paper_account",
            "check_account",
            "list_accounts",
        ),
        ".accounting": ("TRADE_COLUMNS", "AccountPnL", "pnl_report", "trade_rows"),
        ".executing": ("execute_plan",),
        ".explain": ("Explanation", "describe", "explain_decision"),
        ".holdings_import": (
            "add_holdings",
            "holdings_account",
            "import_csv",
            "import_from_exchange",
            "parse_holdings",
        ),
        ".limits": ("halt_trading", "resume_trading"),
        ".live_confirm": ("confirmation_phrase", "needs_typed_confirmation"),
        ".optimizing": ("OptimizeResult", "optimize_prices"),
        ".planning": ("StrategyCheck", "check_strategy", "plan_rebalance"),
        ".policy": ("ResolvedSpec", "check_spec"),
        ".reconciliation": (
            "Reconciliation",
            "reconcile_account_with_exchange",
            "reconcile_on_start",
        ),
        ".resume": ("Resumed", "resume_executions"),
        ".services": ("Clock", "Services"),
        ".conversion": ("conversion_rate",),
        ".snapshot": ("AssetSnapshot", "MarketSnapshot", "market_snapshot"),
        ".specs": ("load_spec_file", "propose_spec", "validate_spec"),
        ".status": ("Holding", "PortfolioStatus", "default_account", "portfolio_status"),
        ".holdings": ("HoldingsView", "holdings_everywhere"),
        ".wallets": (
            "WalletReport",
            "add_wallet",
            "check_new_wallet",
            "list_wallets",
            "remove_wallet",
            "suggested_wallet_name",
            "wallet_balances",
        ),
    }
    __getattr__ = lazy_exports(__name__, _LAZY)
