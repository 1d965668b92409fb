"""The confirmation gate's checks: may this plan run now, on this account, at these prices?

:func:`refusal` is the one place pre-trade checks run, in order of how fundamental they are;
``execute_plan`` calls it once, under the account's lock, before anything is recorded or sent,
and a resumed execution re-runs the market checks for the orders it has left
(:func:`market_refusal`). A check returns a sentence saying why not, or None. New checks
(notional caps, a kill switch, tolerances for live balances) belong in :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assistant.domain import Account, OrderLine, RebalancePlan
from assistant.market.protocol import MarketData

from .services import Services


@dataclass(frozen=True)
class GateInput:
    """What the checks look at: the plan, its account, its market and its balances now."""

    services: Services
    plan: RebalancePlan
    account: Account
    market: MarketData
    balances: dict[str, Decimal]


Check = Callable[[GateInput], "str | None"]


def intact(g: GateInput) -> str | None:
    if not g.plan.is_intact():
        return "it changed since the preview (its content no longer matches its hash)"
    return None


def fresh(g: GateInput) -> str | None:
    plan = g.plan
    if g.services.clock.now() > plan.expires_at:
        return (
            f"it expired at {plan.expires_at:%Y-%m-%d %H:%M:%S} UTC; "
            "make a fresh preview of the same strategy"
        )
    return superseded(g.services, plan)


def same_account(g: GateInput) -> str | None:
    bound = g.services.journal.account_of(g.plan.spec_name)
    if bound is not None and bound != g.plan.account:
        return f"the strategy '{g.plan.spec_name}' moved to account {bound} since this preview"
    return None


def same_market(g: GateInput) -> str | None:
    if g.plan.market != g.market.name:
        return (
            f"it was made on market '{g.plan.market}', not '{g.market.name}'; "
            "preview it again on this market"
        )
    return None


def same_holdings(g: GateInput) -> str | None:
    before = {k: v for k, v in g.plan.balances_before.items() if v != 0}
    if g.balances != before:
        return f"the holdings of account {g.account.name} changed since this preview; plan again"
    return None


def market_ok(g: GateInput) -> str | None:
    return market_refusal(g.services, g.market, g.plan, g.plan.orders)


#: Every pre-trade check, in the order they run.
CHECKS: tuple[Check, ...] = (intact, fresh, same_account, same_market, same_holdings, market_ok)


def refusal(g: GateInput) -> str | None:
    """Why this plan must not run now, or None (see the module docstring)."""
    for check in CHECKS:
        reason = check(g)
        if reason is not None:
            return reason
    return None


def superseded(services: Services, plan: RebalancePlan) -> str | None:
    """A newer plan of the same strategy, or a changed spec, makes this one stale."""
    journal = services.journal
    latest = journal.latest_plan(plan.spec_name)
    if latest is not None and latest.plan_hash != plan.plan_hash:
        return (
            f"a newer plan {latest.plan_hash[:12]} exists for '{plan.spec_name}'; confirm that one"
        )
    spec = journal.latest_spec(plan.spec_name)
    if spec is not None and spec.content_hash() != plan.spec_hash:
        return f"the spec '{plan.spec_name}' changed since this preview; plan again"
    return None


def market_refusal(
    services: Services, market: MarketData, plan: RebalancePlan, orders: Sequence[OrderLine]
) -> str | None:
    """Markets still open, prices within the allowed move, orders above the minimum."""
    limit = services.settings.max_price_move
    infos = market.markets()
    for order in orders:
        info = infos.get(order.symbol)
        if info is None or not info.active:
            return f"{order.symbol} is no longer tradable on {market.name}"
        ticker = market.ticker(order.symbol)
        then = plan.prices[order.base]
        move = abs(float(ticker.mid / then) - 1.0)
        if move > limit:
            return (
                f"{order.base} moved {move:.1%} since the preview, more than the {limit:.0%} "
                "allowed; plan again at today's prices"
            )
        if order.quantity * ticker.mid < info.min_notional:
            return f"{order.symbol} would now be below the minimum order of {info.min_notional}"
    return None
