"""The scripting surface: ``coinpilot <command>``, on the same engine as the app.

Each command parses arguments, calls one engine use case and renders the result; none of them holds
business logic. Errors we raise on purpose are printed as one readable message (or a JSON object
with ``--json``) and exit with 2 for bad input, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from assistant.config import Settings, load_settings
from assistant.domain import CoinPilotError
from assistant.engine import Services

from . import account_commands, agent_commands, backtest_commands, core_commands, market_commands
from .output import report_error


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON document")
    common.add_argument(
        "--market",
        default=None,
        help="demo (default; backtest: history), history, csv:<folder> or ccxt:<exchange>",
    )
    parser = argparse.ArgumentParser(
        prog="coinpilot",
        description="CoinPilot: a conversational portfolio assistant. No command opens the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    core_commands.register(sub, common)
    account_commands.register(sub, common)
    agent_commands.register(sub, common)
    backtest_commands.register(sub, common)
    market_commands.register(sub, common)
    return parser


def _market(args: argparse.Namespace, settings: Settings) -> str | None:
    """``--market``; else the settings' market when the person set one; else the command's
    preference (``backtest`` prefers the shipped real history to the simulated demo)."""
    if args.market:
        return str(args.market)
    if "market" in settings.model_fields_set:  # COINPILOT_MARKET or config.toml
        return None  # Services.open uses settings.market
    preferred = getattr(args, "preferred_market", None)
    return str(preferred) if preferred else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    as_json = bool(getattr(args, "json", False))
    try:
        if not getattr(args, "needs_services", True):
            return int(args.func(args, None))
        settings = load_settings()
        with Services.open(settings, market=_market(args, settings)) as services:
            return int(args.func(args, services))
    except CoinPilotError as exc:
        return report_error(exc, as_json=as_json)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
