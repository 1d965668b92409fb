"""One value per spec field from the extractors' candidates, or a question when they disagree.

"$5,000 ... invest 2k" or "monthly ... weekly" is not resolved by keeping the last one: the
person is asked which they meant. Amounts in another currency are asked about too, never
converted. This module must never build a spec; it only settles values.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from .facts import QUOTE, Facts

T = TypeVar("T")


@dataclass
class Fields:
    """The settled values; ``None`` means the goal did not say."""

    capital: Decimal | None = None
    objective: str | None = None
    level: str | None = None
    mode: str | None = None
    exchange: str | None = None
    quote: str | None = None  # a currency other than USDT that the market quotes coins in
    every_days: int | None = None
    drift: float | None = None
    top_n: int | None = None
    shares: dict[str, float] = field(default_factory=dict)


def settle(facts: Facts, quotes: Collection[str] = (QUOTE,)) -> Fields:
    """``quotes``: the currencies the market prices coins in; an amount in one of them is
    invested in it as it is (no conversion), any other currency is a question."""
    out = Fields()
    usable = [a for a in facts.amounts if a.currency == QUOTE or a.currency in quotes]
    for amount in facts.amounts:
        if amount not in usable:
            facts.ask(
                f'You gave "{amount.phrase}" in {amount.currency}. This market trades in '
                f"{_listing(quotes)} and I won't convert at a rate I'd have to guess: how much is "
                "that in US dollars?"
            )
    currencies = list(dict.fromkeys(a.currency for a in usable))
    if len(currencies) > 1:
        said = " and ".join(f'"{a.phrase}"' for a in usable)
        facts.ask(f"You gave amounts in two currencies: {said}. Which one should I invest?")
        usable = []
    elif currencies and currencies[0] != QUOTE:
        out.quote = currencies[0]
    out.capital = _one([(a.value, a.phrase) for a in usable], "amounts to invest", facts)
    out.objective = _one(facts.objectives, "objectives", facts)
    out.level = _one(facts.risk_levels, "risk levels", facts)
    out.mode = _one(facts.modes, "trading modes", facts)
    out.exchange = _one(facts.exchanges, "exchanges", facts)
    out.every_days = _one(facts.periods, "rebalancing periods", facts)
    out.top_n = _one(facts.top_n, "top-N sizes", facts)
    for role in ("stop_loss", "max_drawdown", "drift", "cash_reserve", "min_weight", "max_weight"):
        found = [(s.value, s.phrase) for s in facts.shares if s.role == role]
        value = _one(found, _ROLE_NAMES[role], facts)
        if value is not None:
            out.shares[role] = value
    out.drift = out.shares.pop("drift", None)
    _cash_amount(facts, out)
    return out


def _listing(quotes: Collection[str]) -> str:
    names = sorted(set(quotes) | {QUOTE})
    usd = "USDT (US dollars)"
    others = [q for q in names if q != QUOTE]
    return usd if not others else f"{usd} and {', '.join(others)}"


def _cash_amount(facts: Facts, out: Fields) -> None:
    """'keep $500 in cash' with capital $5,000 is a 10% cash reserve; without capital, ask."""
    cash = _one([(a.value, a.phrase) for a in facts.cash_amounts], "cash amounts", facts)
    if cash is None:
        return
    phrase = facts.cash_amounts[0].phrase
    if out.capital is None:
        facts.ask(f'"{phrase}" out of how much? Give the total to invest, or the cash as a share.')
    elif cash >= out.capital:
        facts.ask(f'"{phrase}" is all of the {out.capital:,} to invest; how much should stay?')
    elif "cash_reserve" in out.shares:
        facts.ask(f'You gave the cash twice ("{phrase}" and a share); which one do you want?')
    else:
        out.shares["cash_reserve"] = float(cash / out.capital)


_ROLE_NAMES = {
    "stop_loss": "stop-losses",
    "max_drawdown": "drawdown limits",
    "drift": "drift thresholds",
    "cash_reserve": "cash reserves",
    "min_weight": "minimum weights",
    "max_weight": "maximum weights",
}


def _one(candidates: list[tuple[T, str]], what: str, facts: Facts) -> T | None:
    values: list[T] = []
    for value, _ in candidates:
        if value not in values:
            values.append(value)
    if len(values) > 1:
        said = " and ".join(f'"{phrase}"' for _, phrase in candidates)
        facts.ask(f"You gave two different {what}: {said}. Which one do you want?")
        return None
    return values[0] if values else None
