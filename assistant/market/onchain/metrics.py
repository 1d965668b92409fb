"""What each on-chain metric measures, in Coin Metrics' own words and units.

The ids are Coin Metrics metric ids (docs.coinmetrics.io, network data). Every number CoinPilot
shows about a chain names its metric, its unit and its day here, so nobody reads "exchange
inflow" as dollars when it is coins, or as one exchange when it is all the exchanges Coin Metrics
tags. Nothing here fetches or computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    unit: str  # "{asset}" stands for the asset's native unit (BTC for btc)
    what: str


METRICS: Final = {
    m.id: m
    for m in (
        Metric(
            "AdrActCnt",
            "active addresses",
            "count",
            "unique addresses that sent or received that day (UTC); one person may own many",
        ),
        Metric(
            "FlowInExNtv",
            "exchange inflow",
            "{asset}",
            "coins sent to addresses Coin Metrics tags as exchanges that day, exchange-to-exchange "
            "moves excluded",
        ),
        Metric(
            "FlowOutExNtv",
            "exchange outflow",
            "{asset}",
            "coins withdrawn from tagged exchange addresses that day, exchange-to-exchange moves "
            "excluded",
        ),
        Metric(
            "HashRate",
            "hash rate",
            "TH/s",
            "mean hash rate that day, estimated from difficulty and block times (TH/s for BTC)",
        ),
    )
}
#: Requested from a source in this order; the net flow is computed from the two flows.
METRIC_IDS: Final = tuple(METRICS)
NET_FLOW: Final = "net exchange flow"


def unit_of(metric_id: str, asset: str) -> str:
    return METRICS[metric_id].unit.replace("{asset}", asset.upper())
