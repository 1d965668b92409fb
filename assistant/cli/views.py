"""Rich renderings of plans, portfolios, journals and allocations for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from assistant.domain import spec_to_toml

from .terminal import console, pct

if TYPE_CHECKING:  # only annotations: rendering a portfolio must not load the optimizers
    from assistant.domain import (
        Account,
        FieldChange,
        RebalancePlan,
        StrategySpec,
        TargetAllocation,
    )
    from assistant.engine import (
        AccountCheck,
        Explanation,
        OptimizeResult,
        PortfolioStatus,
        ResolvedSpec,
    )

SIMULATED = "[bold yellow]SIMULATED market data (demo): not real prices[/]"
#: How each kind of account is shown: LIVE is unmistakable, TESTNET says no real money.
BADGES = {
    "PAPER": "[bold black on green] PAPER [/]",
    "LIVE": "[bold white on red] LIVE [/]",
    "TESTNET": "[bold black on yellow] TESTNET [/]",
}


def badge(name: str) -> str:
    return BADGES.get(name, BADGES["PAPER"])


def account_badge(account: Account) -> str:
    """``binance-main  LIVE `` with the badge in its colour."""
    from .output import markup_safe

    return f"{markup_safe(account.name)} {badge(account.badge)}"


def show_account_check(check: AccountCheck) -> None:
    from .output import markup_safe, safe

    account = check.account
    venue = "paper" if not account.is_exchange else markup_safe(str(account.exchange))
    quote = markup_safe(account.quote)
    console.print(f"Account {account_badge(account)} ({venue}, cash in {quote})")
    if account.is_exchange:
        if check.permissions_reported:
            console.print(f"  trading:     {'yes' if check.can_trade else 'NO'}")
            console.print(f"  withdrawals: {'YES (refused)' if check.can_withdraw else 'NO'}")
        else:
            console.print("  permissions: not reported by the exchange")
    for note in check.notes:
        console.print(f"  note: {safe(note)}", markup=False)
    if check.strategies:
        console.print(f"  strategy: {safe(', '.join(check.strategies))}", markup=False)
    held = ", ".join(f"{v} {a}" for a, v in sorted(check.balances.items())) or "nothing"
    console.print(f"  holds: {safe(held)}", markup=False)


def show_spec(spec: StrategySpec, resolved: ResolvedSpec, changes: list[FieldChange]) -> None:
    from .output import markup_safe, safe

    name = markup_safe(spec.name)
    console.print(f"[green]OK[/] spec '{name}' v{spec.version} is valid on this market.")
    assets = ", ".join(i.symbol for i in resolved.markets.values())
    console.print(f"Assets: {safe(assets)}", markup=False)
    for note in resolved.notes:
        console.print(f"note: {safe(note)}", markup=False)
    if changes:
        console.print("Changes since the last recorded version:")
        for ch in changes:
            console.print(f"  {safe(ch.describe())}", markup=False)
    console.print("\nNormalized spec:\n", markup=False)
    console.print(safe(spec_to_toml(spec)), markup=False)


def allocation_table(alloc: TargetAllocation, title: str) -> Table:
    table = Table(title=title)
    table.add_column("asset")
    table.add_column("optimizer", justify="right")
    table.add_column("target", justify="right")
    for asset in sorted(alloc.weights, key=lambda a: -alloc.weights[a]):
        table.add_row(asset, pct(alloc.raw_weights.get(asset)), pct(alloc.weights[asset]))
    if alloc.cash_weight > 0:
        table.add_row("cash", "", pct(alloc.cash_weight))
    return table


def show_plan(plan: RebalancePlan) -> None:
    from .output import markup_safe, safe

    if plan.simulated_market:
        console.print(SIMULATED)
    account = markup_safe(plan.account)
    if plan.account_badge == "LIVE":
        console.print(f"{badge('LIVE')} [bold red]real orders, real money, on {account}[/]")
    elif plan.account_badge == "TESTNET":
        console.print(f"{badge('TESTNET')} orders go to the exchange's testnet ({account})")
    console.print(f"Account {account} {badge(plan.account_badge)}")
    console.print(
        safe(
            f"Plan for '{plan.spec_name}' v{plan.spec_version} on {plan.market}: value "
            f"{plan.portfolio_value:,.2f} {plan.quote}, trigger {plan.trigger}"
        ),
        markup=False,
    )
    if plan.trigger_detail:
        console.print(f"({safe(plan.trigger_detail)})", markup=False)
    console.print(
        allocation_table(plan.allocation, f"Target weights ({plan.allocation.objective})")
    )
    for clamp in plan.allocation.clamps:
        console.print(safe(f"clamp {clamp.asset}: {clamp.reason}"), markup=False)
    orders = Table(title=f"Orders (market, {plan.account_badge.lower()})")
    for col in ("side", "pair", "quantity", "avg price", "notional", "fee", "slippage"):
        orders.add_column(col, justify="left" if col in ("side", "pair") else "right")
    for o in plan.orders:
        orders.add_row(
            Text(o.side.upper(), style="green" if o.side == "buy" else "red"),
            o.symbol,
            f"{o.quantity}",
            f"{o.price:,.6f}",
            f"{o.notional:,.2f}",
            f"{o.fee:,.2f}",
            f"{o.slippage:,.2f}",
        )
    console.print(orders)
    for u in plan.unexecutable:
        console.print(f"[yellow]{u.side} {u.symbol}:[/] {markup_safe(u.reason)}")
    console.print(
        f"Fees {plan.total_fees:,.2f} {plan.quote}, slippage {plan.total_slippage:,.2f} "
        f"{plan.quote}, turnover {plan.turnover:.1%}"
    )
    for note in plan.notes:
        console.print(f"note: {safe(note)}", markup=False)
    console.print(f"\nPlan hash: [bold]{plan.plan_hash}[/]")
    console.print(f"Expires:   {plan.expires_at:%Y-%m-%d %H:%M:%S} UTC")
    from assistant.engine import confirmation_phrase, needs_typed_confirmation

    if needs_typed_confirmation(plan):
        phrase = confirmation_phrase(plan)
        console.print(
            safe(
                f"To execute on {plan.account}: coinpilot confirm {plan.plan_hash[:16]} "
                f'--typed "{phrase}"'
            ),
            markup=False,
        )
    else:
        console.print(f"To execute on paper: coinpilot confirm {plan.plan_hash[:16]}")


def show_portfolio(status: PortfolioStatus) -> None:
    from .output import markup_safe, safe

    if status.simulated:
        console.print(SIMULATED)
    account = markup_safe(status.account or "")
    if status.badge == "LIVE":
        console.print(f"{badge('LIVE')} [bold red]real balances of {account}[/]")
    who = f"Account {account} ({status.badge})" if status.account else "No account"
    table = Table(title=f"{who} on {markup_safe(status.market)} ({status.as_of:%Y-%m-%d})")
    for col in ("asset", "quantity", "price", "value", "weight", "target", "drift"):
        table.add_column(col, justify="left" if col == "asset" else "right")
    for h in status.holdings:
        table.add_row(
            markup_safe(h.asset),
            f"{h.quantity}",
            f"{h.price:,.4f}",
            f"{h.value:,.2f}",
            pct(h.weight),
            pct(h.target),
            "" if h.drift is None else f"{h.drift:+.1%}",
        )
    table.add_row("cash", f"{status.cash:,.2f}", "", f"{status.cash:,.2f}", "", "", "")
    console.print(table)
    console.print(safe(f"Total value {status.value:,.2f} {status.quote}"), markup=False)
    if status.max_drift is not None and status.drift_threshold is not None:
        console.print(
            safe(
                f"Largest drift {status.max_drift:.1%} ({status.drift_asset}); "
                f"threshold {status.drift_threshold:.0%}"
            ),
            markup=False,
        )
    for note in status.notes:
        console.print(f"note: {safe(note)}", markup=False)


def show_explanation(exp: Explanation) -> None:
    """The decision record's lines: journal data, so printed as inert text."""
    from .output import safe

    for line in exp.lines:
        console.print(safe(line), markup=False)


def show_optimize(result: OptimizeResult) -> None:
    from .output import safe

    console.print(
        safe(
            f"{result.source}: {result.observations} daily returns from "
            f"{result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}"
        ),
        markup=False,
    )
    console.print(allocation_table(result.allocation, f"Weights ({result.allocation.objective})"))
    for clamp in result.allocation.clamps:
        console.print(safe(f"clamp {clamp.asset}: {clamp.reason}"), markup=False)
