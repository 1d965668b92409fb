"""Fixtures for the app's tests: a demo market pinned to a day, an in-memory journal, a fixed clock.

The engine's own timestamps come from ``services.clock``. Some records still take wall time (paper
fills, spec rows, ``recorded_at``); ``frozen_wall_time`` pins those so snapshots never show today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market.demo import DemoMarket

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def services() -> Iterator[Services]:
    opened = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
    )
    opened.clock = Clock(fixed=NOW)
    yield opened
    opened.close()


class _FrozenDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> _FrozenDatetime:
        return cls.fromtimestamp(NOW.timestamp(), tz or UTC)


@pytest.fixture
def frozen_wall_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.agent.turns as turns
    import assistant.execution.paper as paper
    import assistant.journal.codec as codec
    import assistant.journal.store as store

    monkeypatch.setattr(codec, "now", lambda: NOW)
    monkeypatch.setattr(store, "now", lambda: NOW)  # recorded_at: orders timeline ties
    monkeypatch.setattr(paper, "datetime", _FrozenDatetime)
    monkeypatch.setattr(turns, "datetime", _FrozenDatetime)  # chat messages' stamps


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests are coroutines run by anyio's pytest plugin, on asyncio (what Textual uses)."""
    return "asyncio"
