"""How commands speak: rich tables for people (:mod:`.terminal`), one JSON document for scripts.

Commands return data (pydantic models or plain dicts); this module decides how it looks. Errors are
rendered here too, so every command reports a :class:`CoinPilotError` the same way. rich is
imported only where a person is the reader, so a command run with ``--json`` never loads it.

Text from outside (headlines, feed and file names, exchange reasons, model replies, journal
records) is data, never terminal commands or rich markup: :func:`safe` shows control characters
as ``\\x1b``-style escapes and :func:`markup_safe` also escapes rich's ``[tags]``. Every such
string goes through one of them, or through :func:`plain` for a table cell, before it is printed.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from assistant.domain import CoinPilotError
from assistant.presentation.text import safe as safe  # one rule for both surfaces

if TYPE_CHECKING:
    from rich.text import Text


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


def markup_safe(text: object) -> str:
    """:func:`safe`, and rich's markup escaped, for splicing into a string printed with markup."""
    from rich.markup import escape

    return escape(safe(text))


def plain(text: object) -> Text:
    """A table cell or line that rich prints as is: no markup, no control characters."""
    from rich.text import Text

    return Text(safe(text))


def exit_status(exc: CoinPilotError) -> int:
    """2 when the fix is in the input (``exc.bad_input``), 1 for an operational failure."""
    return 2 if exc.bad_input else 1


def report_error(exc: CoinPilotError, *, as_json: bool) -> int:
    """Print an error for a person or a script; return the exit status (:func:`exit_status`)."""
    if as_json:
        print_json(exc.to_dict())
    else:
        from .terminal import err_console

        err_console.print(f"[bold red]error:[/] {markup_safe(exc.message)}", markup=True)
        if exc.hint:
            err_console.print(safe(exc.hint), markup=False)
    return exit_status(exc)
