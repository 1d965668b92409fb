"""DefiLlama's yields API (no key): every pool it tracks, with APY, base vs reward and TVL.

Documented shape (DefiLlama API docs, yields server, ``GET /pools``)::

    {"status": "success",
     "data": [{"chain": "Ethereum", "project": "aave-v3", "symbol": "USDC", "tvlUsd": 1.2e9,
               "apyBase": 3.1, "apyReward": null, "apy": 3.1, "rewardTokens": null,
               "pool": "aa70268e-...", "stablecoin": true, "ilRisk": "no",
               "exposure": "single", "poolMeta": null, "outlier": false,
               "underlyingTokens": ["0xA0b8..."], "apyMean30d": 3.4, ...}, ...]}

Numbers may be ``null`` (no base or reward part). A row that lacks the fields every pool has
(chain, project, symbol, pool, tvlUsd) is skipped and counted, never filled in. Nothing here
caches or filters; :mod:`.reader` does.
"""

from __future__ import annotations

import math
from typing import Any

from assistant.domain import DataUnavailableError

from ..http_json import HttpPolicy, request_json
from .pool import Pool

DEFAULT_URL = "https://yields.llama.fi"
SOURCE = "DefiLlama yields API"


class DefiLlamaYields:
    name = "defillama"

    def __init__(self, base_url: str = DEFAULT_URL, policy: HttpPolicy | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.policy = policy or HttpPolicy(timeout=30.0)

    def pools(self) -> tuple[list[Pool], int]:
        """Every pool, and how many rows were skipped as unreadable."""
        answer = request_json(f"{self.base_url}/pools", source=SOURCE, policy=self.policy)
        data = answer.data
        if answer.status != 200 or not isinstance(data, dict):
            raise DataUnavailableError(
                f"{SOURCE} answered HTTP {answer.status} without pools.",
                hint="Try again later; the last pools fetched are used when there are some.",
            )
        if data.get("status") != "success" or not isinstance(data.get("data"), list):
            raise DataUnavailableError(
                f"{SOURCE} answered status {data.get('status')!r} without a list of pools.",
                hint="Try again later; the last pools fetched are used when there are some.",
            )
        pools, skipped = [], 0
        for row in data["data"]:
            pool = parse_pool(row)
            if pool is None:
                skipped += 1
            else:
                pools.append(pool)
        return pools, skipped


def parse_pool(row: Any) -> Pool | None:
    """A pool from one documented row; None when a field every pool has is missing or bad."""
    if not isinstance(row, dict):
        return None
    text = {k: row.get(k) for k in ("chain", "project", "symbol", "pool")}
    if not all(isinstance(v, str) and v.strip() for v in text.values()):
        return None
    tvl = _number(row.get("tvlUsd"))
    if tvl is None or tvl < 0:
        return None
    rewards = row.get("rewardTokens")
    return Pool(
        pool=str(text["pool"]),
        chain=str(text["chain"]),
        project=str(text["project"]),
        symbol=str(text["symbol"]),
        tvl_usd=tvl,
        apy=_number(row.get("apy")),
        apy_base=_number(row.get("apyBase")),
        apy_reward=_number(row.get("apyReward")),
        apy_mean_30d=_number(row.get("apyMean30d")),
        reward_tokens=tuple(str(t) for t in rewards) if isinstance(rewards, list) else (),
        stablecoin=row.get("stablecoin") is True,
        il_risk=row.get("ilRisk") if isinstance(row.get("ilRisk"), str) else None,
        exposure=row.get("exposure") if isinstance(row.get("exposure"), str) else None,
        outlier=row.get("outlier") is True,
        pool_meta=row.get("poolMeta") if isinstance(row.get("poolMeta"), str) else None,
    )


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
