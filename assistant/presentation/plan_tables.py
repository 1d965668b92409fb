"""One order preview, as rich renderables: account, target weights, orders, totals, hash, expiry.

Every figure comes from the :class:`RebalancePlan` as the engine sealed it; nothing is
recomputed. Names, reasons and notes are outside text: they go through :func:`.text.safe`.
:class:`PlanView` fits the width it is given (the app's chat column, the confirm dialog, a
terminal): when the full orders table is wider, it drops per-order fee and slippage (their
totals stay on the totals line) and merges side and asset, instead of letting rich squeeze every
column to "n…".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from assistant.numbers import money, pct, price, quantity

from . import ids
from .badges import account_line
from .text import safe

if TYPE_CHECKING:
    from assistant.domain import RebalancePlan, TargetAllocation

SIMULATED = "SIMULATED market data (demo): not real prices"
_UNBOUNDED = 10_000


def weights_table(
    allocation: TargetAllocation,
    *,
    before: Mapping[str, float] | None = None,
    quote: str | None = None,
    title: str | None = None,
) -> Table:
    """Target weights, largest first: now (when ``before`` is given), optimizer, target."""
    table = _table(title or f"Target weights ({allocation.objective})")
    columns = ["asset", *(["now"] if before is not None else []), "optimizer", "target"]
    for col in columns:
        table.add_column(col, justify="left" if col == "asset" else "right", no_wrap=True)
    weights = allocation.weights
    for asset in largest_first(weights):
        if asset == quote:
            continue
        now = [pct(before.get(asset, 0.0))] if before is not None else []
        raw = pct(allocation.raw_weights.get(asset))
        table.add_row(Text(safe(asset)), *now, raw, pct(weights[asset]))
    if allocation.cash_weight > 0:
        table.add_row("cash", *([""] * (len(columns) - 2)), pct(allocation.cash_weight))
    return table


def largest_first(weights: Mapping[str, float]) -> list[str]:
    """The order the target-weights table lists coins in (charts beside it follow it too)."""
    return sorted(weights, key=lambda a: (-weights[a], a))


def orders_table(plan: RebalancePlan, *, compact: bool = False) -> Table:
    """The exact orders; ``compact`` drops per-order fee and slippage and merges side and asset."""
    count = len(plan.orders)
    venue = plan.account_badge.lower()
    table = _table(f"{count} order{'s' if count != 1 else ''} (market, {venue}; in {plan.quote})")
    names = ["order", "qty", "price", "notional"] if compact else ["side", "asset", "qty"]
    if not compact:
        names += ["price", "notional", "fee", "slip"]
    for col in names:
        table.add_column(col, justify="left" if col in ("order", "side", "asset") else "right")
    for o in plan.orders:
        side = Text(o.side.upper(), style="green" if o.side == "buy" else "red")
        figures = [quantity(o.quantity), price(o.price), money(o.notional)]
        base = safe(o.base)
        if compact:
            table.add_row(Text.assemble(side, " ", base), *figures)
        else:
            table.add_row(side, Text(base), *figures, money(o.fee), money(o.slippage))
    if not plan.orders:
        table.add_row("none: the portfolio is already on target", *[""] * (len(names) - 1))
    return table


def unexecutable_lines(plan: RebalancePlan) -> list[Text]:
    return [
        Text.assemble(
            ("cannot execute ", "bold yellow"),
            safe(
                f"{u.side} {quantity(u.quantity)} {u.symbol}: "
                f"{u.reason.removeprefix('cannot execute: ')}"
            ),
        )
        for u in plan.unexecutable
    ]


def totals_line(plan: RebalancePlan) -> Text:
    q = plan.quote
    funding = f" · funding {money(plan.funding, q)}" if plan.funding > 0 else ""
    return Text(
        f"Fees {money(plan.total_fees, q)} · slippage {money(plan.total_slippage, q)} · "
        f"turnover {pct(plan.turnover)} · value {money(plan.portfolio_value, q)}{funding}"
    )


def identity_line(plan: RebalancePlan, *, full_hash: bool = False) -> Text:
    return Text.assemble(
        ("plan ", "dim"),
        (ids.show_id(plan.plan_hash, full=full_hash), "bold"),
        ("  expires ", "dim"),
        f"{plan.expires_at:%Y-%m-%d %H:%M:%S} UTC",
    )


@dataclass(frozen=True)
class PlanView:
    """The whole preview: what it is, weights, orders, what cannot execute, totals, hash, expiry.

    A rich renderable that lays itself out for the width it is rendered at.
    """

    plan: RebalancePlan
    with_weights: bool = True
    full_hash: bool = False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Group]:
        orders = orders_table(self.plan)
        unbounded = options.update_width(_UNBOUNDED)  # rich clamps a measure to the width
        if Measurement.get(console, unbounded, orders).maximum > options.max_width:
            orders = orders_table(self.plan, compact=True)
        yield Group(*self.parts(orders))

    def parts(self, orders: Table) -> list[RenderableType]:
        plan = self.plan
        parts: list[RenderableType] = []
        if plan.simulated_market:
            parts.append(Text(SIMULATED, style="bold yellow"))
        parts.append(account_line(plan))
        trigger = f"trigger {plan.trigger}" + (
            f" ({plan.trigger_detail})" if plan.trigger_detail else ""
        )
        what = f"'{plan.spec_name}' v{plan.spec_version} on {plan.market}, {trigger}"
        parts.append(Text(safe(what), "dim"))
        if self.with_weights:
            before = plan.weights_before
            table = weights_table(plan.allocation, before=before, quote=plan.quote)
            parts.extend([Text(""), table])
        parts.extend([Text(""), orders, Text("")])
        parts.extend(unexecutable_lines(plan))
        for clamp in plan.allocation.clamps:
            parts.append(Text(safe(f"clamp {clamp.asset}: {clamp.reason}"), style="dim"))
        for note in plan.notes:
            parts.append(Text(safe(f"note: {note}"), style="dim"))
        parts.append(totals_line(plan))
        parts.append(identity_line(plan, full_hash=self.full_hash))
        return parts


def _table(title: str) -> Table:
    """Compact: two spaces between columns (the box's one and a pad), none at the edges."""
    return Table(
        title=title,
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
        show_edge=False,
        title_justify="left",
        expand=False,
    )
