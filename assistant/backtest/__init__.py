"""Backtests: how a strategy would have done, with the same rules as paper and live trading.

Pure computation: close prices (a DataFrame the caller loaded) in, a :class:`BacktestResult`
out. Nothing here reads files, talks to an exchange or imports ``portfolio``/``signals`` (their
functions are passed in). ``rules`` and ``risk`` hold the rebalance and risk rules the live
engine shares; ``simulate`` is the day loop; ``metrics`` the documented formulas.
"""

from assistant.policy.risk import RiskEvent, RiskLimits
from assistant.policy.rules import RuleCheck, check_rebalance, max_drift

from .api import DEFAULT_CAPITAL, backtest_weights, run_backtest, walk_forward
from .compare import Comparison, compare, equal_weight_baseline
from .costs import Costs
from .metrics import Drawdown, Metrics, compute_metrics
from .panel import Panel, prepare_panel
from .policy import Allocator, EqualWeights, FixedWeights, SpecPolicy, Tilter
from .records import RebalanceRecord
from .report_html import render_html_report, write_html_report
from .result import BacktestResult, fingerprint
from .simulate import BacktestCancelledError, SimSettings, simulate
from .sweep import Executor, SweepJob, SweepRow, make_executor, run_sweep

__all__ = [
    "DEFAULT_CAPITAL",
    "Allocator",
    "BacktestCancelledError",
    "BacktestResult",
    "Comparison",
    "Costs",
    "Drawdown",
    "EqualWeights",
    "Executor",
    "FixedWeights",
    "Metrics",
    "Panel",
    "RebalanceRecord",
    "RiskEvent",
    "RiskLimits",
    "RuleCheck",
    "SimSettings",
    "SpecPolicy",
    "SweepJob",
    "SweepRow",
    "Tilter",
    "backtest_weights",
    "check_rebalance",
    "compare",
    "compute_metrics",
    "equal_weight_baseline",
    "fingerprint",
    "make_executor",
    "max_drift",
    "prepare_panel",
    "render_html_report",
    "run_backtest",
    "run_sweep",
    "simulate",
    "walk_forward",
    "write_html_report",
]
