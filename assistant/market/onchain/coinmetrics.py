"""The Coin Metrics community API (no key): daily asset metrics, paged, read-only.

Documented shape (docs.coinmetrics.io, API v4, ``GET /timeseries/asset-metrics``)::

    {"data": [{"asset": "btc", "time": "2020-02-29T00:00:00.000000000Z",
               "AdrActCnt": "123", "HashRate": "1.1e8", ...}, ...],
     "next_page_token": "...", "next_page_url": "https://.../asset-metrics?...&next_page_token=..."}

Values are strings; ``null`` means "no data that day"; a metric missing from every row means the
source does not serve it for this asset (we ask with ``ignore_forbidden_errors`` and
``ignore_unsupported_errors`` so one unavailable metric does not sink the others). Errors come as
``{"error": {"type": "bad_parameter", "message": "..."}}`` (400 for an unknown asset), 401/403 for
data the community tier does not include, and 429 when the 10 requests per 6 seconds per IP are
exceeded. Nothing here caches; :mod:`.store` does.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlparse

import pandas as pd

from assistant.domain import DataUnavailableError, UnknownSymbolError

from ..http_json import HttpPolicy, JsonAnswer, request_json
from .history import empty_frame, tidy
from .metrics import METRIC_IDS

DEFAULT_URL = "https://community-api.coinmetrics.io/v4"
SOURCE = "Coin Metrics community API"
PAGE_SIZE = 10_000
MAX_PAGES = 20


class CoinMetricsSource:
    """Reads ``/timeseries/asset-metrics`` from ``base_url`` (settings ``coinmetrics_url``)."""

    name = "coinmetrics"

    def __init__(self, base_url: str = DEFAULT_URL, policy: HttpPolicy | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.policy = policy or HttpPolicy()

    def fetch(
        self, asset: str, start: date | None = None, metrics: tuple[str, ...] = METRIC_IDS
    ) -> tuple[pd.DataFrame, tuple[str, ...]]:
        """Daily rows from ``start`` (all history when None) and the metrics it does not serve."""
        params = {
            "assets": asset.lower(),
            "metrics": ",".join(metrics),
            "frequency": "1d",
            "page_size": str(PAGE_SIZE),
            "paging_from": "start",
            "ignore_forbidden_errors": "true",
            "ignore_unsupported_errors": "true",
        }
        if start is not None:
            params["start_time"] = start.isoformat()
        url: str | None = f"{self.base_url}/timeseries/asset-metrics?{urlencode(params)}"
        rows: list[dict[str, Any]] = []
        for _ in range(MAX_PAGES):
            if url is None:
                break
            answer = request_json(url, source=SOURCE, policy=self.policy)
            page = self._page(answer, asset)
            rows.extend(page["data"])
            url = self._next(page, params)
        else:
            raise DataUnavailableError(
                f"{SOURCE} kept sending pages past {MAX_PAGES}; the answer was not used.",
                hint="Ask for a later start date.",
            )
        frame = _frame(rows, metrics)
        served = {key for row in rows for key in row}
        missing = tuple(m for m in metrics if m not in served)
        return frame, missing

    def _page(self, answer: JsonAnswer, asset: str) -> dict[str, Any]:
        data = answer.data
        if answer.status == 200 and isinstance(data, dict) and isinstance(data.get("data"), list):
            return data
        error = data.get("error") if isinstance(data, dict) else None
        kind = error.get("type") if isinstance(error, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        if answer.status == 400 and kind == "bad_parameter" and "assets" in str(message):
            raise UnknownSymbolError(
                f"Coin Metrics has no asset '{asset.lower()}' ({message}).",
                hint="Use a ticker Coin Metrics covers, such as BTC or ETH.",
            )
        what = f"HTTP {answer.status}" + (f", {kind}: {message}" if kind else "")
        raise DataUnavailableError(
            f"{SOURCE} refused the request ({what}).",
            hint="The community tier may not serve this; cached data is used where there is.",
        )

    def _next(self, page: dict[str, Any], params: dict[str, str]) -> str | None:
        token = page.get("next_page_token")
        if not token:
            return None
        link = page.get("next_page_url")
        # The documented way is to follow next_page_url as it is, but only to the host we asked.
        if isinstance(link, str) and urlparse(link).netloc == urlparse(self.base_url).netloc:
            return link
        query = urlencode({**params, "next_page_token": str(token)})
        return f"{self.base_url}/timeseries/asset-metrics?{query}"


def _frame(rows: list[dict[str, Any]], metrics: tuple[str, ...]) -> pd.DataFrame:
    if not rows:
        return empty_frame()
    days, values = [], []
    for row in rows:
        try:
            day = pd.Timestamp(str(row["time"])[:10])
        except (KeyError, ValueError):
            raise DataUnavailableError(
                f"{SOURCE} sent a row without a valid 'time' ({row.get('time')!r})."
            ) from None
        days.append(day)
        values.append({m: _number(row.get(m), m) for m in metrics})
    frame = pd.DataFrame(values, index=pd.DatetimeIndex(days, name="day"))
    return tidy(frame)


def _number(value: Any, metric: str) -> float:
    if value is None:
        return math.nan
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DataUnavailableError(f"{SOURCE} sent {metric} = {value!r}, not a number.") from None
    if not math.isfinite(number):
        raise DataUnavailableError(f"{SOURCE} sent {metric} = {value!r}, not a finite number.")
    return number
