"""Resolving executions that stopped part-way: complete them, or record exactly what happened.

A plan whose execution started and never finished (``kill -9``, a full disk, an order whose fate
was unknown) is settled under its account's lock, never by guesswork:

1. every order intent without a result is resolved against the broker (:mod:`.reconcile`); if
   the venue cannot answer yet, the plan waits and nothing new runs on the account;
2. if every line was sent and answered, the plan is recorded ``executed``;
3. else, if it may still be completed (not expired beyond ``resume_grace_seconds``, not
   superseded, its holdings exactly as its fills explain, prices within the allowed move, live
   trading still enabled) and the caller asked to resume it, the lines not yet sent are sent
   (:func:`~.plan_run.run_guarded`);
4. otherwise it is recorded ``partial``, with a decision listing what filled and, for every
   line not sent, why: ``coinpilot why`` explains it.

Opening services settles paper accounts and resumes nothing (:func:`settle_paper_accounts`);
``confirm`` of the same plan, ``coinpilot resume`` and any new confirm on the account settle it
first and decide.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from assistant.domain import (
    Account,
    Decision,
    PlanBusyError,
    RebalancePlan,
)
from assistant.execution.protocol import Broker
from assistant.journal import add_fill, split_symbol

from .brokers import balances_now, market_for, open_broker
from .decision_record import record_outcome
from .execution_lock import SETTLING, AccountLock, hold
from .gate import market_refusal, superseded
from .order_lines import LineState, line_states
from .plan_run import run_guarded
from .reconcile import reconcile_account
from .services import Services

log = logging.getLogger(__name__)


@dataclass
class Settled:
    """What settling an account did: plans finished now, and plans left waiting (and why)."""

    decisions: dict[str, Decision] = field(default_factory=dict)
    waiting: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.decisions or self.waiting)


ALL = "all"


def needs_settling(services: Services, account: str) -> bool:
    journal = services.journal
    return bool(journal.unfinished_plans(account) or journal.intents_without_result(account))


def settle_account(
    services: Services,
    account: Account,
    lock: AccountLock,
    *,
    resume: Collection[str] | str = (),
    instead: str | None = None,
) -> Settled:
    """Settle every unfinished execution on ``account`` (the caller holds its lock).

    ``resume``: plan hashes to complete if they still may be (or :data:`ALL`); ``instead``: a
    plan about to run on the account, which closes every other unfinished plan as partial.
    """
    settled = Settled()
    if not needs_settling(services, account.name):
        return settled
    journal = services.journal
    broker = open_broker(services, account)
    reconcile_account(services, account, broker)
    for plan_hash in journal.unfinished_plans(account.name):
        plan = journal.get_plan(plan_hash)
        lock.beat(plan_hash)
        states = line_states(journal, plan)
        stuck = [s for s in states if s.pending]
        if stuck:
            cid = stuck[0].attempts[-1][0].client_order_id
            settled.waiting[plan_hash] = f"order {cid} is not resolved yet on {broker.name}"
            continue
        if not any(s.to_send for s in states):
            settled.decisions[plan_hash] = record_outcome(
                services, account, plan, broker, outcome="executed"
            )
            continue
        reason = resume_refusal(services, account, plan, broker, states)
        wanted = resume == ALL or plan_hash in resume
        if reason is None and wanted:
            settled.decisions[plan_hash] = run_guarded(services, account, plan, broker, lock)
            broker = open_broker(services, account)  # a paper broker replays the new fills
        elif reason is None and instead is None:
            settled.waiting[plan_hash] = "it can still be completed"
        else:
            why = reason or f"plan {instead[:12] if instead else ''} was confirmed on the account"
            settled.decisions[plan_hash] = record_outcome(
                services, account, plan, broker, outcome="partial", reason=why
            )
    return settled


def resume_refusal(
    services: Services,
    account: Account,
    plan: RebalancePlan,
    broker: Broker,
    states: list[LineState],
) -> str | None:
    """Why the rest of an interrupted plan must not be sent now, or None."""
    now = services.clock.now()
    grace = timedelta(seconds=services.settings.resume_grace_seconds)
    if now > plan.expires_at + grace:
        return (
            f"the plan expired at {plan.expires_at:%Y-%m-%d %H:%M:%S} UTC, before CoinPilot "
            "could resume it"
        )
    if account.is_exchange and services.settings.mode != "live":
        return "live trading is no longer enabled"
    if services.journal.halt_of(account.name) is not None:
        return "trading is halted on the account"
    stale = superseded(services, plan)
    if stale is not None:
        return stale
    if services.journal.account_of(plan.spec_name) != plan.account:
        return f"the strategy '{plan.spec_name}' moved to another account"
    market = market_for(services, account)
    if plan.market != market.name:
        return f"the plan was made on market '{plan.market}', not '{market.name}'"
    if balances_now(services, account, broker) != expected_balances(services, plan, states):
        return "the account's holdings are not what the plan's recorded fills explain"
    return market_refusal(services, market, plan, [s.line for s in states if s.to_send])


def expected_balances(
    services: Services, plan: RebalancePlan, states: list[LineState]
) -> dict[str, Decimal]:
    """The plan's balances before, plus its funding, plus every fill recorded for it (each
    fill counted by the journal's own rule, :func:`assistant.journal.add_fill`)."""
    totals: dict[str, Decimal] = dict(plan.balances_before)
    funded = services.journal.funding_of(plan.plan_hash)
    totals[plan.quote] = totals.get(plan.quote, Decimal(0)) + funded
    for state in states:
        for _, result in state.attempts:
            for fill in result.fills if result is not None else ():
                add_fill(totals, fill, *split_symbol(fill.symbol))
    return {asset: amount for asset, amount in totals.items() if amount != 0}


def settle_paper_accounts(services: Services) -> None:
    """On open: settle every paper account an earlier run left unfinished; resume nothing.

    Accounts another live process is executing on are left to it; exchange accounts wait for
    ``confirm`` or ``resume`` (they need keys and the network), with a warning.
    """
    journal = services.journal
    busy_accounts = {*journal.accounts_with_pending_orders()}
    for plan_hash in journal.unfinished_plans():
        busy_accounts.add(journal.get_plan(plan_hash).account)
    for name in sorted(busy_accounts):
        account = journal.find_account(name)
        if account is None:
            continue
        if account.is_exchange:
            log.warning(
                "account %s has an execution that stopped part-way; `coinpilot resume --account "
                "%s` settles it",
                name,
                name,
            )
            continue
        try:
            with hold(services, name, SETTLING) as lock:
                settle_account(services, account, lock)
        except PlanBusyError:
            continue  # another process is executing on it right now
