"""The ``coinpilot`` console script: no arguments opens the app, anything else is the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from assistant.cli.demo import run_demo

        return run_demo()
    from assistant.cli import main as cli_main

    return cli_main(args)
