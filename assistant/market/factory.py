"""Choosing a market from its name: ``demo``, ``csv:<folder>`` or ``ccxt:<exchange>``.

This is the one place the settings' ``market`` string (and the CLI's ``--market``) is parsed, so
every surface accepts the same names and refuses bad ones with the same message.
"""

from __future__ import annotations

from datetime import date, datetime

from assistant.domain import ConfigError, NotAvailableError

from .csv_market import CsvMarket
from .demo import DemoMarket
from .protocol import MarketData

_CHOICES = "Use demo, csv:<folder> or ccxt:<exchange>."


def open_market(
    spec: str, *, seed: int = 7, as_of: date | datetime | str | None = None
) -> MarketData:
    """The market named by ``spec``; ``seed`` and ``as_of`` only concern the demo."""
    kind, _, target = spec.strip().partition(":")
    kind = kind.strip().lower()
    target = target.strip()
    if kind == "demo" and not target:
        return DemoMarket(seed=seed, as_of=as_of)
    if kind == "csv":
        if not target:
            raise ConfigError("market 'csv:' names no folder.", hint="Write csv:<folder>.")
        return CsvMarket(target)
    if kind == "ccxt":
        raise NotAvailableError(
            "live exchange data arrives with the ccxt adapter; use demo or csv:<folder>."
        )
    raise ConfigError(f"'{spec}' is not a market CoinPilot knows.", hint=_CHOICES)
