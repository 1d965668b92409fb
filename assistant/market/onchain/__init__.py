"""On-chain metrics: Coin Metrics' community API, its local cache and a shipped dated snapshot.

Read-only public data about a chain (active addresses, exchange flows, hash rate). Every history
carries its source, unit and as-of day so nobody mistakes a two-month-old snapshot for today.
"""

from .coinmetrics import DEFAULT_URL, CoinMetricsSource
from .history import OnchainHistory
from .metrics import METRIC_IDS, METRICS, NET_FLOW, Metric, unit_of
from .reader import read_onchain, since
from .snapshot import read_snapshot, snapshot_files

__all__ = [
    "DEFAULT_URL",
    "METRICS",
    "METRIC_IDS",
    "NET_FLOW",
    "CoinMetricsSource",
    "Metric",
    "OnchainHistory",
    "read_onchain",
    "read_snapshot",
    "since",
    "snapshot_files",
    "unit_of",
]
