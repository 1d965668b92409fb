"""yield_opportunities: where an asset could earn, with each pool's risks named. Read-only.

The source is the one asked for, else the setting, else (``auto``) DefiLlama when the market is a
live exchange and the SIMULATED sample otherwise. APYs are DefiLlama's, in percent a year, and
move daily; TVL is in US dollars. Nothing here deposits or moves anything: a pool is information.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from assistant.domain import UserInputError
from assistant.market import is_live
from assistant.market.cache_io import cache_root
from assistant.market.http_json import check_base_url
from assistant.market.yields import DefiLlamaYields, Pool, read_pools, select

from .services import Services

READ_ONLY = "Read-only: CoinPilot never deposits, approves or moves funds; check any pool yourself."


@dataclass(frozen=True)
class Opportunity:
    pool: str
    chain: str
    project: str
    symbol: str
    tvl_usd: float
    apy: float | None
    apy_base: float | None
    apy_reward: float | None
    apy_mean_30d: float | None
    risks: list[str]


@dataclass(frozen=True)
class YieldReport:
    asset: str
    source: str
    label: str
    simulated: bool
    fetched_at: datetime | None
    chain: str | None
    min_tvl: float
    opportunities: list[Opportunity]
    matched: int
    excluded: dict[str, int]
    stale: str | None
    notes: list[str] = field(default_factory=list)


def yields_source(services: Services, source: str | None = None) -> str:
    chosen = source or services.settings.yields_source
    if chosen == "auto":
        return "defillama" if is_live(services.market.name) else "simulated"
    return chosen


def yield_opportunities(
    services: Services,
    asset: str,
    *,
    chain: str | None = None,
    min_tvl: float = 1_000_000.0,
    limit: int = 10,
    source: str | None = None,
) -> YieldReport:
    if min_tvl < 0:
        raise UserInputError(f"The minimum TVL must not be negative; got {min_tvl:g}.")
    settings = services.settings
    live = DefiLlamaYields(check_base_url(settings.defillama_yields_url, "defillama_yields_url"))
    listing = read_pools(
        source=yields_source(services, source),
        cache_root=cache_root(settings.home),
        defillama=live,
        now=services.clock.now,
    )
    chosen = select(listing.pools, asset, chain=chain, min_tvl=min_tvl, limit=limit)
    notes = [READ_ONLY, "APY is percent a year as reported, not a promise; it changes daily."]
    if listing.simulated:
        notes.insert(0, "SIMULATED: these pools are a made-up offline sample, not real yields.")
    if listing.skipped:
        notes.append(f"{listing.skipped} pools in the answer could not be read and were skipped.")
    if not chosen.pools:
        notes.append(f"no pool holding {asset} passed the filters")
    return YieldReport(
        asset=asset,
        source=listing.source,
        label=listing.label,
        simulated=listing.simulated,
        fetched_at=listing.fetched_at,
        chain=chain,
        min_tvl=min_tvl,
        opportunities=[_opportunity(p) for p in chosen.pools],
        matched=chosen.matched,
        excluded=chosen.excluded,
        stale=listing.stale,
        notes=notes,
    )


def _opportunity(pool: Pool) -> Opportunity:
    return Opportunity(
        pool=pool.pool,
        chain=pool.chain,
        project=pool.project,
        symbol=pool.symbol,
        tvl_usd=pool.tvl_usd,
        apy=pool.apy,
        apy_base=pool.apy_base,
        apy_reward=pool.apy_reward,
        apy_mean_30d=pool.apy_mean_30d,
        risks=pool.risks(),
    )
