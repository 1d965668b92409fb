"""How commands speak: rich tables for people, one JSON document for scripts.

Commands return data (pydantic models or plain dicts); this module decides how it looks. Errors are
rendered here too, so every command reports a :class:`CoinPilotError` the same way.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import BaseModel
from rich.console import Console

from assistant.domain import CoinPilotError

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


def to_jsonable(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [to_jsonable(d) for d in data]
    if isinstance(data, dict):
        return {k: to_jsonable(v) for k, v in data.items()}
    return data


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), indent=2, default=str) + "\n")


def report_error(exc: CoinPilotError, *, as_json: bool) -> int:
    """Print an error for a person or a script; user mistakes exit 2, everything else 1."""
    from assistant.domain import UserInputError

    if as_json:
        print_json(exc.to_dict())
    else:
        err_console.print(f"[bold red]error:[/] {exc.message}", markup=True)
        if exc.hint:
            err_console.print(exc.hint, markup=False)
    return 2 if isinstance(exc, UserInputError) else 1


def pct(x: float | None) -> str:
    return "" if x is None else f"{x:.1%}"
