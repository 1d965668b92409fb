"""The one policy: a spec, the closes known at a date and an account in; targets and actions out.

Every mode decides with this package, so a backtest tests the strategy that would trade:

- :func:`strategy_targets` (``targets``): the target weights: the risk profile's cap, the
  optimizer or the fixed split, the constraints, the signal tilts, the volatility target.
- ``rules``: when a rebalance is due (drift, calendar).
- ``risk``: the risk rules' definitions (stop-loss, take-profit, drawdown halt with cooldown,
  daily loss limit, turnover cap, volatility target).
- :func:`decide` (``decide``): the day's actions, in order, for an account seen at its last
  close: risk exits, the pause, the contribution, the rebalance and its trigger.
- ``contributions``: recurring contributions, bought toward the targets without selling.

The backtester (``assistant.backtest``) and the engine's previews (``engine/planning.py``, for
paper and live accounts alike) call these functions; ``engine/strategy.py`` is the entry point
that hands in the optimizer and the tilts. Pure computation: no clock, no I/O, no market; the
caller passes every number in, and nothing here may look past the last close it was given.
The package sits below ``portfolio``, ``signals`` and ``backtest`` in the layer contract so that
all of them can reach it; it imports none of them (the optimizer and tilts are passed in).
"""

from .contributions import buy_only_targets, contribution_due, opening_deposit
from .dates import day_label
from .decide import AccountView, DayDecision, Exit, decide
from .protocols import Allocator, Tilter, TiltOutcome
from .targets import Targets, decision_window, strategy_targets
from .universe import (
    JOIN_DAYS,
    VOLUME_DAYS,
    eligible_columns,
    join_days,
    mean_quote_volume,
    top_by_volume,
)

__all__ = [
    "JOIN_DAYS",
    "VOLUME_DAYS",
    "AccountView",
    "Allocator",
    "DayDecision",
    "Exit",
    "Targets",
    "TiltOutcome",
    "Tilter",
    "buy_only_targets",
    "contribution_due",
    "day_label",
    "decide",
    "decision_window",
    "eligible_columns",
    "join_days",
    "mean_quote_volume",
    "opening_deposit",
    "strategy_targets",
    "top_by_volume",
]
