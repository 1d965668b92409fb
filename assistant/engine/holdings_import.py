"""Importing holdings a person already has ("I hold 0.5 BTC and 2 ETH") as opening balances.

From a CSV file, into a paper account::

    asset,quantity[,cost_basis_per_unit,acquired_at]
    BTC,0.5,30000,2024-03-01
    ETH,2

One row per asset; the header names the columns (the last two are optional, ``acquired_at`` an
ISO date or time). Quantities are exact decimals above zero; an asset appears once. Any problem
stops the import with the line and what to fix, and nothing is recorded. Or from an exchange
account, read-only (its current balances), into a paper account: "paper-trade what I hold".
Or typed ("I already hold 0.5 BTC" confirmed in the app, ``coinpilot holdings add``):
:func:`add_holdings`. An import is one journaled event per account: each asset a credit of kind
``import`` with its source, cost basis and date. An exchange account's own holdings are never
imported: they are read from the exchange.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.domain import (
    Account,
    PlanBusyError,
    UserInputError,
    check_account_name,
    paper_name_for,
    read_file_text,
)

from .accounts import add_paper_account
from .brokers import open_exchange
from .execution_lock import SETTLING, hold
from .recovery import needs_settling
from .services import Services
from .status import default_account

#: Refuse files larger than this: a holdings list is a few lines.
MAX_BYTES = 1_000_000
MAX_ROWS = 1000
COLUMNS = ("asset", "quantity", "cost_basis_per_unit", "acquired_at")

Holding = tuple[str, Decimal, dict[str, Any]]


def import_csv(services: Services, path: str | Path, account: str) -> list[Holding]:
    """Read ``path`` and record it as ``account``'s opening balances."""
    file = Path(path)
    text = read_file_text(file, limit=MAX_BYTES, what="the holdings file")
    holdings = parse_holdings(text, str(file))
    _record(services, account, holdings, f"{file.name} (CSV)")
    return holdings


def import_from_exchange(services: Services, source: str, account: str) -> list[Holding]:
    """Read exchange account ``source``'s balances (read-only) into paper account ``account``."""
    journal = services.journal
    exchange = journal.get_account(source)
    if not exchange.is_exchange:
        raise UserInputError(f"{exchange.label} is not an exchange account to read holdings from.")
    broker, _ = open_exchange(services, exchange)
    held = sorted((a, v) for a, v in broker.balances().items() if v > 0)
    if not held:
        raise UserInputError(f"{exchange.label} holds nothing to import.")
    holdings: list[Holding] = [(asset, amount, {}) for asset, amount in held]
    _record(services, account, holdings, f"{exchange.label}, read-only")
    return holdings


