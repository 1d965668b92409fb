"""Webhook sinks: a generic JSON POST, an ntfy topic, and the Telegram Bot API's sendMessage.

Each format is a pure function from an alert to ``(url, headers, body)`` so tests can read what
would be sent; :func:`post` sends it with the standard library, bounded in time. A delivery error
names the sink and the HTTP status, never the URL (a Telegram URL carries the bot token).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from assistant.domain.watch import AlertRecord

from .protocol import AlertDeliveryError

Request = tuple[str, dict[str, str], bytes]
_TIMEOUT = 10.0
_NTFY_PRIORITY = {"info": "default", "warning": "high", "error": "urgent"}


def json_request(url: str, alert: AlertRecord) -> Request:
    body = {"source": "coinpilot", **alert.model_dump(mode="json", exclude={"delivered"})}
    return url, {"Content-Type": "application/json"}, json.dumps(body).encode()


def ntfy_request(url: str, alert: AlertRecord) -> Request:
    # ntfy: POST the message to the topic URL; title and priority as headers (ASCII only).
    headers = {
        "Title": alert.title.encode("ascii", "replace").decode(),
        "Priority": _NTFY_PRIORITY[alert.severity],
        "Tags": "coinpilot",
        "Content-Type": "text/plain; charset=utf-8",
    }
    return url, headers, alert.body.encode()


def telegram_request(api_root: str, token: str, chat_id: str, alert: AlertRecord) -> Request:
    url = f"{api_root.rstrip('/')}/bot{token}/sendMessage"
    body: dict[str, Any] = {
        "chat_id": chat_id,
        "text": f"{alert.title}\n{alert.body}",
        "disable_web_page_preview": True,
    }
    return url, {"Content-Type": "application/json"}, json.dumps(body).encode()


def post(sink: str, request: Request, timeout: float = _TIMEOUT) -> None:
    url, headers, body = request
    if not url.startswith(("http://", "https://")):
        raise AlertDeliveryError(f"the {sink} address is not an http(s) URL; nothing was sent.")
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            response.read(4096)
    except urllib.error.HTTPError as exc:
        raise AlertDeliveryError(
            f"the {sink} answered HTTP {exc.code}; alert not delivered."
        ) from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = type(getattr(exc, "reason", exc)).__name__
        raise AlertDeliveryError(f"the {sink} could not be reached ({reason}).") from None


class JsonWebhookSink:
    def __init__(self, url: str) -> None:
        self._url = url

    @property
    def name(self) -> str:
        return "webhook"

    def send(self, alert: AlertRecord) -> None:
        post("webhook", json_request(self._url, alert))


class NtfySink:
    def __init__(self, url: str) -> None:
        self._url = url

    @property
    def name(self) -> str:
        return "ntfy"

    def send(self, alert: AlertRecord) -> None:
        post("ntfy server", ntfy_request(self._url, alert))


class TelegramSink:
    def __init__(self, api_root: str, token: str, chat_id: str) -> None:
        self._root, self._token, self._chat = api_root, token, chat_id

    @property
    def name(self) -> str:
        return "telegram"

    def send(self, alert: AlertRecord) -> None:
        post("Telegram API", telegram_request(self._root, self._token, self._chat, alert))
