"""The experimental ``rl`` objective: a policy-gradient allocator trained on the window it is given.

Why a policy and not a forecast: the agent (the allocator) acts every ``horizon`` days, the
environment (the market) answers with the assets' growth over the holding period, and the reward
is the log growth of the portfolio *after* the cost of trading from the drifted previous weights.
Costs make the problem sequential (what you hold now changes what the next trade costs), which is
what a reinforcement-learning framing adds over a one-step optimizer.

The policy is deliberately small, so that it can be trained from scratch at every rebalance on a
laptop and reproduced exactly: a linear score over a few features per asset (trailing momentum
over 5, 20 and 60 days, trailing volatility over 20 and 60 days, each z-scored across the assets
of the day), shared by every asset, then a softmax over assets. Because the parameters are shared,
the policy does not care how many assets there are or which ones they are; with all parameters at
zero it is equal weight. Training is deterministic policy gradient in the manner of Jiang, Xu and
Liang (2017, "A Deep Reinforcement Learning Framework for the Financial Portfolio Management
Problem"): the reward is a known differentiable function of the action, so its exact gradient is
used (Adam, L2 shrinkage towards equal weight), with the previous weights held as state. All
``horizon`` phase offsets of the decision calendar are trained side by side.

Walk-forward by construction: :func:`rl_weights` sees only the returns it is passed (the
allocator passes the lookback window, which ends the day before the trade), every training
decision at row ``t`` uses features of rows ``< t`` and a reward from rows ``t .. t + horizon - 1``
that all lie inside the window, and the final decision uses features of the whole window. The seed
fixes the initial parameters; a trained policy is memoised by a hash of its inputs and settings, so
the same window always gives the same weights without training twice in one process.

It must never be described as better than the baselines: see :data:`RL_EXPERIMENTAL`, which is what
the benchmark (``benchmarks/rl_allocator.py``) showed on the shipped history.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import astuple, dataclass

import numpy as np

from assistant.domain import EXPERIMENTAL_OBJECTIVES, DataError, Objective

from .estimates import Array

__all__ = [
    "RL_EXPERIMENTAL",
    "RLConfig",
    "RLPolicy",
    "min_rl_returns",
    "rl_weights",
    "train_policy",
]

#: What a person is told whenever ``rl`` is picked (kept in the domain, beside the objective, so
#: the spec check can say it without loading numpy).
RL_EXPERIMENTAL = EXPERIMENTAL_OBJECTIVES[Objective.RL]

#: Trailing windows (days) of the momentum and volatility features; the longest sets how much
#: history comes before the first training decision.
_MOMENTUM = (5, 20, 60)
_VOLATILITY = (20, 60)
_WARMUP = max(*_MOMENTUM, *_VOLATILITY)
#: Fewest training decisions (per phase offset) worth fitting a policy to.
_MIN_DECISIONS = 8
_CACHE_SIZE = 512


@dataclass(frozen=True)
class RLConfig:
    """Training settings; the defaults are what the ``rl`` objective uses.

    ``cost`` is charged per unit of weight traded: the backtester's default 10 bps fee plus its
    2 bps half-spread.
    """

    horizon: int = 7
    epochs: int = 150
    learning_rate: float = 0.05
    l2: float = 0.01
    cost: float = 0.0012
    init_scale: float = 0.1
    seed: int = 0


@dataclass(frozen=True)
class RLPolicy:
    """A trained linear softmax policy: ``theta`` weighs the features named in ``FEATURES``."""

    theta: Array
    #: Rows of the returns matrix the training rewards used (``0 .. train_rows - 1``).
    train_rows: int
    #: Mean per-decision reward (log growth after costs) of the last epoch, for diagnostics.
    train_reward: float

    FEATURES = tuple(
        [f"momentum_{d}d" for d in _MOMENTUM] + [f"volatility_{d}d" for d in _VOLATILITY]
    )

    def weights(self, returns: Array) -> Array:
        """The action after the last row of ``returns``: softmax of the features' scores."""
        features = _features(np.log1p(returns), returns.shape[0])
        return _softmax(features @ self.theta)


def min_rl_returns(horizon: int = RLConfig.horizon) -> int:
    """Fewest daily returns :func:`train_policy` accepts."""
    return _WARMUP + horizon * _MIN_DECISIONS


_cache: OrderedDict[str, RLPolicy] = OrderedDict()


def rl_weights(returns: Array, config: RLConfig | None = None) -> Array:
    """Weights (non-negative, summing to 1) for a T x N matrix of simple returns.

    Trains (or recalls) a policy on ``returns`` and applies it after the last row. Raises
    DataError when there are fewer than :func:`min_rl_returns` rows.
    """
    matrix = np.ascontiguousarray(returns, dtype=np.float64)
    cfg = config or RLConfig()
    return train_policy(matrix, cfg).weights(matrix)


