"""Address checks: Keccak-256 and EIP-55 against published vectors, Solana base58 keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.domain import UserInputError, Wallet
from assistant.domain.addresses import (
    b58decode,
    b58encode,
    check_evm_address,
    check_solana_address,
    checksum_address,
    keccak256,
)
from assistant.market.wallets import CHAIN_INFO

# EIP-55's own test cases (eips.ethereum.org/EIPS/eip-55)
EIP55 = [
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
]
SOL = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM"


def test_keccak256_is_ethereums_not_sha3() -> None:
    assert keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )
    assert keccak256(b"abc").hex() == (
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    )
    # a message longer than one 136-byte block, and one that fills a block but for the pad byte
    assert len({keccak256(b"x" * n) for n in (135, 136, 137, 300)}) == 4
    assert keccak256(b"transfer(address,uint256)")[:4].hex() == "a9059cbb"
    assert keccak256(b"balanceOf(address)")[:4].hex() == "70a08231"
    assert keccak256(b"decimals()")[:4].hex() == "313ce567"


@pytest.mark.parametrize("address", EIP55)
def test_eip55_vectors_pass(address: str) -> None:
    assert check_evm_address(address) == address


def test_unchecksummed_hex_is_accepted_and_spelled_with_its_checksum() -> None:
    assert check_evm_address(EIP55[0].lower()) == EIP55[0]
    assert check_evm_address("0x" + EIP55[0][2:].upper()) == EIP55[0]


def test_a_wrong_case_is_a_checksum_error_that_names_the_right_spelling() -> None:
    typo = EIP55[0][:-1] + "D"  # ...BeAed -> ...BeAeD
    with pytest.raises(UserInputError, match="EIP-55") as info:
        check_evm_address(typo)
    assert EIP55[0] in info.value.message


@pytest.mark.parametrize(
    "bad",
    ["", "0x123", "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x" + "g" * 40, EIP55[0] + "0"],
)
def test_malformed_evm_addresses_are_refused(bad: str) -> None:
    with pytest.raises(UserInputError, match="not an EVM address"):
        check_evm_address(bad)


def test_solana_addresses_are_32_byte_base58() -> None:
    assert check_solana_address(SOL) == SOL
    assert b58encode(b58decode(SOL)) == SOL
    assert b58decode("11") == b"\x00\x00"
    for bad, why in [
        ("0" + SOL[1:], "base58"),  # 0 is not in the alphabet
        (SOL[:20], "characters"),
        ("z" * 44, "decodes to 33 bytes"),
    ]:
        with pytest.raises(UserInputError, match=why):
            check_solana_address(bad)


def test_every_built_in_token_is_a_valid_checksummed_address() -> None:
    for chain, info in CHAIN_INFO.items():
        for token in info.tokens:
            if info.kind == "evm":
                assert check_evm_address(token.address) == token.address, (chain, token)
            else:
                assert check_solana_address(token.address) == token.address


def test_a_wallet_model_checks_its_address_and_name() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 1, tzinfo=UTC)
    w = Wallet(name="cold", chain="base", address=EIP55[0].lower(), added_at=now)
    assert w.address == EIP55[0] and "wallet:cold (base 0x5aAe" in w.where
    with pytest.raises(UserInputError):
        Wallet(name="cold", chain="solana", address=EIP55[0], added_at=now)
    with pytest.raises(UserInputError):
        Wallet(name="bad name!", chain="solana", address=SOL, added_at=now)


@given(st.binary(min_size=20, max_size=20), st.integers(min_value=0, max_value=39))
def test_any_address_round_trips_and_any_single_case_flip_is_caught(raw: bytes, i: int) -> None:
    right = checksum_address("0x" + raw.hex())
    assert check_evm_address(right) == right
    body = right[2:]
    if not body[i].isalpha() or body.lower() == body or body.upper() == body:
        return  # a digit has no case; an all-one-case spelling carries no checksum
    flipped = body[:i] + body[i].swapcase() + body[i + 1 :]
    if flipped.lower() == flipped or flipped.upper() == flipped:
        return  # the flip made it all one case: accepted as unchecksummed, by design
    with pytest.raises(UserInputError, match="EIP-55"):
        check_evm_address("0x" + flipped)


@given(st.binary(min_size=0, max_size=40))
def test_base58_round_trips(raw: bytes) -> None:
    assert b58decode(b58encode(raw)) == raw
