"""Live trading's safeguards and books: reconcile, halt, resume-trading, pnl, trades export.

Each command calls one engine use case and renders it. A refusal (a reconciliation mismatch, a
halt) is a :class:`TradingRefusedError`: exit 1, the differences listed. Only argparse is
imported at the top (``coinpilot --help`` builds these parsers).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from assistant.domain import Account
    from assistant.engine import AccountPnL, Services


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

    p = sub.add_parser(
        "pnl", parents=[common], help="FIFO cost basis, realized and unrealized P&L per asset"
    )
    p.add_argument("--account", help="one account (default: every account)")
    p.set_defaults(func=cmd_pnl)

    trades = sub.add_parser("trades", help="the fills CoinPilot recorded")
    tsub = trades.add_subparsers(dest="trades_command", metavar="ACTION", required=True)
    p = tsub.add_parser(
        "export",
        parents=[common],
        help="every fill with its fee, as CSV or JSON for an accountant or a tax tool",
        description="Columns: date (ISO 8601 UTC), account, side, asset, quantity, price, quote, "
        "quote_value, fee, fee_currency, order_id (the exchange's), client_order_id.",
    )
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--account", help="one account (default: every account)")
    p.add_argument("--out", help="write to this file instead of the standard output")
    p.set_defaults(func=cmd_trades_export)


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


def cmd_pnl(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from assistant.engine import pnl_report
    from assistant.numbers import money, price, quantity

    from .output import print_json
    from .terminal import console

    accounts = _accounts(services, args.account, exchange_only=False)
    reports = [pnl_report(services, a) for a in accounts]
    if args.json:
        print_json(reports_data(reports))
        return 0
    if not reports:
        console.print("No accounts yet.")
    for r in reports:
        table = Table(title=f"P&L of {r.account} (FIFO, in {r.quote}, as of {r.as_of:%Y-%m-%d})")
        for col in (
            "asset",
            "qty",
            "cost basis",
            "price",
            "value",
            "realized",
            "unrealized",
            "fees",
        ):
            table.add_column(col, justify="left" if col == "asset" else "right")
        for a in r.assets:
            table.add_row(
                a.asset,
                quantity(a.quantity),
                money(a.cost_basis),
                "" if a.price is None else price(a.price),
                "" if a.value is None else money(a.value),
                money(a.realized),
                "" if a.unrealized is None else money(a.unrealized),
                money(a.fees),
            )
        console.print(table)
        console.print(
            f"Realized {money(r.realized, r.quote)} · unrealized {money(r.unrealized, r.quote)} "
            f"· fees {money(r.fees, r.quote)} (P&L is before fees)",
            markup=False,
            highlight=False,
        )
        for note in r.notes:
            console.print(f"note: {note}", markup=False, highlight=False)
    return 0


def reports_data(reports: Sequence[AccountPnL]) -> list[object]:
    from dataclasses import asdict

    return [_strings(asdict(r)) for r in reports]


def _strings(value: object) -> object:
    from datetime import datetime
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if isinstance(value, Decimal | datetime):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def cmd_trades_export(args: argparse.Namespace, services: Services) -> int:
    import csv
    import io
    import json

    from assistant.domain import UserInputError
    from assistant.engine import TRADE_COLUMNS, trade_rows

    rows = [
        row
        for a in _accounts(services, args.account, exchange_only=False)
        for row in trade_rows(services, a)
    ]
    rows.sort(key=lambda r: (r["date"], r["account"]))
    if args.format == "json":
        text = json.dumps(rows, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=TRADE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    if args.out is None:
        import sys

        sys.stdout.write(text)
        return 0
    try:
        with open(args.out, "x", encoding="utf-8", newline="") as stream:
            stream.write(text)
    except FileExistsError:
        raise UserInputError(
            f"{args.out} already exists; nothing was written.",
            hint="Choose another --out file, or move the old one away.",
        ) from None
    except OSError as exc:
        raise UserInputError(
            f"cannot write {args.out}: {exc.strerror}; nothing was written."
        ) from None
    import sys

    sys.stderr.write(f"Wrote {len(rows)} trade(s) to {args.out}.\n")
    return 0
