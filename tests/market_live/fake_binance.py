"""A local fake of Binance's spot REST API, close enough for the real ccxt.binance client.

It serves ``/api/v3/exchangeInfo``, ``/klines``, ``/ticker/24hr``, ``/depth`` and ``/time`` on
127.0.0.1 (a random port) in Binance's own JSON shapes, from daily candles: the real ones in
``shared/data/market/daily`` when they are there, else a small seeded series. Faults are injected
per endpoint (slow answers, timeouts, 429/418 with Retry-After, 5xx, malformed JSON, empty pages)
and a symbol can be delisted after a number of requests. Every request is recorded so tests can
assert what the client asked for. It only ever listens on loopback.

With :meth:`FakeBinance.open_account` it also serves the signed endpoints (account, orders, open
and all orders, my trades, ``/sapi/v1/account/apiRestrictions``), checking the key and the HMAC
signature (see ``fake_binance_orders`` and ``fake_binance_matching``). Faults on them are keyed
``"METHOD endpoint"`` (``"POST order"``) and may strike *after* the order was accepted: the answer
delayed past the client's timeout, the connection dropped, a 5xx or a malformed body.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import ccxt
import numpy as np
import pandas as pd

from .fake_binance_matching import markets_of, private_endpoint, route
from .fake_binance_orders import FakeAccount

DAY_MS = 86_400_000
MAX_KLINES = 1000


@dataclass
class Fault:
    """What to do instead of answering normally, for the next ``times`` requests to an endpoint."""

    status: int | None = None  # an HTTP error status to send
    body: str | None = None  # a raw body to send (malformed JSON, for instance)
    delay: float = 0.0  # seconds to wait before answering (longer than the timeout: a timeout)
    retry_after: float | None = None  # a Retry-After header
    empty: bool = False  # answer with an empty list
    times: int = 1  # how many requests this fault applies to (-1: all)
    after_accept: bool = False  # signed endpoints: carry the request out, then misbehave
    drop: bool = False  # close the connection without any answer (a lost acknowledgement)


@dataclass
class Listing:
    """One spot pair's rules, in Binance's string form."""

    base: str
    quote: str
    tick_size: str
    step_size: str
    min_qty: str
    min_notional: str
    status: str = "TRADING"


@dataclass
class Request:
    path: str
    params: dict[str, str]
    method: str = "GET"


@dataclass
class FakeState:
    listings: dict[str, Listing]
    candles: dict[str, np.ndarray]  # BTCUSDT -> rows [ms, o, h, l, c, v]
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    delist_after: dict[str, int] = field(default_factory=dict)  # symbol -> klines calls allowed
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    account: FakeAccount | None = None  # the signed endpoints answer only once there is one


def seeded_candles(seed: int, start: str, days: int, price: float) -> np.ndarray:
    """A geometric random walk of daily candles (deterministic for ``seed``)."""
    rng = np.random.default_rng(seed)
    returns = rng.normal(0.0005, 0.03, days)
    close = price * np.exp(np.cumsum(returns))
    open_ = np.concatenate([[price], close[:-1]])
    spread = np.abs(rng.normal(0, 0.01, days)) + 0.001
    high = np.maximum(open_, close) * (1 + spread)
    low = np.minimum(open_, close) * (1 - spread)
    volume = rng.uniform(100, 1000, days)
    first = int(pd.Timestamp(start, tz="UTC").timestamp() * 1000)
    stamps = first + DAY_MS * np.arange(days)
    return np.column_stack([stamps, open_, high, low, close, volume])


def candles_from_csv(path: Path) -> np.ndarray:
    frame = pd.read_csv(path)
    stamps = pd.to_datetime(frame["timestamp"], utc=True).dt.as_unit("ms").astype("int64")
    values = frame[["open", "high", "low", "close", "volume"]].to_numpy(float)
    return np.column_stack([stamps.to_numpy(float), values])


DEFAULT_LISTINGS = {
    "BTCUSDT": Listing("BTC", "USDT", "0.01000000", "0.00001000", "0.00001000", "5.00000000"),
    "ETHUSDT": Listing("ETH", "USDT", "0.01000000", "0.00010000", "0.00010000", "5.00000000"),
    "SOLUSDT": Listing("SOL", "USDT", "0.01000000", "0.00100000", "0.00100000", "5.00000000"),
    "ETHBTC": Listing("ETH", "BTC", "0.00001000", "0.00010000", "0.00010000", "0.00010000"),
    "XMRUSDT": Listing(
        "XMR", "USDT", "0.01000000", "0.00100000", "0.00100000", "5.00000000", "BREAK"
    ),
}


def default_state(daily_folder: Path | None = None) -> FakeState:
    """Real daily candles from ``daily_folder`` when given and present, else seeded ones."""
    seeds = {"BTC": (1, 9000.0), "ETH": (2, 200.0), "SOL": (3, 20.0), "XMR": (4, 80.0)}
    candles: dict[str, np.ndarray] = {}
    for market_id, listing in DEFAULT_LISTINGS.items():
        csv = daily_folder / f"{listing.base}.csv" if daily_folder else None
        if listing.quote == "USDT" and csv is not None and csv.exists():
            candles[market_id] = candles_from_csv(csv)
        elif listing.quote == "USDT":
            seed, price = seeds[listing.base]
            candles[market_id] = seeded_candles(seed, "2020-01-01", 1500, price)
        else:
            candles[market_id] = seeded_candles(5, "2020-01-01", 1500, 0.03)
    return FakeState(dict(DEFAULT_LISTINGS), candles)


def _error_body(status: int | None) -> str:
    """What Binance sends with an error status: JSON for rate limits, HTML from its CDN for 5xx."""
    if status in (418, 429):
        return json.dumps({"code": -1003, "msg": "Too much request weight used; banned."})
    return f"<html><body><h1>{status} Service Unavailable</h1></body></html>"


def _fmt(value: float) -> str:
    return f"{value:.8f}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if private_endpoint(url.path) is not None:
            self._private("GET")
            return
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        state = self.server.state
        endpoint = url.path.removeprefix("/api/v3/")
        with state.lock:
            state.requests.append(Request(url.path, params))
            fault = self._take_fault(state, endpoint)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status is not None or fault.body is not None:
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = f"{fault.retry_after:g}"
                self._send(fault.status or 200, fault.body or _error_body(fault.status), headers)
                return
            if fault.empty:
                self._send(200, "[]")
                return
        routes = {
            "exchangeInfo": self._exchange_info,
            "klines": self._klines,
            "ticker/24hr": self._ticker,
            "depth": self._depth,
            "time": lambda s, p: (200, {"serverTime": int(time.time() * 1000)}),
            "ping": lambda s, p: (200, {}),
        }
        route = routes.get(endpoint)
        if route is None:
            self._send(404, json.dumps({"code": -1, "msg": f"no such endpoint {url.path}"}))
            return
        status, payload = route(state, params)
        self._send(status, json.dumps(payload))

    def do_POST(self) -> None:
        self._private("POST")

    def do_DELETE(self) -> None:
        self._private("DELETE")

    def _private(self, method: str) -> None:
        """A signed request: record it, apply a fault before or after carrying it out, answer."""
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length).decode() if length else url.query
        params = {k: v[-1] for k, v in parse_qs(payload).items()}
        key = f"{method} {private_endpoint(url.path)}"
        state = self.server.state
        with state.lock:
            state.requests.append(Request(url.path, params, method))
            fault = self._take_fault(state, key)
        if fault is not None and not fault.after_accept and self._misbehave(fault):
            return
        status, answer = self._signed(state, key, payload, params)
        if fault is not None and fault.after_accept and self._misbehave(fault):
            return
        self._send(status, json.dumps(answer))

    def _signed(
        self, state: FakeState, key: str, payload: str, params: dict[str, str]
    ) -> tuple[int, Any]:
        account = state.account
        if account is None or self.headers.get("X-MBX-APIKEY") != account.api_key:
            return 401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}
        unsigned, _, signature = payload.rpartition("&signature=")
        if not account.signature_ok(unsigned, signature):
            return 400, {"code": -1022, "msg": "Signature for this request is not valid."}
        with state.lock:
            return route(account, markets_of(state.listings, state.candles), key, params)

    def _misbehave(self, fault: Fault) -> bool:
        """Apply ``fault``; True when it answered (or dropped) in place of the real answer."""
        if fault.delay:
            time.sleep(fault.delay)
        if fault.drop:
            self.close_connection = True
            return True
        if fault.status is not None or fault.body is not None:
            headers = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = f"{fault.retry_after:g}"
            body = fault.body if fault.body is not None else _error_body(fault.status)
            self._send(fault.status or 200, body, headers)
            return True
        return False

    @staticmethod
    def _take_fault(state: FakeState, endpoint: str) -> Fault | None:
        queue = state.faults.get(endpoint)
        if not queue:
            return None
        fault = queue[0]
        if fault.times > 0:
            fault.times -= 1
            if fault.times == 0:
                queue.popleft()
        return fault

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    @staticmethod
    def _invalid_symbol() -> tuple[int, Any]:
        return 400, {"code": -1121, "msg": "Invalid symbol."}

    def _exchange_info(self, state: FakeState, params: dict[str, str]) -> tuple[int, Any]:
        symbols = []
        for market_id, item in state.listings.items():
            symbols.append(
                {
                    "symbol": market_id,
                    "status": item.status,
                    "baseAsset": item.base,
                    "baseAssetPrecision": 8,
                    "quoteAsset": item.quote,
                    "quotePrecision": 8,
                    "quoteAssetPrecision": 8,
                    "orderTypes": ["LIMIT", "MARKET"],
                    "isSpotTradingAllowed": True,
                    "isMarginTradingAllowed": False,
                    "permissions": [],
                    "permissionSets": [["SPOT"]],
                    "filters": [
                        {
                            "filterType": "PRICE_FILTER",
                            "minPrice": item.tick_size,
                            "maxPrice": "1000000.00000000",
                            "tickSize": item.tick_size,
                        },
                        {
                            "filterType": "LOT_SIZE",
                            "minQty": item.min_qty,
                            "maxQty": "9000.00000000",
                            "stepSize": item.step_size,
                        },
                        {
                            "filterType": "NOTIONAL",
                            "minNotional": item.min_notional,
                            "applyMinToMarket": True,
                            "maxNotional": "9000000.00000000",
                        },
                    ],
                }
            )
        return 200, {
            "timezone": "UTC",
            "serverTime": int(time.time() * 1000),
            "rateLimits": [],
            "exchangeFilters": [],
            "symbols": symbols,
        }

    def _rows(self, state: FakeState, market_id: str) -> np.ndarray | None:
        if market_id not in state.listings or market_id not in state.candles:
            return None
        return state.candles[market_id]

    def _klines(self, state: FakeState, params: dict[str, str]) -> tuple[int, Any]:
        market_id = params.get("symbol", "")
        with state.lock:
            allowed = state.delist_after.get(market_id)
            if allowed is not None:
                if allowed <= 0:
                    state.listings.pop(market_id, None)
                state.delist_after[market_id] = allowed - 1
        rows = self._rows(state, market_id)
        if rows is None:
            return self._invalid_symbol()
        limit = min(int(params.get("limit", 500)), MAX_KLINES)
        if "startTime" in params:
            rows = rows[rows[:, 0] >= int(params["startTime"])]
            if "endTime" in params:
                rows = rows[rows[:, 0] <= int(params["endTime"])]
            rows = rows[:limit]
        else:
            if "endTime" in params:
                rows = rows[rows[:, 0] <= int(params["endTime"])]
            rows = rows[-limit:]
        out = []
        for ms, o, h, low, c, v in rows:
            out.append(
                [
                    int(ms),
                    _fmt(o),
                    _fmt(h),
                    _fmt(low),
                    _fmt(c),
                    _fmt(v),
                    int(ms) + DAY_MS - 1,
                    _fmt(v * c),
                    100,
                    _fmt(v / 2),
                    _fmt(v * c / 2),
                    "0",
                ]
            )
        return 200, out

    def _ticker(self, state: FakeState, params: dict[str, str]) -> tuple[int, Any]:
        market_id = params.get("symbol", "")
        rows = self._rows(state, market_id)
        if rows is None:
            return self._invalid_symbol()
        ms, o, h, low, c, v = rows[-1]
        return 200, {
            "symbol": market_id,
            "priceChange": _fmt(c - o),
            "priceChangePercent": "0.0",
            "weightedAvgPrice": _fmt(c),
            "prevClosePrice": _fmt(o),
            "lastPrice": _fmt(c),
            "lastQty": "1.0",
            "bidPrice": _fmt(c * 0.9999),
            "bidQty": "1.0",
            "askPrice": _fmt(c * 1.0001),
            "askQty": "1.0",
            "openPrice": _fmt(o),
            "highPrice": _fmt(h),
            "lowPrice": _fmt(low),
            "volume": _fmt(v),
            "quoteVolume": _fmt(v * c),
            "openTime": int(ms),
            "closeTime": int(ms) + DAY_MS - 1,
            "firstId": 1,
            "lastId": 100,
            "count": 100,
        }

    def _depth(self, state: FakeState, params: dict[str, str]) -> tuple[int, Any]:
        rows = self._rows(state, params.get("symbol", ""))
        if rows is None:
            return self._invalid_symbol()
        limit = int(params.get("limit", 100))
        close = rows[-1][4]
        bids = [[_fmt(close * (1 - 0.0001 * (i + 1))), _fmt(0.5 + i)] for i in range(limit)]
        asks = [[_fmt(close * (1 + 0.0001 * (i + 1))), _fmt(0.5 + i)] for i in range(limit)]
        return 200, {"lastUpdateId": 1, "bids": bids, "asks": asks}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state: FakeState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class FakeBinance:
    """The running fake: ``start()``, then ``client()`` for a ccxt.binance that talks to it."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self._server = _Server(state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeBinance:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def client(
        self, *, timeout_ms: int = 2000, api_key: str | None = None, secret: str | None = None
    ) -> Any:
        """The real ccxt.binance, spot only, with every API root (and the testnet's, so
        ``set_sandbox_mode`` stays here too) pointed at this server; keys for signed calls."""
        keys = {"apiKey": api_key, "secret": secret} if api_key is not None else {}
        exchange = ccxt.binance(
            {
                "enableRateLimit": True,
                "rateLimit": 1,
                "timeout": timeout_ms,
                "options": {
                    "fetchMarkets": {"types": ["spot"]},
                    "fetchCurrencies": False,
                    "fetchMargins": False,  # with keys, ccxt would also load margin pairs
                },
                **keys,
            }
        )
        for root in ("api", "test"):
            api = exchange.urls[root]
            for key, url in list(api.items()):
                if isinstance(url, str):
                    api[key] = self.base_url + urlparse(url).path
        return exchange

    def open_account(
        self, api_key: str, secret: str, balances: dict[str, str] | None = None
    ) -> FakeAccount:
        """Give the signed endpoints an account for ``api_key`` holding ``balances`` (free)."""
        free = {asset: Decimal(amount) for asset, amount in (balances or {}).items()}
        with self.state.lock:
            self.state.account = FakeAccount(api_key, secret, free=free)
            return self.state.account

    @property
    def account(self) -> FakeAccount:
        assert self.state.account is not None, "call open_account() first"
        return self.state.account

    def fill_open_orders(self, fraction: str = "1") -> int:
        """Fill resting limit orders at their price, all or ``fraction`` of what is left."""
        with self.state.lock:
            return self.account.fill_open_orders(
                markets_of(self.state.listings, self.state.candles), Decimal(fraction)
            )

    def inject(self, endpoint: str, *faults: Fault) -> None:
        """Queue faults for an endpoint: klines, exchangeInfo, ticker/24hr, depth; signed ones
        with their method: "POST order", "GET order", "GET openOrders", "GET allOrders",
        "GET myTrades", "GET account", "DELETE order", "GET account/apiRestrictions"."""
        with self.state.lock:
            self.state.faults.setdefault(endpoint, deque()).extend(faults)

    def delist(self, market_id: str, *, after_klines: int) -> None:
        """Remove ``market_id`` once it has answered ``after_klines`` kline requests."""
        with self.state.lock:
            self.state.delist_after[market_id] = after_klines

    def requests_to(self, endpoint: str, method: str | None = None) -> list[Request]:
        with self.state.lock:
            return [
                r
                for r in self.state.requests
                if r.path in (f"/api/v3/{endpoint}", f"/sapi/v1/{endpoint}")
                and method in (None, r.method)
            ]

    def candles(self, market_id: str) -> np.ndarray:
        return self.state.candles[market_id]
