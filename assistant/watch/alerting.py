"""Turn a check into an alert (or not), deliver it to every sink, and journal what happened.

A person hears about a check when it needs them: a plan waits, a plan ran, a risk rule fired,
data went stale, a check failed. The same news is not repeated every round: an outcome and
trigger equal to the strategy's previous check are alerted again only after ``repeat_after``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

from assistant.alerts import AlertDeliveryError, AlertSink
from assistant.config import Settings
from assistant.domain.watch import AlertRecord, CheckRecord
from assistant.journal import Journal

log = logging.getLogger(__name__)

_TITLES = {
    "proposed": ("Rebalance proposed", "info"),
    "executed": ("Rebalance executed", "info"),
    "held": ("Rebalance held for confirmation", "warning"),
    "risk": ("Risk rule fired", "warning"),
    "stale": ("Market data stale: no action", "warning"),
    "error": ("Watcher check failed", "error"),
}
REPEAT_AFTER = timedelta(hours=24)


def alert_for(
    check: CheckRecord, previous: CheckRecord | None, repeat_after: timedelta = REPEAT_AFTER
) -> AlertRecord | None:
    """The alert this check deserves, or None (quiet, or the same news as just before)."""
    if check.outcome not in _TITLES:
        return None
    same = (
        previous is not None
        and previous.outcome == check.outcome
        and previous.trigger == check.trigger
        and check.outcome not in ("executed",)
        and check.at - previous.at < repeat_after
    )
    if same:
        return None
    title, severity = _TITLES[check.outcome]
    return AlertRecord(
        at=check.at,
        title=f"{title}: {check.spec_name}",
        body=check.reason,
        severity=severity,  # type: ignore[arg-type]
        spec_name=check.spec_name,
        plan_hash=check.plan_hash,
    )


def deliver(alert: AlertRecord, sinks: Sequence[AlertSink], journal: Journal) -> AlertRecord:
    """Send to every sink (one failing does not stop the others) and journal the outcome."""
    delivered: dict[str, str] = {}
    for sink in sinks:
        try:
            sink.send(alert)
        except AlertDeliveryError as exc:
            delivered[sink.name] = exc.message
            log.warning("alert not delivered to %s: %s", sink.name, exc.message)
        else:
            delivered[sink.name] = "sent"
    record = alert.model_copy(update={"delivered": delivered})
    journal.record_alert(record)
    return record


def sinks_from_settings(settings: Settings) -> list[AlertSink]:
    """The sinks the person configured: desktop (on by default), webhook, ntfy, Telegram."""
    from assistant.alerts import DesktopSink, JsonWebhookSink, NtfySink, TelegramSink

    sinks: list[AlertSink] = []
    if settings.alert_desktop:
        sinks.append(DesktopSink())
    if settings.alert_webhook_url:
        sinks.append(JsonWebhookSink(settings.alert_webhook_url))
    if settings.alert_ntfy_url:
        sinks.append(NtfySink(settings.alert_ntfy_url))
    if settings.alert_telegram_token is not None and settings.alert_telegram_chat_id:
        sinks.append(
            TelegramSink(
                settings.alert_telegram_url,
                settings.alert_telegram_token.get_secret_value(),
                settings.alert_telegram_chat_id,
            )
        )
    return sinks
