"""A raw TCP server on 127.0.0.1 that answers each connection with a script of bytes and pauses.

The feed tests need servers that misbehave in ways a well-mannered HTTP server cannot: trickling
one byte every few tenths of a second, sending a broken status line, closing half-way.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

Step = bytes | float  # bytes to send, or seconds to wait


@contextmanager
def serving(script: Sequence[Step] | Callable[[], Sequence[Step]]) -> Iterator[str]:
    """Serve ``script`` (or what ``script()`` returns then) to every connection; yields the URL."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(2.0)
                conn.recv(65536)
                for step in script() if callable(script) else script:
                    if stop.is_set():
                        return
                    if isinstance(step, bytes):
                        conn.sendall(step)
                    else:
                        time.sleep(step)
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/feed"
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


def trickle(head: bytes, count: int, pause: float) -> list[Step]:
    """``head``, then ``count`` single bytes ``pause`` seconds apart."""
    return [head, *[step for _ in range(count) for step in (b"x", pause)]]
