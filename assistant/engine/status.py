"""portfolio_status: one account's holdings, weights, drift against the last target, and value.

The account is the one named, else the one the latest decision (or plan) was made on. Its
balances are the journal's for a paper account and the exchange's own (read-only) for an exchange
account, valued at its market's current mid prices. The targets come from the last decision on
that account, so drift means "how far have prices pushed us from what we last chose".
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from assistant.domain import Account, DataError, Portfolio

from .brokers import balances_now, market_for
from .money_context import in_money_context
from .services import Services
from .triggers import max_drift


class Holding(BaseModel):
    model_config = ConfigDict(frozen=True)

    asset: str
    quantity: Decimal
    price: Decimal
    value: Decimal
    weight: float
    target: float | None
    drift: float | None


class PortfolioStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: The account shown, its label and badge (PAPER, LIVE, TESTNET); None: no account yet.
    account: str | None = None
    account_label: str = ""
    badge: str = "PAPER"
    market: str
    simulated: bool
    as_of: datetime
    quote: str
    value: Decimal
    cash: Decimal
    holdings: list[Holding]
    spec_name: str | None
    last_decision_id: str | None
    max_drift: float | None
    drift_asset: str | None
    drift_threshold: float | None
    notes: list[str]


def default_account(services: Services) -> Account | None:
    """The account of the latest decision, else of the latest plan, else the only account."""
    journal = services.journal
    last = journal.latest_decision()
    if last is not None:
        return journal.find_account(last.account)
    plan = journal.newest_plan()
    if plan is not None:
        return journal.find_account(plan.account)
    accounts = journal.accounts()
    return accounts[0] if len(accounts) == 1 else None


@in_money_context
def portfolio_status(
    services: Services, quote: str = "USDT", account: str | None = None
) -> PortfolioStatus:
    journal = services.journal
    held_by = journal.get_account(account) if account is not None else default_account(services)
    market = services.market if held_by is None else market_for(services, held_by)
    balances = {} if held_by is None else balances_now(services, held_by)
    last = None if held_by is None else journal.latest_decision(account=held_by.name)
    spec = journal.latest_spec(last.spec_name) if last else None
    quote = spec.quote if spec is not None else quote
    notes: list[str] = []
    prices: dict[str, Decimal] = {}
    for asset in balances:
        if asset == quote:
            continue
        try:
            prices[asset] = market.ticker(f"{asset}/{quote}").mid
        except DataError as exc:
            notes.append(f"{asset}: {exc.message}")
    portfolio = Portfolio(quote=quote, balances=balances, prices=prices)
    weights = portfolio.weights()
    targets = dict(last.target_weights) if last else {}
    holdings = []
    for asset in sorted(set(balances) | set(targets), key=lambda a: (a == quote, a)):
        if asset == quote:
            continue
        target = targets.get(asset) if last else None
        weight = weights.get(asset, 0.0)
        qty = balances.get(asset, Decimal(0))
        holdings.append(
            Holding(
                asset=asset,
                quantity=qty,
                price=prices.get(asset, Decimal(0)),
                value=portfolio.value_of(asset).quantize(Decimal("0.01")),
                weight=weight,
                target=target,
                drift=None if target is None else weight - target,
            )
        )
    drift_asset, gap = (
        max_drift({a: w for a, w in weights.items() if a != quote}, targets)
        if last
        else (None, 0.0)
    )
    if held_by is None:
        notes.append("no account yet: plan a spec with a capital, then confirm it")
    elif not balances:
        notes.append(
            f"account {held_by.name} is empty: plan a spec with a capital, then confirm it"
        )
    return PortfolioStatus(
        account=None if held_by is None else held_by.name,
        account_label="" if held_by is None else held_by.label,
        badge="PAPER" if held_by is None else held_by.badge,
        market=market.name,
        simulated=market.simulated,
        as_of=market.now(),
        quote=quote,
        value=portfolio.total_value.quantize(Decimal("0.01")),
        cash=portfolio.cash,
        holdings=holdings,
        spec_name=last.spec_name if last else None,
        last_decision_id=last.decision_id if last else None,
        max_drift=abs(gap) if last else None,
        drift_asset=drift_asset,
        drift_threshold=spec.rebalance.drift_threshold if spec else None,
        notes=notes,
    )
