"""Offline goal -> validated spec -> order preview latency, through the real agent loop.

The whole turn runs: refusal pre-check, the LangChain agent with the offline model, the
propose_strategy tool (shape + market policy), the preview_rebalance tool (optimizer, order book
walk, journal write). The demo market is pinned to a date and the journal is in memory, so the
numbers measure CoinPilot, not the disk.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime

from assistant.agent.factory import open_session
from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket

GOALS = [
    "I have $5,000, moderate risk, BTC ETH SOL, nothing above 50%, rebalance when drift passes 5%",
    "Put 10k into the top 8 coins by volume, equal weight, rebalance monthly",
    "three grand in bitcoin, ether and solana, risk parity, keep 10% in cash, rebalance quarterly",
    "$20,000 conservative, BTC ETH BNB XRP ADA LINK, max 30% each, minimize volatility, weekly",
]
RUNS = 15


def main() -> None:
    services = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=datetime(2026, 1, 15, 12, tzinfo=UTC)),
    )
    open_session(services, persistent_index=False).run_turn(GOALS[0])  # warm imports and data
    rows = []
    for goal in GOALS:
        times = []
        for _ in range(RUNS):
            session = open_session(services, persistent_index=False)  # a new conversation
            t0 = time.perf_counter()
            result = session.run_turn(goal)
            times.append(time.perf_counter() - t0)
            assert result.plan is not None, (goal, result.reply)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((goal, statistics.median(times), p95))
    print("| goal | median ms | p95 ms |\n|---|---:|---:|")
    for goal, med, p95 in rows:
        print(f"| {goal[:60]}... | {med * 1000:.1f} | {p95 * 1000:.1f} |")
    every = [r[1] for r in rows]
    print(f"\nworst median {max(every) * 1000:.1f} ms (target: under 150 ms)")
