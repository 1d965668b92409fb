"""The hard caps an auto-executed plan must keep: per order, per UTC day, and turnover.

A plan that breaks any cap is not executed; it waits for the person's confirmation, and the
reason names the cap and both numbers. Pure: the caller passes the day's spend in.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.domain import RebalancePlan
from assistant.domain.watch import WatchSettings


def cap_problems(plan: RebalancePlan, settings: WatchSettings, spent_today: Decimal) -> list[str]:
    """Each cap the plan would break, as a sentence; empty when it may run on its own."""
    problems: list[str] = []
    q = plan.quote
    if settings.max_order_notional is None or settings.max_daily_notional is None:
        problems.append("auto-execution needs both a per-order and a daily cap")
        return problems
    for order in plan.orders:
        if order.notional > settings.max_order_notional:
            problems.append(
                f"{order.side} {order.symbol} of {order.notional:.2f} {q} is over the per-order "
                f"cap of {settings.max_order_notional} {q}"
            )
    total = sum((o.notional for o in plan.orders), Decimal(0))
    if spent_today + total > settings.max_daily_notional:
        problems.append(
            f"{total:.2f} {q} more today ({spent_today:.2f} {q} already) is over the daily cap "
            f"of {settings.max_daily_notional} {q}"
        )
    if settings.max_turnover is not None and plan.turnover > settings.max_turnover:
        problems.append(
            f"turnover {plan.turnover:.1%} is over the cap of {settings.max_turnover:.1%}"
        )
    if plan.funding > 0:
        what = "a contribution" if plan.trigger == "contribution" else "a first funding"
        problems.append(
            f"{what} of {plan.funding} {plan.quote} deposits money, and a plan that deposits "
            "money is never executed automatically (the money comes from you)"
        )
    return problems


def plan_notional(plan: RebalancePlan) -> Decimal:
    return sum((o.notional for o in plan.orders), Decimal(0))
