"""What a year of watching costs a person: ``portfolio``, ``why`` and the journal screen.

Three SQLite journals on disk, the same ten strategies (five-coin subsets of the demo, each
planned and confirmed once on 2025-01-15):

- **fresh**: just those ten confirmations;
- **a year of trades**: the same, then a confirmed rebalance every month per strategy (120
  executions, their intents, orders and fills): what the person did, without any watching;
- **a year of trades and watching**: the same trades, plus 8,760 hourly rounds of checks on the
  ten strategies (87,600 check rows, 8,760 heartbeats) and a proposal with its plan and alert
  every week per strategy (about 500): everything the watcher writes in a year.

Timed (best of ``RUNS``, in-process, warm, after collecting the build's garbage), with the
market at 2026-01-15: ``portfolio_status`` (what `coinpilot portfolio` and the app's pane show),
``explain_decision`` of the newest decision and of one from the first week (`coinpilot why`),
and the journal screen's two reads (a page of 50 decision rows, what a 50-line terminal reads on
opening; 100 timeline entries); and the shown account's balances, as ``portfolio`` reads them
(the newest balance checkpoint plus the rows after it) and summed from every fill (what it did
before checkpoints, ``Journal.replayed_balances``). The watcher's cost is the ratio of the
watched journal to the trades-only one (target: at most 1.5); the ratio to the fresh
journal is printed too.
"""

from __future__ import annotations

import gc
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from assistant.config import load_settings
from assistant.domain import StrategySpec
from assistant.domain.watch import AlertRecord, CheckRecord, Heartbeat
from assistant.engine import (
    Clock,
    Services,
    execute_plan,
    explain_decision,
    plan_rebalance,
    portfolio_status,
)
from assistant.journal import Journal
from assistant.market import DemoMarket

from ._timing import best_of

START = datetime(2025, 1, 15, 12, tzinfo=UTC)
END = START + timedelta(days=365)
COINS = ["BTC", "ETH", "SOL", "BNB", "XRP", "ADA", "DOGE", "LINK", "AVAX", "DOT"]
RUNS = 15


def _spec(i: int) -> StrategySpec:
    symbols = [COINS[(i + k) % len(COINS)] for k in range(5)]
    return StrategySpec.model_validate(
        {
            "name": f"strategy-{i}",
            "version": 1,
            "quote": "USDT",
            "capital": 10_000,
            "objective": ["hrp", "inverse_vol", "equal_weight", "min_variance", "risk_parity"][
                i % 5
            ],
            "universe": {"symbols": symbols},
            "rebalance": {"drift_threshold": 0.05},
        }
    )


def _services(journal: Journal, when: datetime) -> Services:
    return Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of=when),
        journal=journal,
        clock=Clock(fixed=when),
    )


def _confirm_all(services: Services) -> None:
    for i in range(10):
        plan = plan_rebalance(services, _spec(i))
        execute_plan(services, plan.plan_hash)


def _a_year(journal: Journal, *, watching: bool) -> dict[str, int]:
    """Ten strategies confirmed at START, then a year of monthly executions and (``watching``)
    the watcher's hourly checks and weekly proposals; returns the rows written by kind."""
    rows = {"checks": 0, "heartbeats": 0, "proposals": 0, "executions": 10}
    _confirm_all(_services(journal, START))
    hour = timedelta(hours=1)
    for day in range(365):
        base = START + timedelta(days=day)
        if not watching and day % 30 != 15:
            continue
        with journal.transaction():
            for h in range(24 if watching else 0):
                at = base + h * hour
                for i in range(10):
                    journal.record_check(
                        CheckRecord(
                            spec_name=f"strategy-{i}",
                            at=at,
                            outcome="quiet",
                            reason="no rule has fired (largest drift 1.2% is under the 5% "
                            "threshold)",
                            value=Decimal("10012.34"),
                            max_drift=0.012,
                            data_as_of=base,
                        )
                    )
                    rows["checks"] += 1
                journal.record_heartbeat(
                    Heartbeat(at=at, instance="bench:1", interval_seconds=3600, checked=10, fired=0)
                )
                rows["heartbeats"] += 1
        if day % 7 == 3 or day % 30 == 15:
            services = _services(journal, base + 12 * hour)
            for i in range(10):
                plan = plan_rebalance(services, _spec(i))
                if day % 30 == 15:
                    execute_plan(services, plan.plan_hash)
                    rows["executions"] += 1
                    continue
                journal.record_alert(
                    AlertRecord(
                        at=services.clock.now(),
                        title=f"Rebalance proposed: strategy-{i}",
                        body=f"drift: plan {plan.plan_hash[:12]} waits for your confirmation",
                        spec_name=f"strategy-{i}",
                        plan_hash=plan.plan_hash,
                        delivered={"desktop": "sent"},
                    )
                )
                rows["proposals"] += 1
    return rows


def _timings(journal: Journal, early_decision: str) -> dict[str, float]:
    services = _services(journal, END)
    out = {}
    out["portfolio"], _ = best_of(RUNS, lambda: portfolio_status(services), warm_up=True)
    out["why (newest)"], _ = best_of(RUNS, lambda: explain_decision(services), warm_up=True)
    out["why (first week)"], _ = best_of(
        RUNS, lambda: explain_decision(services, early_decision), warm_up=True
    )
    out["journal screen"], _ = best_of(
        RUNS, lambda: (journal.decision_rows(50), journal.entries(100)), warm_up=True
    )
    account = portfolio_status(services).account
    assert account is not None
    out["balances (checkpoint)"], _ = best_of(RUNS, lambda: journal.balances(account), warm_up=True)
    out["balances (every fill)"], _ = best_of(
        RUNS, lambda: journal.replayed_balances(account), warm_up=True
    )
    return out


def _open(folder: str, name: str) -> Journal:
    return Journal.open(f"sqlite:///{Path(folder) / name}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        fresh = _open(folder, "fresh.db")
        _confirm_all(_services(fresh, START))
        trades, watched = _open(folder, "trades.db"), _open(folder, "watched.db")
        for journal, watching in ((trades, False), (watched, True)):
            t0 = time.perf_counter()
            rows = _a_year(journal, watching=watching)
            size = Path(journal.where).stat().st_size / 2**20
            print(
                f"{Path(journal.where).name}: {rows}, {size:.1f} MiB, built in "
                f"{time.perf_counter() - t0:.0f} s"
            )
        # The build leaves a year of records' garbage behind that no person's process holds; a
        # collection during a timed call would add its pause to whichever read it lands on.
        gc.collect()
        gc.freeze()
        times = {
            name: _timings(j, j.decisions(1000)[-1].decision_id)
            for name, j in (("fresh", fresh), ("trades", trades), ("watched", watched))
        }
        f, t, w = times["fresh"], times["trades"], times["watched"]
        print(
            "\n| read | fresh ms | a year of trades ms | trades + watching ms "
            "| watching / trades | watching / fresh |\n|---|---:|---:|---:|---:|---:|"
        )
        for key in f:
            print(
                f"| {key} | {f[key] * 1000:.1f} | {t[key] * 1000:.1f} | {w[key] * 1000:.1f} "
                f"| {w[key] / t[key]:.2f} | {w[key] / f[key]:.2f} |"
            )
        worst = max(w[k] / t[k] for k in f)
        print(f"\nworst watching / trades ratio {worst:.2f} (target: at most 1.5)")
        for journal in (fresh, trades, watched):
            journal.close()


if __name__ == "__main__":
    main()
