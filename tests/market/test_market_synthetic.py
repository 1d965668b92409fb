from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from assistant.domain import OrderBook, UserInputError, walk_book
from assistant.market import (
    MAX_BOOK_DEPTH,
    MarketStats,
    market_info,
    spread_fraction,
    synthetic_book,
    synthetic_ticker,
)
from assistant.market.synthetic import DEPTH_FRACTION, REFERENCE_LEVELS, stable_rng

WHEN = datetime(2026, 1, 5, tzinfo=UTC)
ETH = market_info("ETH", "USDT", 3_200.0)
STATS = MarketStats(
    last=3_211.37, daily_vol=0.035, quote_volume_24h=1.2e9, typical_quote_volume=1.0e9
)


def _book(depth: int = REFERENCE_LEVELS, seed: int = 1) -> OrderBook:
    return synthetic_book(ETH, STATS, timestamp=WHEN, depth=depth, rng=stable_rng(seed, "ETH"))


def test_spread_widens_with_volatility_and_narrows_with_liquidity() -> None:
    assert spread_fraction(0.06, 1e7) > spread_fraction(0.03, 1e7)
    assert spread_fraction(0.03, 1e7) > spread_fraction(0.03, 1e9)
    assert 0 < spread_fraction(0.0, 1e12) < spread_fraction(1.0, 1.0) <= 0.01


def test_book_top_equals_the_ticker_and_levels_sit_on_the_price_grid() -> None:
    book = _book(25, seed=3)
    ticker = synthetic_ticker(ETH, STATS, timestamp=WHEN, simulated=True)
    assert ticker.quote_volume == Decimal("1200000000.0")
    assert book.bids[0].price == ticker.bid < ticker.ask == book.asks[0].price
    assert len(book.bids) == len(book.asks) == 25
    bids = [level.price for level in book.bids]
    asks = [level.price for level in book.asks]
    assert bids == sorted(bids, reverse=True) and len(set(bids)) == 25
    assert asks == sorted(asks) and len(set(asks)) == 25
    for level in [*book.bids, *book.asks]:
        assert level.price % ETH.price_step == 0
        assert level.amount % ETH.amount_step == 0 and level.amount > 0


def test_visible_depth_per_side_is_a_fraction_of_daily_quote_volume() -> None:
    book = _book()
    for side in (book.bids, book.asks):
        notional = sum(float(level.price * level.amount) for level in side)
        assert notional == pytest.approx(DEPTH_FRACTION * 1.0e9, rel=0.01)


def test_a_shallower_book_is_a_prefix_of_a_deeper_one() -> None:
    deep, shallow = _book(60), _book(5)
    assert shallow.bids == deep.bids[:5] and shallow.asks == deep.asks[:5]


def test_book_depth_outside_the_limits_is_refused() -> None:
    for depth in (0, MAX_BOOK_DEPTH + 1):
        with pytest.raises(UserInputError, match="depth must be between 1"):
            _book(depth)


def test_walking_the_book_costs_more_for_bigger_orders() -> None:
    book = _book()
    small = walk_book(book, "buy", Decimal("1"))
    large = walk_book(book, "buy", Decimal("500"))
    assert small.complete and large.complete
    assert large.average_price > small.average_price
    assert large.slippage_cost > 0


def test_stable_rng_does_not_depend_on_the_process_hash_seed() -> None:
    assert stable_rng(7, "BTC/USDT").random() == stable_rng(7, "BTC/USDT").random()
    assert stable_rng(7, "BTC/USDT").random() != stable_rng(7, "ETH/USDT").random()
