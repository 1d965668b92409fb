"""Markets, precision and symbol resolution, through the real ccxt.binance client and the fake."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import ccxt
import pytest

from assistant.domain import DataError, NotAvailableError, UnknownSymbolError
from assistant.market.ccxt_client import credentials_from_env, make_client
from assistant.market.ccxt_market import CcxtMarket
from assistant.market.ccxt_markets import check_precision_mode, precision_step

from .fake_binance import FakeBinance


def test_markets_carry_the_exchange_precision_and_limits(
    make_market: Callable[..., CcxtMarket],
) -> None:
    markets = make_market().markets()
    btc = markets["BTC/USDT"]
    assert btc.price_step == Decimal("0.01")
    assert btc.amount_step == Decimal("0.00001")
    assert btc.min_amount == Decimal("0.00001")
    assert btc.min_notional == Decimal(5)
    assert btc.taker_fee == Decimal("0.001")
    assert markets["ETH/BTC"].price_step == Decimal("0.00001")
    assert btc.round_amount(Decimal("0.123456789")) == Decimal("0.12345")


def test_a_pair_not_trading_is_listed_inactive(make_market: Callable[..., CcxtMarket]) -> None:
    assert make_market().markets()["XMR/USDT"].active is False


def test_markets_load_once_per_instance(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    market = make_market()
    market.markets()
    market.ticker("BTC/USDT")
    market.order_book("BTC/USDT")
    assert len(fake_binance.requests_to("exchangeInfo")) == 1


@pytest.mark.parametrize("typed", ["BTC/USDT", "btc/usdt", "BTC-USDT", "btc_usdt", "BTCUSDT"])
def test_common_spellings_and_the_exchange_id_resolve_to_the_pair(
    make_market: Callable[..., CcxtMarket], typed: str
) -> None:
    assert make_market().resolve(typed).symbol == "BTC/USDT"


def test_a_bare_base_is_ambiguous_and_lists_its_pairs(
    make_market: Callable[..., CcxtMarket],
) -> None:
    with pytest.raises(UnknownSymbolError, match="ambiguous") as err:
        make_market().resolve("ETH")
    assert "ETH/BTC" in str(err.value) and "ETH/USDT" in str(err.value)


def test_a_typo_is_refused_with_a_suggestion_never_substituted(
    make_market: Callable[..., CcxtMarket],
) -> None:
    with pytest.raises(UnknownSymbolError, match="Did you mean BTC/USDT"):
        make_market().resolve("BTC/USTD")


def test_an_unknown_exchange_id_names_the_closest_ones() -> None:
    with pytest.raises(NotAvailableError, match="binance"):
        make_client("binanse")


def test_decimal_places_precision_becomes_a_power_of_ten_step() -> None:
    assert precision_step(2, ccxt.DECIMAL_PLACES) == Decimal("0.01")
    assert precision_step(0, ccxt.DECIMAL_PLACES) == Decimal(1)
    assert precision_step(8, ccxt.DECIMAL_PLACES) == Decimal("1E-8")


def test_tick_size_precision_is_kept_exactly() -> None:
    assert precision_step(0.1, ccxt.TICK_SIZE) == Decimal("0.1")
    assert precision_step("0.00001000", ccxt.TICK_SIZE) == Decimal("0.00001")
    assert precision_step(5e-05, ccxt.TICK_SIZE) == Decimal("0.00005")


@pytest.mark.parametrize("value", [None, 0, -1, "abc", float("nan")])
def test_an_unreadable_tick_size_is_a_data_error(value: object) -> None:
    with pytest.raises(DataError):
        precision_step(value, ccxt.TICK_SIZE)


def test_exchanges_with_significant_digit_precision_are_refused_clearly() -> None:
    with pytest.raises(NotAvailableError, match="significant digits"):
        check_precision_mode("bitfinex", ccxt.SIGNIFICANT_DIGITS)


def test_an_exchange_without_candles_is_not_available(
    make_market: Callable[..., CcxtMarket], fake_binance: FakeBinance
) -> None:
    market = make_market()
    market._client.has["fetchOHLCV"] = False  # as for an exchange that offers none
    with pytest.raises(NotAvailableError, match="fetchOHLCV"):
        market.ohlcv("BTC/USDT")
    assert fake_binance.requests_to("klines") == []


def test_keys_come_only_from_the_environment_and_never_reach_messages(
    fake_binance: FakeBinance,
) -> None:
    env = {"COINPILOT_BINANCE_API_KEY": "k-123", "COINPILOT_BINANCE_API_SECRET": "s-456"}
    assert credentials_from_env("binance", env) == {"apiKey": "k-123", "secret": "s-456"}
    assert credentials_from_env("kraken", env) == {}
    client = make_client("binance", env=env)
    assert client.apiKey == "k-123"
    market = CcxtMarket("binance", client=fake_binance.client())
    with pytest.raises(UnknownSymbolError) as err:
        market.resolve("NOPE/USDT")
    assert "k-123" not in str(err.value) and "s-456" not in repr(market.__dict__)
