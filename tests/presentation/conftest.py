"""A demo market pinned to a day, an in-memory journal and a fixed clock: plans to draw."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from assistant.config import load_settings
from assistant.engine import Clock, Services
from assistant.journal import Journal
from assistant.market import DemoMarket

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def services() -> Iterator[Services]:
    svc = Services(
        settings=load_settings(),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=NOW),
    )
    yield svc
    svc.close()
