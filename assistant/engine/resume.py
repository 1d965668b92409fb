"""``coinpilot resume``: settle every execution an earlier run left unfinished, now.

For each account with an unfinished execution (or the one named), under its lock: every order is
resolved against the broker, then a paper plan that may still be completed is completed, and one
that may not is recorded as partially executed (:mod:`.recovery`). A live plan is never resumed
here: sending real orders needs ``coinpilot confirm HASH`` with its typed phrase, so a live plan
that may still be completed waits for that, and this says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.domain import Decision

from .execution_lock import SETTLING, hold
from .live_confirm import confirmation_phrase
from .recovery import ALL, needs_settling, settle_account
from .services import Services


@dataclass(frozen=True)
class Resumed:
    """What resuming one account did."""

    account: str
    decisions: list[Decision] = field(default_factory=list)
    #: Plans still unfinished, by hash, with what they wait for.
    waiting: dict[str, str] = field(default_factory=dict)


def resume_executions(services: Services, account: str | None = None) -> list[Resumed]:
    """Settle ``account`` (default: every account with an unfinished execution)."""
    journal = services.journal
    if account is not None:
        names = [journal.get_account(account).name]
    else:
        names = sorted(
            {journal.get_plan(h).account for h in journal.unfinished_plans()}
            | set(journal.accounts_with_pending_orders())
        )
    reports = []
    for name in names:
        held = journal.get_account(name)
        if not needs_settling(services, name):
            reports.append(Resumed(name))
            continue
        with hold(services, name, SETTLING) as lock:
            settled = settle_account(services, held, lock, resume=() if held.is_exchange else ALL)
        waiting = dict(settled.waiting)
        for plan_hash, why in waiting.items():
            if held.is_exchange and why == "it can still be completed":
                plan = journal.get_plan(plan_hash)
                waiting[plan_hash] = (
                    f"{why}: coinpilot confirm {plan_hash[:16]} --typed "
                    f'"{confirmation_phrase(plan)}"'
                )
        reports.append(Resumed(name, list(settled.decisions.values()), waiting))
    return reports
