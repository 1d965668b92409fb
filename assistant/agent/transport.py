"""The HTTP transport under the LLM client: Escape stops the request itself, not just the loop.

The openai client blocks in a socket read while a server thinks; a cancel flag checked between
streamed events cannot interrupt a 70-second first byte, so the next question waited for it.
:class:`CancellableTransport` runs each request and each read of its body on a helper thread
and waits for either the data or the turn's cancel flag. On cancel it shuts the connection down
(which wakes the helper) and raises :class:`TurnCancelled` in the turn's thread at once.

:class:`TurnCancelled` derives from ``BaseException``, like ``asyncio.CancelledError``: the openai
client retries any ``Exception`` and LangGraph may wrap one, and a cancellation must do neither.
It never leaves the session, which turns it into a "stopped" answer; it is control flow, not an
error a person sees, so it stands outside the :class:`~assistant.domain.CoinPilotError` tree.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx

T = TypeVar("T")
#: How often a waiting turn looks at its cancel flag, in seconds.
POLL = 0.05


class TurnCancelled(BaseException):
    """The person stopped the answer; raised in the turn's thread, caught by the session."""


class CancelScope:
    """The cancel flag of the turn now running, set by the session for the length of a turn."""

    def __init__(self) -> None:
        self.event: threading.Event | None = None


def _wait(work: Callable[[], T], cancel: threading.Event, on_cancel: Callable[[], None]) -> T:
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:
            box["error"] = exc
        done.set()

    threading.Thread(target=run, daemon=True, name="coinpilot-llm-io").start()
    while not done.wait(POLL):
        if cancel.is_set():
            on_cancel()
            raise TurnCancelled
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


class CancellableTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, scope: CancelScope) -> None:
        self.inner = inner
        self.scope = scope

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        cancel = self.scope.event
        if cancel is None:
            return self.inner.handle_request(request)
        if cancel.is_set():
            raise TurnCancelled
        response = _wait(lambda: self.inner.handle_request(request), cancel, lambda: None)
        body = _CancellableStream(response, cancel)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=body,
            extensions=response.extensions,
            request=request,
        )

    def close(self) -> None:
        self.inner.close()


class _CancellableStream(httpx.SyncByteStream):
    """A response body read on a helper thread, given up the moment the turn is cancelled."""

    def __init__(self, response: httpx.Response, cancel: threading.Event) -> None:
        self.response = response
        self.cancel = cancel

    def __iter__(self) -> Iterator[bytes]:
        chunks: queue.Queue[bytes | BaseException | None] = queue.Queue()

        def pump() -> None:
            try:
                for chunk in self.response.stream:  # type: ignore[union-attr]
                    chunks.put(chunk)
                chunks.put(None)
            except BaseException as exc:
                chunks.put(exc)

        threading.Thread(target=pump, daemon=True, name="coinpilot-llm-read").start()
        while True:
            try:
                item = chunks.get(timeout=POLL)
            except queue.Empty:
                if self.cancel.is_set():
                    self._hang_up()
                    raise TurnCancelled from None
                continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _hang_up(self) -> None:
        """Shut the socket so the helper's blocked read returns and its thread ends."""
        stream = self.response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):  # already closed by the other side
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # a connection we already shut down
            self.response.close()
