"""The scripting surface: ``coinpilot <command>``. (Being built: see issue 2.)"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("coinpilot: the command line is not built yet.", file=sys.stderr)
    return 2
