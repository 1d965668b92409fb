"""The experimental ``rl`` objective against HRP, equal weight and BTC, out of sample, real data.

Every coin of the shipped daily history (``assistant/market/data/daily``, the same bytes as the
shared held-out ``market/daily``), 2019-01-01 to 2025-12-31, each strategy run by the same
backtester: rebalance every 7 days (the RL policy's training horizon), at most 25% per coin, a
365-day lookback, 10 bps fee plus the model-book slippage on the real volumes, coins joining when
they have a year of history. The RL policy is retrained at every rebalance on the lookback window
only (which ends the day before the trade), so every figure is out of sample; it runs with the
objective's seed 0 and, to show the spread, seeds 1 and 2. BTC is bought once
and held. Prints one Markdown table (Sharpe, CAGR, max drawdown, turnover per year, costs) and
the RL training time per rebalance.
"""

from __future__ import annotations

import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from assistant.backtest import run_backtest
from assistant.domain import StrategySpec
from assistant.portfolio import RLConfig, allocate, objectives, rl_weights
from benchmarks.backtest_real import load

START, END, MAX_WEIGHT, EVERY = "2019-01-01", "2025-12-31", 0.25, 7


def spec(objective: str, symbols: list[str]) -> StrategySpec:
    return StrategySpec.model_validate(
        {
            "name": f"bench-{objective}",
            "universe": {"symbols": symbols},
            "objective": objective,
            "constraints": {"max_weight": MAX_WEIGHT if len(symbols) > 1 else 1.0},
            "risk": {"level": "aggressive"},
            "rebalance": {"every_days": EVERY},
        }
    )


class _Timed:
    def __init__(self) -> None:
        self.seconds, self.calls = 0.0, 0

    def __call__(self, closes: pd.DataFrame, **options: Any) -> Any:
        start = time.perf_counter()
        out = allocate(closes, **options)
        self.seconds += time.perf_counter() - start
        self.calls += 1
        return out


def _cpu() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor() or "unknown CPU"
    for line in out.splitlines():
        if line.startswith("Model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def main() -> None:
    closes, volumes = load()
    coins = list(closes.columns)
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {_cpu()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, numpy {np.__version__}; load "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    runs = [
        ("rl", coins),
        ("rl, seed 1", coins),
        ("rl, seed 2", coins),
        ("hrp", coins),
        ("equal_weight", coins),
        ("BTC (buy and hold)", ["BTC"]),
    ]
    print(
        f"\n{len(coins)} coins, {START}..{END}, rebalance every {EVERY} days, max weight "
        f"{MAX_WEIGHT:.0%}, lookback 365 days, 10 bps fee + model-book slippage.\n"
    )
    print(
        "| strategy | Sharpe | CAGR | max drawdown | turnover / year | fees + slippage "
        "(USDT, 10k start) | final equity |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    timing = ""
    for name, symbols in runs:
        objective = "equal_weight" if len(symbols) == 1 else name.split(",")[0]
        seed = int(name.rsplit(" ", 1)[1]) if "seed" in name else 0
        # The objective always trains with seed 0; other seeds only here, to show the spread.
        objectives.rl_weights = lambda m, s=seed: rl_weights(m, RLConfig(seed=s))  # type: ignore[misc]
        timer = _Timed()
        start = time.perf_counter()
        result = run_backtest(
            spec(objective, symbols),
            closes[symbols],
            allocator=timer,
            start=START,
            end=END,
            volumes=volumes[symbols],
            capital=10_000.0,
        )
        elapsed = time.perf_counter() - start
        m = result.metrics
        sharpe = "n/a" if m.sharpe is None else f"{m.sharpe:.2f}"
        cagr = "n/a" if m.cagr is None else f"{m.cagr:.1%}"
        print(
            f"| {name} | {sharpe} | {cagr} | {m.max_drawdown.depth:.1%} | "
            f"{m.turnover_per_year:.2f} | {m.fees + m.slippage:,.0f} | {m.final_equity:,.0f} |"
        )
        if name == "rl":
            timing = (
                f"RL backtest {elapsed:.1f} s: {timer.calls} refits, "
                f"{timer.seconds / max(timer.calls, 1) * 1000:.0f} ms per refit (training "
                "included)."
            )
    objectives.rl_weights = rl_weights
    print(f"\n{timing}")


if __name__ == "__main__":
    main()
