"""Account use cases: add a paper or exchange account, check one, list them.

A paper account may start with capital (a journaled deposit). An exchange account is checked
before it is recorded: its keys must load (environment or OS keyring; they are never arguments),
the exchange must say the key can trade and cannot withdraw (a withdraw-enabled key is refused),
and its balances are read, read-only, and journaled as the account's opening balances, so the
journal can later be compared with the exchange. Nothing here places an order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.domain import Account, UserInputError, check_account_name

from .brokers import open_exchange
from .services import Services


@dataclass(frozen=True)
class AccountCheck:
    """What an account is, what its key may do (exchange accounts), and what it holds."""

    account: Account
    balances: dict[str, Decimal]
    can_trade: bool | None = None
    can_withdraw: bool | None = None
    permissions_reported: bool = False
    notes: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)


def add_paper_account(
    services: Services, name: str, *, capital: Decimal | None = None, quote: str = "USDT"
) -> Account:
    """Record a paper account, funded with ``capital`` when given."""
    account = Account(
        name=check_account_name(name),
        kind="paper",
        quote=_quote(quote),
        created_at=services.clock.now(),
    )
    if capital is not None and capital <= 0:
        raise UserInputError(f"--capital must be a positive amount; got {capital}.")
    with services.journal.transaction():
        services.journal.record_account(account)
        if capital is not None:
            services.journal.record_deposit(
                account.quote,
                capital,
                account.created_at,
                "initial capital of the paper account",
                account=account.name,
            )
    return account


def add_exchange_account(
    services: Services, name: str, *, exchange: str, sandbox: bool = False, quote: str = "USDT"
) -> AccountCheck:
    """Check the account's key and read its balances; then record it and its opening balances."""
    account = Account(
        name=check_account_name(name),
        kind="exchange",
        exchange=exchange.strip().lower(),
        sandbox=sandbox,
        quote=_quote(quote),
        created_at=services.clock.now(),
    )
    if services.journal.find_account(account.name) is not None:
        raise UserInputError(
            f"an account named '{account.name}' already exists.",
            hint="Choose another name; `coinpilot account list` shows the ones in use.",
        )
    check = _check_exchange(services, account)
    opening: list[tuple[str, Decimal, dict[str, Any]]] = [
        (asset, amount, {}) for asset, amount in sorted(check.balances.items()) if amount > 0
    ]
    source = f"{account.exchange}{' TESTNET' if sandbox else ''} balances read at account add"
    with services.journal.transaction():
        services.journal.record_account(account)
        if opening:
            services.journal.record_import(account.name, opening, source, account.created_at)
    return check


def check_account(services: Services, name: str) -> AccountCheck:
    """What account ``name`` is and holds; for an exchange account, what its key may do."""
    journal = services.journal
    account = journal.get_account(check_account_name(name))
    strategies = journal.strategies_on(account.name)
    if account.is_exchange:
        check = _check_exchange(services, account)
        return AccountCheck(**{**check.__dict__, "strategies": strategies})
    notes = ["a paper account: no keys, no exchange"]
    return AccountCheck(account, journal.balances(account.name), notes=notes, strategies=strategies)


def list_accounts(services: Services) -> list[tuple[Account, list[str]]]:
    """Every account with the strategies that run on it."""
    journal = services.journal
    return [(a, journal.strategies_on(a.name)) for a in journal.accounts()]


def _check_exchange(services: Services, account: Account) -> AccountCheck:
    broker, permissions = open_exchange(services, account)  # refuses a key that can withdraw
    held = broker.balances()
    notes = [permissions.note] if permissions.note else []
    if account.sandbox:
        notes.append("TESTNET: orders go to the exchange's test network, with no real money")
    return AccountCheck(
        account,
        {a: v for a, v in held.items() if v != 0},
        can_trade=permissions.can_trade,
        can_withdraw=permissions.can_withdraw,
        permissions_reported=permissions.reported,
        notes=notes,
    )


def _quote(quote: str) -> str:
    symbol = quote.strip().upper()
    if not symbol.isalnum() or not 1 <= len(symbol) <= 20:
        raise UserInputError(f"'{quote}' is not a currency such as USDT.")
    return symbol
