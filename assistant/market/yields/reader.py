"""Pools from the chosen source, kept so a failed fetch serves the last good list with its age.

``simulated`` is the labelled offline sample (:mod:`.sample`); ``defillama`` reads the live API and
saves the pools (only the fields CoinPilot uses) to ``<cache>/yields/defillama.json``. When the
API cannot be read the saved pools are served, labelled CACHED with their age and the reason; a
damaged cache file is a :class:`DataError` naming it. :func:`select` filters without guessing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.domain import DataError, DataUnavailableError

from ..cache_io import atomic_write_bytes
from ..freshness import age
from .defillama import DefiLlamaYields
from .pool import Pool
from .sample import LABEL, sample_pools


@dataclass(frozen=True)
class PoolList:
    pools: list[Pool]
    source: str
    label: str
    fetched_at: datetime | None
    simulated: bool
    stale: str | None = None
    skipped: int = 0  # rows the source sent that could not be read


@dataclass(frozen=True)
class Selection:
    pools: list[Pool]
    matched: int  # pools holding the asset, before the chain and TVL filters
    excluded: dict[str, int] = field(default_factory=dict)


def read_pools(
    *,
    source: str,
    cache_root: Path,
    defillama: DefiLlamaYields | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> PoolList:
    if source == "simulated":
        return PoolList(sample_pools(), "simulated", LABEL, None, simulated=True)
    live = defillama or DefiLlamaYields()
    path = cache_root / "yields" / f"{live.name}.json"
    try:
        pools, skipped = live.pools()
    except DataUnavailableError as exc:
        cached = _load(path)
        if cached is None:
            raise
        saved, when = cached
        stale = f"cached pools fetched {age(now(), when)} ago ({exc.message})"
        return PoolList(saved, live.name, f"DefiLlama yields, CACHED: {stale}", when, False, stale)
    fetched = now()
    body = {"fetched_at": fetched.isoformat(), "pools": [asdict(p) for p in pools]}
    atomic_write_bytes(path, json.dumps(body).encode())
    label = f"DefiLlama yields API, fetched {fetched:%Y-%m-%d %H:%M} UTC"
    return PoolList(pools, live.name, label, fetched, False, skipped=skipped)


def _load(path: Path) -> tuple[list[Pool], datetime] | None:
    if not path.exists():
        return None
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        when = datetime.fromisoformat(body["fetched_at"])
        pools = [
            Pool(**{**p, "reward_tokens": tuple(p["reward_tokens"]), "tokens": tuple(p["tokens"])})
            for p in body["pools"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"The cached pools {path} are damaged ({exc}).",
            hint="Delete the file; it is written again the next time DefiLlama answers.",
        ) from None
    return pools, when


def select(
    pools: list[Pool], asset: str, *, chain: str | None, min_tvl: float, limit: int
) -> Selection:
    """Pools holding ``asset`` on ``chain`` (any when None) with at least ``min_tvl`` USD,
    best base APY first (the part not paid in incentive tokens), then total APY."""
    holding = [p for p in pools if p.holds(asset)]
    excluded: dict[str, int] = {}
    kept = holding
    if chain:
        kept = [p for p in kept if p.chain.lower() == chain.lower()]
        excluded["other chains"] = len(holding) - len(kept)
    small = [p for p in kept if p.tvl_usd < min_tvl]
    kept = [p for p in kept if p.tvl_usd >= min_tvl]
    excluded[f"TVL under {min_tvl:,.0f} USD"] = len(small)
    no_apy = [p for p in kept if p.apy is None]
    kept = [p for p in kept if p.apy is not None]
    excluded["no APY"] = len(no_apy)
    kept.sort(key=lambda p: (-(p.apy_base or 0.0), -(p.apy or 0.0), p.pool))
    return Selection(kept[:limit], len(holding), {k: v for k, v in excluded.items() if v})
