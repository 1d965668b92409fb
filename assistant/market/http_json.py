"""JSON over HTTP for the public data sources (Coin Metrics, DefiLlama, JSON-RPC nodes).

One request, bounded in total time by :func:`~assistant.market.news.download.download` (a server
that trickles bytes cannot hold a command for minutes) and in size (a runaway answer cannot fill
memory). A ``429 Too Many Requests`` is waited out when its ``Retry-After`` is short, otherwise it
becomes :class:`SourceRateLimitedError` carrying that delay; a 5xx answer is tried again once. Any
other status comes back with its decoded JSON body, because each source documents its own error
shapes and only its adapter knows what they mean. Nothing here knows any source; nothing here
ever sends anything but the request it is given (no credentials, no cookies).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlparse

from assistant.domain import ConfigError, DataUnavailableError

from .news.download import download

USER_AGENT = "CoinPilot/0.1 (read-only portfolio assistant)"


class SourceRateLimitedError(DataUnavailableError):
    """A public data source asked us to slow down; ``retry_after`` is its wait in seconds."""

    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: float | None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


@dataclass(frozen=True)
class HttpPolicy:
    """How long and how much one request may take, and how patient to be with a busy source."""

    timeout: float = 15.0
    max_bytes: int = 30_000_000
    #: The longest ``Retry-After`` waited out; a longer one is reported instead.
    max_wait: float = 10.0
    #: Tries in all for one request (429 with a short wait, or a 5xx).
    attempts: int = 3
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)


@dataclass(frozen=True)
class JsonAnswer:
    status: int
    data: Any
    url: str


def check_base_url(url: str, setting: str) -> str:
    """A base URL from the settings, without its trailing slash; a ConfigError if not http(s)."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"The setting {setting} ({url!r}) is not an http(s) URL.",
            hint=f"Set COINPILOT_{setting.upper()} to an http(s) URL, or unset it.",
        )
    return url.strip().rstrip("/")


def request_json(
    url: str, *, source: str, body: Any = None, policy: HttpPolicy | None = None
) -> JsonAnswer:
    """GET ``url`` (POST ``body`` as JSON when given) and decode the JSON answer."""
    policy = policy or HttpPolicy()
    for attempt in range(1, policy.attempts + 1):
        last = attempt == policy.attempts
        try:
            status, raw = _once(url, body, policy)
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, _error_body(exc)
            if status == 429:
                wait = retry_after(exc.headers.get("Retry-After"))
                if last or wait is None or wait > policy.max_wait:
                    raise _limited(source, wait) from None
                policy.sleep(wait)
                continue
            if status >= 500:
                if last:
                    raise DataUnavailableError(
                        f"{source} answered HTTP {status} (a server error).",
                        hint="Try again later; cached data is used where there is some.",
                    ) from None
                policy.sleep(min(1.0 * attempt, policy.max_wait))
                continue
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise DataUnavailableError(
                f"{source} could not be reached ({reason}).",
                hint="Check the network or the URL setting; cached data is used where there is.",
            ) from None
        return JsonAnswer(status, _decode(raw, source, status), url)
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def _once(url: str, body: Any, policy: HttpPolicy) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)

    def read(response: Any) -> bytes:
        chunk: bytes = response.read(policy.max_bytes + 1)
        if len(chunk) > policy.max_bytes:
            raise ValueError(f"the answer is larger than {policy.max_bytes:,} bytes")
        return chunk

    raw, _ = download(request, timeout=policy.timeout, read=read)
    return 200, raw


def _error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(1_000_000) or b""
    except OSError:
        return b""


def _decode(raw: bytes, source: str, status: int) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        if status >= 400:
            return None  # an error page in HTML: the status says enough
        raise DataUnavailableError(
            f"{source} answered with something that is not JSON.",
            hint="The source may be down or behind a captive portal; try again later.",
        ) from None


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _limited(source: str, wait: float | None) -> SourceRateLimitedError:
    after = f"; it asks to wait {wait:g} s" if wait is not None else ""
    return SourceRateLimitedError(
        f"{source} is rate-limiting us (HTTP 429){after}.",
        retry_after=wait,
        hint="Try again later; cached data is used where there is some.",
    )
