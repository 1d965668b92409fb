"""The reconciliation gate: the journal and the exchange must agree before CoinPilot trades.

On an exchange account, the journal's balances (what it imported, plus every fill it recorded,
plus earlier adjustments) are compared with the exchange's total balances, the exchange's open
orders with the orders CoinPilot placed, and the exchange's fills since the last checkpoint (the
previous successful reconciliation, else the account's creation) with the journal's.

* A balance difference worth at most the account's ``reconcile_tolerance`` (in its quote
  currency, per asset: fee rounding, dust, interest) is *resolved*: a signed adjustment is
  journaled so the journal equals the exchange again.
* Anything else refuses to trade (:class:`ReconciliationError`, one line per difference): a
  larger balance difference, an open order or a fill CoinPilot did not place, a fill whose
  quantity differs from the journal's, an execution not yet settled. The person can accept the
  exchange's balances as they are (``accept=True``: ``coinpilot reconcile --accept``), which
  journals every balance difference as an adjustment; an open order placed outside CoinPilot
  still refuses until it is cancelled or filled on the exchange.

Every run is journaled as an account event: ``reconciled`` (the new checkpoint, with what was
adjusted) or ``mismatch`` (what differs). Paper accounts have nothing to reconcile: the journal
is their venue. It runs before every plan on an exchange account (:mod:`.planning`) and once at
the start of a session (:func:`reconcile_on_start`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from assistant.domain import Account, CoinPilotError, ReconciliationError
from assistant.execution.protocol import LiveBroker
from assistant.numbers import money, quantity

from .brokers import market_for, open_exchange
from .services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Difference:
    """One way the journal and the exchange disagree; ``resolvable``: within the tolerance."""

    kind: str  # "balance", "open order", "fill", "unsettled"
    subject: str  # an asset, a symbol or a client order id
    journal: Decimal | None
    exchange: Decimal | None
    value: Decimal | None  # a balance difference's worth in the quote currency, when priced
    resolvable: bool
    detail: str = ""

    def describe(self, quote: str) -> str:
        if self.kind == "balance":
            worth = "unpriced" if self.value is None else f"worth {money(self.value, quote)}"
            return (
                f"{self.subject}: journal {quantity(self.journal or 0)}, exchange "
                f"{quantity(self.exchange or 0)} ({worth})"
            )
        return f"{self.kind} {self.subject}: {self.detail}"


@dataclass(frozen=True)
class Reconciliation:
    """What one run compared and did."""

    account: str
    quote: str
    checked_at: datetime
    since: datetime
    differences: list[Difference] = field(default_factory=list)
    adjusted: dict[str, Decimal] = field(default_factory=dict)
    tolerance: Decimal = Decimal(0)

    @property
    def blocking(self) -> list[Difference]:
        return [d for d in self.differences if not d.resolvable]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def summary(self) -> str:
        if not self.differences:
            return f"account {self.account}: the journal equals the exchange"
        if self.ok:
            moved = ", ".join(f"{quantity(v)} {a}" for a, v in sorted(self.adjusted.items()))
            return (
                f"account {self.account}: differences within the tolerance of "
                f"{money(self.tolerance, self.quote)} were journaled as adjustments ({moved})"
            )
        return f"account {self.account}: {len(self.blocking)} difference(s) beyond the tolerance"


def reconcile_account_with_exchange(
    services: Services, account: Account, *, accept: bool = False
) -> Reconciliation:
    """Compare, resolve what is within the tolerance, journal the outcome; raise
    :class:`ReconciliationError` (after journaling it) when trading must be refused."""
    journal, now = services.journal, services.clock.now()
    limits = services.settings.limits_for(account.name)
    checkpoint = journal.last_reconciliation(account.name)
    since = account.created_at
    if checkpoint is not None:
        since = datetime.fromisoformat(checkpoint["payload"]["checked_at"])
    report = Reconciliation(
        account.name, account.quote, now, since, tolerance=limits.reconcile_tolerance
    )
    if not account.is_exchange:
        return report
    broker = open_exchange(services, account)[0]
    differences = _unsettled(services, account)
    if not differences:
        differences = _compare(services, account, broker, since, limits.reconcile_tolerance)
    if accept:
        differences = [_accepted(d) if d.kind in ("balance", "fill") else d for d in differences]
    report.differences.extend(differences)
    payload = {
        "checked_at": now.isoformat(),
        "since": since.isoformat(),
        "differences": [d.describe(account.quote) for d in differences],
    }
    if not report.ok:
        lines = [d.describe(account.quote) for d in report.blocking]
        journal.record_event(
            account.name, "mismatch", "; ".join(lines), now, {**payload, "accepted": accept}
        )
        raise ReconciliationError(
            f"CoinPilot will not trade on account {account.name}: the journal and the exchange "
            f"differ beyond the tolerance of {money(limits.reconcile_tolerance, account.quote)}.",
            lines,
            hint="Check the exchange's history for trades, deposits or withdrawals made outside "
            "CoinPilot. Cancel or let fill any open order placed elsewhere; then reconcile again, "
            "accepting the exchange's balances if they are right.",
        )
    adjust = {
        d.subject: (d.exchange or Decimal(0)) - (d.journal or Decimal(0))
        for d in differences
        if d.kind == "balance"
    }
    adjust = {a: v for a, v in adjust.items() if v != 0}
    with journal.transaction():
        if adjust:
            why = "accepted" if accept else f"within {money(limits.reconcile_tolerance)}"
            journal.record_adjustments(
                account.name, adjust, now, f"reconciliation with {account.exchange} ({why})"
            )
        report.adjusted.update(adjust)
        journal.record_event(
            account.name,
            "reconciled",
            report.summary(),
            now,
            {**payload, "adjusted": {a: str(v) for a, v in adjust.items()}, "accepted": accept},
        )
    log.info("%s", report.summary())
    return report


def reconcile_on_start(services: Services) -> list[tuple[str, str, bool]]:
    """Reconcile every exchange account once per session; ``(account, outcome, ok)`` for each,
    the outcome a refusal's message (and ``ok`` False) when it refused; journaled either way."""
    done: list[tuple[str, str, bool]] = []
    for account in services.journal.accounts():
        key = f"reconciled:{account.name}"
        if not account.is_exchange or key in services.opened:
            continue
        services.opened[key] = True
        try:
            report = reconcile_account_with_exchange(services, account)
            done.append((account.name, report.summary(), True))
        except CoinPilotError as exc:
            done.append((account.name, str(exc), False))
    return done


