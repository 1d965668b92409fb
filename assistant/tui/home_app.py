"""The app's dealings with its data directory: its error log, its screenshots, its crash panel.

Everything the app writes goes under ``$COINPILOT_HOME`` (:mod:`assistant.tui.paths`), never the
current directory. An exception nobody handled ends the app with exit status 1 and a panel naming
the log that holds its traceback (:mod:`assistant.tui.crash`), never a bare traceback and status 0.
Kept apart from :class:`~assistant.tui.app.CoinPilotApp` so that one is about screens and
services only.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.worker import WorkerFailed

from .crash import UnexpectedError, logged, record_error
from .paths import SCREENSHOTS, data_home


class HomeApp(App[None]):
    """An app that knows its data directory; subclasses say where it is once it is known."""

    @property
    def home(self) -> Path | None:
        """The data directory (logs, screenshots), once known; None means the default one."""
        return None

    def log_error(self, error: BaseException, context: str) -> str:
        """Write ``error`` to the log; a notice's sentence: what happened and where the log is."""
        return logged(error, self.home, context)

    def _handle_exception(self, error: Exception) -> None:
        """Textual calls this with any exception a handler or worker let through, then exits.

        Its exit stays (and its exit status 1); the traceback goes to the log, and what the
        terminal shows is :class:`UnexpectedError`'s panel. Overridden because Textual offers
        no public hook for this.
        """
        if not isinstance(error, UnexpectedError):
            cause = error.error if isinstance(error, WorkerFailed) else error
            error = UnexpectedError(cause, record_error(cause, self.home, "unexpected error"))
        super()._handle_exception(error)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen (the palette's Screenshot, and ``action_screenshot``).

        Into ``$COINPILOT_HOME/screenshots`` unless a folder is given: Textual's default (the
        Downloads folder, else the current directory) dropped files into whatever repository
        the app was started from. Textual's notice then names the file."""
        if path is None:
            folder = data_home(self.home) / SCREENSHOTS
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self.notify(f"Cannot create {folder}: {exc}", title="Screenshot", severity="error")
                return None
            path = str(folder)
        return super().deliver_screenshot(filename, path, time_format)
