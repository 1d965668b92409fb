"""Live trading's limits and kill switch: what may never be sent, whatever was confirmed.

* The kill switch: :func:`halt_trading` records a halt (one account, or every account) in the
  journal and cancels CoinPilot's own open orders on the exchange accounts it covers; until
  :func:`resume_trading`, every confirm on a halted account (paper too) is refused, and no
  interrupted execution is completed on it.
* Caps, per exchange account (``Settings.limits_for``): no order worth more than
  ``max_order_notional``; no plan that takes the account's traded notional this UTC day above
  ``max_daily_notional``; no order whose estimated slippage is a larger fraction of its notional
  than ``max_slippage``. Paper accounts are simulations and have no caps.

Every refusal is journaled with its reason (a refused confirmation of the plan) before the error
is raised, so ``coinpilot journal`` shows each attempt and why it was stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from assistant.domain import (
    Account,
    CoinPilotError,
    LimitExceededError,
    RebalancePlan,
    TradingHaltedError,
    UserInputError,
)
from assistant.execution.protocol import LiveBroker
from assistant.journal.events import ALL_ACCOUNTS
from assistant.numbers import money, pct

from .brokers import market_for, open_exchange
from .services import Services


def check_trading_allowed(services: Services, account: Account, plan: RebalancePlan) -> None:
    """Refuse (journaled, nothing sent) a plan on a halted account or beyond a cap."""
    halt = services.journal.halt_of(account.name)
    if halt is not None:
        scope = "every account" if halt["account"] == ALL_ACCOUNTS else f"account {account.name}"
        why = f"trading is halted on {scope} since {halt['at']:%Y-%m-%d %H:%M:%S} UTC"
        if halt["message"]:
            why += f" ({halt['message']})"
        _refuse(services, plan, why, TradingHaltedError, "Resume trading first, then confirm.")
    reason = limit_refusal(services, account, plan)
    if reason is not None:
        _refuse(
            services,
            plan,
            reason,
            LimitExceededError,
            "Make a smaller plan, or raise the limit in config.toml if it is too tight.",
        )


def limit_refusal(services: Services, account: Account, plan: RebalancePlan) -> str | None:
    """Why ``plan`` breaks one of ``account``'s caps, or None (paper accounts: always None)."""
    if not account.is_exchange:
        return None
    limits = services.settings.limits_for(account.name)
    q = plan.quote
    for order in plan.orders:
        cap = limits.max_order_notional
        if cap is not None and order.notional > cap:
            return (
                f"the {order.side} of {order.symbol} is worth {money(order.notional, q)}, above "
                f"the per-order limit of {money(cap, q)}"
            )
        slip = limits.max_slippage
        if order.notional > 0 and float(order.slippage / order.notional) > slip:
            share = float(order.slippage / order.notional)
            return (
                f"the {order.side} of {order.symbol} would slip an estimated {pct(share, 2)} "
                f"({money(order.slippage, q)}), above the maximum slippage of {pct(slip, 2)}"
            )
    cap = limits.max_daily_notional
    if cap is not None:
        today = traded_today(services, account)
        total = sum((o.notional for o in plan.orders), Decimal(0))
        if today + total > cap:
            return (
                f"it would trade {money(total, q)} on top of {money(today, q)} already traded "
                f"today (UTC), above the daily limit of {money(cap, q)}"
            )
    return None


def traded_today(services: Services, account: Account) -> Decimal:
    """The notional of ``account``'s fills since midnight UTC."""
    now = services.clock.now()
    midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    fills = services.journal.account_fills(account.name, since=midnight)
    return sum((fill.cost for fill, _ in fills), Decimal(0))


def _refuse(
    services: Services,
    plan: RebalancePlan,
    reason: str,
    error: type[CoinPilotError],
    hint: str,
) -> None:
    services.journal.record_confirmation(plan.plan_hash, "refused", reason, services.clock.now())
    raise error(f"Refused plan {plan.plan_hash[:12]}: {reason}; nothing was sent.", hint=hint)


@dataclass(frozen=True)
class HaltReport:
    scope: str
    cancelled: list[str]
    left: list[str]


def halt_trading(services: Services, account: str | None, reason: str) -> HaltReport:
    """Halt trading on ``account`` (None: every account), journaled, then cancel CoinPilot's
    open orders on the exchange accounts it covers. The halt holds even if a cancel fails."""
    journal, now = services.journal, services.clock.now()
    scope = ALL_ACCOUNTS if account is None else journal.get_account(account).name
    journal.record_event(scope, "halt", reason, now)
    covered = journal.accounts() if account is None else [journal.get_account(account)]
    cancelled: list[str] = []
    left: list[str] = []
    for acct in covered:
        if acct.is_exchange:
            try:
                done, kept = _cancel_open_orders(services, acct)
            except CoinPilotError as exc:  # the halt is journaled already; say what is unknown
                done, kept = [], [f"account {acct.name}: open orders not checked ({exc.message})"]
            cancelled += done
            left += kept
    if cancelled or left:
        journal.record_event(
            scope,
            "halt",
            f"open orders: {len(cancelled)} cancelled, {len(left)} left",
            now,
            {"cancelled": cancelled, "left": left},
        )
    return HaltReport(scope, cancelled, left)


def resume_trading(services: Services, account: str | None) -> list[str]:
    """Lift the halt on ``account`` (None: every halt); the scopes resumed, journaled."""
    journal, now = services.journal, services.clock.now()
    if account is not None:
        journal.get_account(account)
        scopes = [account]
    else:
        scopes = [ALL_ACCOUNTS, *(a.name for a in journal.accounts())]
    resumed = []
    for scope in scopes:
        if journal.own_halt(scope) is not None:
            journal.record_event(scope, "resume", "trading resumed", now)
            resumed.append(scope)
    if account is not None and not resumed and journal.halt_of(account) is not None:
        raise UserInputError(
            f"account {account} is halted by the halt of every account, not its own.",
            hint="Resume every account (leave out the account), or halt the others one by one.",
        )
    return resumed


def _cancel_open_orders(services: Services, account: Account) -> tuple[list[str], list[str]]:
    """Cancel the open orders CoinPilot placed on ``account``; (cancelled, left) descriptions."""
    broker: LiveBroker = open_exchange(services, account)[0]
    journal = services.journal
    known = journal.client_order_ids(account.name)
    listed = market_for(services, account).markets()
    held = set(journal.balances(account.name)) | set(broker.balances())
    symbols = sorted(
        s for s in (f"{a}/{account.quote}" for a in held if a != account.quote) if s in listed
    )
    cancelled, left = [], []
    for symbol in symbols:
        for order in broker.open_orders(symbol):
            what = f"{order.side} {order.requested} {symbol} ({order.client_order_id})"
            mine = order.client_order_id in known
            intent = journal.intent_of(order.client_order_id) if mine else None
            if intent is None:
                left.append(f"{what}: not placed by CoinPilot, left for you to cancel")
                continue
            try:
                broker.cancel_order(intent)
            except CoinPilotError as exc:
                left.append(f"{what}: cancel failed ({exc.message})")
            else:
                cancelled.append(what)
    return cancelled, left
