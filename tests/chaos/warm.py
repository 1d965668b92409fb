"""Imported by the forkserver before it forks any child: does once what every child would do
first (load the migration scripts, build the demo market), so each child starts warm."""

from __future__ import annotations

from assistant.config import load_settings
from assistant.journal import Journal
from assistant.market import open_market

with Journal.open("sqlite://") as _journal:
    _journal.accounts()
_market = open_market("demo", seed=load_settings().demo_seed)
for _symbol in ("BTC/USDT", "ETH/USDT"):
    _market.ticker(_symbol)
    _market.order_book(_symbol, depth=50)
