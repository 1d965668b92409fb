"""Live trading's safeguards: reconcile, halt, resume-trading.

Each command calls one engine use case and renders it. A refusal (a reconciliation mismatch, a
halt) is a :class:`TradingRefusedError`: exit 1, the differences listed. Only argparse is
imported at the top (``coinpilot --help`` builds these parsers).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.domain import Account
    from assistant.engine import Services


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "reconcile",
        parents=[common],
        help="compare the journal with the exchange: balances, open orders, fills",
        description="Differences within reconcile_tolerance (quote currency, per asset) are "
        "journaled as adjustments; larger ones refuse trading (exit 1) until resolved. "
        "--accept takes the exchange's balances as right and journals them as adjustments.",
    )
    p.add_argument("--account", help="one exchange account (default: every one)")
    p.add_argument("--accept", action="store_true", help="accept the exchange's balances")
    p.set_defaults(func=cmd_reconcile)

    p = sub.add_parser(
        "halt",
        parents=[common],
        help="kill switch: refuse every confirm and cancel CoinPilot's open orders",
    )
    p.add_argument("--account", help="only this account (default: every account)")
    p.add_argument("--reason", default="halted by hand", help="kept in the journal")
    p.set_defaults(func=cmd_halt)

    p = sub.add_parser("resume-trading", parents=[common], help="lift a halt")
    p.add_argument("--account", help="only this account's own halt (default: every halt)")
    p.set_defaults(func=cmd_resume_trading)


def _accounts(services: Services, name: str | None, *, exchange_only: bool) -> list[Account]:
    from assistant.domain import UserInputError

    if name is not None:
        account = services.journal.get_account(name)
        if exchange_only and not account.is_exchange:
            raise UserInputError(
                f"account {name} is a paper account: the journal is its venue, there is "
                "nothing to reconcile."
            )
        return [account]
    found = services.journal.accounts()
    return [a for a in found if a.is_exchange] if exchange_only else found


def cmd_reconcile(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import reconcile_account_with_exchange

    from .output import print_json
    from .terminal import console

    accounts = _accounts(services, args.account, exchange_only=True)
    reports = [reconcile_account_with_exchange(services, a, accept=args.accept) for a in accounts]
    if args.json:
        print_json(
            [
                {
                    "account": r.account,
                    "ok": r.ok,
                    "differences": [d.describe(r.quote) for d in r.differences],
                    "adjusted": {a: str(v) for a, v in r.adjusted.items()},
                }
                for r in reports
            ]
        )
        return 0
    if not reports:
        console.print("No exchange accounts: nothing to reconcile.")
    for report in reports:
        console.print(report.summary().capitalize() + ".", markup=False, highlight=False)
        for d in report.differences:
            console.print(f"  {d.describe(report.quote)}", markup=False, highlight=False)
    return 0


def cmd_halt(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import halt_trading

    from .output import print_json
    from .terminal import console

    report = halt_trading(services, args.account, args.reason)
    if args.json:
        print_json({"scope": report.scope, "cancelled": report.cancelled, "left": report.left})
        return 0
    scope = "every account" if report.scope == "*" else f"account {report.scope}"
    console.print(
        f"Trading halted on {scope}: every confirm is refused until `coinpilot resume-trading`.",
        markup=False,
        highlight=False,
    )
    for line in report.cancelled:
        console.print(f"  cancelled {line}", markup=False, highlight=False)
    for line in report.left:
        console.print(f"  open {line}", markup=False, highlight=False)
    return 0


def cmd_resume_trading(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import resume_trading

    from .output import print_json
    from .terminal import console

    resumed = resume_trading(services, args.account)
    if args.json:
        print_json({"resumed": resumed})
        return 0
    if not resumed:
        console.print("Nothing was halted.")
    for scope in resumed:
        what = "every account" if scope == "*" else f"account {scope}"
        console.print(f"Trading resumed on {what}.", markup=False, highlight=False)
    return 0
