"""One account's portfolio as the engine values it: holdings, weights, targets, drift, value.

It renders a :class:`PortfolioStatus` and nothing else, so what it shows is exactly what
``portfolio_status`` computed; "SIMULATED" is shown whenever the market is the demo, and the
account's badge (PAPER, LIVE in red, TESTNET) is in its title. Each status shown is announced
with :class:`PortfolioPane.AccountShown`, so the status bar can name the same account. The
holdings table fits the width it gets: the quantity column goes before any column is squeezed.
Watched wallets, when there are any, follow under their own heading: read-only, each holding with
the wallet it lives in, never part of any account's weights or drift.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from assistant.numbers import quantity
from assistant.presentation import ids
from assistant.presentation.badges import badge_style

from ..formatting import money, pct, signed_pct

if TYPE_CHECKING:
    from assistant.engine import PortfolioStatus, WalletReport


class PortfolioPane(Static):
    DEFAULT_CSS = """
    PortfolioPane {
        height: auto;
        padding: 0 1;
        border: round $primary;
        border-title-color: $primary;
    }
    """

    class AccountShown(Message):
        """The pane now shows ``account`` (None: no account yet), whose badge is ``badge``."""

        def __init__(self, account: str | None, badge: str) -> None:
            super().__init__()
            self.account = account
            self.badge = badge

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("loading market…", style="italic dim"), id=id)
        self.border_title = "Portfolio (paper)"
        self.status: PortfolioStatus | None = None
        self.wallets: WalletReport | None = None

    def show(self, status: PortfolioStatus) -> None:
        self.status = status
        if status.account:
            self.border_title = f"Portfolio · {status.account} ({status.badge})"
        self._redraw()
        self.post_message(self.AccountShown(status.account, status.badge))

    def show_wallets(self, report: WalletReport | None) -> None:
        """The watched wallets under the account (``None``: none are watched)."""
        self.wallets = report
        self._redraw()

    def _redraw(self) -> None:
        if self.status is None:
            return
        view: RenderableType = StatusView(self.status)
        if self.wallets is not None and self.wallets.wallets:
            view = Group(view, Text(""), render_wallets(self.wallets))
        self.update(view)

    def show_problem(self, message: str) -> None:
        self.update(Text(message, style="red"))


@dataclass(frozen=True)
class StatusView:
    """The portfolio as a rich renderable that lays its table out for the width it is given."""

    status: PortfolioStatus

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        table = holdings_table(self.status, with_quantity=True)
        wide = options.update_width(10_000)
        if Measurement.get(console, wide, table).maximum > options.max_width:
            table = holdings_table(self.status, with_quantity=False)
        yield render_status(self.status, table)


def holdings_table(status: PortfolioStatus, *, with_quantity: bool) -> Table:
    # SIMPLE_HEAD already puts one space between columns: no padding on top of it
    table = Table(box=box.SIMPLE_HEAD, padding=0, pad_edge=False, show_edge=False)
    columns = ["asset", *(["qty"] if with_quantity else []), "value", "now", "target", "drift"]
    for col in columns:
        table.add_column(col, justify="left" if col == "asset" else "right", no_wrap=True)
    for h in status.holdings:
        drift_style = ""
        if h.drift is not None and status.drift_threshold is not None:
            drift_style = "bold red" if abs(h.drift) > status.drift_threshold else "green"
        table.add_row(
            h.asset,
            *([quantity(h.quantity)] if with_quantity else []),
            money(h.value),
            pct(h.weight),
            pct(h.target),
            Text(signed_pct(h.drift), style=drift_style),
        )
    return table


def render_status(status: PortfolioStatus, table: Table | None = None) -> RenderableType:
    parts: list[RenderableType] = []
    if status.badge == "LIVE":
        parts.append(Text(f" LIVE: real balances of {status.account} ", style=badge_style("LIVE")))
    elif status.badge == "TESTNET":
        parts.append(Text(" TESTNET: no real money ", style=badge_style("TESTNET")))
    header = Text.assemble((f"{status.market} ", "bold"), (f"as of {status.as_of:%Y-%m-%d}", "dim"))
    if status.simulated:
        header.append("  SIMULATED", style="bold yellow")
    parts.append(header)
    parts.append(
        Text.assemble(
            ("value ", "dim"),
            (money(status.value, status.quote), "bold"),
            ("   cash ", "dim"),
            money(status.cash, status.quote),
        )
    )
    if status.holdings:
        table = table or holdings_table(status, with_quantity=True)
        parts.extend([Text(""), table, Text("")])
    if status.max_drift is not None and status.drift_threshold is not None:
        parts.append(
            Text(
                f"largest drift {pct(status.max_drift)} ({status.drift_asset}); "
                f"rebalance above {pct(status.drift_threshold, 0)}",
                style="dim",
            )
        )
    if status.last_decision_id:
        parts.append(
            Text(f"last decision {ids.show_id(status.last_decision_id, 'decision')}", style="dim")
        )
    for note in status.notes:
        parts.append(Text(f"note: {note}", style="dim"))
    return Group(*parts)


def render_wallets(report: WalletReport) -> RenderableType:
    """Each wallet: where it is, its source (SIMULATED, cached with its age), its holdings."""
    from assistant.domain import short_address  # pydantic: not before the first paint

    parts: list[RenderableType] = [
        Text("wallets (read-only, never traded)", style="bold"),
        Text.assemble(("value ", "dim"), (money(report.value, report.quote), "bold")),
    ]
    for w in report.wallets:
        line = Text.assemble((w.name, "bold"), (f" {w.chain} {short_address(w.address)}", "dim"))
        if w.simulated:
            line.append("  SIMULATED", style="bold yellow")
        parts.append(line)
        if w.error:
            parts.append(Text(f"  not read: {w.error}", style="red"))
            continue
        if w.stale:
            parts.append(Text(f"  {w.stale}", style="yellow"))
        for h in w.holdings:
            value = "unpriced" if h.value is None else money(h.value)
            parts.append(Text(f"  {h.asset} {quantity(h.quantity)} · {value}"))
        parts.append(Text(f"  wallet value {money(w.value, report.quote)}", style="dim"))
    return Group(*parts)
