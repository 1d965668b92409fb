"""Rich renderings of one order preview, shared by the preview card and the confirm dialog.

Both places must show the same numbers for the same plan hash, so they draw from these functions.
Every figure comes from the :class:`RebalancePlan` as the engine sealed it; nothing is recomputed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .formatting import money, pct, short_hash

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan


def weights_table(plan: RebalancePlan) -> Table:
    table = _table()
    table.title = f"Target weights ({plan.allocation.objective})"
    for col in ("asset", "now", "optimizer", "target"):
        table.add_column(col, justify="left" if col == "asset" else "right")
    alloc = plan.allocation
    for asset in sorted(alloc.weights, key=lambda a: (-alloc.weights[a], a)):
        if asset == plan.quote:
            continue
        table.add_row(
            asset,
            pct(plan.weights_before.get(asset, 0.0)),
            pct(alloc.raw_weights.get(asset)),
            pct(alloc.weights[asset]),
        )
    if alloc.cash_weight > 0:
        table.add_row("cash", "", "", pct(alloc.cash_weight))
    return table


def orders_table(plan: RebalancePlan) -> Table:
    table = _table()
    table.title = f"Orders (market, {plan.account_badge.lower()}; in {plan.quote})"
    for col in ("side", "asset", "qty", "price", "notional", "fee", "slip"):
        table.add_column(col, justify="left" if col in ("side", "asset") else "right")
    for o in plan.orders:
        table.add_row(
            Text(o.side.upper(), style="green" if o.side == "buy" else "red"),
            o.base,
            f"{o.quantity}",
            f"{o.price:,.2f}",
            f"{o.notional:,.2f}",
            f"{o.fee:,.2f}",
            f"{o.slippage:,.2f}",
        )
    if not plan.orders:
        table.add_row("", "no orders: the portfolio is already on target", "", "", "", "", "")
    return table


def unexecutable_lines(plan: RebalancePlan) -> list[Text]:
    return [
        Text.assemble(
            ("cannot execute ", "bold yellow"),
            f"{u.side} {u.quantity} {u.symbol}: {u.reason.removeprefix('cannot execute: ')}",
        )
        for u in plan.unexecutable
    ]


def totals_line(plan: RebalancePlan) -> Text:
    return Text(
        f"Fees {money(plan.total_fees, plan.quote)} · slippage "
        f"{money(plan.total_slippage, plan.quote)} · turnover {pct(plan.turnover)} · value "
        f"{money(plan.portfolio_value, plan.quote)}"
        + (f" · funding {money(plan.funding, plan.quote)}" if plan.funding > 0 else "")
    )


def _table() -> Table:
    """Compact: one space between columns, none at the edges (the chat column is narrow)."""
    return Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 2),
        pad_edge=False,
        show_edge=False,
        title_justify="left",
        expand=False,
    )


def identity_line(plan: RebalancePlan, *, full_hash: bool = False) -> Text:
    return Text.assemble(
        ("plan ", "dim"),
        (plan.plan_hash if full_hash else short_hash(plan.plan_hash), "bold"),
        ("  expires ", "dim"),
        f"{plan.expires_at:%Y-%m-%d %H:%M:%S} UTC",
    )


def plan_body(
    plan: RebalancePlan, *, with_weights: bool = True, full_hash: bool = False
) -> RenderableType:
    """The whole preview: weights, orders, what cannot execute, totals, hash and expiry."""
    parts: list[RenderableType] = []
    if plan.simulated_market:
        parts.append(Text("SIMULATED market data (demo): not real prices", style="bold yellow"))
    badge_style = {"LIVE": "bold white on red", "TESTNET": "bold black on yellow"}
    account = Text.assemble(
        (f" {plan.account_badge} ", badge_style.get(plan.account_badge, "bold black on green")),
        (f" account {plan.account}", "bold red" if plan.account_badge == "LIVE" else ""),
    )
    parts.append(account)
    parts.append(
        Text(
            f"'{plan.spec_name}' v{plan.spec_version} on {plan.market}, trigger {plan.trigger}",
            style="dim",
        )
    )
    if with_weights:
        parts.extend([Text(""), weights_table(plan)])
    parts.extend([Text(""), orders_table(plan), Text("")])
    parts.extend(unexecutable_lines(plan))
    for clamp in plan.allocation.clamps:
        parts.append(Text(f"clamp {clamp.asset}: {clamp.reason}", style="dim"))
    parts.append(totals_line(plan))
    parts.append(identity_line(plan, full_hash=full_hash))
    return Group(*parts)
