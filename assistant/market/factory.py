"""Choosing a market: ``demo``, ``history``, ``csv:<folder>`` or ``ccxt:<exchange>``.

This is the one place the settings' ``market`` string (and the CLI's ``--market``) is parsed, so
every surface accepts the same names and refuses bad ones with the same message.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from assistant.domain import ConfigError

from .demo import DemoMarket
from .protocol import MarketData

_CHOICES = "Use demo, history, csv:<folder> or ccxt:<exchange>."


def open_market(
    spec: str,
    *,
    seed: int = 7,
    as_of: date | datetime | str | None = None,
    home: Path | None = None,
) -> MarketData:
    """The market named by ``spec``; ``seed`` and ``as_of`` only concern the demo, ``home``
    (the data directory, for the local candle cache) a ccxt exchange and the history (which
    without it serves the shipped days only)."""
    kind, _, target = spec.strip().partition(":")
    kind = kind.strip().lower()
    target = target.strip()
    if kind == "demo" and not target:
        return DemoMarket(seed=seed, as_of=as_of)
    if kind == "history" and not target:
        from .history import HistoryMarket  # lazy: pandas and the shipped files, only when chosen

        return HistoryMarket(home)
    if kind == "csv":
        if not target:
            raise ConfigError("market 'csv:' names no folder.", hint="Write csv:<folder>.")
        from .csv_market import CsvMarket  # lazy, like the history: pandas only when chosen

        return CsvMarket(target)
    if kind == "ccxt":
        if not target:
            raise ConfigError(
                "market 'ccxt:' names no exchange.",
                hint="Write ccxt:<exchange>, e.g. ccxt:binance.",
            )
        if home is None:
            raise ConfigError(
                "a ccxt market needs the data directory for its cache.",
                hint="Pass home=settings.home.",
            )
        from .ccxt_open import open_ccxt_market  # lazy: keeps ccxt out of demo-only start-up

        return open_ccxt_market(target, home)
    raise ConfigError(f"'{spec}' is not a market CoinPilot knows.", hint=_CHOICES)


def is_live(spec: str) -> bool:
    """Whether the market named ``spec`` talks to an exchange (``ccxt:<exchange>``): the one
    kind of market that asks for live data, news included. demo, history and csv are offline."""
    return spec.strip().partition(":")[0].strip().lower() == "ccxt"


def is_demo(spec: str) -> bool:
    """Whether ``spec`` names the simulated demo market (the one whose clock can be moved)."""
    return spec.strip().lower() == "demo"
