"""The ``coinpilot yields`` table: pools, APY split into base and rewards, TVL, and risks."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine import Services


def show_yields(args: argparse.Namespace, services: Services, asset: str, limit: int) -> int:
    from rich.table import Table

    from assistant.engine.yields import yield_opportunities

    from .output import markup_safe, plain, print_json
    from .terminal import console

    report = yield_opportunities(
        services, asset, chain=args.chain, min_tvl=args.min_tvl, limit=limit, source=args.source
    )
    if args.json:
        print_json(asdict(report))
        return 0
    style = "bold yellow" if report.simulated or report.stale else "bold"
    console.print(f"[{style}]{markup_safe(report.label)}[/]")
    where = f" on {report.chain}" if report.chain else ""
    table = Table(title=f"Where {asset} could earn{markup_safe(where)} (APY % a year; TVL USD)")
    for col in ("project", "chain", "pool", "APY", "base", "rewards", "TVL", "risks"):
        table.add_column(
            col, justify="right" if col in ("APY", "base", "rewards", "TVL") else "left"
        )
    for o in report.opportunities:
        table.add_row(
            plain(o.project),
            plain(o.chain),
            plain(o.symbol),
            _pct(o.apy),
            _pct(o.apy_base),
            _pct(o.apy_reward),
            f"{o.tvl_usd / 1e6:,.1f}M",
            ", ".join(_SHORT.get(r.split(":")[0], r.split(":")[0]) for r in o.risks),
        )
    console.print(table)
    skipped = ", ".join(f"{n} {why}" for why, n in report.excluded.items())
    console.print(
        f"{report.matched} pools hold {asset}" + (f"; left out: {skipped}" if skipped else "")
    )
    if report.opportunities:
        console.print("Risks of the first pool:")
        for risk in report.opportunities[0].risks:
            console.print(f"  - {markup_safe(risk)}")
    for note in [*([report.stale] if report.stale else []), *report.notes]:
        console.print(f"[dim]note: {markup_safe(note)}[/]")
    return 0


_SHORT = {"smart-contract": "contract", "reward token": "rewards", "impermanent loss": "IL"}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"
