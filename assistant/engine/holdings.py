"""Everything the person holds, in one view: one account and the watched wallets.

Each line says where the holding lives (a paper account by its name, e.g. ``paper``; an exchange
account as ``exchange:NAME``; ``wallet:NAME (chain 0x12ab…cdef)``); the per-asset totals add the
places up, and the weights are of the priced total. Only the account is traded by CoinPilot:
wallets are read-only and shown for the whole picture, so a strategy's drift and plans still use
its account alone (:func:`portfolio_status`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.domain import READ_ONLY_NOTE

from .money_context import in_money_context
from .services import Services
from .status import PortfolioStatus, portfolio_status
from .wallets import CENT, WalletReport, wallet_balances

PAPER = "paper"


def _where(status: PortfolioStatus) -> str:
    """Where the account's holdings live: a paper account by name, an exchange one marked so."""
    name = status.account or PAPER
    return name if status.badge == "PAPER" else f"exchange:{name}"


@dataclass(frozen=True)
class PlacedHolding:
    asset: str
    where: str
    quantity: Decimal
    price: Decimal | None
    value: Decimal | None
    tradable: bool  # only the account is traded; wallets never are


@dataclass(frozen=True)
class AssetTotal:
    asset: str
    quantity: Decimal
    value: Decimal | None
    weight: float | None  # of the priced total
    places: list[str]


@dataclass(frozen=True)
class HoldingsView:
    quote: str
    value: Decimal  # of everything priced
    lines: list[PlacedHolding]
    totals: list[AssetTotal]
    wallets: WalletReport
    notes: list[str] = field(default_factory=list)


@in_money_context
def holdings_everywhere(
    services: Services, status: PortfolioStatus | None = None, *, source: str | None = None
) -> HoldingsView:
    """The account's holdings and every watched wallet's, priced in one quote."""
    status = status or portfolio_status(services)
    report = wallet_balances(services, quote=status.quote, source=source)
    where = _where(status)
    lines = [
        PlacedHolding(h.asset, where, h.quantity, h.price, h.value, True)
        for h in status.holdings
        if h.quantity > 0
    ]
    if status.cash > 0:
        lines.append(PlacedHolding(status.quote, where, status.cash, Decimal(1), status.cash, True))
    for wallet in report.wallets:
        lines.extend(
            PlacedHolding(h.asset, wallet.where, h.quantity, h.price, h.value, False)
            for h in wallet.holdings
            if h.quantity > 0
        )
    value = sum((line.value for line in lines if line.value is not None), Decimal(0))
    totals = _totals(lines, value)
    notes = [f"only the account ({where}) is traded; {READ_ONLY_NOTE}"]
    notes += [n for n in report.notes if n != READ_ONLY_NOTE]
    for wallet in report.wallets:
        if wallet.error:
            notes.append(f"wallet {wallet.name} not read: {wallet.error}")
        elif wallet.stale:
            notes.append(f"wallet {wallet.name}: {wallet.stale}")
        notes += [f"wallet {wallet.name}: {n}" for n in wallet.notes]
    return HoldingsView(status.quote, value.quantize(CENT), lines, totals, report, notes)


def _totals(lines: list[PlacedHolding], value: Decimal) -> list[AssetTotal]:
    grouped: dict[str, list[PlacedHolding]] = {}
    for line in lines:
        grouped.setdefault(line.asset, []).append(line)
    totals = []
    for asset, group in grouped.items():
        priced = [g.value for g in group if g.value is not None]
        asset_value = sum(priced, Decimal(0)) if len(priced) == len(group) else None
        totals.append(
            AssetTotal(
                asset,
                sum((g.quantity for g in group), Decimal(0)),
                asset_value,
                None if asset_value is None or value == 0 else float(asset_value / value),
                [g.where for g in group],
            )
        )
    totals.sort(key=lambda t: (t.value is None, -(t.value or Decimal(0)), t.asset))
    return totals
