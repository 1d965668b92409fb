"""A full backtest of a 21-coin spec on the real daily data, 2018-01-01 to 2025-12-31.

The spec: every coin of the shipped history (``assistant/market/data/daily``, byte for byte the
held-out ``../shared/data/market/daily``; Binance spot closes; MATIC and XMR are
delisted on the way, 19 coins list after 2018-01-01), HRP with single linkage over 365 days, at
most 25% per coin, drift 5% or every 30 days, a 30% stop-loss, a 50% drawdown halt, 10 bps fee
and the model-book slippage on the real volumes. Timed: the backtest call only (loading the
files is the caller's job and is timed apart). Prints the headline metrics and the fingerprint.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from assistant.backtest import run_backtest
from assistant.domain import StrategySpec
from assistant.market import CsvMarket, all_closes
from assistant.market.history import SHIPPED_DAILY
from assistant.portfolio import allocate
from assistant.signals import apply_tilts


def load(folder: Path = SHIPPED_DAILY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Closes and base-asset volumes of every coin in ``folder`` (the shipped history)."""
    market = CsvMarket(folder)
    closes = all_closes(market)
    volumes = {i.base: market.ohlcv(i.symbol)["volume"] for i in market.markets().values()}
    return closes, pd.DataFrame(volumes)


def spec_for(closes: pd.DataFrame) -> StrategySpec:
    return StrategySpec.model_validate(
        {
            "name": "all-21-hrp",
            "universe": {"symbols": list(closes.columns)},
            "objective": "hrp",
            "constraints": {"max_weight": 0.25},
            "risk": {"stop_loss": 0.3, "max_drawdown": 0.5},
            "rebalance": {"drift_threshold": 0.05, "every_days": 30},
        }
    )


def main() -> None:
    start = time.perf_counter()
    closes, volumes = load()
    loading = time.perf_counter() - start
    spec = spec_for(closes)
    times, result = [], None
    for _ in range(3):
        start = time.perf_counter()
        result = run_backtest(
            spec,
            closes,
            allocator=allocate,
            tilter=apply_tilts,
            start="2018-01-01",
            end="2025-12-31",
            volumes=volumes,
        )
        times.append(time.perf_counter() - start)
    assert result is not None
    m = result.metrics
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}; "
        f"load {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"\nLoading 21 CSV files (closes and volumes): {loading:.2f} s")
    print(
        f"Backtest {m.start.date()}..{m.end.date()} ({m.days} days, {closes.shape[1]} coins): "
        f"best {min(times):.3f} s, runs {', '.join(f'{t:.3f}' for t in times)}"
    )
    print(
        f"{m.rebalances} rebalances, {len(result.events)} risk events, CAGR {m.cagr:.1%}, "
        f"max drawdown {m.max_drawdown.depth:.1%}, Sharpe {m.sharpe:.2f}, fees "
        f"{m.fees:,.0f} USDT, slippage {m.slippage:,.0f} USDT, 2022 "
        f"{m.yearly_returns['2022']:+.1%}"
    )
    print(f"fingerprint {result.fingerprint}")


if __name__ == "__main__":
    main()
