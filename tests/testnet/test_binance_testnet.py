"""Opt-in: a real exchange account on Binance's spot testnet, end to end through the CLI.

Skipped unless ``COINPILOT_TESTNET_API_KEY`` and ``COINPILOT_TESTNET_API_SECRET`` hold a key of
https://testnet.binance.vision (no real money). The suite blocks the network in its own process,
so each step runs `coinpilot` in a subprocess, on a fresh data directory, for the account named
``testnet`` (whose keys those variables are): add it with ``--sandbox``, check what its key may
do, read its real balances, then send one small market order through the same broker the engine
uses and look it up again by its client order id. Run it with::

    COINPILOT_TESTNET_API_KEY=... COINPILOT_TESTNET_API_SECRET=... pytest tests/testnet -q
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = ("COINPILOT_TESTNET_API_KEY", "COINPILOT_TESTNET_API_SECRET")

pytestmark = pytest.mark.skipif(
    not all(os.environ.get(k) for k in KEYS),
    reason="set COINPILOT_TESTNET_API_KEY and COINPILOT_TESTNET_API_SECRET (a Binance spot "
    "testnet key) to run this opt-in test",
)

ONE_ORDER = """
import json, sys
from datetime import UTC, datetime
from decimal import Decimal
from assistant.domain import OrderIntent
from assistant.execution.ccxt_open import open_ccxt_broker

broker, permissions = open_ccxt_broker("binance", account="testnet", sandbox=True)
intent = OrderIntent(
    client_order_id="cp-testnet-" + datetime.now(UTC).strftime("%H%M%S%f"),
    plan_hash="0" * 64, symbol="BTC/USDT", side="buy", quantity=Decimal("0.0002"),
    created_at=datetime.now(UTC),
)
placed = broker.place_market_order(intent)
found = broker.lookup(intent)
print(json.dumps({"name": broker.name, "placed": placed.status, "found": found.status,
                  "same": found.exchange_order_id == placed.exchange_order_id}))
"""


def coinpilot(home: Path, *args: str) -> dict[str, object] | list[object]:
    env = {**os.environ, "COINPILOT_HOME": str(home), "COINPILOT_MODE": "live"}
    done = subprocess.run(
        [sys.executable, "-m", "assistant.launcher", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data: dict[str, object] | list[object] = json.loads(done.stdout)
    return data


def test_a_testnet_account_is_added_checked_read_and_trades_one_order(tmp_path: Path) -> None:
    added = coinpilot(tmp_path, "account", "add", "testnet", "--exchange", "binance", "--sandbox")
    assert isinstance(added, dict) and added["badge"] == "TESTNET"
    assert any("TESTNET" in str(n) for n in added["notes"])  # type: ignore[union-attr]
    checked = coinpilot(tmp_path, "account", "check", "testnet")
    assert isinstance(checked, dict) and checked["balances"]
    status = coinpilot(tmp_path, "portfolio", "--account", "testnet")
    assert isinstance(status, dict) and status["badge"] == "TESTNET"

    done = subprocess.run(
        [sys.executable, "-c", ONE_ORDER], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    order = json.loads(done.stdout)
    assert "TESTNET" in order["name"] and order["placed"] in ("filled", "partially_filled")
    assert order["same"] is True
    for key in KEYS:
        assert os.environ[key] not in done.stdout + done.stderr
