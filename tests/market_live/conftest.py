"""Fixtures: a running fake Binance per test, and CcxtMarkets that talk to it through real ccxt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from assistant.market.ccxt_market import CcxtMarket
from assistant.market.ccxt_retry import RetryPolicy
from tests.conftest import SHARED_DATA

from .fake_binance import DAY_MS, FakeBinance, default_state


@pytest.fixture
def fake_binance() -> Iterator[FakeBinance]:
    """Real daily candles when ../shared/data is there, else seeded ones; tests work with both."""
    server = FakeBinance(default_state(SHARED_DATA / "market" / "daily")).start()
    try:
        yield server
    finally:
        server.stop()


class SleepRecorder:
    """Stands in for time.sleep so retries are observed, not waited for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def after_last_candle(server: FakeBinance, market_id: str = "BTCUSDT") -> datetime:
    """A clock just after the fake's last BTC candle closed, so every served candle is closed."""
    last_ms = int(server.candles(market_id)[-1, 0])
    return datetime.fromtimestamp((last_ms + DAY_MS) / 1000, tz=UTC) + timedelta(hours=1)


@pytest.fixture
def make_market(fake_binance: FakeBinance, sleeps: SleepRecorder) -> Callable[..., CcxtMarket]:
    def build(
        *,
        timeout_ms: int = 2000,
        attempts: int = 4,
        page_limit: int = 1000,
        now: datetime | None = None,
    ) -> CcxtMarket:
        clock_at = now or after_last_candle(fake_binance)
        return CcxtMarket(
            "binance",
            client=fake_binance.client(timeout_ms=timeout_ms),
            policy=RetryPolicy(attempts=attempts, base_delay=0.01, jitter=0.0, sleep=sleeps),
            page_limit=page_limit,
            clock=lambda: clock_at,
        )

    return build
