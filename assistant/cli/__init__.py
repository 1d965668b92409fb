"""The scripting surface: ``coinpilot <command>``, on the same engine as the app.

Each command parses arguments, calls one engine use case and renders the result; none of them holds
business logic. Errors we raise on purpose are printed as one readable message (or a JSON object
with ``--json``), and the exit status says whose move it is:

* **0**: done.
* **2, bad input**: what the person gave must change before the same command can work, and
  nothing was changed. That is a wrong argument (argparse exits 2 too), a spec, a CSV or feed
  file, ``config.toml``, a ``COINPILOT_*`` variable or ``COINPILOT_HOME``, market data that
  cannot be used (a missing ``--prices`` or ``csv:`` folder, a price out of range), or a damaged
  journal: every error whose ``bad_input`` is true (UserInputError, ConfigError, DataError,
  JournalError; see the tree in :mod:`assistant.domain.errors`).
* **1, operational failure**: the same command may work later or elsewhere: an exchange or feed
  that could not be reached or answered badly (DataUnavailableError, ExchangeError), a journal
  locked by another process (JournalUnavailableError), a feature not available
  (NotAvailableError), a model that failed (AgentError); also `news` when every feed failed
  for such a reason, and `market fetch` when a symbol could not be fetched.
* **130**: interrupted.

Start-up is part of the interface: `coinpilot --help` imports argparse and the command
modules, which import nothing heavy at their top; a command imports what it uses when it runs.
tests/cli/test_start_imports.py keeps LangChain, chromadb, pandas and friends out of both.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import (
    account_commands,
    agent_commands,
    backtest_commands,
    core_commands,
    eval_commands,
    market_commands,
    onchain_commands,
    replay_commands,
    trading_commands,
    wallet_commands,
    watch_commands,
)

if TYPE_CHECKING:
    from assistant.config import Settings


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
    eval_commands.register(sub, common)
    backtest_commands.register(sub, common)
    replay_commands.register(sub, common)
    market_commands.register(sub, common)
    trading_commands.register(sub, common)
    onchain_commands.register(sub, common)
    wallet_commands.register(sub, common)
    watch_commands.register(sub, common)
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
    from assistant.domain import CoinPilotError  # pydantic: after parsing, so --help stays light

    from .output import report_error

    try:
        if not getattr(args, "needs_services", True):
            return int(args.func(args, None))
        from assistant.config import load_settings
        from assistant.engine import Services

        settings = load_settings()
        with Services.open(settings, market=_market(args, settings)) as services:
            return int(args.func(args, services))
    except CoinPilotError as exc:
        return report_error(exc, as_json=as_json)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
