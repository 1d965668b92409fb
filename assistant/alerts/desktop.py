"""Desktop notifications through ``notify-send`` (libnotify), when the system has it.

Where it is missing the sink says so plainly once (``desktop_available`` is False and
``send`` raises); nothing pretends a notification was shown.
"""

from __future__ import annotations

import shutil
import subprocess

from assistant.domain.watch import AlertRecord

from .protocol import AlertDeliveryError

_URGENCY = {"info": "normal", "warning": "normal", "error": "critical"}


def desktop_available() -> bool:
    return shutil.which("notify-send") is not None


class DesktopSink:
    def __init__(self, command: str = "notify-send", timeout: float = 5.0) -> None:
        self._command = command
        self._timeout = timeout

    @property
    def name(self) -> str:
        return "desktop"

    def send(self, alert: AlertRecord) -> None:
        path = shutil.which(self._command)
        if path is None:
            raise AlertDeliveryError(
                f"no desktop notification: {self._command} is not installed.",
                hint="Install libnotify (notify-send), or use a webhook or ntfy for alerts.",
            )
        argv = [path, "--app-name=CoinPilot", f"--urgency={_URGENCY[alert.severity]}"]
        try:
            subprocess.run(
                [*argv, "--", alert.title, alert.body],
                check=True,
                timeout=self._timeout,
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise AlertDeliveryError(
                f"{self._command} failed ({type(exc).__name__}); no desktop notification."
            ) from None
