"""The ``coinpilot`` console script: no command opens the app, anything else is the CLI.

``coinpilot --market ccxt:binance`` (or ``csv:<folder>``) opens the app on that market.

``coinpilot demo`` keeps the plain-terminal walk through the core (plan, confirm, explain).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        return run_app()
    if len(args) == 2 and args[0] == "--market":
        return run_app(args[1])
    if len(args) == 1 and args[0].startswith("--market="):
        return run_app(args[0].partition("=")[2])
    if args == ["demo"]:
        from assistant.cli.demo import run_demo

        return run_demo()
    from assistant.cli import main as cli_main

    return cli_main(args)


def run_app(market: str | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "coinpilot with no arguments opens the app, which needs a terminal. "
            "For scripts, see `coinpilot --help`.",
            file=sys.stderr,
        )
        return 2
    from assistant.tui import CoinPilotApp

    app = CoinPilotApp(market=market)
    try:
        app.run()
    except Exception as exc:  # the terminal driver itself failed: the same panel, status 1
        from rich.console import Console

        from assistant.tui.crash import UnexpectedError, record_error

        Console(stderr=True).print(UnexpectedError(exc, record_error(exc, app.home, "app")))
        return 1
    return app.return_code or 0  # 1 when the app ended on an unexpected error
