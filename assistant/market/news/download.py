"""One HTTP(S) download bounded in total time, not only per read.

urllib's ``timeout`` applies to each socket operation, so a server that trickles a byte every few
seconds (headers or body) keeps a download alive for minutes. Here a timer shuts the socket down
when the whole download's deadline passes: whatever read is blocked returns at once, and the
caller gets the :class:`TimeoutError` a per-read timeout would have raised. The socket is watched
before TLS wraps it, so a slow handshake is bounded too. This module only moves bytes: it knows
nothing of feeds and raises urllib's own errors for everything but the deadline.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import urllib.request
from collections.abc import Callable, Iterator
from email.message import Message


class _Deadline:
    """Shuts down every socket it watches once ``seconds`` have passed."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        self._timer.start()
        try:
            yield
        finally:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to interrupt
        sock.shutdown(socket.SHUT_RDWR)


def _handlers(deadline: _Deadline) -> list[urllib.request.BaseHandler]:
    """urllib handlers whose connections hand their raw socket to ``deadline`` on connect."""

    class Watched(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            deadline.watch(self.sock)

    class WatchedTLS(http.client.HTTPSConnection, Watched):
        """``HTTPSConnection.connect`` reaches ``Watched.connect`` before TLS wraps the socket."""

    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Watched, req)

    context = ssl.create_default_context()  # what urllib uses: certificates and host checked

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(WatchedTLS, req, context=context)

    return [Plain(), Secure(context=context)]


def download(
    request: urllib.request.Request,
    *,
    timeout: float,
    read: Callable[[http.client.HTTPResponse], bytes],
) -> tuple[bytes, Message]:
    """``read(response)`` of the response to ``request``, all within ``timeout`` seconds.

    Raises :class:`TimeoutError` when time ran out, else whatever urllib or ``read`` raise.
    """
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(*_handlers(deadline))
    try:
        with deadline.running(), opener.open(request, timeout=timeout) as response:
            body: bytes = read(response)
            headers = response.headers
    except Exception:
        if deadline.expired:
            raise _late(timeout) from None
        raise
    if deadline.expired:  # the shutdown may read as a clean, truncated end
        raise _late(timeout)
    return body, headers


def _late(timeout: float) -> TimeoutError:
    return TimeoutError(f"the download did not finish within {timeout:g} s")
