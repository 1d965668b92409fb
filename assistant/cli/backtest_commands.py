"""`coinpilot backtest`: how one or more specs would have done, with fees and slippage."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.backtest import BacktestResult, Comparison
    from assistant.engine import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser("backtest", parents=[common], help="replay specs over price history")
    p.add_argument("specs", nargs="+", help="one or more spec files")
    p.add_argument("--from", dest="start", default=None, help="first day, e.g. 2020-01-01")
    p.add_argument("--to", dest="end", default=None, help="last day, e.g. 2025-12-31")
    p.add_argument("--walk-forward", action="store_true", help="refit on a rolling window")
    p.add_argument("--refit-every", type=int, default=30, help="days between refits")
    p.add_argument("--window", type=int, default=365, help="days of history per refit")
    p.add_argument("--fee-bps", type=float, default=10.0, help="taker fee in basis points")
    p.add_argument("--compare", action="store_true", help="side by side with BTC and equal weight")
    p.add_argument("--report", default=None, help="write a self-contained HTML report here")
    p.add_argument("--sweep", default=None, help="a grid.toml of spec values to sweep over")
    p.add_argument("--executor", default=None, help="sweep on: local (default), serial, dask, ray")
    p.add_argument("--address", default=None, help="a Dask scheduler or Ray cluster address")
    p.add_argument("--workers", type=int, default=None, help="sweep processes (default: CPUs)")
    p.add_argument("--rank-by", default=None, help="sweep ranking metric (default: sharpe)")
    p.add_argument("--top", type=int, default=20, help="sweep rows shown (default 20)")
    # Real history unless the person chose a market: a backtest on simulated prices proves little.
    p.set_defaults(func=cmd_backtest, preferred_market="history")


def cmd_backtest(args: argparse.Namespace, services: Services) -> int:
    # Here, not at the top: the backtester (pandas, numba) loads only for this command.
    from rich.progress import Progress

    from assistant.backtest import Comparison
    from assistant.engine import load_spec_file
    from assistant.engine.backtesting import backtest_spec, compare_specs, write_report

    from .output import print_json
    from .terminal import console, err_console

    if args.sweep is not None:
        from .sweep_view import cmd_sweep

        return cmd_sweep(args, services)
    specs = [load_spec_file(p) for p in args.specs]
    options: dict[str, Any] = {
        "start": args.start,
        "end": args.end,
        "walk": args.walk_forward,
        "refit_every": args.refit_every,
        "window": args.window,
        "fee_bps": args.fee_bps,
    }
    outcome: BacktestResult | Comparison
    if args.compare or len(specs) > 1:
        outcome = compare_specs(services, specs, **options)
    elif args.json:
        outcome = backtest_spec(services, specs[0], **options)
    else:
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("backtest", total=1)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            outcome = backtest_spec(services, specs[0], progress=progress, **options)
    from .output import markup_safe, safe

    if args.report:
        path = write_report(outcome, args.report)
        if not args.json:
            console.print(f"HTML report: {safe(path)}", markup=False)
    if args.json:
        print_json(outcome.to_dict())
        return 0
    results = outcome.results if isinstance(outcome, Comparison) else [outcome]
    if services.market.simulated:
        console.print("[bold yellow]SIMULATED market data (demo): not real prices[/]")
    else:
        console.print(f"Market: {services.market.name} (real prices)", markup=False)
    _show(outcome if isinstance(outcome, Comparison) else Comparison(results=[outcome]))
    if isinstance(outcome, Comparison):
        for n in outcome.notes:
            console.print(f"note: {safe(n)}", markup=False)
    for r in results:
        for w in r.warnings:
            console.print(f"[yellow]warning[/] {markup_safe(r.name)}: {markup_safe(w)}")
        for n in r.notes:
            console.print(safe(f"note {r.name}: {n}"), markup=False)
    return 0


def _show(comparison: Comparison) -> None:
    from rich.table import Table

    from .terminal import console

    table = Table(title="Backtest")
    table.add_column("metric")
    for r in comparison.results:
        table.add_column(r.name, justify="right")
    for label, values in comparison.rows():
        table.add_row(label, *values)
    console.print(table)
