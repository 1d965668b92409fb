"""Record a real model's answers once, replay them in CI: cassettes at the HTTP transport.

A cassette is a JSONL file: one line per model request, keyed on what decides the answer (the
request body: model, messages, tools, temperature, streaming and every other setting sent) and
holding the server's reply body as it came. Recording forwards each request to the real server
and keeps the reply only when it succeeded: an error, a timeout or a refused key is never cached,
so a replay never repeats an outage. Replaying answers from the file alone and fails the request
(a :class:`CassetteMissError`) when the key is absent: the prompt, the tools, the model or a
setting changed, and the run must be recorded again. Headers (the API key) are never part of a key
nor written to the file.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any, Literal

import httpx

from .provider_errors import ProviderError

Mode = Literal["record", "replay"]


class CassetteMissError(ProviderError):
    """A replayed run asked something the cassette has no answer for."""

    kind = "cassette_miss"


def request_key(body: bytes) -> str:
    """SHA-256 of the request body's canonical JSON (key order and spacing do not count)."""
    try:
        data: Any = json.loads(body or b"{}")
    except ValueError:
        return hashlib.sha256(body).hexdigest()
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Cassette:
    """The answers in one file, loaded at open; recording appends to it."""

    def __init__(self, path: Path, mode: Mode) -> None:
        self.path = path
        self.mode = mode
        self.answers: dict[str, dict[str, Any]] = {}
        self.hits = 0
        self.recorded = 0
        self._lock = threading.Lock()
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                if line.strip():
                    entry = json.loads(line)
                    self.answers[entry["key"]] = entry
        elif mode == "replay":
            raise CassetteMissError(
                f"There is no cassette at {path}.",
                hint="Record one first: coinpilot eval ... --record PATH.",
            )

    def keep(self, key: str, model: str, status: int, content_type: str, body: str) -> None:
        entry = {"key": key, "model": model, "status": status, "type": content_type, "body": body}
        with self._lock:
            if key in self.answers:
                return
            self.answers[key] = entry
            self.recorded += 1
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")


class CassetteTransport(httpx.BaseTransport):
    """Replay from ``cassette``, or forward to ``inner`` and record what succeeded."""

    def __init__(self, cassette: Cassette, inner: httpx.BaseTransport | None = None) -> None:
        self.cassette = cassette
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        key = request_key(body)
        if self.cassette.mode == "replay" or self.inner is None:
            entry = self.cassette.answers.get(key)
            if entry is None:
                raise CassetteMissError(
                    "The cassette has no answer for this model request (the prompt, tools, model "
                    "or a setting changed since it was recorded).",
                    hint="Record the run again with --record.",
                )
            self.cassette.hits += 1
            return _response(request, entry["status"], entry["type"], entry["body"])
        response = self.inner.handle_request(request)
        data = response.read()
        kind = response.headers.get("content-type", "application/json")
        if response.status_code == 200:
            model = str(json.loads(body or b"{}").get("model", ""))
            self.cassette.keep(key, model, 200, kind, data.decode("utf-8"))
        # The body is decoded already: pass on its type alone, never a stale content-encoding.
        text = data.decode("utf-8", "replace")
        retry = (
            {"retry-after": response.headers["retry-after"]}
            if "retry-after" in response.headers
            else {}
        )
        return _response(request, response.status_code, kind, text, retry)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def _response(
    request: httpx.Request, status: int, kind: str, body: str, extra: dict[str, str] | None = None
) -> httpx.Response:
    headers = {"content-type": kind, **(extra or {})}
    return httpx.Response(
        status_code=status, headers=headers, content=body.encode(), request=request
    )
