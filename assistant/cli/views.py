"""Rich renderings of plans, portfolios, journals and allocations for the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from assistant.domain import spec_to_toml
from assistant.numbers import money, price, quantity
from assistant.presentation.plan_tables import PlanView, weights_table

from .terminal import console, pct

if TYPE_CHECKING:  # only annotations: rendering a portfolio must not load the optimizers
    from assistant.domain import FieldChange, RebalancePlan, StrategySpec
    from assistant.engine import Explanation, OptimizeResult, PortfolioStatus, ResolvedSpec

SIMULATED = "[bold yellow]SIMULATED market data (demo): not real prices[/]"


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

    PlanView prints outside text (names, reasons, notes) through presentation.text.safe."""
    console.print(PlanView(plan, full_hash=True))
    console.print(f"To execute in paper mode: coinpilot confirm {plan.plan_hash[:16]}")


def show_portfolio(status: PortfolioStatus) -> None:
    from .output import markup_safe, safe

    if status.simulated:
        console.print(SIMULATED)
    table = Table(
        title=f"Paper portfolio on {markup_safe(status.market)} ({status.as_of:%Y-%m-%d})"
    )
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
    title = f"Weights ({result.allocation.objective})"
    console.print(weights_table(result.allocation, title=title))
    for clamp in result.allocation.clamps:
        console.print(safe(f"clamp {clamp.asset}: {clamp.reason}"), markup=False)