def parse_holdings(text: str, where: str) -> list[Holding]:
    """The rows of a holdings CSV, or a :class:`UserInputError` naming the line to fix."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise UserInputError(
            f"{where} is empty; write a header `asset,quantity` and one row per asset."
        )
    header = [h.strip().lower() for h in rows[0]]
    if header[:2] != ["asset", "quantity"] or any(h not in COLUMNS for h in header):
        raise UserInputError(
            f"{where} line 1: the header must be asset,quantity[,cost_basis_per_unit,acquired_at]; "
            f"got {','.join(rows[0])[:80]}."
        )
    if len(rows) - 1 > MAX_ROWS:
        raise UserInputError(f"{where} has more than {MAX_ROWS} rows; one row per asset.")
    seen: set[str] = set()
    out: list[Holding] = []
    for number, row in enumerate(rows[1:], start=2):
        at = f"{where} line {number}"
        if len(row) != len(header):
            raise UserInputError(f"{at}: expected {len(header)} values, found {len(row)}.")
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        asset, quantity = _holding(cells["asset"], cells["quantity"], at)
        if asset in seen:
            raise UserInputError(f"{at}: {asset} appears twice; give one row per asset.")
        seen.add(asset)
        details: dict[str, Any] = {}
        if cells.get("cost_basis_per_unit"):
            cost = _amount(cells["cost_basis_per_unit"], f"{at}: the cost basis")
            if cost < 0:
                raise UserInputError(f"{at}: the cost basis cannot be negative; got {cost}.")
            details["cost_basis_per_unit"] = str(cost)
        if cells.get("acquired_at"):
            details["acquired_at"] = _when(cells["acquired_at"], at).isoformat()
        out.append((asset, quantity, details))
    if not out:
        raise UserInputError(f"{where} has a header and no rows; add one row per asset.")
    return out


def add_holdings(
    services: Services, holdings: Mapping[str, str], account: str, source: str
) -> list[Holding]:
    """Record holdings a person typed ("BTC" -> "0.5") as ``account``'s opening balances.

    The paper account is created when it does not exist yet: the strategy planned next on it
    then starts from these holdings. Same checks and journal event as a CSV import.
    """
    if not holdings:
        raise UserInputError("there are no holdings to record; give an asset and a quantity.")
    out: list[Holding] = []
    for raw_asset, raw_quantity in holdings.items():
        asset, quantity = _holding(raw_asset, raw_quantity, raw_asset)
        if any(a == asset for a, _, _ in out):
            raise UserInputError(f"{asset} appears twice; give each asset once.")
        out.append((asset, quantity, {}))
    if services.journal.find_account(check_account_name(account)) is None:
        add_paper_account(services, account)
    _record(services, account, out, source)
    return out


def _holding(raw_asset: str, raw_quantity: str, at: str) -> tuple[str, Decimal]:
    """One asset and its quantity, checked: a symbol such as BTC and an amount above zero."""
    asset = raw_asset.strip().upper()
    if not asset.isalnum() or len(asset) > 20:
        raise UserInputError(f"{at}: {raw_asset!r} is not an asset symbol such as BTC.")
    quantity = _amount(raw_quantity.strip(), f"{at}: the quantity")
    if quantity <= 0:
        raise UserInputError(f"{at}: the quantity must be above zero; got {quantity}.")
    return asset, quantity


def _record(services: Services, name: str, holdings: list[Holding], source: str) -> None:
    journal = services.journal
    account: Account = journal.get_account(name)
    if account.is_exchange:
        raise UserInputError(
            f"{account.label} is an exchange account: its holdings are read from the exchange, "
            "never imported.",
            hint="Import into a paper account (`coinpilot account add NAME --paper`).",
        )
    try:
        with hold(services, account.name, SETTLING):
            if needs_settling(services, account.name):
                raise UserInputError(
                    f"account {account.name} has an execution that stopped part-way; nothing was "
                    "imported.",
                    hint="Run `coinpilot resume` first.",
                )
            journal.record_import(account.name, holdings, source, services.clock.now())
    except PlanBusyError as exc:
        raise PlanBusyError(f"nothing was imported: {exc.message}", hint=exc.hint) from None


def _amount(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise UserInputError(f"{what} {text!r} is not a number.") from None
    if not value.is_finite() or abs(value) > Decimal("1e15") or value.as_tuple().exponent < -18:  # type: ignore[operator]
        raise UserInputError(f"{what} {text!r} is out of range (at most 18 decimals).")
    return value


def _when(text: str, at: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        except ValueError:
            raise UserInputError(
                f"{at}: acquired_at {text!r} is not a date such as 2024-03-01."
            ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


#: Where typed holdings go when no strategy or account says otherwise.
HOLDINGS_ACCOUNT = "paper-holdings"


def holdings_account(services: Services, spec_name: str | None = None) -> str:
    """The paper account typed holdings are recorded on: the strategy's own (bound, else the one
    its first plan would create), else the account the portfolio shows, else ``paper-holdings``."""
    journal = services.journal
    if spec_name is not None:
        return journal.account_of(spec_name) or paper_name_for(spec_name)
    shown = default_account(services)
    if shown is not None and not shown.is_exchange:
        return shown.name
    return HOLDINGS_ACCOUNT
