"""EVM and Solana readers on a loopback JSON-RPC node: shapes, errors, 429, nonsense, timeouts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.domain import DataUnavailableError
from assistant.market.http_json import HttpPolicy, SourceRateLimitedError
from assistant.market.wallets import CHAIN_INFO, READ_METHODS, JsonRpc, tokens_for
from assistant.market.wallets.evm import EvmReader
from assistant.market.wallets.solana import SolanaReader

from .fake_node import SPL, SPL_2022, Node, serve

HOLDER = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
SOL = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"
USDC_ETH = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
WETH_ETH = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2"
DAI_ETH = "0x6B175474E89094C44Da98b954EedeAC495271d0F"
USDC_SOL = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
UNKNOWN_MINT = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN"


def policy(sleeps: list[float] | None = None, timeout: float = 5.0) -> HttpPolicy:
    return HttpPolicy(
        timeout=timeout, max_wait=5.0, attempts=3, sleep=([] if sleeps is None else sleeps).append
    )


def evm(url: str, chain: str = "ethereum", **kw: object) -> EvmReader:
    return EvmReader(CHAIN_INFO[chain], JsonRpc(url, f"{chain} JSON-RPC", policy(**kw)))  # type: ignore[arg-type]


def eth_node(**kw: object) -> Node:
    holder = HOLDER.lower()
    values: dict[str, object] = {
        "chain_id": 1,
        "wei": {holder: 1_500_000_000_000_000_000},
        "erc20": {
            USDC_ETH.lower(): (6, {holder: 2_500_123_456}),
            WETH_ETH.lower(): (18, {holder: 250_000_000_000_000_000}),
            DAI_ETH.lower(): (18, {}),
        },
    }
    return Node(**{**values, **kw})  # type: ignore[arg-type]


def test_evm_native_and_tokens_exactly_with_decimals_from_the_contract() -> None:
    node = eth_node()
    with serve(node) as url:
        balances, notes = evm(url).read(HOLDER, CHAIN_INFO["ethereum"].tokens)
    got = {b.asset: b for b in balances}
    assert got["ETH"].amount == Decimal("1.5") and got["ETH"].token is None
    assert got["USDC"].amount == Decimal("2500.123456")
    assert got["WETH"].amount == Decimal("0.25") and got["WETH"].prices_as == "ETH"
    assert "DAI" not in got  # zero balance: left out, and its decimals never asked
    decimals_asked = [
        p[0]["to"] for m, p in node.calls if m == "eth_call" and p[0]["data"] == "0x313ce567"
    ]
    assert DAI_ETH not in decimals_asked and USDC_ETH in decimals_asked
    # no contract at USDT/WBTC on this fake chain: "0x" answers are left out with a note
    assert any("USDT" in n and "no contract" in n for n in notes)
    assert node.methods() <= READ_METHODS and node.calls[0][0] == "eth_chainId"


def test_evm_a_node_of_another_chain_is_refused() -> None:
    with serve(eth_node(chain_id=137)) as url, pytest.raises(DataUnavailableError, match="137"):
        evm(url).read(HOLDER, ())


def test_evm_a_reverting_token_is_a_note_not_a_failure() -> None:
    node = eth_node(revert={USDC_ETH.lower()})
    with serve(node) as url:
        balances, notes = evm(url).read(HOLDER, CHAIN_INFO["ethereum"].tokens)
    assert "USDC" not in {b.asset for b in balances} and "WETH" in {b.asset for b in balances}
    assert any("USDC" in n and "execution reverted" in n for n in notes)


def test_evm_configured_tokens_are_read_too() -> None:
    link = "0x514910771AF9Ca656af840dff83E8264EcF986CA"
    node = eth_node()
    node.erc20[link.lower()] = (18, {HOLDER.lower(): 10**19})
    tokens = tokens_for("ethereum", {"ethereum": [f"link:{link.lower()}"]})
    with serve(node) as url:
        balances, _ = evm(url).read(HOLDER, tokens)
    assert {b.asset: b.amount for b in balances}["LINK"] == Decimal(10)


def test_json_rpc_rate_limits_inside_200_and_as_http_429() -> None:
    limited = (
        200,
        {"jsonrpc": "2.0", "id": 1, "error": {"code": -32005, "message": "limit exceeded"}},
        {},
    )
    with serve(eth_node(faults=[limited])) as url, pytest.raises(SourceRateLimitedError):
        evm(url).read(HOLDER, ())
    sleeps: list[float] = []
    node = eth_node(faults=[(429, b"Too Many Requests", {"Retry-After": "1"})])
    with serve(node) as url:
        balances, _ = evm(url, sleeps=sleeps).read(HOLDER, ())
    assert sleeps == [1.0] and balances[0].amount == Decimal("1.5")
    with (
        serve(eth_node(faults=[(429, b"", {"Retry-After": "120"})])) as url,
        pytest.raises(SourceRateLimitedError) as info,
    ):
        evm(url).read(HOLDER, ())
    assert info.value.retry_after == 120.0


@pytest.mark.parametrize(
    ("fault", "match"),
    [
        ((200, {"jsonrpc": "2.0", "id": "$id", "result": "1"}, {}), "not a hex quantity"),
        ((200, {"jsonrpc": "2.0", "id": "$id", "result": None}, {}), "not a hex quantity"),
        ((200, {"jsonrpc": "2.0", "id": 999999, "result": "0x1"}, {}), "malformed answer"),
        ((200, {"jsonrpc": "2.0", "id": 1}, {}), "malformed answer"),
        ((200, b"<html>captive portal</html>", {}), "not JSON"),
        ((200, [1, 2, 3], {}), "malformed answer"),
        ((404, {"message": "not found"}, {}), "HTTP 404"),
        (
            (200, {"jsonrpc": "2.0", "id": 1, "error": {"code": -32601, "message": "nope"}}, {}),
            "refused",
        ),
    ],
)
def test_malformed_and_refused_answers_are_errors_never_zero(fault: object, match: str) -> None:
    # each fault answers eth_chainId ("$id" is the request's id)
    node = eth_node(faults=[fault])  # type: ignore[list-item]
    with serve(node) as url, pytest.raises(DataUnavailableError, match=match):
        evm(url).read(HOLDER, ())


def test_a_stalled_node_times_out() -> None:
    with (
        serve(eth_node(faults=[3.0])) as url,
        pytest.raises(DataUnavailableError, match="could not be reached"),
    ):
        evm(url, timeout=0.5).read(HOLDER, ())


def test_solana_sol_and_spl_tokens_from_both_programs_summed_per_mint() -> None:
    node = Node(
        lamports={SOL: 2_500_000_000},
        spl={
            SOL: [
                (SPL, USDC_SOL, 1_000_000, 6),
                (SPL, USDC_SOL, 500_000, 6),
                (SPL_2022, UNKNOWN_MINT, 42, 0),
                (SPL, "So11111111111111111111111111111111111111112", 0, 9),
            ]
        },
    )
    reader = SolanaReader(CHAIN_INFO["solana"], JsonRpc("", "solana JSON-RPC", policy()))
    with serve(node) as url:
        reader.rpc.url = url
        balances, notes = reader.read(SOL, CHAIN_INFO["solana"].tokens)
    got = {b.asset: b.amount for b in balances}
    assert got["SOL"] == Decimal("2.5") and got["USDC"] == Decimal("1.5")
    assert got["SPL JUPyiw…DvCN"] == 42 and "WSOL" not in got
    assert any(UNKNOWN_MINT in n for n in notes)
    assert [m for m, _ in node.calls] == ["getBalance", *["getTokenAccountsByOwner"] * 2]
    assert {p[1]["programId"] for m, p in node.calls if m == "getTokenAccountsByOwner"} == {
        SPL,
        SPL_2022,
    }


@pytest.mark.parametrize(
    "result",
    [
        {"context": {}, "value": "many"},
        {"context": {}},
        {"context": {}, "value": -1},
        {"context": {}, "value": True},
    ],
)
def test_solana_malformed_balance(result: object) -> None:
    body = {"jsonrpc": "2.0", "id": "$id", "result": result}
    reader = SolanaReader(CHAIN_INFO["solana"], JsonRpc("", "solana JSON-RPC", policy()))
    node = Node(faults=[(200, body, {})])
    with serve(node) as url:
        reader.rpc.url = url
        with pytest.raises(DataUnavailableError):
            reader.read(SOL, ())


def test_solana_a_token_account_without_a_parsed_amount_is_malformed() -> None:
    node = Node(lamports={SOL: 1}, spl={SOL: [(SPL, USDC_SOL, 1, 6)]})
    reader = SolanaReader(CHAIN_INFO["solana"], JsonRpc("", "solana JSON-RPC", policy()))
    original = node._getTokenAccountsByOwner

    def broken(*args: object) -> dict[str, object]:
        answer = original(*args)  # type: ignore[arg-type]
        for account in answer["value"]:
            del account["account"]["data"]["parsed"]["info"]["tokenAmount"]
        return answer

    node._getTokenAccountsByOwner = broken  # type: ignore[method-assign]
    with serve(node) as url:
        reader.rpc.url = url
        with pytest.raises(DataUnavailableError, match="without a parsed amount"):
            reader.read(SOL, ())


def test_solana_http_429_with_a_long_wait_is_reported() -> None:
    reader = SolanaReader(CHAIN_INFO["solana"], JsonRpc("", "solana JSON-RPC", policy()))
    with serve(
        Node(
            faults=[
                (
                    429,
                    {
                        "jsonrpc": "2.0",
                        "error": {
                            "code": 429,
                            "message": "Too many requests for a specific RPC call",
                        },
                    },
                    {"Retry-After": "30"},
                )
            ]
        )
    ) as url:
        reader.rpc.url = url
        with pytest.raises(SourceRateLimitedError):
            reader.read(SOL, ())


def test_only_read_methods_can_be_sent() -> None:
    with pytest.raises(AssertionError, match="read-only"):
        JsonRpc("http://127.0.0.1:9", "x").call("eth_sendRawTransaction", ["0x00"])