def train_policy(returns: Array, config: RLConfig | None = None) -> RLPolicy:
    """The policy trained on ``returns`` (memoised by a hash of the returns and ``config``)."""
    cfg = config or RLConfig()
    matrix = np.ascontiguousarray(returns, dtype=np.float64)
    needed = min_rl_returns(cfg.horizon)
    if matrix.ndim != 2 or matrix.shape[0] < needed:
        rows = matrix.shape[0] if matrix.ndim else 0
        raise DataError(
            f"rl needs at least {needed} daily returns to train on ({_WARMUP} to compute its "
            f"features, then {_MIN_DECISIONS} decisions of {cfg.horizon} days); "
            f"only {rows} are available.",
            hint=f"Use lookback_days of at least {needed + 1}, or an asset set with a longer "
            "shared history.",
        )
    key = _key(matrix, cfg)
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    policy = _train(matrix, cfg)
    _cache[key] = policy
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return policy


def _key(matrix: Array, cfg: RLConfig) -> str:
    digest = hashlib.sha256(matrix.tobytes())
    digest.update(repr((matrix.shape, astuple(cfg))).encode())
    return digest.hexdigest()


def _features(log_returns: Array, t: int) -> Array:
    """N x K features known after row ``t - 1`` (rows ``< t``), z-scored across assets."""
    features: Array = _all_features(log_returns[:t], np.array([t]))[0]
    return features


def _all_features(log_returns: Array, rows: np.ndarray) -> Array:
    """Features for decisions at each of ``rows`` (D x N x K), from the rows before each one."""
    n = log_returns.shape[1]
    zero = np.zeros((1, n))
    total = np.vstack([zero, np.cumsum(log_returns, axis=0)])
    squares = np.vstack([zero, np.cumsum(log_returns**2, axis=0)])
    columns = []
    for d in _MOMENTUM:
        columns.append(total[rows] - total[rows - d])
    for d in _VOLATILITY:
        mean = (total[rows] - total[rows - d]) / d
        var = (squares[rows] - squares[rows - d]) / d - mean**2
        columns.append(np.sqrt(np.maximum(var, 0.0)))
    raw = np.stack(columns, axis=-1)  # D x N x K
    centred = raw - raw.mean(axis=1, keepdims=True)
    spread = raw.std(axis=1, keepdims=True)
    return np.asarray(np.where(spread > 1e-12, centred / np.maximum(spread, 1e-12), 0.0))


def _softmax(scores: Array) -> Array:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=-1, keepdims=True), dtype=np.float64)


def _train(returns: Array, cfg: RLConfig) -> RLPolicy:
    """Adam ascent on the mean after-cost log growth of every phase offset's trajectory."""
    t_rows, n = returns.shape
    h = cfg.horizon
    # Decision rows: from the warm-up on, every h rows, while a full holding period remains.
    starts = np.arange(_WARMUP, t_rows - h + 1)
    offsets = [starts[k::h] for k in range(h)]
    steps = min(len(o) for o in offsets)
    grid = np.stack([o[:steps] for o in offsets], axis=1)  # steps x h decision rows
    log_r = np.log1p(returns)
    features = _all_features(log_r, grid.ravel()).reshape(steps, h, n, -1)
    cum = np.vstack([np.zeros((1, n)), np.cumsum(log_r, axis=0)])
    growth = np.exp(cum[grid + h] - cum[grid])  # steps x h x N, rows t .. t+h-1
    rng = np.random.default_rng(cfg.seed)
    theta = rng.normal(0.0, cfg.init_scale, features.shape[-1])
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    reward = 0.0
    for epoch in range(1, cfg.epochs + 1):
        grad, reward = _gradient(theta, features, growth, cfg.cost)
        grad -= 2.0 * cfg.l2 * theta
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        m_hat, v_hat = m / (1 - beta1**epoch), v / (1 - beta2**epoch)
        theta = theta + cfg.learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return RLPolicy(theta=theta, train_rows=int(grid.max()) + h, train_reward=reward)


def _gradient(theta: Array, features: Array, growth: Array, cost: float) -> tuple[Array, float]:
    """d(mean reward)/d(theta) along every trajectory, previous weights held as state."""
    steps, h, n, _ = features.shape
    held = np.full((h, n), 1.0 / n)  # each trajectory starts from equal weight, drifted
    grad = np.zeros_like(theta)
    total = 0.0
    for s in range(steps):
        f = features[s]  # h x N x K
        w = _softmax(f @ theta)  # h x N
        g = growth[s]
        gross = (w * g).sum(axis=1, keepdims=True)
        trade = w - held
        total += float(np.sum(np.log(gross)) - cost * np.abs(trade).sum())
        d_w = g / gross - cost * np.sign(trade)
        d_s = w * (d_w - (w * d_w).sum(axis=1, keepdims=True))
        grad += np.einsum("hn,hnk->k", d_s, f)
        held = w * g / gross
    count = steps * h
    return grad / count, total / count
