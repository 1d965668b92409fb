"""Fixtures for the market tests: small CSV folders written on the spot, and a fixed demo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from assistant.market import DemoMarket

HEADER = "timestamp,open,high,low,close,volume"
AS_OF = date(2026, 1, 5)

WriteCsv = Callable[..., Path]


def candle_lines(
    start: date, days: int, price: float = 100.0, skip: frozenset[int] = frozenset()
) -> list[str]:
    """Clean daily candle lines (no header) zig-zagging around ``price``; ``skip`` drops days."""
    lines = []
    close = price
    for i in range(days):
        open_ = close
        close = price * (1.0 + (0.02 if i % 2 else -0.01) + 0.001 * (i % 5))
        high, low = max(open_, close) * 1.01, min(open_, close) * 0.99
        if i not in skip:
            day = start + timedelta(days=i)
            lines.append(
                f"{day.isoformat()},{open_:.4f},{high:.4f},{low:.4f},{close:.4f},{1000 + 10 * i}"
            )
    return lines


@pytest.fixture
def csv_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "prices"
    folder.mkdir()
    return folder


@pytest.fixture
def write_csv(csv_folder: Path) -> WriteCsv:
    """Write ``SYMBOL.csv`` into the test's folder from data lines (the header is added)."""

    def write(symbol: str, lines: list[str], header: str = HEADER) -> Path:
        path = csv_folder / f"{symbol}.csv"
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="module")
def demo() -> DemoMarket:
    return DemoMarket(seed=7, as_of=AS_OF)


@pytest.fixture
def lines() -> Callable[..., list[str]]:
    """The :func:`candle_lines` builder, for tests that shape their own files."""
    return candle_lines
