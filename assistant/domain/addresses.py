"""Checking wallet addresses before anything is stored or asked: EIP-55 for EVM, base58 for Solana.

A mistyped address is not an empty wallet: it is an error the person can fix, so each check says
what is wrong (length, characters, a checksum that does not match and the spelling that would).
EIP-55 needs Keccak-256, which :mod:`hashlib` lacks (its ``sha3_256`` pads differently), so a
small pure-Python Keccak lives here rather than a 58 MB dependency; addresses are hashed a few at
a time, never in a loop that would make its speed matter.
"""

from __future__ import annotations

import re

from .errors import UserInputError

_EVM_HEX = re.compile(r"^0x[0-9a-fA-F]{40}$")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}

# Keccak-f[1600] round constants and rotation offsets (FIPS 202, before the SHA-3 padding change).
_RC = (
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
)  # fmt: skip
_ROT = (
    (0, 36, 3, 41, 18),
    (1, 44, 10, 45, 2),
    (62, 6, 43, 15, 61),
    (28, 55, 25, 21, 56),
    (27, 20, 39, 8, 14),
)
_MASK = (1 << 64) - 1


def _rotl(x: int, n: int) -> int:
    return ((x << n) | (x >> (64 - n))) & _MASK if n else x


def _keccak_f(a: list[list[int]]) -> None:
    for rc in _RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                a[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rotl(a[x][y], _ROT[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y])
        a[0][0] ^= rc


def keccak256(data: bytes) -> bytes:
    """Keccak-256 as Ethereum uses it (original padding 0x01, not SHA3-256's 0x06)."""
    rate = 136
    padded = bytearray(data) + b"\x01" + b"\x00" * ((-len(data) - 2) % rate) + b"\x80"
    if len(padded) % rate:  # one byte left: 0x01 and 0x80 share it
        raise AssertionError("unreachable padding")  # pragma: no cover
    state = [[0] * 5 for _ in range(5)]
    for start in range(0, len(padded), rate):
        block = padded[start : start + rate]
        for i in range(rate // 8):
            lane = int.from_bytes(block[8 * i : 8 * i + 8], "little")
            state[i % 5][i // 5] ^= lane
        _keccak_f(state)
    out = b"".join(state[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def checksum_address(address: str) -> str:
    """The EIP-55 spelling of a 0x-prefixed 40-hex-digit address."""
    lower = address[2:].lower()
    digest = keccak256(lower.encode("ascii")).hex()
    return "0x" + "".join(
        ch.upper() if ch.isalpha() and int(digest[i], 16) >= 8 else ch for i, ch in enumerate(lower)
    )


def check_evm_address(address: str) -> str:
    """``address`` in its EIP-55 spelling, or a :class:`UserInputError` saying what is wrong.

    All-lowercase or all-uppercase hex carries no checksum and is accepted (EIP-55 says so);
    mixed case must match the checksum exactly, because a mismatch means a typo.
    """
    text = address.strip()
    if not _EVM_HEX.match(text):
        raise UserInputError(
            f"'{address}' is not an EVM address.",
            hint="An EVM address is 0x followed by 40 hex digits (0-9, a-f), e.g. as a block "
            "explorer shows it.",
        )
    right = checksum_address(text)
    body = text[2:]
    if body != body.lower() and body != body.upper() and text != right:
        raise UserInputError(
            f"'{address}' fails its EIP-55 checksum (a mistyped character?); the address with "
            f"these digits would be spelled {right}.",
            hint="Copy the address again from the wallet or a block explorer.",
        )
    return right


def b58decode(text: str) -> bytes:
    """Bitcoin-alphabet base58 to bytes (leading '1's are zero bytes); ValueError on others."""
    number = 0
    for ch in text:
        if ch not in _B58_INDEX:
            raise ValueError(f"'{ch}' is not a base58 character")
        number = number * 58 + _B58_INDEX[ch]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\x00" * zeros + body


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, rest = divmod(number, 58)
        chars.append(_B58[rest])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(chars))


def check_solana_address(address: str) -> str:
    """``address`` if it is base58 for 32 bytes (a Solana public key), else a UserInputError."""
    text = address.strip()
    if not 32 <= len(text) <= 44:
        raise UserInputError(
            f"'{address}' is not a Solana address: it has {len(text)} characters, not 32-44.",
            hint="A Solana address is a base58 public key such as the wallet app shows.",
        )
    try:
        raw = b58decode(text)
    except ValueError as exc:
        raise UserInputError(
            f"'{address}' is not a Solana address: {exc} (base58 has no 0, O, I or l).",
            hint="Copy the address again from the wallet or a block explorer.",
        ) from None
    if len(raw) != 32:
        raise UserInputError(
            f"'{address}' is not a Solana address: it decodes to {len(raw)} bytes, not 32.",
            hint="Copy the address again from the wallet or a block explorer.",
        )
    return text
