"""Shared pieces of the bad-input tests: a CLI runner, a valid spec, a journal corrupter."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SPEC = """name = "probe"
capital = 5000
[universe]
symbols = ["BTC", "ETH", "SOL"]
[constraints]
max_weight = 0.6
[rebalance]
drift_threshold = 0.05
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``coinpilot ARGS`` in-process: exit status, stdout, stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    code, out, _ = cli(capsys, *args, "--json")
    return code, json.loads(out)


def tamper(db: Path, sql: str, *params: object) -> None:
    """Change a journal behind CoinPilot's back (its append-only triggers dropped first)."""
    with sqlite3.connect(db) as conn:
        triggers = conn.execute("select name from sqlite_master where type='trigger'").fetchall()
        for (name,) in triggers:
            conn.execute(f"drop trigger {name}")
        conn.execute(sql, params)


def dump(db: Path) -> list[str]:
    """Every row of every table, to show that a failed command changed nothing."""
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def candles(days: int = 120, price: float = 100.0, start: str = "2025-01-01") -> list[str]:
    """Clean daily candle lines (no header) that zig-zag around ``price``."""
    from datetime import date, timedelta

    first = date.fromisoformat(start)
    lines, close = [], price
    for i in range(days):
        open_, close = close, price * (1.0 + (0.02 if i % 2 else -0.01) + 0.001 * (i % 5))
        high, low = max(open_, close) * 1.01, min(open_, close) * 0.99
        day = first + timedelta(days=i)
        lines.append(f"{day},{open_:.4f},{high:.4f},{low:.4f},{close:.4f},{1000 + 10 * i}")
    return lines


def write_prices(folder: Path, symbols: tuple[str, ...] = ("BTC", "ETH", "SOL")) -> Path:
    """A csv:<folder> market of clean daily candles, one file per symbol."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, symbol in enumerate(symbols):
        lines = candles(price=100.0 * (n + 1))
        header = "timestamp,open,high,low,close,volume"
        (folder / f"{symbol}.csv").write_text("\n".join([header, *lines]) + "\n")
    return folder
