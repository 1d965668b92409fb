"""Feed fixtures: small RSS/Atom files beside these tests, and a local feed server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

FEEDS = Path(__file__).parent / "feeds"


@pytest.fixture
def rss_path() -> Path:
    return FEEDS / "basic.rss.xml"


@pytest.fixture
def atom_path() -> Path:
    return FEEDS / "basic.atom.xml"


@dataclass
class FeedRoute:
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    status: int = 200
    chunked: bool = False  # send without Content-Length


@dataclass
class FeedServerState:
    routes: dict[str, FeedRoute] = field(default_factory=dict)
    seen_headers: list[dict[str, str]] = field(default_factory=list)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        state = self.server.state
        state.seen_headers.append({k: v for k, v in self.headers.items()})
        route = state.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        if route.delay:
            time.sleep(route.delay)
        fresh = route.etag is not None and self.headers.get("If-None-Match") == route.etag
        fresh |= route.last_modified is not None and (
            self.headers.get("If-Modified-Since") == route.last_modified
        )
        try:
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", "application/rss+xml")
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if not route.chunked:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = FeedServerState()


class FeedServer:
    def __init__(self) -> None:
        self._server = _Server()
        self.state = self._server.state
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve(self, path: str, route: FeedRoute) -> str:
        self.state.routes[path] = route
        return self.url(path)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    try:
        yield server
    finally:
        server.stop()
