"""SIGKILL of a confirm on an exchange account, mid-write and mid-request, then a restart.

The fake Binance runs in this test process, so it outlives every kill, as a real exchange would.
Each trial opens a fresh account on it, adds it to a fresh CoinPilot (keys from the environment,
permissions checked, opening balances read), plans a three-order rebalance, and confirms it in a
child process that is killed: most trials just before its Nth journal write (seeded), the rest at
a seeded moment while it runs, which lands inside HTTP requests too. The restart confirms the
same plan again (sometimes an hour later, when it may only be recorded as partial). Then: every
order the exchange has is in the journal with the same fills, no client order id was sent twice,
nothing is half-done without a record, and the journal's balances equal the exchange's.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.domain import ExecutionInterruptedError, PlanError, parse_spec
from assistant.engine import (
    Clock,
    add_exchange_account,
    confirmation_phrase,
    execute_plan,
    plan_rebalance,
)
from tests.execution_live.engine_setup import LIVE_SPEC
from tests.market_live.conftest import after_last_candle
from tests.market_live.fake_binance import FakeBinance, default_state

from . import driver
from .checks import check_exchange, check_plan
from .harness import KILLED, read_json, run_child

SEED = 20261207
WRITE_KILLS = 40
TIMED_KILLS = 12
START = {"USDT": "10000", "BTC": "0.5"}


@pytest.fixture(scope="module")
def exchange() -> Iterator[FakeBinance]:
    server = FakeBinance(default_state(None)).start()
    try:
        yield server
    finally:
        server.stop()


def prepare(exchange: FakeBinance, home: Path) -> tuple[str, str]:
    """A fresh exchange account, added to a fresh CoinPilot, and a plan on it: (hash, phrase)."""
    exchange.open_account(driver.API_KEY, driver.API_SECRET, START)
    with exchange.state.lock:
        exchange.state.requests.clear()
    at = after_last_candle(exchange)
    with driver.exchange_services(str(home), exchange.base_url, at, Clock()) as services:
        add_exchange_account(services, driver.ACCOUNT, exchange="binance")
        plan = plan_rebalance(services, parse_spec(LIVE_SPEC), account=driver.ACCOUNT)
    return plan.plan_hash, confirmation_phrase(plan)


def confirm(exchange: FakeBinance, home: Path, plan_hash: str, phrase: str, **kw: object) -> int:
    at = after_last_candle(exchange).isoformat()
    args = (str(home), plan_hash, exchange.base_url, phrase, at, str(home / "out.json"))
    return run_child(driver.exchange_confirm, *args, **kw)  # type: ignore[arg-type]


def restart(exchange: FakeBinance, home: Path, plan_hash: str, phrase: str, late: bool) -> None:
    clock = Clock(datetime.now(UTC) + timedelta(hours=1)) if late else Clock()
    at = after_last_candle(exchange)
    with driver.exchange_services(str(home), exchange.base_url, at, clock) as services:
        try:
            execute_plan(services, plan_hash, typed=phrase)
        except PlanError:
            pass  # already executed, recorded partial, or expired before it started
        except ExecutionInterruptedError as exc:  # no fault here: the exchange always answers
            raise AssertionError(f"the restart could not settle: {exc}") from exc


def check(exchange: FakeBinance, home: Path, plan_hash: str) -> str:
    from assistant.journal import Journal

    with Journal.open(f"sqlite:///{home / 'journal.db'}") as journal:
        ended = check_plan(journal, plan_hash, driver.ACCOUNT)
        check_exchange(journal, exchange, plan_hash, driver.ACCOUNT)
    return ended


@pytest.mark.slow
def test_sigkill_of_a_live_confirm_never_loses_or_doubles_an_order(
    exchange: FakeBinance, tmp_path: Path
) -> None:
    for run in ("cold", "warm"):  # the warm run times a child once the forkserver is up
        home = tmp_path / f"reference-{run}"
        plan_hash, phrase = prepare(exchange, home)
        started = time.monotonic()
        assert confirm(exchange, home, plan_hash, phrase) == 0, read_json(home / "out.json")
        duration = time.monotonic() - started
        writes = int(read_json(home / "out.json")["writes"])
        assert check(exchange, home, plan_hash) == "executed" and writes > 8

    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    kills = 0
    for trial in range(WRITE_KILLS + TIMED_KILLS):
        home = tmp_path / f"trial-{trial}"
        plan_hash, phrase = prepare(exchange, home)
        if trial < WRITE_KILLS:
            code = confirm(exchange, home, plan_hash, phrase, kill_at=rng.randint(1, writes))
            assert code == KILLED, read_json(home / "out.json")
        else:
            delay = rng.uniform(0.02, duration)
            code = confirm(exchange, home, plan_hash, phrase, kill_after=delay)
        kills += code == KILLED
        late = rng.random() < 0.2
        restart(exchange, home, plan_hash, phrase, late)
        ended = check(exchange, home, plan_hash)
        outcomes[f"{ended}{' (late restart)' if late else ''}"] += 1
    print(f"exchange: {kills} kills, outcomes {dict(outcomes)}")
    assert kills >= WRITE_KILLS + TIMED_KILLS // 2
    assert outcomes["executed"] > WRITE_KILLS // 2
