from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from assistant.domain import ConfigError, NotAvailableError, UnknownSymbolError, UserInputError
from assistant.market import (
    CsvMarket,
    DemoMarket,
    normalize_symbol,
    open_market,
    resolve_symbol,
    universe_candidates,
)


def test_resolve_symbol_finds_listed_pairs_in_any_case(demo: DemoMarket) -> None:
    info = resolve_symbol(demo, " eth ", "usdt")
    assert info.symbol == "ETH/USDT" and info.base == "ETH"


def test_resolve_symbol_suggests_close_matches_for_typos(demo: DemoMarket) -> None:
    with pytest.raises(UnknownSymbolError) as info:
        resolve_symbol(demo, "AVAXX", "USDT")
    assert "AVAXX/USDT is not listed on demo" in str(info.value)
    assert "Did you mean AVAX/USDT" in str(info.value)


def test_resolve_symbol_lists_pairs_when_nothing_is_close(demo: DemoMarket) -> None:
    with pytest.raises(UnknownSymbolError, match="Listed pairs: AAVE/USDT, ADA/USDT"):
        resolve_symbol(demo, "QQQQQQ", "USDT")


def test_resolve_symbol_names_the_quote_currencies_there_are(demo: DemoMarket) -> None:
    with pytest.raises(UnknownSymbolError, match=r"no pairs quoted in EUR.*USDT"):
        resolve_symbol(demo, "BTC", "EUR")


@pytest.mark.parametrize("typed", ["btc/usdt", "BTC-USDT", " btc_usdt "])
def test_common_spellings_normalise_to_base_slash_quote(typed: str) -> None:
    assert normalize_symbol(typed) == "BTC/USDT"


def test_universe_candidates_are_the_active_pairs_without_stablecoins_or_fiat(
    demo: DemoMarket,
) -> None:
    pairs = sorted(s for s in demo.markets() if s not in ("USDC/USDT", "EUR/USDT"))
    assert [info.symbol for info in universe_candidates(demo, "USDT", 5)] == pairs
    assert {"USDC", "EUR"}.isdisjoint(i.base for i in universe_candidates(demo, "USDT", 21))


def test_universe_candidates_respect_exclusions_and_can_include_stablecoins(
    demo: DemoMarket,
) -> None:
    first = universe_candidates(demo, "USDT", 1)[0].base
    assert first not in {i.base for i in universe_candidates(demo, "USDT", 3, exclude=[first])}
    with_stables = universe_candidates(demo, "USDT", 22, include_stablecoins=True)
    assert "USDC" in {info.base for info in with_stables}


def test_universe_candidates_refuse_more_than_the_market_has(demo: DemoMarket) -> None:
    with pytest.raises(UserInputError, match="only 21 active USDT pairs"):
        universe_candidates(demo, "USDT", 25)


def test_universe_candidates_skip_delisted_markets(
    write_csv: Callable[..., Path], lines: Callable[..., list[str]]
) -> None:
    start = date(2024, 1, 1)
    write_csv("BTC", lines(start, 40, price=40_000.0))
    market = CsvMarket(write_csv("XMR", lines(start, 30, price=150.0)).parent)
    assert [info.base for info in universe_candidates(market, "USDT", 1)] == ["BTC"]


def test_open_market_builds_the_demo_with_seed_and_date() -> None:
    market = open_market(" Demo ", seed=3, as_of="2025-03-01")
    assert isinstance(market, DemoMarket) and market.seed == 3
    assert market.now() == datetime(2025, 3, 1, tzinfo=UTC)


def test_open_market_reads_a_csv_folder(
    write_csv: Callable[..., Path], lines: Callable[..., list[str]]
) -> None:
    folder = write_csv("BTC", lines(date(2024, 1, 1), 5, price=40_000.0)).parent
    market = open_market(f"csv:{folder}")
    assert isinstance(market, CsvMarket) and market.folder == folder.resolve()


def test_open_market_opens_a_cached_ccxt_exchange(tmp_path: Path) -> None:
    from assistant.market.cache_market import CachedMarket

    market = open_market("ccxt:binance", home=tmp_path)  # no request until data is asked for
    assert isinstance(market, CachedMarket)
    with pytest.raises(ConfigError, match="data directory"):
        open_market("ccxt:binance")
    with pytest.raises(NotAvailableError):
        open_market("ccxt:notanexchange", home=tmp_path)


@pytest.mark.parametrize("spec", ["binance", "csv:", "demo:extra", ""])
def test_open_market_refuses_unknown_names(spec: str) -> None:
    with pytest.raises(ConfigError):
        open_market(spec)
