"""What the app does with an error nobody expected: write it down, say where, exit non-zero.

Textual ends the app on an exception that a handler or a worker lets through, prints a traceback
and, left alone, ``coinpilot`` then exited with status 0. Here the traceback goes into a log file
under ``$COINPILOT_HOME/logs``, the terminal shows a short panel with the error and that file's
path, and the exit status is 1. Errors the app handles itself (a failed answer, a failed
warm-up) are written to the same log so the notice can say where the details are.

It never keeps the app running after an unexpected error: the handler that raised left the app
in a state nobody designed for. It imports no engine code, so it works however early things fail.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from .paths import LOGS, data_home

_SECRET = re.compile(r"(sk-|Bearer\s+)[A-Za-z0-9_\-]{6,}")
_MAX_SUMMARY = 300


def record_error(error: BaseException, home: Path | None, context: str) -> Path | None:
    """Append ``error`` and its traceback to today's log; the log's path, or None if unwritable.

    The home's ``logs`` folder first, the system's temporary folder if the home is not writable.
    """
    now = datetime.now().astimezone()
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    entry = f"--- {now:%Y-%m-%d %H:%M:%S %z} {context}\n" + _SECRET.sub(r"\1***", "".join(lines))
    for folder in (data_home(home) / LOGS, Path(tempfile.gettempdir()) / "coinpilot-logs"):
        path = folder / f"coinpilot-{now:%Y-%m-%d}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry + "\n")
        except OSError:
            continue
        return path
    return None


def logged(error: BaseException, home: Path | None, context: str) -> str:
    """Log ``error``; a sentence for a notice: what happened and where the details are."""
    return f"{summary(error)}. {where(record_error(error, home, context))}."


def summary(error: BaseException) -> str:
    """One line a person can quote: the exception's class and message, secrets masked."""
    text = _SECRET.sub(r"\1***", f"{type(error).__name__}: {error}".strip())
    return text if len(text) <= _MAX_SUMMARY else text[: _MAX_SUMMARY - 1] + "…"


def where(log: Path | None) -> str:
    """Where the details went, the path shortened with ``~`` so it fits a narrow terminal."""
    if log is None:
        return "The details could not be written to a log."
    try:
        shown = "~/" + str(log.relative_to(Path.home()))
    except ValueError:
        shown = str(log)
    return f"The details are in {shown}"


class UnexpectedError(Exception):
    """An exception nobody handled, with the log its traceback went to; renders as the panel.

    Textual prints an exception that has ``__rich__`` through it instead of as a traceback.
    """

    def __init__(self, error: BaseException, log: Path | None) -> None:
        super().__init__(summary(error))
        self.error = error
        self.log = log
        self.__cause__ = error

    def __rich__(self) -> RenderableType:
        return Panel(
            Group(
                Text(summary(self.error), style="bold"),
                Text(""),
                Text(where(self.log)),
                Text("Start coinpilot again to go on; attach that file if you report this."),
            ),
            title="CoinPilot stopped because of an unexpected error",
            title_align="left",
            border_style="red",
            expand=False,
        )
