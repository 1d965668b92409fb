"""Sweep throughput: backtests per second per core for a 1,000-point grid on the real history,
beside vectorbt running the same grid as parameter columns.

The grid both can express: the five coins of ``examples/hrp_core.toml`` (BTC ETH SOL BNB XRP),
equal weights after a cash reserve, rebalanced when any weight drifts past a threshold: 40
thresholds (1% to 40%) x 25 cash reserves (0% to 24%) = 1,000 points, over the shipped Binance
daily closes from 2020-08-11 (the first day all five trade) to 2025-12-31, 10 bps fees.

- **ours**: ``sweep_spec`` (what `coinpilot backtest SPEC --sweep grid.toml` runs) on local
  processes, one per core; each point is the full spec backtest (allocator at every rebalance,
  order-book slippage from volumes, metrics). Timed from the first job sent to the last row back.
- **vectorbt**: one ``Portfolio.from_order_func`` call over 5,000 columns (1,000 groups of five,
  cash shared within a group), the drift rule in a numba callback reading each group's threshold
  and weights; its first call compiles (timed apart), then the best of three warm calls, plus
  ``total_return`` for every group. One process (vectorbt's numba loop is single-threaded).

The two are not the same computation (ours re-runs the allocator and models slippage; vectorbt
applies fixed weights at the close with fees only), so this measures throughput, not parity.
"""

from __future__ import annotations

import os
import platform
import time

import numpy as np
import pandas as pd

from assistant.config import load_settings
from assistant.engine import Services, load_spec_file
from assistant.engine.sweep_grid import parse_grid
from assistant.engine.sweeping import sweep_spec

from ._timing import best_of

START, END = "2020-08-11", "2025-12-31"
THRESHOLDS = [round(0.01 * i, 2) for i in range(1, 41)]
RESERVES = [round(0.01 * i, 2) for i in range(25)]
FEE_BPS = 10.0
COINS = ["BTC", "ETH", "SOL", "BNB", "XRP"]


def _ours(workers: int) -> tuple[float, int]:
    grid = parse_grid(
        {
            "grid": {
                "objective": ["equal_weight"],
                "rebalance.drift_threshold": THRESHOLDS,
                "constraints.cash_reserve": RESERVES,
            }
        }
    )
    spec = load_spec_file(
        os.path.join(os.path.dirname(__file__), "..", "examples", "hrp_core.toml")
    )
    with Services.open(load_settings(), market="history") as services:
        outcome = sweep_spec(
            services, spec, grid, start=START, end=END, fee_bps=FEE_BPS, workers=workers
        )
    return outcome.seconds, len(outcome.ranked)


def _closes() -> pd.DataFrame:
    from assistant.market.history import HistoryMarket

    market = HistoryMarket(None)
    frame = pd.DataFrame({c: market.ohlcv(f"{c}/USDT", "1d")["close"] for c in COINS})
    return frame.loc[START:END].astype(float)


def _vectorbt(closes: pd.DataFrame) -> tuple[float, float, int]:
    import vectorbt as vbt
    from numba import njit
    from vectorbt.portfolio import nb
    from vectorbt.portfolio.enums import Direction, SizeType

    n = closes.shape[1]
    points = [(t, r) for t in THRESHOLDS for r in RESERVES]
    groups = len(points)
    wide = pd.DataFrame(
        np.tile(closes.to_numpy(), (1, groups)),
        index=closes.index,
        columns=pd.MultiIndex.from_product([range(groups), closes.columns], names=["p", "asset"]),
    )
    size = np.array([[(1.0 - r) / n for (_, r) in points for _ in range(n)]])
    thresholds = np.array([t for t, _ in points])
    reserves = np.array([r for _, r in points])
    size_type = np.array([[SizeType.TargetPercent]])
    direction = np.array([[Direction.LongOnly]])

    @njit
    def pre_group(c):  # type: ignore[no-untyped-def]
        return (np.empty(c.group_len, dtype=np.float64),)

    @njit
    def pre_segment(c, order_value_out, size, size_type, direction, thresholds, reserves):  # type: ignore[no-untyped-def]
        rebalance = c.i == 0
        if not rebalance:
            value = c.last_cash[c.group]
            for col in range(c.from_col, c.to_col):
                value += c.last_position[col] * c.close[c.i - 1, col]
            gap = abs(c.last_cash[c.group] / value - reserves[c.group])
            for col in range(c.from_col, c.to_col):
                w = c.last_position[col] * c.close[c.i - 1, col] / value
                gap = max(gap, abs(w - size[0, col]))
            rebalance = gap >= thresholds[c.group]
        if rebalance:
            for col in range(c.from_col, c.to_col):
                c.last_val_price[col] = c.close[c.i, col]
            nb.sort_call_seq_nb(c, size, size_type, direction, order_value_out)
        return (rebalance,)

    @njit
    def order_func(c, rebalance, size, fee):  # type: ignore[no-untyped-def]
        if not rebalance:
            return nb.order_nothing_nb()
        return nb.order_nb(
            size=size[0, c.col],
            price=c.close[c.i, c.col],
            size_type=SizeType.TargetPercent,
            direction=Direction.LongOnly,
            fees=fee,
        )

    def run() -> pd.Series:
        portfolio = vbt.Portfolio.from_order_func(
            wide,
            order_func,
            size,
            FEE_BPS / 10_000.0,
            pre_group_func_nb=pre_group,
            pre_segment_func_nb=pre_segment,
            pre_segment_args=(size, size_type, direction, thresholds, reserves),
            cash_sharing=True,
            group_by=wide.columns.get_level_values("p"),
            init_cash=10_000.0,
            freq="1D",
        )
        return portfolio.total_return()

    t0 = time.perf_counter()
    run()
    first = time.perf_counter() - t0
    warm, returns = best_of(3, run)
    return first, warm, len(returns)


def main() -> None:
    cores = os.cpu_count() or 1
    closes = _closes()
    print(f"{len(closes)} days x {closes.shape[1]} coins; {len(THRESHOLDS) * len(RESERVES)} points")
    print(f"machine: {platform.processor() or platform.machine()}, {cores} cores")
    seconds, ran = _ours(cores)
    first, warm, groups = _vectorbt(closes)
    ours_rate = ran / seconds / cores
    vbt_rate = groups / warm
    print("\n| side | points | seconds | cores | backtests/s/core |\n|---|---:|---:|---:|---:|")
    print(
        f"| ours (sweep_spec, local processes) | {ran} | {seconds:.1f} | {cores} "
        f"| {ours_rate:.1f} |"
    )
    print(f"| vectorbt, warm (param columns) | {groups} | {warm:.2f} | 1 | {vbt_rate:.1f} |")
    print(
        f"| vectorbt, first call (compiles) | {groups} | {first:.2f} | 1 | {groups / first:.1f} |"
    )
    print(f"\nours / vectorbt (per core, warm): {ours_rate / vbt_rate:.3f}")


if __name__ == "__main__":
    main()
