"""A watched wallet: a name, a chain and a public address. Read-only by construction.

A wallet holds no key and nothing in CoinPilot can sign for it: it is an address whose balances
are read from the chain and shown beside the paper and exchange holdings. It is never an account
a strategy trades on. The address is checked (and EVM addresses put in their EIP-55 spelling)
when the model is built, so a stored wallet is always a well-formed one.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .addresses import check_evm_address, check_solana_address
from .errors import UserInputError

Chain = Literal["ethereum", "base", "arbitrum", "polygon", "solana"]
CHAINS: tuple[str, ...] = get_args(Chain)
EVM_CHAINS: tuple[str, ...] = ("ethereum", "base", "arbitrum", "polygon")

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

#: Said wherever wallets are shown: a wallet is looked at, never traded from.
READ_ONLY_NOTE = (
    "wallets are read-only: CoinPilot reads their balances from the chain and never signs, "
    "sends or trades from them"
)


def check_wallet_name(name: str) -> str:
    if not _NAME.match(name):
        raise UserInputError(
            f"'{name}' is not a wallet name.",
            hint="Use 1-40 letters, digits, '_', '.' or '-', starting with a letter or digit.",
        )
    return name


def check_chain(chain: str) -> str:
    lowered = chain.strip().lower()
    if lowered not in CHAINS:
        raise UserInputError(
            f"'{chain}' is not a chain CoinPilot reads wallets on.",
            hint="Choose one of: " + ", ".join(CHAINS) + ".",
        )
    return lowered


def check_address(chain: str, address: str) -> str:
    """The address in its canonical spelling for ``chain``, or a UserInputError."""
    if chain == "solana":
        return check_solana_address(address)
    return check_evm_address(address)


class Wallet(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    chain: Chain
    address: str
    added_at: datetime

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_wallet_name(value)

    @model_validator(mode="after")
    def _address(self) -> Wallet:
        canonical = check_address(self.chain, self.address)
        if canonical != self.address:
            object.__setattr__(self, "address", canonical)
        return self

    @property
    def where(self) -> str:
        """How a holding's location reads: ``wallet:NAME (chain 0x12ab…cdef)``."""
        return f"wallet:{self.name} ({self.chain} {short_address(self.address)})"


def short_address(address: str) -> str:
    return address if len(address) <= 12 else f"{address[:6]}…{address[-4:]}"
