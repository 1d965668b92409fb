"""``coinpilot wallet add|list|remove|balances``: watched wallets, read-only.

A wallet is a public address CoinPilot reads balances of; it never signs, sends or trades from
one, and ``portfolio`` shows wallet holdings beside the paper account with where each lives.
Bad input (a name, a chain, an address that fails its checksum) exits 2 and changes nothing.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.engine import Services, WalletReport

CHAIN_CHOICES = ("ethereum", "base", "arbitrum", "polygon", "solana")  # = domain.CHAINS (a test)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "wallet",
        parents=[common],
        help="watch wallets on EVM chains and Solana (read-only)",
        description="Watch a wallet by its public address: its balances are read from the "
        "chain's JSON-RPC node (SIMULATED on the offline demo) and shown by `coinpilot "
        "portfolio` beside the paper account. Read-only: CoinPilot never signs, sends or trades "
        "from a wallet, and never asks for a key.",
    )
    actions = p.add_subparsers(dest="wallet_command", metavar="ACTION", required=True)
    a = actions.add_parser("add", parents=[common], help="watch an address")
    a.add_argument("name", help="a short name, e.g. cold or phantom")
    a.add_argument("--chain", required=True, choices=CHAIN_CHOICES)
    a.add_argument("--address", required=True, help="0x... (EIP-55) or a Solana base58 address")
    a.set_defaults(func=cmd_add)
    lst = actions.add_parser("list", parents=[common], help="the watched wallets")
    lst.set_defaults(func=cmd_list)
    r = actions.add_parser("remove", parents=[common], help="stop watching a wallet")
    r.add_argument("name")
    r.set_defaults(func=cmd_remove)
    b = actions.add_parser("balances", parents=[common], help="read and price the wallets")
    b.add_argument("name", nargs="?", default=None, help="one wallet (default: all)")
    b.add_argument("--source", choices=["auto", "simulated", "rpc"], default=None)
    b.set_defaults(func=cmd_balances)


def cmd_add(args: argparse.Namespace, services: Services) -> int:
    from assistant.domain import READ_ONLY_NOTE
    from assistant.engine import add_wallet

    from .output import print_json, safe
    from .terminal import console

    wallet = add_wallet(services, args.name, args.chain, args.address)
    if args.json:
        print_json({"added": wallet.model_dump(mode="json"), "note": READ_ONLY_NOTE})
        return 0
    console.print(safe(f"Watching {wallet.where}."), markup=False)
    console.print(f"note: {READ_ONLY_NOTE}", markup=False)
    return 0


def cmd_list(args: argparse.Namespace, services: Services) -> int:
    from rich.table import Table

    from assistant.domain import READ_ONLY_NOTE
    from assistant.engine import list_wallets

    from .output import plain, print_json
    from .terminal import console

    wallets = list_wallets(services)
    if args.json:
        print_json({"wallets": [w.model_dump(mode="json") for w in wallets]})
        return 0
    if not wallets:
        console.print(
            "No wallets are watched. Add one: coinpilot wallet add NAME --chain CHAIN "
            "--address ADDRESS",
            markup=False,
        )
        return 0
    table = Table(title="Watched wallets (read-only)")
    for col in ("name", "chain", "address", "added"):
        table.add_column(col, overflow="fold")
    for w in wallets:
        table.add_row(plain(w.name), w.chain, plain(w.address), f"{w.added_at:%Y-%m-%d %H:%M}")
    console.print(table)
    console.print(f"note: {READ_ONLY_NOTE}", markup=False)
    return 0


def cmd_remove(args: argparse.Namespace, services: Services) -> int:
    from assistant.engine import remove_wallet

    from .output import print_json, safe
    from .terminal import console

    wallet = remove_wallet(services, args.name)
    if args.json:
        print_json({"removed": wallet.model_dump(mode="json")})
        return 0
    console.print(safe(f"Stopped watching {wallet.where}."), markup=False)
    return 0


def cmd_balances(args: argparse.Namespace, services: Services) -> int:
    from dataclasses import asdict

    from assistant.engine import portfolio_status, wallet_balances

    from .output import print_json

    quote = portfolio_status(services).quote
    report = wallet_balances(services, args.name, quote=quote, source=args.source)
    # every wallet unreadable, with nothing cached: an operational failure (exit 1), like news
    failed = 1 if report.wallets and all(w.error for w in report.wallets) else 0
    if args.json:
        print_json(asdict(report))
        return failed
    show_wallets(report)
    for note in report.notes:
        print_note(note)
    return failed


def show_wallets(report: WalletReport) -> None:
    from rich.table import Table

    from assistant.numbers import money, price, quantity

    from .output import markup_safe, plain, safe
    from .terminal import console

    for w in report.wallets:
        style = "bold yellow" if w.simulated or w.stale or w.error else "bold"
        console.print(f"[{style}]{markup_safe(w.where)}: {markup_safe(w.label)}[/]")
        if w.error:
            console.print(safe(f"not read: {w.error}"), markup=False)
            for note in w.notes:
                print_note(note)
            continue
        table = Table(title=f"Wallet {markup_safe(w.name)} ({w.chain}, read-only)")
        for col in ("asset", "quantity", f"price ({report.quote})", "value"):
            table.add_column(col, justify="left" if col == "asset" else "right")
        for h in w.holdings:
            shown = h.asset + (f" (priced as {h.priced_as})" if h.priced_as else "")
            table.add_row(
                plain(shown),
                quantity(h.quantity),
                "n/a" if h.price is None else price(h.price),
                "n/a" if h.value is None else money(h.value),
            )
        console.print(table)
        console.print(safe(f"Wallet value {money(w.value, report.quote)}"), markup=False)
        for note in w.notes:
            print_note(note)


def print_note(note: str) -> None:
    from .output import safe
    from .terminal import console

    console.print(f"note: {safe(note)}", markup=False)
