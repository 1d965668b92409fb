"""Wallets through the engine: add/list/remove, priced reads, the cache's age, the merged view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from assistant.config import load_settings
from assistant.domain import ConfigError, JournalError, UserInputError
from assistant.engine import (
    Clock,
    Services,
    add_paper_account,
    add_wallet,
    holdings_everywhere,
    list_wallets,
    portfolio_status,
    remove_wallet,
    wallet_balances,
)
from assistant.journal import Journal
from assistant.market import DemoMarket

from .fake_node import SPL, Node, serve

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
HOLDER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
OTHER = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
SOL = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"
USDC_ETH = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
WETH_ETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
USDC_SOL = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"


def make_services(**settings: Any) -> Services:
    return Services(
        settings=load_settings(**settings),
        market=DemoMarket(seed=7, as_of="2026-01-15"),
        journal=Journal.open("sqlite://"),
        clock=Clock(fixed=NOW),
    )


@pytest.fixture
def services() -> Iterator[Services]:
    svc = make_services()
    yield svc
    svc.close()


def eth_node() -> Node:
    holder = HOLDER.lower()
    return Node(
        chain_id=1,
        wei={holder: 2 * 10**18},
        erc20={
            USDC_ETH.lower(): (6, {holder: 1_000_000_000}),
            WETH_ETH.lower(): (18, {holder: 5 * 10**17}),
        },
    )


def test_add_list_remove_and_add_again(services: Services) -> None:
    cold = add_wallet(services, "cold", "Ethereum", HOLDER.lower())
    assert cold.address == HOLDER and cold.chain == "ethereum"
    add_wallet(services, "phantom", "solana", SOL)
    assert [w.name for w in list_wallets(services)] == ["cold", "phantom"]
    remove_wallet(services, "cold")
    assert [w.name for w in list_wallets(services)] == ["phantom"]
    add_wallet(services, "cold", "base", HOLDER)
    assert [(w.name, w.chain) for w in list_wallets(services)] == [
        ("phantom", "solana"),
        ("cold", "base"),
    ]


@pytest.mark.parametrize(
    ("name", "chain", "address", "match"),
    [
        ("cold", "ethereum", OTHER, "already watched"),  # the name
        ("warm", "ethereum", HOLDER.lower(), "already watched as 'cold'"),  # the address
        ("x y", "ethereum", OTHER, "not a wallet name"),
        ("warm", "bitcoin", OTHER, "not a chain"),
        ("warm", "ethereum", OTHER[:-1] + "8", "EIP-55"),
        ("warm", "solana", OTHER, "not a Solana address"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    services: Services, name: str, chain: str, address: str, match: str
) -> None:
    add_wallet(services, "cold", "ethereum", HOLDER)
    with pytest.raises(UserInputError, match=match):
        add_wallet(services, name, chain, address)
    assert [w.name for w in list_wallets(services)] == ["cold"]
    with pytest.raises(UserInputError, match=r"No wallet is named 'nope'.*Watched: cold"):
        remove_wallet(services, "nope")


def test_offline_markets_read_simulated_balances_without_the_network(services: Services) -> None:
    add_wallet(services, "cold", "ethereum", HOLDER)
    report = wallet_balances(services)
    (wallet,) = report.wallets
    assert wallet.simulated and "SIMULATED" in wallet.label and wallet.source == "simulated"
    assert wallet_balances(services).wallets[0].holdings == wallet.holdings  # same address, same
    assert any("read-only" in n for n in report.notes)


def test_rpc_balances_are_priced_with_the_market(tmp_path: Any) -> None:
    node = eth_node()
    with serve(node) as url:
        services = make_services(wallet_source="rpc", evm_rpc_urls={"ethereum": url})
        add_wallet(services, "cold", "ethereum", HOLDER)
        report = wallet_balances(services)
    (wallet,) = report.wallets
    assert not wallet.simulated and wallet.stale is None and "JSON-RPC" in wallet.label
    eth = services.market.ticker("ETH/USDT").mid
    usdc = services.market.ticker("USDC/USDT").mid
    got = {h.asset: h for h in wallet.holdings}
    assert got["ETH"].quantity == 2 and got["ETH"].value == (2 * eth).quantize(Decimal("0.01"))
    assert got["WETH"].price == eth and got["WETH"].priced_as == "ETH"
    assert got["USDC"].value == (1000 * usdc).quantize(Decimal("0.01"))
    assert wallet.value == sum(h.value for h in wallet.holdings if h.value is not None)
    services.close()


def test_an_asset_the_market_does_not_list_is_unpriced_and_left_out_of_totals() -> None:
    node = Node(chain_id=137, wei={HOLDER.lower(): 3 * 10**18})
    with serve(node) as url:
        services = make_services(wallet_source="rpc", evm_rpc_urls={"polygon": url})
        add_wallet(services, "poly", "polygon", HOLDER)
        (wallet,) = wallet_balances(services).wallets
    (pol,) = wallet.holdings
    assert pol.asset == "POL" and pol.quantity == 3 and pol.price is None and pol.value is None
    assert wallet.value == 0 and any("POL is not priced" in n for n in wallet.notes)
    services.close()


def test_cached_balances_are_served_with_their_age_when_the_node_fails() -> None:
    node = Node(lamports={SOL: 10**9}, spl={SOL: [(SPL, USDC_SOL, 2_000_000, 6)]})
    with serve(node) as url:
        services = make_services(wallet_source="rpc", solana_rpc_url=url)
        add_wallet(services, "phantom", "solana", SOL)
        fresh = wallet_balances(services).wallets[0]
        services.clock.fixed = NOW + timedelta(hours=3, minutes=5)
        node.faults = [(503, b"", {})] * 3  # three tries, all failing
        stale = wallet_balances(services).wallets[0]
    assert fresh.stale is None and {h.asset for h in fresh.holdings} == {"SOL", "USDC"}
    assert stale.stale is not None and "3 h 5 min" in stale.stale and "HTTP 503" in stale.stale
    assert "CACHED" in stale.label and stale.fetched_at == NOW
    assert [h.quantity for h in stale.holdings] == [h.quantity for h in fresh.holdings]
    services.close()


def test_an_unreadable_wallet_with_nothing_cached_does_not_hide_the_others() -> None:
    with serve(eth_node()) as url:
        services = make_services(
            wallet_source="rpc",
            evm_rpc_urls={"ethereum": url, "base": url},  # base's node answers chain id 1
        )
        add_wallet(services, "cold", "ethereum", HOLDER)
        add_wallet(services, "onbase", "base", HOLDER)
        report = wallet_balances(services)
    cold, onbase = report.wallets
    assert cold.error is None and cold.value > 0
    assert onbase.error is not None and "chain id 1, not base" in onbase.error
    assert onbase.holdings == [] and report.value == cold.value
    services.close()


def test_a_damaged_cache_is_named() -> None:
    node = eth_node()
    with serve(node) as url:
        services = make_services(wallet_source="rpc", evm_rpc_urls={"ethereum": url})
        add_wallet(services, "cold", "ethereum", HOLDER)
        wallet_balances(services)
        cached = next((services.settings.home).rglob("ethereum-*.json"))
        cached.write_text("{not json")
        node.faults = [(503, b"", {})] * 3
        (wallet,) = wallet_balances(services).wallets
    assert wallet.error is not None and "damaged" in wallet.error
    services.close()


def test_settings_errors_name_the_setting() -> None:
    services = make_services(wallet_source="rpc", evm_rpc_urls={"bitcoin": "http://127.0.0.1:1"})
    add_wallet(services, "cold", "ethereum", HOLDER)
    with pytest.raises(ConfigError, match="evm_rpc_urls names bitcoin"):
        wallet_balances(services)
    services.close()
    services = make_services(wallet_source="rpc", wallet_tokens={"ethereum": ["LINK"]})
    add_wallet(services, "cold", "ethereum", HOLDER)
    with pytest.raises(ConfigError, match=r"wallet_tokens\.ethereum"):
        wallet_balances(services)
    services.close()


def test_one_view_of_paper_and_wallet_holdings_says_where_each_lives(services: Services) -> None:
    add_paper_account(services, "paper", capital=Decimal("1000"))
    add_wallet(services, "cold", "ethereum", HOLDER)
    add_wallet(services, "phantom", "solana", SOL)
    view = holdings_everywhere(services, portfolio_status(services, account="paper"))
    places = {(line.asset, line.where) for line in view.lines}
    assert ("USDT", "paper") in places
    assert any(w.startswith("wallet:cold (ethereum 0x5aAe") for _, w in places)
    assert all(line.tradable == (line.where == "paper") for line in view.lines)
    usdt = next(t for t in view.totals if t.asset == "USDT")
    wallet_usdt = sum(
        h.quantity for w in view.wallets.wallets for h in w.holdings if h.asset == "USDT"
    )
    assert usdt.quantity == Decimal("1000") + wallet_usdt and len(usdt.places) == 3
    priced = [t.value for t in view.totals if t.value is not None]
    assert view.value == sum(priced) and abs(sum(t.weight or 0 for t in view.totals) - 1) < 1e-9
    assert any("only the account (paper) is traded" in n for n in view.notes)


def test_a_damaged_wallet_row_is_a_damaged_journal(services: Services) -> None:
    from assistant.journal.schema import wallets

    with services.journal._writing() as conn:
        conn.execute(
            wallets.insert().values(
                name="x",
                action="added",
                chain="ethereum",
                address="0x1",
                at=NOW,
                recorded_at=NOW,
                payload='{"name": "x", "chain": "ethereum", "address": "0x1", '
                '"added_at": "2026-01-01T00:00:00Z"}',
            )
        )
    with pytest.raises(JournalError, match=r"wallet row #1.*not an EVM address"):
        list_wallets(services)


def test_auto_reads_the_chain_on_a_live_market_and_the_twin_offline(services: Services) -> None:
    from dataclasses import replace

    from assistant.engine.wallets import wallet_source

    class Live:
        name = "ccxt:binance"

    assert wallet_source(services) == "simulated"
    live = replace(services, market=Live())  # type: ignore[arg-type]
    assert wallet_source(live) == "rpc" and wallet_source(live, "simulated") == "simulated"
