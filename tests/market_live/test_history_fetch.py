"""`coinpilot market fetch binance` extends the shipped history, through real ccxt, over loopback.

The fake Binance serves each shipped coin's real days followed by 20 seeded newer ones; the CLI
runs unchanged except that its ccxt client is pointed at the fake.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.cli import main
from assistant.market.history import HistoryMarket

from .fake_binance import FakeBinance, FakeState, Listing, seeded_candles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NEWER_DAYS = 20


def _state() -> FakeState:
    history = HistoryMarket()
    listings, candles = {}, {}
    for seed, base in enumerate(sorted(history.listed())):
        shipped = history.ohlcv(f"{base}/USDT")
        stamps = shipped.index.as_unit("ms").asi8.astype(float)
        rows = np.column_stack([stamps, shipped.to_numpy()])
        newer = seeded_candles(seed, "2026-01-06", NEWER_DAYS, float(rows[-1, 4]))
        listings[f"{base}USDT"] = Listing(
            base, "USDT", "0.00000001", "0.01000000", "0.01000000", "5.00000000"
        )
        candles[f"{base}USDT"] = np.vstack([rows, newer])
    return FakeState(listings, candles)


@pytest.fixture
def binance(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBinance]:
    server = FakeBinance(_state()).start()

    def client(exchange_id: str, **options: Any) -> Any:
        assert exchange_id == "binance"
        return server.client()

    monkeypatch.setattr("assistant.market.ccxt_open.make_client", client)
    try:
        yield server
    finally:
        server.stop()


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code = main([*args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_fetch_without_pairs_extends_every_listed_coin_from_the_day_after_the_snapshot(
    binance: FakeBinance, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _json(capsys, "market", "fetch", "binance")
    assert code == 0 and len(out["symbols"]) == 19
    assert all(r["ok"] and r["added"] == NEWER_DAYS for r in out["symbols"])
    first_asked = {int(r.params["startTime"]) for r in binance.requests_to("klines")}
    assert min(first_asked) == pd.Timestamp("2026-01-06", tz="UTC").value // 1_000_000
    assert out["history"] == {
        "shipped_last": "2026-01-05",
        "end": "2026-01-25",
        "held_back_by": [],
        "problems": [],
    }
    spec = str(EXAMPLES / "hrp_core.toml")
    code, result = _json(capsys, "backtest", spec, "--from", "2025-12-01")
    assert code == 0 and result["metrics"]["end"].startswith("2026-01-25")


def test_fetching_a_few_coins_says_which_coins_hold_the_history_back(
    binance: FakeBinance, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _json(capsys, "market", "fetch", "binance", "BTC/USDT", "ETH/USDT")
    assert code == 0 and [r["added"] for r in out["symbols"]] == [NEWER_DAYS, NEWER_DAYS]
    assert out["history"]["end"] == "2026-01-05"
    assert "SOL" in out["history"]["held_back_by"] and "BTC" not in out["history"]["held_back_by"]
    assert main(["market", "fetch", "binance", "BTC/USDT"]) == 0
    text = " ".join(capsys.readouterr().out.split())  # rich wraps at the terminal width
    assert "0 new candles" in text and "runs to 2026-01-05" in text and "SOL" in text


def test_a_fetch_with_no_pairs_elsewhere_is_refused_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = _json(capsys, "market", "fetch", "kraken")
    assert code == 2 and "name the pairs" in out["message"]
