"""Watcher fixtures: a pinned demo market and clock, an executed strategy, a loopback receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.config import load_settings
from assistant.domain import StrategySpec
from assistant.engine import Clock, Services, execute_plan, plan_rebalance
from assistant.journal import Journal
from assistant.market import DemoMarket

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def make_spec(**overrides: Any) -> StrategySpec:
    data: dict[str, Any] = {
        "name": "core",
        "version": 1,
        "quote": "USDT",
        "capital": 5000,
        "objective": "hrp",
        "universe": {"symbols": ["BTC", "ETH", "SOL", "BNB", "XRP"]},
        "rebalance": {"drift_threshold": 0.02},
    }
    data.update(overrides)
    return StrategySpec.model_validate(data)


def open_services(journal: Journal | None = None, **settings: Any) -> Services:
    return Services(
        settings=load_settings(alert_desktop=False, **settings),
        market=DemoMarket(seed=7, as_of=NOW),
        journal=journal or Journal.open("sqlite://"),
        clock=Clock(fixed=NOW),
    )


@pytest.fixture
def services() -> Iterator[Services]:
    svc = open_services()
    yield svc
    svc.close()


def execute(services: Services, spec: StrategySpec) -> None:
    plan = plan_rebalance(services, spec)
    execute_plan(services, plan.plan_hash)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    status: int = 200


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        receiver = self.server.receiver
        receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
        self.send_response(receiver.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')


class _Server(ThreadingHTTPServer):
    receiver: Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP server on 127.0.0.1 that records every POST (webhook, ntfy, Telegram)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.receiver
    server.shutdown()
    server.server_close()
