"""Replay parity: the watcher on the paper broker trades as the backtest does, fill for fill.

``coinpilot replay`` drives the watcher's check, the engine's plan, gate and paper broker day by
day over history (``assistant/watch/replay.py``); these tests set it beside ``backtest_spec`` on
the same closes, volumes and cost model. What agrees exactly is asserted exactly (the trade days,
the prices the market shows, nothing after the clock); the fills (every holding at every close,
each trade day's fees) and the equity agree to 1e-9 relative, and in fact to about 1e-12: both
sides fill with one rule (``domain/model_book.py``: the model book's impact and the buys that
fit), and neither rounds a simulated quote amount.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd
import pytest

from assistant.backtest.costs import Costs
from assistant.config import load_settings
from assistant.domain import StrategySpec, UserInputError
from assistant.engine import Clock, Services
from assistant.engine.replay_market import ReplayMarket
from assistant.journal import Journal
from assistant.market import DemoMarket
from assistant.market.history import HistoryMarket
from assistant.watch.replay import (
    SAME_FILLS,
    Parity,
    ReplayResult,
    compare_with_backtest,
    replay_spec,
)

START, END = "2025-06-01", "2025-07-15"
#: A day's equity, relative. Measured: up to 2e-15 on these windows (the float64 sums of two
#: orders of the same numbers); see the sweep in benchmarks/RESULTS.md for wider ones.
EQUITY_GAP = 1e-12
#: A trade day's fees, in USDT. Measured: up to 2e-13 here (Decimal against float64 sums, and
#: quantities rounded to the replay market's step of 1e-15).
FEE_GAP_QUOTE = 1e-10


def _spec(**overrides: object) -> StrategySpec:
    data: dict[str, object] = {
        "name": "core",
        "version": 1,
        "quote": "USDT",
        "capital": 10000,
        "objective": "equal_weight",
        "universe": {"symbols": ["BTC", "ETH", "SOL"]},
        "rebalance": {"every_days": 7},
    }
    data.update(overrides)
    return StrategySpec.model_validate(data)


def _services(market: object) -> Services:
    return Services(
        settings=load_settings(alert_desktop=False),
        market=market,  # type: ignore[arg-type]
        journal=Journal.open("sqlite://"),
        clock=Clock(),
    )


@pytest.fixture(scope="module")
def history() -> Iterator[tuple[Services, ReplayResult, Parity]]:
    svc = _services(HistoryMarket())
    spec = _spec()
    replayed = replay_spec(svc, spec, start=START, end=END)
    parity, _ = compare_with_backtest(svc, spec, replayed, start=START, end=END)
    yield svc, replayed, parity
    svc.close()


def test_trades_on_the_backtests_days(history: tuple[Services, ReplayResult, Parity]) -> None:
    _, replayed, parity = history
    assert len(parity.replay_days) == 7  # the first allocation and every 7 days after
    assert parity.replay_days == parity.backtest_days
    assert replayed.checks and all(c.outcome in ("quiet", "executed") for c in replayed.checks)


def test_equity_and_fees_within_the_named_gaps(
    history: tuple[Services, ReplayResult, Parity],
) -> None:
    _, replayed, parity = history
    assert len(replayed.equity) == 45  # every day of the window valued
    assert parity.equity_gap <= EQUITY_GAP
    assert parity.fee_gap_quote <= FEE_GAP_QUOTE


def test_drift_fires_on_the_backtests_days() -> None:
    """The drift rule is observed on the last daily close by the one policy, in the watcher as
    in the backtest (the watcher once observed it at the trade day's price: a day early)."""
    svc = _services(HistoryMarket())
    spec = _spec(
        rebalance={"drift_threshold": 0.03}, universe={"symbols": ["BTC", "ETH", "SOL", "BNB"]}
    )
    try:
        replayed = replay_spec(svc, spec, start="2025-03-01", end="2025-05-30")
        parity, _ = compare_with_backtest(svc, spec, replayed, start="2025-03-01", end="2025-05-30")
    finally:
        svc.close()
    days = [f"{d:%Y-%m-%d}" for d in parity.replay_days]
    assert days == ["2025-03-01", "2025-04-07", "2025-04-17", "2025-05-09"]
    assert parity.replay_days == parity.backtest_days
    assert parity.equity_gap <= EQUITY_GAP
    assert parity.fee_gap_quote <= FEE_GAP_QUOTE
    assert parity.within(SAME_FILLS)


def test_the_paper_broker_charges_the_cost_models_fee(
    history: tuple[Services, ReplayResult, Parity],
) -> None:
    _, replayed, _ = history
    rate = Costs().fee_rate
    for fill in replayed.fills:
        assert float(fill.fee) == pytest.approx(float(fill.cost) * rate, rel=1e-15)


def test_fills_match_to_1e_9(history: tuple[Services, ReplayResult, Parity]) -> None:
    _, _, parity = history
    assert parity.within(SAME_FILLS)
    assert parity.holding_gap <= EQUITY_GAP  # each position, not only their sum


def test_a_fill_is_the_model_books_fill_unrounded(
    history: tuple[Services, ReplayResult, Parity],
) -> None:
    """The paper broker keeps a simulated fill exact: the fee is the cost times the rate, to the
    last digit, and the cost carries more than 8 decimals (it was rounded there once)."""
    _, replayed, _ = history
    rate = Decimal(repr(Costs().fee_rate))
    assert all(fill.fee == fill.cost * rate for fill in replayed.fills)
    assert any(-fill.cost.as_tuple().exponent > 8 for fill in replayed.fills)  # type: ignore[operator]


def test_the_replay_market_shows_nothing_after_the_clock() -> None:
    inner = HistoryMarket()
    day = pd.Timestamp("2025-06-10", tz="UTC")
    market = ReplayMarket(inner, Costs(), day)
    candles = market.ohlcv("BTC/USDT", "1d")
    assert candles.index[-1] == day - pd.Timedelta(days=1)
    assert market.now() == (day - pd.Timedelta(days=1)).to_pydatetime()
    full = inner.ohlcv("BTC/USDT", "1d")
    close = float(full.loc[day, "close"])
    book = market.order_book("BTC/USDT", depth=50)
    mid = (book.bids[0].price + book.asks[0].price) / 2
    assert float(mid) == pytest.approx(close, rel=1e-12)
    assert float(market.ticker("BTC/USDT").mid) == close
    assert float(market.markets()["BTC/USDT"].taker_fee) == Costs().fee_rate


def test_parity_on_the_demo_market() -> None:
    demo = DemoMarket(seed=7, as_of=datetime(2026, 1, 15, tzinfo=UTC))
    svc = _services(demo)
    spec = _spec(rebalance={"every_days": 5})
    try:
        replayed = replay_spec(svc, spec, start="2025-11-01", end="2025-11-30")
        parity, _ = compare_with_backtest(svc, spec, replayed, start="2025-11-01", end="2025-11-30")
    finally:
        svc.close()
    assert len(parity.replay_days) == 6
    assert parity.replay_days == parity.backtest_days
    assert parity.equity_gap <= EQUITY_GAP
    assert parity.fee_gap_quote <= FEE_GAP_QUOTE
    assert parity.within(SAME_FILLS)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2025-07-01", "2025-06-01", "before it starts"),
        ("someday", "2025-06-01", "is not a date"),
        ("2040-01-01", "2040-02-01", "has no day between"),
    ],
)
def test_bad_windows_are_refused(start: str, end: str, words: str) -> None:
    svc = _services(HistoryMarket())
    try:
        with pytest.raises(UserInputError, match=words):
            replay_spec(svc, _spec(), start=start, end=end)
    finally:
        svc.close()


def test_a_spec_without_capital_is_refused() -> None:
    svc = _services(HistoryMarket())
    try:
        with pytest.raises(UserInputError, match="sets no capital"):
            replay_spec(svc, _spec(capital=None), start=START, end=END)
    finally:
        svc.close()
