"""Alert sinks against a loopback HTTP server and a stand-in notify-send; failures are contained."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.alerts import (
    AlertDeliveryError,
    CollectingSink,
    DesktopSink,
    JsonWebhookSink,
    NtfySink,
    TelegramSink,
)
from assistant.domain.watch import AlertRecord
from assistant.journal import Journal
from assistant.watch.alerting import deliver, sinks_from_settings

from .conftest import Receiver

ALERT = AlertRecord(
    at=datetime(2026, 1, 15, 12, tzinfo=UTC),
    title="Rebalance proposed: core",
    body="drift: XRP drifted +8.2% from its 22.3% target; plan abc waits",
    severity="warning",
    spec_name="core",
    plan_hash="abc",
)


def test_the_generic_webhook_posts_the_alert_as_json(receiver: Receiver) -> None:
    JsonWebhookSink(receiver.url + "/hook").send(ALERT)
    (got,) = receiver.requests
    assert got.path == "/hook" and got.headers["Content-Type"] == "application/json"
    body = got.json()
    assert body["source"] == "coinpilot" and body["title"] == ALERT.title
    assert body["body"] == ALERT.body and body["severity"] == "warning"
    assert body["spec_name"] == "core" and body["plan_hash"] == "abc"
    assert body["at"] == "2026-01-15T12:00:00Z"


def test_ntfy_gets_the_body_as_text_and_the_title_and_priority_as_headers(
    receiver: Receiver,
) -> None:
    NtfySink(receiver.url + "/coinpilot-alerts").send(ALERT)
    (got,) = receiver.requests
    assert got.path == "/coinpilot-alerts" and got.body.decode() == ALERT.body
    assert got.headers["Title"] == ALERT.title and got.headers["Priority"] == "high"


def test_telegram_gets_send_message_with_the_chat_and_the_text(receiver: Receiver) -> None:
    TelegramSink(receiver.url, "123:SECRET", "-1001").send(ALERT)
    (got,) = receiver.requests
    assert got.path == "/bot123:SECRET/sendMessage"
    assert got.json() == {
        "chat_id": "-1001",
        "text": f"{ALERT.title}\n{ALERT.body}",
        "disable_web_page_preview": True,
    }


def test_a_failing_sink_is_journaled_without_its_token_and_the_others_still_get_it(
    receiver: Receiver,
) -> None:
    receiver.status = 500
    app = CollectingSink()
    with Journal.open("sqlite://") as journal:
        record = deliver(ALERT, [TelegramSink(receiver.url, "123:SECRET", "1"), app], journal)
        assert record.delivered == {
            "telegram": "the Telegram API answered HTTP 500; alert not delivered.",
            "app": "sent",
        }
        assert journal.alerts()[0] == record
    assert app.sent == [ALERT]
    assert "SECRET" not in str(record.model_dump())


def test_an_unreachable_webhook_says_so() -> None:
    with pytest.raises(AlertDeliveryError, match="could not be reached"):
        JsonWebhookSink("http://127.0.0.1:9/nothing-listens").send(ALERT)


def test_a_webhook_address_that_is_not_http_is_refused() -> None:
    with pytest.raises(AlertDeliveryError, match="not an http"):
        JsonWebhookSink("file:///etc/passwd").send(ALERT)


def test_desktop_notifications_go_through_notify_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "args.txt"
    script = tmp_path / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    DesktopSink().send(ALERT)
    args = log.read_text().splitlines()
    assert args[-2:] == [ALERT.title, ALERT.body] and "--app-name=CoinPilot" in args


def test_without_notify_send_the_desktop_sink_says_so_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(AlertDeliveryError, match="notify-send is not installed"):
        DesktopSink().send(ALERT)


def test_the_configured_sinks_are_built_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.config import load_settings

    monkeypatch.setenv("COINPILOT_ALERT_TELEGRAM_TOKEN", "1:x")
    settings = load_settings(
        alert_webhook_url="http://127.0.0.1:1/h",
        alert_ntfy_url="http://127.0.0.1:1/t",
        alert_telegram_chat_id="5",
    )
    assert [s.name for s in sinks_from_settings(settings)] == [
        "desktop",
        "webhook",
        "ntfy",
        "telegram",
    ]
