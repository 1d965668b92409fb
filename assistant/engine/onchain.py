"""onchain_metrics: an asset's on-chain figures, what they measure, and how far back they reach.

The source is the one the person named, else the setting, else (``auto``) Coin Metrics when the
market is a live exchange and the shipped, dated snapshot otherwise, as news does: the demo never
reaches the network. Every reading names its metric, unit, day and source; the exchange-flow
reading says it is a heuristic. :func:`flow_scores` gives the backtester the daily score history
it can align by date, with a note when that history is too short to test anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from assistant.domain import CoinPilotError
from assistant.market import is_live
from assistant.market.cache_io import cache_root
from assistant.market.http_json import check_base_url
from assistant.market.onchain import (
    METRICS,
    CoinMetricsSource,
    OnchainHistory,
    read_onchain,
    unit_of,
)
from assistant.signals import flow_score

from .services import Services

#: Fewer days of flow scores than this, and a backtest of the tilt is called not meaningful.
MEANINGFUL_DAYS = 365


@dataclass(frozen=True)
class Reading:
    metric: str
    name: str
    unit: str
    what: str
    last: float | None
    last_day: date | None
    mean_7d: float | None
    mean_30d: float | None


@dataclass(frozen=True)
class OnchainReport:
    asset: str
    source: str
    label: str
    first_day: date | None
    last_day: date | None
    days: int
    readings: list[Reading]
    net_flow_7d: float | None  # mean daily inflow - outflow over the last 7 days, in coins
    net_flow_30d: float | None
    flow_score: float | None  # -1..1, see assistant.signals.exchange_flow
    missing: list[str]
    stale: str | None
    notes: list[str] = field(default_factory=list)


def onchain_source(services: Services, source: str | None = None) -> str:
    chosen = source or services.settings.onchain_source
    if chosen == "auto":
        return "coinmetrics" if is_live(services.market.name) else "snapshot"
    return chosen


def load_history(services: Services, asset: str, source: str | None = None) -> OnchainHistory:
    settings = services.settings
    live = CoinMetricsSource(check_base_url(settings.coinmetrics_url, "coinmetrics_url"))
    return read_onchain(
        asset,
        source=onchain_source(services, source),
        cache_root=cache_root(settings.home),
        coinmetrics=live,
        now=services.clock.now,
    )


def onchain_metrics(services: Services, asset: str, *, source: str | None = None) -> OnchainReport:
    history = load_history(services, asset, source)
    frame = history.frame
    readings = [_reading(history, metric) for metric in METRICS]
    net = (frame["FlowInExNtv"] - frame["FlowOutExNtv"]).dropna()
    scores = flow_score(frame["FlowInExNtv"], frame["FlowOutExNtv"]).dropna()
    notes = list(history.notes)
    days = len(scores)
    if days < MEANINGFUL_DAYS:
        notes.append(
            f"the exchange-flow score has {days} days of history here, too few for a meaningful "
            f"backtest (want {MEANINGFUL_DAYS}+); "
            + (
                "fetch the full history with --source coinmetrics"
                if history.source == "snapshot"
                else "Coin Metrics serves no more for this asset"
            )
        )
    notes.append(
        "exchange flows count only addresses Coin Metrics tags as exchanges; reading net outflow "
        "as bullish is a heuristic, not a tested edge"
    )
    return OnchainReport(
        asset=history.asset,
        source=history.source,
        label=history.label,
        first_day=history.first_day,
        last_day=history.last_day,
        days=len(frame),
        readings=readings,
        net_flow_7d=_mean(net, 7),
        net_flow_30d=_mean(net, 30),
        flow_score=None if scores.empty else float(scores.iloc[-1]),
        missing=list(history.missing),
        stale=history.stale,
        notes=notes,
    )


def flow_scores(
    services: Services, assets: list[str], source: str | None = None
) -> tuple[pd.DataFrame | None, list[str]]:
    """Daily exchange-flow scores (days x assets) for the assets that have on-chain history."""
    columns: dict[str, pd.Series] = {}
    notes: list[str] = []
    for asset in assets:
        try:
            history = load_history(services, asset, source)
        except CoinPilotError as exc:  # one asset without history must not stop the others
            notes.append(f"exchange-flow tilt: no on-chain history for {asset} ({exc.message})")
            continue
        score = flow_score(history.frame["FlowInExNtv"], history.frame["FlowOutExNtv"]).dropna()
        if score.empty:
            notes.append(f"exchange-flow tilt: {asset} has too few days of flows for a score")
            continue
        columns[asset] = score
        short = " (too short for a meaningful backtest)" if len(score) < MEANINGFUL_DAYS else ""
        notes.append(
            f"exchange-flow tilt: {asset} scores {score.index[0]:%Y-%m-%d}.."
            f"{score.index[-1]:%Y-%m-%d}, {len(score)} days, from {history.label}{short}; "
            "other days had no flow input"
        )
    if not columns:
        return None, notes
    return pd.DataFrame(columns).sort_index(), notes


def _reading(history: OnchainHistory, metric: str) -> Reading:
    info = METRICS[metric]
    values = history.series(metric)
    return Reading(
        metric=metric,
        name=info.name,
        unit=unit_of(metric, history.asset),
        what=info.what,
        last=None if values.empty else float(values.iloc[-1]),
        last_day=None if values.empty else values.index[-1].date(),
        mean_7d=_mean(values, 7),
        mean_30d=_mean(values, 30),
    )


def _mean(values: pd.Series, days: int) -> float | None:
    tail = values.iloc[-days:]
    return None if len(tail) < days else float(tail.mean())
