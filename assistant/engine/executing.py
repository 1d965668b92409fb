"""execute_plan: the confirmation gate, then orders through the account's broker, then the record.

The person confirms one plan *hash*. For an exchange account, live trading must be enabled and
the plan's confirmation phrase typed (:mod:`.live_confirm`). Then, holding the account's
execution lock (:mod:`.execution_lock`; a second confirm racing this one is told the account is
busy and changes nothing), anything an earlier run left unfinished on the account is settled
first (:mod:`.recovery`): confirming a plan whose execution was interrupted completes it if it
still may, else records it as partially executed. A fresh plan then passes the gate
(:mod:`.gate`: hash intact, fresh, same account and market, holdings unchanged, prices within the
allowed move), whose refusal is journaled and changes no balance. Only then is "started"
recorded, once per plan, before any funding or order (:mod:`.plan_run`). Refusals are
surface-neutral where the app shows them: they say what to do, never which command does it.
"""

from __future__ import annotations

from assistant.domain import (
    Decision,
    ExecutionInterruptedError,
    NotAvailableError,
    PlanError,
)
from assistant.execution.protocol import FundableBroker

from .brokers import balances_now, market_for, open_broker
from .execution_lock import hold
from .gate import GateInput, refusal
from .limits import check_trading_allowed
from .live_confirm import require_live
from .money_context import in_money_context
from .plan_run import run_guarded
from .recovery import settle_account
from .services import Services


@in_money_context
def execute_plan(services: Services, plan_hash: str, *, typed: str | None = None) -> Decision:
    """Execute (or complete) the plan ``plan_hash``; ``typed``: the phrase for a live account."""
    journal = services.journal
    plan = journal.get_plan(plan_hash)
    account = journal.get_account(plan.account)
    require_live(services.settings, account, plan, typed)
    check_trading_allowed(services, account, plan)
    with hold(services, account.name, plan.plan_hash) as lock:
        settled = settle_account(
            services, account, lock, resume={plan.plan_hash}, instead=plan.plan_hash
        )
        if plan.plan_hash in settled.decisions:
            return settled.decisions[plan.plan_hash]
        pending = journal.intents_without_result(account.name)
        if settled.waiting or pending:
            why = next(iter(settled.waiting.values()), "")
            why = why or f"order {pending[0].client_order_id} is not resolved yet"
            raise ExecutionInterruptedError(
                f"Nothing was sent: an earlier execution on account {account.name} is not "
                f"settled ({why}).",
                hint="CoinPilot looks it up again on the next confirm; check the exchange's "
                "order history meanwhile.",
            )
        done = journal.confirmation_of(plan.plan_hash)
        if done is not None:
            raise PlanError(_already(plan.plan_hash, done))
        broker = open_broker(services, account)
        if plan.funding > 0 and not isinstance(broker, FundableBroker):
            raise NotAvailableError(
                f"Plan {plan.plan_hash[:12]} needs {plan.funding} {plan.quote} of paper funding, "
                f"and {broker.name} is not an account CoinPilot can fund.",
                hint="Fund the account at its venue and plan again.",
            )
        gate = GateInput(
            services=services,
            plan=plan,
            account=account,
            market=market_for(services, account),
            balances=balances_now(services, account, broker),
        )
        reason = refusal(gate)
        now = services.clock.now()
        if reason is not None:
            journal.record_confirmation(plan.plan_hash, "refused", reason, now)
            raise PlanError(f"Refused plan {plan.plan_hash[:12]}: {reason}")
        journal.record_confirmation(plan.plan_hash, "started", f"on {account.label}", now)
        return run_guarded(services, account, plan, broker, lock)


def _already(plan_hash: str, done: dict[str, object]) -> str:
    at = done["at"]
    when = f"{at:%Y-%m-%d %H:%M:%S} UTC" if hasattr(at, "strftime") else str(at)
    if done["status"] == "partial":
        return (
            f"Plan {plan_hash[:12]} was interrupted and recorded as partially executed at {when} "
            f"({done['message']}); its decision record explains what ran. Make a new preview."
        )
    return f"Plan {plan_hash[:12]} was already executed at {when}."
