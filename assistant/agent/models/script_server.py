"""A scripted OpenAI-compatible server on 127.0.0.1: the real client path, with no real model.

The agent talks to LLMs through langchain-openai and the openai client; what can go wrong lives in
that path (how deltas are streamed, missing usage, errors, stalls, truncation), so tests and the
safety and trajectory evals drive it through this server rather than an in-process fake. It
speaks ``POST /v1/chat/completions``, streaming (SSE) or not, in three streaming dialects seen in
the wild (FACTS.md):

- ``openai``: a tool call's id and name in its first delta, then argument fragments;
- ``ollama``: each tool call whole, in one chunk;
- ``vllm``: id and name repeated in every delta (a naive accumulator concatenates the names).

Each request takes the next :class:`~.script_steps.Step` of the script. Every request body and
its headers are kept in ``requests`` so a test can check what the client sent (that no key is in
a body, which tools and schema were offered). It binds loopback only and never reads files.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from .script_steps import ScriptedCall, Step

Dialect = Literal["openai", "ollama", "vllm"]
EXHAUSTED = Step(text="(the script has no more replies)")


class ScriptServer:
    """Serve ``steps`` in order, one per request; use as a context manager."""

    def __init__(self, steps: list[Step], dialect: Dialect = "openai") -> None:
        self.steps = list(steps)
        self.dialect = dialect
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> ScriptServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closing.set()  # wakes stalled handlers
        self._httpd.shutdown()
        self._httpd.server_close()

    def next_step(self, body: dict[str, Any], headers: dict[str, str]) -> Step:
        with self._lock:
            self.requests.append({"body": body, "headers": headers})
            return self.steps.pop(0) if self.steps else EXHAUSTED

    def wait(self, seconds: float) -> bool:
        """Sleep ``seconds`` unless the server closes first; True if it is closing."""
        return self._closing.wait(seconds) if seconds > 0 else self._closing.is_set()


def _handler(server: ScriptServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            step = server.next_step(body, {k.lower(): v for k, v in self.headers.items()})
            if server.wait(step.stall):
                return
            if step.error is not None:
                auth = self.headers.get("Authorization", "").removeprefix("Bearer ")
                return self._error(step, auth)
            request_chars = len(json.dumps(body.get("messages", [])))
            if body.get("stream"):
                include = bool((body.get("stream_options") or {}).get("include_usage"))
                return self._stream(step, request_chars, include, str(body.get("model")))
            payload = _completion(step, request_chars, str(body.get("model")))
            self._send(200, json.dumps(payload).encode(), "application/json")

        def _error(self, step: Step, auth: str) -> None:
            kind = "rate_limit_error" if step.error == 429 else "server_error"
            message = str(step.extra.get("message", f"scripted {step.error}"))
            text = {"error": {"message": message.replace("{auth}", auth), "type": kind}}
            extra = {"Retry-After": str(step.retry_after)} if step.retry_after is not None else {}
            self._send(int(step.error or 500), json.dumps(text).encode(), "application/json", extra)

        def _stream(self, step: Step, request_chars: int, include: bool, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for n, chunk in enumerate(_chunks(step, server.dialect, model)):
                    self._event(chunk)
                    if n == 0 and server.wait(step.stall_mid):
                        return
                usage = step.tokens(request_chars)
                if include and usage is not None:
                    self._event(_base(model) | {"choices": [], "usage": _usage(*usage)})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the client went away (cancelled)
                return
            self.close_connection = True

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
            self.wfile.flush()

        def _send(
            self, status: int, data: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _base(model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }


def _usage(prompt: int, completion: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _completion(step: Step, request_chars: int, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": step.text or None}
    if step.calls:
        message["tool_calls"] = [_whole(c) for c in step.calls]
    payload = _base(model) | {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": step.finish}],
    }
    usage = step.tokens(request_chars)
    if usage is not None:
        payload["usage"] = _usage(*usage)
    return payload


def _whole(call: ScriptedCall, index: int | None = None) -> dict[str, Any]:
    out = {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }
    return out if index is None else {"index": index, **out}


def _chunks(step: Step, dialect: Dialect, model: str) -> Iterator[dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return _base(model) | {"choices": [choice]}

    yield chunk({"role": "assistant", "content": ""})
    words = step.text.split(" ")
    for i, word in enumerate(words if step.text else []):
        yield chunk({"content": word if i == len(words) - 1 else word + " "})
    for index, call in enumerate(step.calls):
        if dialect == "ollama":
            yield chunk({"tool_calls": [_whole(call, index)]})
            continue
        pieces = [call.arguments[i : i + 16] for i in range(0, len(call.arguments), 16)] or [""]
        for n, piece in enumerate(pieces):
            fn: dict[str, Any] = {"arguments": piece}
            delta: dict[str, Any] = {"index": index, "function": fn}
            if n == 0 or dialect == "vllm":
                fn["name"] = call.name
                delta.update(id=call.id, type="function")
            if dialect == "openai" and n == 0:
                yield chunk({"tool_calls": [{**delta, "function": {**fn, "arguments": ""}}]})
                delta = {"index": index, "function": {"arguments": piece}}
            yield chunk({"tool_calls": [delta]})
    yield chunk({}, step.finish)
