"""Rich renderings of plans, portfolios, journals and allocations for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from assistant.domain import spec_to_toml
from assistant.numbers import money, price, quantity
from assistant.presentation.badges import badge_style
from assistant.presentation.plan_tables import PlanView, weights_table

from .terminal import console, pct

if TYPE_CHECKING:  # only annotations: rendering a portfolio must not load the optimizers
    from assistant.domain import Account, FieldChange, RebalancePlan, StrategySpec
    from assistant.engine import (
        AccountCheck,
        Explanation,
        HoldingsView,
        OptimizeResult,
        PortfolioStatus,
        ResolvedSpec,
    )

SIMULATED = "[bold yellow]SIMULATED market data (demo): not real prices[/]"


def badge(name: str) -> str:
    """An account badge as console markup, in the colour every surface uses for it."""
    return f"[{badge_style(name)}] {name} [/]"


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


def show_plan(plan: RebalancePlan) -> None:
    """The preview as the app shows it (one renderer: assistant.presentation), full hash.

    PlanView prints outside text (names, reasons, notes) through presentation.text.safe; its
    first line names the account with its badge (LIVE in red)."""
    from .output import safe

    console.print(PlanView(plan, full_hash=True))
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
            quantity(h.quantity),
            price(h.price),
            money(h.value),
            pct(h.weight),
            pct(h.target),
            "" if h.drift is None else f"{h.drift:+.1%}",
        )
    table.add_row("cash", money(status.cash), "", money(status.cash), "", "", "")
    console.print(table)
    console.print(safe(f"Total value {money(status.value, status.quote)}"), markup=False)
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


def show_everywhere(view: HoldingsView) -> None:
    """Every holding with where it lives (paper, each wallet), then totals per asset."""
    from .output import markup_safe, plain, safe
    from .wallet_commands import show_wallets

    show_wallets(view.wallets)
    table = Table(title=f"All holdings in {markup_safe(view.quote)}: where each lives")
    for col in ("asset", "where", "quantity", "value", "traded"):
        table.add_column(col, justify="right" if col in ("quantity", "value") else "left")
    for line in view.lines:
        table.add_row(
            plain(line.asset),
            plain(line.where),
            quantity(line.quantity),
            "n/a" if line.value is None else money(line.value),
            "yes (paper)" if line.tradable else "no (read-only)",
        )
    console.print(table)
    totals = Table(title="Totals per asset")
    for col in ("asset", "quantity", "value", "weight", "places"):
        totals.add_column(col, justify="left" if col in ("asset", "places") else "right")
    for t in view.totals:
        totals.add_row(
            plain(t.asset),
            quantity(t.quantity),
            "n/a" if t.value is None else money(t.value),
            pct(t.weight),
            plain(", ".join(t.places)),
        )
    console.print(totals)
    console.print(safe(f"Total value everywhere {money(view.value, view.quote)}"), markup=False)
    for note in view.notes:
        console.print(f"note: {safe(note)}", markup=False)


def show_explanation(exp: Explanation) -> None:
    """The decision record's lines: journal data, so printed as inert text."""
    from assistant.presentation import ids

    from .output import safe

    for line in exp.lines:
        console.print(safe(ids.show_ids(line)), markup=False)


def show_optimize(result: OptimizeResult) -> None:
    from .output import safe

    console.print(
        safe(
            f"{result.source}: {result.observations} daily returns from "
            f"{result.start:%Y-%m-%d} to {result.end:%Y-%m-%d}"
        ),
        markup=False,
    )
    title = f"Weights ({result.allocation.objective})"
    console.print(weights_table(result.allocation, title=title))
    for clamp in result.allocation.clamps:
        console.print(safe(f"clamp {clamp.asset}: {clamp.reason}"), markup=False)
    for note in result.allocation.notes:
        console.print(safe(f"note: {note}"), markup=False)
