"""Backtests: how a strategy would have done, with the same rules as paper and live trading.

Pure computation: close prices (a DataFrame the caller loaded) in, a :class:`BacktestResult`
out. Nothing here reads files, talks to an exchange or imports ``portfolio``/``signals`` (their
functions are passed in). ``rules`` and ``risk`` hold the rebalance and risk rules the live
engine shares; ``simulate`` is the day loop; ``metrics`` the documented formulas.
"""

from .api import DEFAULT_CAPITAL, backtest_weights, run_backtest, walk_forward
from .costs import Costs
from .metrics import Drawdown, Metrics, compute_metrics
from .panel import Panel, prepare_panel
from .policy import Allocator, EqualWeights, FixedWeights, SpecPolicy, Tilter
from .records import RebalanceRecord
from .result import BacktestResult, fingerprint
from .risk import RiskEvent, RiskLimits
from .rules import RuleCheck, check_rebalance, max_drift
from .simulate import BacktestCancelledError, SimSettings, simulate

__all__ = [
    "DEFAULT_CAPITAL",
    "Allocator",
    "BacktestCancelledError",
    "BacktestResult",
    "Costs",
    "Drawdown",
    "EqualWeights",
    "FixedWeights",
    "Metrics",
    "Panel",
    "RebalanceRecord",
    "RiskEvent",
    "RiskLimits",
    "RuleCheck",
    "SimSettings",
    "SpecPolicy",
    "Tilter",
    "backtest_weights",
    "check_rebalance",
    "compute_metrics",
    "fingerprint",
    "max_drift",
    "prepare_panel",
    "run_backtest",
    "simulate",
    "walk_forward",
]
