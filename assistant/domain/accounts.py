"""Accounts: where a strategy's money lives, a paper account of its own or an exchange account.

Every plan names one account and every order, fill and deposit belongs to one, so nothing one
strategy does can touch another's balances. An exchange account holds no key here: keys stay in
the environment or the OS keyring (``assistant.execution.credentials``); the account only says
which exchange, and whether it is the exchange's testnet (``sandbox``), which every surface then
shows as TESTNET.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import UserInputError

AccountKind = Literal["paper", "exchange"]

#: The account an existing journal's shared paper balances became when accounts arrived.
LEGACY_PAPER = "paper"

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_account_name(name: str) -> str:
    """``name`` if it is a valid account name, else a :class:`UserInputError` saying why."""
    if not _NAME.match(name):
        raise UserInputError(
            f"'{name}' is not an account name.",
            hint="Use 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter "
            "or digit, e.g. binance-main or my-paper.",
        )
    return name


def paper_name_for(spec_name: str) -> str:
    """The paper account a strategy gets when none is named: ``Core HRP`` -> ``paper-core-hrp``."""
    slug = re.sub(r"[^a-z0-9]+", "-", spec_name.lower()).strip("-")[:50] or "strategy"
    return f"paper-{slug}"


class Account(BaseModel):
    """One named account. ``exchange`` is a ccxt id for exchange accounts, None for paper."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: AccountKind
    exchange: str | None = None
    sandbox: bool = False
    quote: str = Field(default="USDT", min_length=1, max_length=20)
    created_at: datetime

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"{value!r} is not an account name")
        return value

    @property
    def is_exchange(self) -> bool:
        return self.kind == "exchange"

    @property
    def badge(self) -> str:
        """PAPER, LIVE or TESTNET: what every surface shows beside the account's name."""
        if not self.is_exchange:
            return "PAPER"
        return "TESTNET" if self.sandbox else "LIVE"

    @property
    def label(self) -> str:
        """``binance-main (binance TESTNET)``, ``my-paper (paper)``."""
        if not self.is_exchange:
            return f"{self.name} (paper)"
        venue = f"{self.exchange} TESTNET" if self.sandbox else f"{self.exchange} LIVE"
        return f"{self.name} ({venue})"
