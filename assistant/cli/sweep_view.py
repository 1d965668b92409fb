"""`coinpilot backtest SPEC --sweep grid.toml`: progress bar, ranked table, HTML report."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.engine import Services
    from assistant.engine.sweeping import SweepOutcome


def cmd_sweep(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.engine import load_spec_file
    from assistant.engine.sweep_grid import check_options, load_grid
    from assistant.engine.sweeping import sweep_spec

    from .output import print_json, safe
    from .terminal import console, err_console

    if len(args.specs) != 1:
        raise UserInputError("--sweep takes one spec; it sweeps that spec's values.")
    if args.walk_forward or args.compare:
        raise UserInputError(
            "--sweep runs plain backtests; leave out --walk-forward and --compare."
        )
    if args.top < 1:
        raise UserInputError(f"--top must be at least 1, got {args.top}.")
    spec = load_spec_file(args.specs[0])
    grid = load_grid(args.sweep)
    check_options(args.rank_by or grid.rank_by, args.executor or grid.executor, args.workers)
    grid.variants(spec)  # a key the spec lacks is refused before any work
    options: dict[str, Any] = {"start": args.start, "end": args.end, "fee_bps": args.fee_bps}
    run = dict(
        executor=args.executor,
        address=args.address,
        workers=args.workers,
        rank_by=args.rank_by,
        **options,
    )
    if args.json:
        outcome = sweep_spec(services, spec, grid, **run)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        columns = (
            *Progress.get_default_columns()[:1],
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=err_console, transient=True) as bar:
            task = bar.add_task(f"sweep of {grid.size} backtests", total=grid.size)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            outcome = sweep_spec(services, spec, grid, progress=progress, **run)
    report = None
    if args.report:
        from assistant.engine.sweep_report import write_sweep_report

        report = write_sweep_report(services, outcome, args.report, **options)
    if args.json:
        print_json(_as_json(outcome, report))
        return 0
    if services.market.simulated:
        console.print("[bold yellow]SIMULATED market data (demo): not real prices[/]")
    _show(outcome, args.top)
    if report is not None:
        console.print(safe(f"HTML report: {report[0]}"), markup=False)
    return 0


def _show(outcome: SweepOutcome, top: int) -> None:
    from rich.table import Table

    from .output import plain
    from .terminal import console

    keys = list(outcome.grid.axes)
    table = Table(
        title=f"Sweep of {outcome.base.name}: best {min(top, len(outcome.ranked))} of "
        f"{len(outcome.rows)} by {outcome.rank_by}"
    )
    for col in ["rank", *(k.rsplit(".", 1)[-1] for k in keys)]:
        table.add_column(col, justify="right" if col == "rank" else "left")
    for col in ("sharpe", "CAGR", "return", "max DD", "turnover/yr"):
        table.add_column(col, justify="right")
    for r in outcome.ranked[:top]:
        m = r.row.metrics if r.row is not None else None
        assert m is not None
        table.add_row(
            str(r.rank),
            *(plain(str(r.variant.params[k])) for k in keys),
            "-" if m.sharpe is None else f"{m.sharpe:.2f}",
            "-" if m.cagr is None else f"{m.cagr:.1%}",
            f"{m.total_return:.1%}",
            f"{m.max_drawdown.depth:.1%}",
            f"{m.turnover_per_year:.2f}",
        )
    console.print(table)
    failed = [r for r in outcome.rows if r.rank is None]
    console.print(
        f"{len(outcome.ranked)} backtests in {outcome.seconds:.1f} s on {outcome.workers} "
        f"{outcome.executor} workers ({len(outcome.ranked) / max(outcome.seconds, 1e-9):.1f}/s).",
        markup=False,
    )
    for r in failed[:5]:
        console.print(plain(f"not run: {r.variant.params}: {r.error}"))
    if len(failed) > 5:
        console.print(f"... and {len(failed) - 5} more points that could not run.", markup=False)


def _as_json(outcome: SweepOutcome, report: Any) -> dict[str, Any]:
    return {
        "spec": outcome.base.name,
        "rank_by": outcome.rank_by,
        "points": len(outcome.rows),
        "seconds": outcome.seconds,
        "workers": outcome.workers,
        "executor": outcome.executor,
        "report": None if report is None else str(report[0]),
        "rows": [
            {
                "rank": r.rank,
                "name": r.variant.spec.name if r.variant.spec is not None else None,
                "params": r.variant.params,
                "metrics": r.row.metrics if r.row is not None else None,
                "error": r.error if r.rank is None else None,
            }
            for r in outcome.rows
        ],
    }
