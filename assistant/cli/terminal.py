"""The rich consoles a person reads: tables and colour on stdout, errors and progress on stderr.

Apart from :mod:`.output` so that a command run with ``--json`` never imports rich.
"""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


def pct(x: float | None) -> str:
    return "" if x is None else f"{x:.1%}"
