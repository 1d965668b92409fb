"""The performance table under `coinpilot portfolio`: the account vs BTC and equal weight."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine.performance import Performance


def show_performance(perf: Performance | None) -> None:
    from rich.table import Table

    from .output import safe
    from .terminal import console

    if perf is None:
        console.print("Performance: nothing executed yet, so nothing to measure.", markup=False)
        return
    basket = ", ".join(perf.basket) or "none"
    table = Table(
        title=f"Performance since {perf.inception} (time-weighted, in {safe(perf.quote)})",
        caption=f"BTC: buy and hold. Equal weight: {safe(basket)}, rebalanced daily.",
    )
    for col in ("period", "portfolio", "BTC", "equal weight", "vs BTC"):
        table.add_column(col, justify="left" if col == "period" else "right")
    for row in perf.periods:
        table.add_row(
            row.label,
            f"{row.portfolio:+.2%}",
            f"{row.btc:+.2%}",
            f"{row.equal_weight:+.2%}",
            f"{row.portfolio - row.btc:+.2%}",
        )
    console.print(table)
    for note in perf.notes:
        console.print(safe(f"note: {note}"), markup=False)
