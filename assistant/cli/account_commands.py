"""Account commands: account add/list/check, holdings import/add, resume.

Keys are never arguments or prompts here: ``account add NAME --exchange ID`` reads them from the
environment or the OS keyring (``assistant.execution.credentials`` says where) and only checks
them. Each command calls one engine use case and renders the result. Only argparse and decimal
are imported at the top (`coinpilot --help` builds these parsers); each command imports what it
uses when it runs.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from assistant.presentation import ids

if TYPE_CHECKING:
    from assistant.engine import AccountCheck, Services


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount such as 5000") from None
    if not value.is_finite() or value <= 0 or value > Decimal("1e12"):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive amount such as 5000")
    return value


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    account = sub.add_parser("account", help="paper and exchange accounts")
    asub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    p = asub.add_parser(
        "add",
        parents=[common],
        help="add a paper account, or an exchange account (keys from env or the OS keyring)",
        description="An exchange account's keys are read from COINPILOT_<NAME>_API_KEY and "
        "COINPILOT_<NAME>_API_SECRET, or the OS keyring (service coinpilot/<name>); never "
        "from the command line. A key that can withdraw is refused.",
    )
    p.add_argument("name", help="e.g. my-paper or binance-main")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--paper", action="store_true", help="a paper account")
    kind.add_argument("--exchange", help="a ccxt exchange id, e.g. binance")
    p.add_argument("--capital", type=_amount, help="paper only: starting cash")
    p.add_argument("--sandbox", action="store_true", help="exchange only: its testnet")
    p.add_argument("--quote", default="USDT", help="the account's cash currency (USDT)")
    p.set_defaults(func=cmd_account_add)

    p = asub.add_parser("list", parents=[common], help="every account and its strategy")
    p.set_defaults(func=cmd_account_list)

    p = asub.add_parser(
        "check", parents=[common], help="what an account's key may do (withdrawals: refused)"
    )
    p.add_argument("name")
    p.set_defaults(func=cmd_account_check)

    holdings = sub.add_parser("holdings", help="holdings you already have")
    hsub = holdings.add_subparsers(dest="holdings_command", metavar="ACTION", required=True)
    p = hsub.add_parser(
        "import",
        parents=[common],
        help="record holdings as a paper account's opening balances",
        description="From a CSV file with the header asset,quantity[,cost_basis_per_unit,"
        "acquired_at], or read-only from an exchange account (--from NAME).",
    )
    p.add_argument("file", nargs="?", help="a CSV file")
    p.add_argument("--account", required=True, help="the paper account to import into")
    p.add_argument("--from", dest="source", help="an exchange account to read holdings from")
    p.set_defaults(func=cmd_holdings_import)
    p = hsub.add_parser(
        "add",
        parents=[common],
        help="record coins you already hold on a paper account (created if new)",
        description='Record ASSET QTY pairs you already hold ("I already hold 0.5 BTC") as a '
        "paper account's opening balances, journaled like an import: "
        "`coinpilot holdings add BTC 0.5 ETH 2 --account my-paper`.",
    )
    p.add_argument("pairs", nargs="+", metavar="ASSET QTY", help="an asset and its quantity")
    p.add_argument("--account", required=True, help="the paper account to record them on")
    p.set_defaults(func=cmd_holdings_add)

    p = sub.add_parser(
        "resume",
        parents=[common],
        help="settle executions that stopped part-way: complete them or record them partial",
    )
    p.add_argument("--account", help="only this account")
    p.set_defaults(func=cmd_resume)


def cmd_account_add(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.engine import add_exchange_account, add_paper_account, check_account

    from . import views
    from .output import print_json
    from .terminal import console

    if args.paper:
        if args.sandbox:
            raise UserInputError("--sandbox is for exchange accounts; a paper account has none.")
        account = add_paper_account(services, args.name, capital=args.capital, quote=args.quote)
        check = check_account(services, account.name)
    else:
        if args.capital is not None:
            raise UserInputError(
                "--capital is for paper accounts; an exchange account holds what you deposited "
                "at the exchange."
            )
        check = add_exchange_account(
            services, args.name, exchange=args.exchange, sandbox=args.sandbox, quote=args.quote
        )
    if args.json:
        print_json(_check_data(check))
    else:
        console.print(f"Added account {views.account_badge(check.account)}.")
        views.show_account_check(check)
    return 0


def cmd_account_list(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from assistant.engine import list_accounts

    from .output import plain, print_json
    from .terminal import console

    rows = list_accounts(services)
    if args.json:
        print_json([{**a.model_dump(mode="json"), "strategies": s} for a, s in rows])
        return 0
    if not rows:
        console.print("No accounts yet: `coinpilot account add NAME --paper --capital 5000`.")
        return 0
    table = Table(title="Accounts")
    for col in ("name", "kind", "venue", "quote", "strategy"):
        table.add_column(col)
    for account, strategies in rows:
        venue = "paper" if not account.is_exchange else f"{account.exchange} {account.badge}"
        table.add_row(
            account.name, account.kind, venue, account.quote, plain(", ".join(strategies))
        )
    console.print(table)
    return 0


def cmd_account_check(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import check_account

    from . import views
    from .output import print_json

    check = check_account(services, args.name)
    if args.json:
        print_json(_check_data(check))
    else:
        views.show_account_check(check)
    return 0


def cmd_holdings_import(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.engine import import_csv, import_from_exchange

    from .output import print_json
    from .terminal import console

    if (args.file is None) == (args.source is None):
        raise UserInputError("give either a CSV file or --from EXCHANGE_ACCOUNT, not both or none.")
    if args.source is not None:
        rows = import_from_exchange(services, args.source, args.account)
    else:
        rows = import_csv(services, args.file, args.account)
    if args.json:
        print_json([{"asset": a, "quantity": str(q), **d} for a, q, d in rows])
    else:
        listed = ", ".join(f"{q} {a}" for a, q, _ in rows)
        console.print(f"Imported into {args.account}: {listed}.", markup=False, highlight=False)
    return 0


def cmd_holdings_add(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import UserInputError
    from assistant.engine import add_holdings

    from .output import print_json
    from .terminal import console

    pairs: list[str] = args.pairs
    if len(pairs) % 2:
        raise UserInputError(
            "give holdings as ASSET QTY pairs, e.g. `coinpilot holdings add BTC 0.5 ETH 2 "
            "--account NAME`."
        )
    typed: dict[str, str] = {}
    for asset, quantity in zip(pairs[::2], pairs[1::2], strict=True):
        if asset.upper() in typed:
            raise UserInputError(f"{asset.upper()} appears twice; give each asset once.")
        typed[asset.upper()] = quantity
    rows = add_holdings(services, typed, args.account, "typed (coinpilot holdings add)")
    if args.json:
        print_json([{"asset": a, "quantity": str(q)} for a, q, _ in rows])
    else:
        listed = ", ".join(f"{q} {a}" for a, q, _ in rows)
        console.print(f"Recorded on {args.account}: {listed}.", markup=False, highlight=False)
    return 0


def cmd_resume(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import describe, resume_executions

    from .output import print_json, safe
    from .terminal import console

    reports = resume_executions(services, args.account)
    if args.json:
        print_json(
            [
                {"account": r.account, "decisions": r.decisions, "waiting": r.waiting}
                for r in reports
            ]
        )
        return 0
    if not reports:
        console.print("Nothing to resume: every execution finished.")
    for report in reports:
        if not report.decisions and not report.waiting:
            console.print(f"{report.account}: nothing to resume.")
        for decision in report.decisions:
            said = "completed" if decision.outcome == "executed" else "recorded as partial"
            console.print(f"{report.account}: plan {ids.show_id(decision.plan_hash)} {said}.")
            for line in describe(decision):
                console.print(f"  {safe(line)}", markup=False)
        for plan_hash, why in report.waiting.items():
            console.print(
                safe(f"{report.account}: plan {ids.show_id(plan_hash)} waits: {why}"), markup=False
            )
    return 0


def _check_data(check: AccountCheck) -> dict[str, object]:
    return {
        "account": check.account.model_dump(mode="json"),
        "badge": check.account.badge,
        "balances": {a: str(v) for a, v in check.balances.items()},
        "can_trade": check.can_trade,
        "can_withdraw": check.can_withdraw,
        "permissions_reported": check.permissions_reported,
        "notes": check.notes,
        "strategies": check.strategies,
    }
