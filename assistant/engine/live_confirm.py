"""What it takes to send a plan's orders to a real exchange: live mode, and the typed phrase.

Paper accounts execute on ``confirm`` as before. An exchange account needs two things a stray
keystroke cannot give: ``mode = "live"`` in the settings (the one switch that enables live
trading; off by default), and the person typing the plan's own confirmation phrase, e.g.
``LIVE 3 orders 1,234.56 USDT`` (``TESTNET ...`` on a testnet account), computed from the plan so
it names what will be sent. Both are checked before the account's lock is taken.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.config import Settings
from assistant.domain import Account, NotAvailableError, RebalancePlan, UserInputError


def confirmation_phrase(plan: RebalancePlan) -> str:
    """``LIVE 3 orders 1,234.56 USDT``: the badge, the order count, the total notional."""
    count = len(plan.orders)
    total = sum((o.notional for o in plan.orders), Decimal(0)).quantize(Decimal("0.01"))
    noun = "order" if count == 1 else "orders"
    return f"{plan.account_badge} {count} {noun} {total:,.2f} {plan.quote}"


def needs_typed_confirmation(plan: RebalancePlan) -> bool:
    return plan.account_badge != "PAPER"


def require_live(
    settings: Settings, account: Account, plan: RebalancePlan, typed: str | None
) -> None:
    """Refuse, changing nothing, unless live trading is enabled and the phrase was typed."""
    if not account.is_exchange:
        return
    if settings.mode != "live":
        raise NotAvailableError(
            f"Plan {plan.plan_hash[:12]} trades on {account.label}, and live trading is not "
            "enabled; nothing was sent.",
            hint='Enable it with mode = "live" in config.toml or COINPILOT_MODE=live, then '
            "confirm again.",
        )
    phrase = confirmation_phrase(plan)
    if typed is None:
        raise UserInputError(
            f"Plan {plan.plan_hash[:12]} sends real orders on {account.label}; type its "
            f"confirmation to go ahead: {phrase}",
            hint=f'Run `coinpilot confirm {plan.plan_hash[:16]} --typed "{phrase}"`, or type it '
            "when asked.",
        )
    if " ".join(typed.split()) != phrase:
        raise UserInputError(
            f"The typed confirmation does not match; nothing was sent. Type exactly: {phrase}"
        )
