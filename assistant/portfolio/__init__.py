"""Pure portfolio computation: returns, optimizers, constraints and the allocation they make.

Numpy and pandas in, numbers out: nothing here reads files, talks to an exchange or keeps state
(beyond the experimental rl objective's memo of trained policies, keyed by a hash of its inputs).
The engine and the backtester call :func:`allocate`; everything else is exported for tests, the
agent's explanations and anyone who wants one step on its own.
"""

from .allocate import MIN_RETURNS, allocate
from .clamping import clip_redistribute
from .constraints import apply_constraints
from .estimates import check_bounds, check_returns, sample_covariance
from .hrp import LINKAGES, hrp_weights, quasi_diagonal_order
from .max_sharpe import max_sharpe_weights
from .min_variance import min_variance_weights
from .naive import equal_weights, inverse_vol_weights
from .objectives import BOUNDED_INSIDE, as_objective, optimize
from .returns import shared_window, simple_returns
from .risk_parity import risk_contributions, risk_parity_weights
from .rl import RL_EXPERIMENTAL, RLConfig, RLPolicy, min_rl_returns, rl_weights, train_policy

__all__ = [
    "BOUNDED_INSIDE",
    "LINKAGES",
    "MIN_RETURNS",
    "RL_EXPERIMENTAL",
    "RLConfig",
    "RLPolicy",
    "allocate",
    "apply_constraints",
    "as_objective",
    "check_bounds",
    "check_returns",
    "clip_redistribute",
    "equal_weights",
    "hrp_weights",
    "inverse_vol_weights",
    "max_sharpe_weights",
    "min_rl_returns",
    "min_variance_weights",
    "optimize",
    "quasi_diagonal_order",
    "risk_contributions",
    "risk_parity_weights",
    "rl_weights",
    "sample_covariance",
    "shared_window",
    "simple_returns",
    "train_policy",
]