def _accepted(d: Difference) -> Difference:
    return Difference(d.kind, d.subject, d.journal, d.exchange, d.value, True, d.detail)


def _unsettled(services: Services, account: Account) -> list[Difference]:
    journal = services.journal
    pending = journal.intents_without_result(account.name)
    unfinished = journal.unfinished_plans(account.name)
    if not pending and not unfinished:
        return []
    what = pending[0].client_order_id if pending else unfinished[0][:12]
    return [
        Difference(
            "unsettled",
            what,
            None,
            None,
            None,
            False,
            "an execution on this account is not settled yet: resume it first, then reconcile",
        )
    ]


def _compare(
    services: Services,
    account: Account,
    broker: LiveBroker,
    since: datetime,
    tolerance: Decimal,
) -> list[Difference]:
    journal = services.journal
    ours = journal.balances(account.name)
    theirs = {a: v for a, v in broker.holdings().total.items() if v != 0}
    market = market_for(services, account)
    listed = market.markets()
    quote = account.quote
    differences: list[Difference] = []
    for asset in sorted(set(ours) | set(theirs)):
        mine, exch = ours.get(asset, Decimal(0)), theirs.get(asset, Decimal(0))
        if mine == exch:
            continue
        value = _worth(services, account, asset, abs(exch - mine))
        ok = value is not None and value <= tolerance
        differences.append(Difference("balance", asset, mine, exch, value, ok))
    symbols = sorted(
        s for s in (f"{a}/{quote}" for a in set(ours) | set(theirs) if a != quote) if s in listed
    )
    known = journal.client_order_ids(account.name)
    for symbol in symbols:
        for order in broker.open_orders(symbol):
            if order.client_order_id not in known:
                differences.append(
                    Difference(
                        "open order",
                        order.client_order_id,
                        None,
                        order.requested,
                        None,
                        False,
                        f"{order.side} {quantity(order.requested)} {symbol} is open on the "
                        "exchange and was not placed by CoinPilot",
                    )
                )
    mine_filled: defaultdict[str, Decimal] = defaultdict(Decimal)
    for fill, _ in journal.account_fills(account.name):
        mine_filled[fill.client_order_id] += fill.quantity
    theirs_filled: defaultdict[str, Decimal] = defaultdict(Decimal)
    sides: dict[str, str] = {}
    for fill in broker.fetch_fills_since(since, symbols):
        theirs_filled[fill.client_order_id] += fill.quantity
        sides[fill.client_order_id] = f"{fill.side} {fill.symbol}"
    for cid, filled in sorted(theirs_filled.items()):
        if cid not in known:
            detail = (
                f"{sides[cid]} filled {quantity(filled)} on the exchange; the order was not "
                "placed by CoinPilot"
            )
            differences.append(Difference("fill", cid, None, filled, None, False, detail))
        elif filled > mine_filled.get(cid, Decimal(0)):
            detail = (
                f"{sides[cid]} filled {quantity(filled)} on the exchange, "
                f"{quantity(mine_filled.get(cid, Decimal(0)))} in the journal"
            )
            differences.append(
                Difference("fill", cid, mine_filled.get(cid), filled, None, False, detail)
            )
    return differences


def _worth(services: Services, account: Account, asset: str, amount: Decimal) -> Decimal | None:
    """``amount`` of ``asset`` in the account's quote currency, None when it has no price."""
    if asset == account.quote:
        return amount
    try:
        price = market_for(services, account).ticker(f"{asset}/{account.quote}").mid
    except CoinPilotError:
        return None
    return (amount * price).quantize(Decimal("0.01"))
