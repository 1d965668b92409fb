"""The deterministic-core commands: spec-check, plan, confirm, portfolio, journal, optimize.

Only argparse is imported at the top: `coinpilot --help` builds every command's parser, so each
command imports the engine pieces (and rich) it uses inside its own function.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from assistant.presentation import ids

if TYPE_CHECKING:
    from assistant.engine import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "spec-check", parents=[common], help="validate a spec file against the market"
    )
    p.add_argument("spec", help="path to a strategy spec (TOML)")
    p.set_defaults(func=cmd_spec_check)

    p = sub.add_parser("plan", parents=[common], help="preview the orders that rebalance to a spec")
    p.add_argument("spec", help="path to a strategy spec (TOML)")
    p.add_argument(
        "--account",
        default=None,
        help="the account to plan on (default: the strategy's; a new strategy gets a paper "
        "account of its own, funded with its capital)",
    )
    p.set_defaults(func=cmd_plan)

    p = sub.add_parser(
        "confirm",
        parents=[common],
        help="execute one previewed plan (an exchange account also needs its typed phrase)",
    )
    p.add_argument("plan_hash", help="the plan hash (or its first 8+ characters)")
    p.add_argument(
        "--typed",
        default=None,
        help="exchange accounts: the plan's confirmation phrase, e.g. \"LIVE 3 orders 1,234.56 "
        'USDT" (asked on stdin when left out)',
    )
    p.set_defaults(func=cmd_confirm)

    p = sub.add_parser(
        "portfolio",
        parents=[common],
        help="holdings, weights, drift and value; watched wallets beside them",
        description="The paper account (holdings, weights, drift, value) and, when wallets are "
        "watched (coinpilot wallet add), every holding in one table with where it lives. "
        "Wallets are read-only: only the account is traded.",
    )
    p.add_argument("--account", default=None, help="the account (default: the latest one used)")
    p.add_argument(
        "--wallet-source",
        choices=["auto", "simulated", "rpc"],
        default=None,
        help="where wallet balances come from (default: the wallet_source setting)",
    )
    p.set_defaults(func=cmd_portfolio)

    p = sub.add_parser("journal", parents=[common], help="the audit trail, newest first")
    p.add_argument("--limit", type=int, default=30)
    p.set_defaults(func=cmd_journal)

    p = sub.add_parser("optimize", parents=[common], help="weights from price files")
    p.add_argument(
        "--prices",
        default=None,
        help="folder of OHLCV CSVs or one wide CSV of closes (default: the shipped real history)",
    )
    p.add_argument(
        "--objective",
        default="hrp",
        choices=[
            "hrp",
            "min_variance",
            "risk_parity",
            "max_sharpe",
            "inverse_vol",
            "equal_weight",
            "rl",
        ],
        help="rl is experimental (a small policy-gradient allocator); see benchmarks/RESULTS.md",
    )
    p.add_argument("--linkage", default="single", choices=["single", "ward"])
    p.add_argument("--min-weight", type=float, default=0.0)
    p.add_argument("--max-weight", type=float, default=1.0)
    p.add_argument("--cash-reserve", type=float, default=0.0)
    p.add_argument("--exclude", nargs="*", default=[])
    p.add_argument("--lookback-days", type=int, default=None)
    p.set_defaults(func=cmd_optimize, needs_services=False)


def cmd_spec_check(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import load_spec_file, validate_spec

    from . import views
    from .output import print_json

    spec = load_spec_file(args.spec)
    resolved, changes = validate_spec(services, spec, source=args.spec)
    if args.json:
        print_json(
            {
                "ok": True,
                "spec": spec,
                "symbols": [i.symbol for i in resolved.markets.values()],
                "notes": resolved.notes,
                "changes": [c.__dict__ for c in changes],
            }
        )
    else:
        views.show_spec(spec, resolved, changes)
    return 0


def cmd_plan(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import load_spec_file, plan_rebalance

    from . import views
    from .output import print_json

    plan = plan_rebalance(services, load_spec_file(args.spec), account=args.account)
    if args.json:
        print_json(plan)
    else:
        views.show_plan(plan)
    return 0


def cmd_confirm(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import confirmation_phrase, execute_plan, explain_decision

    from . import views
    from .output import print_json
    from .terminal import console

    plan = services.journal.get_plan(args.plan_hash)
    typed = args.typed
    if typed is None and plan.account_badge != "PAPER":
        typed = _ask_phrase(confirmation_phrase(plan), as_json=args.json)
    resumed = services.journal.started_at(plan.plan_hash) is not None
    decision = execute_plan(services, plan.plan_hash, typed=typed)
    if args.json:
        print_json(decision)
        return 0
    venue = views.badge(plan.account_badge)
    if decision.outcome == "partial":
        console.print(
            "[yellow]Recorded as partially executed[/]: plan "
            f"{ids.show_id(decision.plan_hash)} was interrupted earlier and could not be "
            f"completed, on {decision.account} {venue}."
        )
    else:
        how = "Resumed and completed" if resumed else "Executed"
        console.print(
            f"[green]{how}[/] plan {ids.show_id(decision.plan_hash)} on {decision.account} {venue}."
        )
    views.show_explanation(explain_decision(services, decision.decision_id))
    return 0


def _ask_phrase(phrase: str, *, as_json: bool) -> str:
    """The confirmation phrase typed on stdin (prompted on stderr when stdin is a terminal)."""
    import sys

    from assistant.domain import UserInputError

    if sys.stdin.isatty() and not as_json:
        print(f"This sends real orders. Type exactly: {phrase}", file=sys.stderr)
        print("> ", end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line.strip():
        raise UserInputError(
            f"No confirmation was typed; nothing was sent. Type exactly: {phrase}",
            hint='Or pass it with --typed "..."',
        )
    return line.strip()


def cmd_portfolio(args: argparse.Namespace, services: Services) -> int:
    from dataclasses import asdict

    from assistant.engine import holdings_everywhere, portfolio_status
    from assistant.engine.performance import account_performance

    from . import views
    from .output import print_json
    from .performance_view import show_performance

    status = portfolio_status(services, account=args.account)
    everywhere = holdings_everywhere(services, status, source=args.wallet_source)
    performance = account_performance(services, status.quote, status.account)
    if args.json:
        print_json(
            {
                **status.model_dump(mode="json"),
                "everywhere": asdict(everywhere),
                "performance": performance,
            }
        )
        return 0
    views.show_portfolio(status)
    if everywhere.wallets.wallets:
        views.show_everywhere(everywhere)
    show_performance(performance)
    return 0


def cmd_journal(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from .output import print_json
    from .terminal import console

    entries = services.journal.entries(limit=args.limit)
    if args.json:
        print_json(entries)
        return 0
    if not entries:
        console.print("The journal is empty: plan and confirm a spec to start one.")
        return 0
    from .output import plain

    table = Table(title="Journal (newest first)")
    for col in ("when (UTC)", "kind", "ref", "what"):
        table.add_column(col)
    for e in entries:  # journal rows are data: printed as inert text
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}", e.kind, plain(e.ref[:14]), plain(ids.show_ids(e.summary))
        )
    console.print(table)
    return 0


def cmd_optimize(args: argparse.Namespace, services: Services | None) -> int:
    from assistant.config import load_settings
    from assistant.engine import optimize_prices

    from . import views
    from .output import print_json

    result = optimize_prices(
        args.prices,
        home=None if args.prices else load_settings().home,
        objective=args.objective,
        linkage=args.linkage,
        min_weight=args.min_weight,
        max_weight=args.max_weight,
        cash_reserve=args.cash_reserve,
        exclude=[s.upper() for s in args.exclude],
        lookback_days=args.lookback_days,
    )
    if args.json:
        print_json(
            {
                "source": result.source,
                "objective": args.objective,
                "linkage": args.linkage,
                "start": result.start,
                "end": result.end,
                "observations": result.observations,
                "weights": result.allocation.weights,
                "cash": result.allocation.cash_weight,
                "raw_weights": result.allocation.raw_weights,
                "clamps": result.allocation.clamps,
                "notes": result.allocation.notes,
            }
        )
    else:
        views.show_optimize(result)
    return 0
