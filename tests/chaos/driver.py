"""What runs inside the processes the chaos suite kills: one confirm, and the fault it meets.

Each function runs in a child process forked from a forkserver (see ``harness``), so it is a
separate process with its own journal connections and ccxt client, killed for real with SIGKILL.
Faults are planted at the Nth journal write (an INSERT, UPDATE or DELETE, counted from the
child's start): ``kill_at`` makes the process SIGKILL itself just before that write, so every
write before it committed and every send before it happened; ``full_at`` makes that write and
every later one fail with SQLite's own "database or disk is full"; ``max_pages`` caps the
database file a few pages above its size, so SQLite itself runs out of room.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import ccxt
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from assistant.config import load_settings
from assistant.domain import Account, CoinPilotError
from assistant.engine import Clock, Services, execute_plan
from assistant.execution.ccxt_open import open_ccxt_broker
from assistant.execution.order_policy import OrderPolicy
from assistant.journal import Journal
from assistant.market.ccxt_market import CcxtMarket

API_KEY = "cp-chaos-KEY-51f0c2a9e8d7b6a4"
API_SECRET = "cp-chaos-SECRET-9a8b7c6d5e4f3a2b"
ACCOUNT = "binance-main"
KEYS = {
    "COINPILOT_BINANCE_MAIN_API_KEY": API_KEY,
    "COINPILOT_BINANCE_MAIN_API_SECRET": API_SECRET,
}
_WRITES = ("INSERT", "UPDATE", "DELETE")


def install_faults(
    kill_at: int | None = None, full_at: int | None = None, max_pages: int | None = None
) -> dict[str, int]:
    """Plant the faults described in the module docstring; returns the live write counter."""
    counter = {"writes": 0}

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip()[:6].upper() not in _WRITES:
            return
        counter["writes"] += 1
        if counter["writes"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if full_at is not None and counter["writes"] >= full_at:
            raise sqlite3.OperationalError("database or disk is full")

    if max_pages is not None:

        @event.listens_for(Pool, "connect")
        def _cap(dbapi_conn: Any, record: Any) -> None:
            cursor = dbapi_conn.cursor()
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages + max_pages}")
            cursor.close()

    return counter


def cli_confirm(home: str, plan_hash: str, out: str, **faults: Any) -> None:
    """``coinpilot confirm HASH --json`` in this process; its output goes to ``out``."""
    from assistant.cli import main  # preloaded by the forkserver

    os.environ["COINPILOT_HOME"] = home
    counter = install_faults(**faults)
    with (
        open(out, "w") as stream,
        open(out + ".err", "w") as errors,
        redirect_stdout(stream),
        redirect_stderr(errors),
    ):
        code = main(["confirm", plan_hash, "--json"])
    with open(out + ".writes", "w") as stream:
        stream.write(str(counter["writes"]))
    sys.stdout.flush()
    os._exit(code)


def client_for(base_url: str, *, timeout_ms: int = 2000) -> Any:
    """A real ccxt.binance with every API root aimed at the fake at ``base_url``."""
    exchange = ccxt.binance(
        {
            "enableRateLimit": True,
            "rateLimit": 1,
            "timeout": timeout_ms,
            "options": {
                "fetchMarkets": {"types": ["spot"]},
                "fetchCurrencies": False,
                "fetchMargins": False,
            },
        }
    )
    for root in ("api", "test"):
        api = exchange.urls[root]
        for key, url in list(api.items()):
            if isinstance(url, str):
                api[key] = base_url + urlparse(url).path
    return exchange


def exchange_services(home: str, base_url: str, candles_at: datetime, clock: Clock) -> Services:
    """Services on ``home``'s journal whose exchange account trades on the fake at ``base_url``:
    keys from an environment mapping (never this process's own), permissions checked, a short
    recvWindow so lookups settle fast."""
    policy = OrderPolicy(deadline=20.0, recv_window_ms=1000, clock_margin=0.2, base_delay=0.05)

    def opener(account: Account) -> Any:
        return open_ccxt_broker(
            "binance",
            account=account.name,
            sandbox=account.sandbox,
            client=client_for(base_url, timeout_ms=1500),
            policy=policy,
            env=KEYS,
        )

    settings = load_settings(home=home, mode="live")
    market = CcxtMarket("binance", client=client_for(base_url), clock=lambda: candles_at)
    journal = Journal.open(settings.resolved_journal_url)
    return Services(settings, market, journal, clock, exchange_opener=opener)


def exchange_confirm(
    home: str, plan_hash: str, base_url: str, phrase: str, candles_at: str, out: str, **faults: Any
) -> None:
    """``execute_plan`` of an exchange account's plan in this process; outcome to ``out``."""
    counter = install_faults(**faults)
    code, answer = 0, {"ok": True}
    try:
        with exchange_services(home, base_url, datetime.fromisoformat(candles_at), Clock()) as s:
            execute_plan(s, plan_hash, typed=phrase)
    except CoinPilotError as exc:
        code, answer = (2 if exc.bad_input else 1), exc.to_dict()
    with open(out, "w") as stream:
        json.dump({**answer, "writes": counter["writes"]}, stream)
    os._exit(code)
