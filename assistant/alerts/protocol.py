"""The alert sink protocol, its error, and the in-memory twin the app and the tests use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from assistant.domain import CoinPilotError
from assistant.domain.watch import AlertRecord


class AlertDeliveryError(CoinPilotError):
    """An alert could not be delivered to one sink; the others still get it.

    Its message is journaled beside the alert, so it never contains a secret (no token, no URL
    with one in its path).
    """

    code = "alert_delivery"


class AlertSink(Protocol):
    @property
    def name(self) -> str: ...

    def send(self, alert: AlertRecord) -> None:
        """Deliver ``alert`` or raise :class:`AlertDeliveryError`."""
        ...


class CollectingSink:
    """Keeps alerts in a list, and hands each to ``on_alert`` (the app shows a notification)."""

    def __init__(self, name: str = "app", on_alert: Callable[[AlertRecord], None] | None = None):
        self._name = name
        self._on_alert = on_alert
        self.sent: list[AlertRecord] = []

    @property
    def name(self) -> str:
        return self._name

    def send(self, alert: AlertRecord) -> None:
        self.sent.append(alert)
        if self._on_alert is not None:
            self._on_alert(alert)
