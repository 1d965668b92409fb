"""DeFi yields, read-only: DefiLlama's yields API, its local copy and a SIMULATED offline sample.

Shows where an asset could earn and what could go wrong; nothing here can deposit, approve or
move anything.
"""

from .defillama import DEFAULT_URL, DefiLlamaYields, parse_pool
from .pool import Pool
from .reader import PoolList, Selection, read_pools, select
from .sample import LABEL as SAMPLE_LABEL
from .sample import sample_pools

__all__ = [
    "DEFAULT_URL",
    "SAMPLE_LABEL",
    "DefiLlamaYields",
    "Pool",
    "PoolList",
    "Selection",
    "parse_pool",
    "read_pools",
    "sample_pools",
    "select",
]
