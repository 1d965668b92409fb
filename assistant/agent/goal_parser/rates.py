"""Fetched conversion rates, read from ``conversion_rate`` tool results, as the parser takes them.

The parser never asks a market for anything: it lists the currencies it needs in
``GoalResult.rates_needed``; the caller (the offline goal turn, the offline brain) calls the
``conversion_rate`` tool and hands the results here. The source line names the pair(s), the
market, whether it is simulated, and the ticker's time, so the person reads where the rate came
from. This module must never make up or round a rate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .facts import Rate


def rate_of(result: Mapping[str, Any]) -> Rate | None:
    """The rate in one tool result; None for a failure or another tool's result."""
    if result.get("tool") != "conversion_rate" or not result.get("ok"):
        return None
    data = result.get("data") or {}
    try:
        value = Decimal(str(data["rate"]))
        at = datetime.fromisoformat(str(data["timestamp"])).strftime("%Y-%m-%d %H:%M UTC")
    except (KeyError, ValueError, InvalidOperation):
        return None
    if not value.is_finite() or value <= 0:
        return None
    pairs = " and ".join(str(p) for p in data.get("pairs") or [])
    market = f"the {data.get('market')} market" + (" (simulated)" if data.get("simulated") else "")
    return Rate(str(data["currency"]).upper(), value, f"{pairs} on {market}, {at}")


def rates_in(results: Iterable[Mapping[str, Any]]) -> dict[str, Rate]:
    """Every currency's fetched rate among ``results`` (the latest wins)."""
    out: dict[str, Rate] = {}
    for result in results:
        rate = rate_of(result)
        if rate is not None:
            out[rate.currency] = rate
    return out
