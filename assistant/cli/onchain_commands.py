"""``coinpilot onchain`` and ``coinpilot yields``: public chain and DeFi data, read-only.

Both read the shipped offline twin on the demo and the other offline markets (a dated on-chain
snapshot, a SIMULATED yield sample) and the live source when asked (``--source``) or when the
market is a live exchange; every table says which. Nothing here can move funds.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine import Services

_TICKER = re.compile(r"^[A-Za-z0-9]{2,12}$")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "onchain",
        parents=[common],
        help="on-chain metrics: exchange flows, active addresses, hash rate",
        description="Daily on-chain metrics of a coin from Coin Metrics' community data. Offline "
        "markets read the shipped snapshot (BTC, to 2025-12-29); --source coinmetrics reads the "
        "live API (no key) and caches it, served with its age when the API cannot be reached.",
    )
    p.add_argument("asset", nargs="?", default="BTC", help="a ticker, e.g. BTC (default) or ETH")
    p.add_argument("--source", choices=["auto", "snapshot", "coinmetrics"], default=None)
    p.add_argument("--days", type=int, default=14, help="days of history to list (1-365)")
    p.set_defaults(func=cmd_onchain)

    p = sub.add_parser(
        "yields",
        parents=[common],
        help="DeFi yields for an asset, read-only, with their risks named",
        description="Where an asset could earn: pools from DefiLlama's yields API (--source "
        "defillama) or a SIMULATED sample offline, filtered by chain and TVL. Read-only: "
        "CoinPilot never deposits, approves or moves anything.",
    )
    p.add_argument("asset", help="the token you hold, e.g. USDC")
    p.add_argument("--chain", default=None, help="only this chain, e.g. Ethereum, Base, Solana")
    p.add_argument("--min-tvl", type=float, default=1_000_000.0, help="minimum TVL in USD")
    p.add_argument("--limit", type=int, default=10, help="pools to list (1-100)")
    p.add_argument("--source", choices=["auto", "simulated", "defillama"], default=None)
    p.set_defaults(func=cmd_yields)


def _ticker(text: str) -> str:
    from assistant.domain import UserInputError

    if not _TICKER.match(text):
        raise UserInputError(
            f"'{text}' is not a ticker.", hint="Give 2-12 letters or digits, e.g. BTC or USDC."
        )
    return text.upper()


def _bounded(value: int, name: str, low: int, high: int) -> int:
    from assistant.domain import UserInputError

    if not low <= value <= high:
        raise UserInputError(f"{name} must be between {low} and {high}; got {value}.")
    return value


def cmd_onchain(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from assistant.engine.onchain import load_history, onchain_metrics
    from assistant.market.onchain import METRICS, since, unit_of
    from tools.onchain import summarize

    from .output import markup_safe, print_json
    from .terminal import console

    asset = _ticker(args.asset)
    days = _bounded(args.days, "--days", 1, 365)
    report = onchain_metrics(services, asset, source=args.source)
    history = load_history(services, asset, args.source)  # served from what was just cached
    recent = since(history, days)
    if args.json:
        rows = [
            {"day": f"{d:%Y-%m-%d}", **{m: _num(v) for m, v in row.items()}}
            for d, row in recent.iterrows()
        ]
        print_json({**asdict(report), "history": rows})
        return 0
    style = "bold yellow" if report.source == "snapshot" or report.stale else "bold"
    console.print(f"[{style}]{markup_safe(report.label)}[/]")
    table = Table(title=f"{asset} on-chain, last {len(recent)} days (UTC days)")
    table.add_column("day")
    for metric in METRICS:
        unit = "EH/s" if metric == "HashRate" else unit_of(metric, asset)
        table.add_column(f"{METRICS[metric].name} ({unit})", justify="right")
    table.add_column(f"net flow ({asset})", justify="right")
    for day, row in recent.iterrows():
        net = row["FlowInExNtv"] - row["FlowOutExNtv"]
        cells = [_cell(row[m] / 1e6 if m == "HashRate" else row[m]) for m in METRICS]
        table.add_row(f"{day:%Y-%m-%d}", *cells, _cell(net, sign=True))
    console.print(table)
    console.print(markup_safe(summarize(report)))
    for note in [*([report.stale] if report.stale else []), *report.notes]:
        console.print(f"[dim]note: {markup_safe(note)}[/]")
    return 0


def _num(value: float) -> float | None:
    return None if value != value else float(value)  # NaN -> null


def _cell(value: float, *, sign: bool = False) -> str:
    if value != value:
        return "n/a"
    return f"{value:+,.0f}" if sign else f"{value:,.0f}"


def cmd_yields(args: argparse.Namespace, services: Services) -> int:
    from .yields_view import show_yields

    return show_yields(args, services, _ticker(args.asset), _bounded(args.limit, "--limit", 1, 100))
