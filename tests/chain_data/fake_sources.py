"""Loopback fakes of Coin Metrics' asset-metrics and DefiLlama's /pools (documented shapes)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Script:
    """Answers in order; the last one repeats. Each: (status, body, headers)."""

    answers: list[tuple[int, Any, dict[str, str]]] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)


@contextmanager
def serve(script: Script) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            script.seen.append(self.path)
            i = min(len(script.seen) - 1, len(script.answers) - 1)
            status, body, headers = script.answers[i]
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def cm_rows(days: list[str], *, flows: bool = True) -> list[dict[str, Any]]:
    rows = []
    for i, day in enumerate(days):
        row: dict[str, Any] = {
            "asset": "btc",
            "time": f"{day}T00:00:00.000000000Z",
            "AdrActCnt": str(700000 + i),
            "HashRate": str(1.0e9 + i),
        }
        if flows:
            row["FlowInExNtv"] = str(20000.0 + 100 * i)
            row["FlowOutExNtv"] = None if i == 0 else str(21000.0)
        rows.append(row)
    return rows


def query(path: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(path).query)
