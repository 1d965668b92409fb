"""One value per spec field from the extractors' candidates, or a question when they disagree.

"$5,000 ... invest 2k" or "monthly ... weekly" is not resolved by keeping the last one: the
person is asked which they meant. An amount in another currency is converted only at a rate the
caller fetched from its market (``rates``), stated in the notes with its source; without one it
is a question, and the currency is listed in ``Facts.rates_needed`` so a caller with a market can
fetch the rate and parse again. This module must never build a spec, nor know a rate itself.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TypeVar

from .facts import QUOTE, Amount, Facts, Rate

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
    conversions: list[str] = field(default_factory=list)  # notes: what was converted, at what


def settle(
    facts: Facts, quotes: Collection[str] = (QUOTE,), rates: Mapping[str, Rate] | None = None
) -> Fields:
    """``quotes``: the currencies the market prices coins in; an amount in one of them is
    invested in it as it is (no conversion). An amount in another currency is converted to USDT
    at its fetched rate in ``rates``, or is a question."""
    out = Fields()
    rates = rates or {}
    amounts = [
        _converted(a, rates, out) if a.currency in rates and a.currency not in quotes else a
        for a in facts.amounts
    ]
    usable = [a for a in amounts if a.currency == QUOTE or a.currency in quotes]
    for amount in amounts:
        if amount not in usable:
            _ask_rate(facts, amount.phrase, amount.currency, quotes)
    _contribution(facts, quotes, rates, out)
    cash = [_converted(a, rates, out) if a.currency in rates else a for a in facts.cash_amounts]
    for amount in cash:
        if amount.currency != QUOTE:
            _ask_rate(facts, amount.phrase, amount.currency, quotes)
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
    _cash_amount(facts, [a for a in cash if a.currency == QUOTE], out)
    return out


def _ask_rate(facts: Facts, phrase: str, currency: str, quotes: Collection[str]) -> None:
    if currency not in facts.rates_needed:
        facts.rates_needed.append(currency)
    facts.ask(
        f'You gave "{phrase}" in {currency}. This market trades in {_listing(quotes)}, it gave me '
        f"no {currency} rate, and I won't convert at a rate I'd have to guess: how much is that "
        "in US dollars?"
    )


#: Converted amounts are kept to the cent of the quote.
_CENT = Decimal("0.01")


def convert(value: Decimal, rate: Rate) -> Decimal:
    """``value`` in ``rate.currency`` -> USDT at the fetched rate, to the cent."""
    return (value * rate.value).quantize(_CENT, rounding=ROUND_HALF_EVEN)


def _converted(amount: Amount, rates: Mapping[str, Rate], out: Fields) -> Amount:
    rate = rates[amount.currency]
    value = convert(amount.value, rate)
    out.conversions.append(_note(amount.phrase, amount.value, value, rate))
    return Amount(value, QUOTE, amount.phrase)


def _note(phrase: str, value: Decimal, converted: Decimal, rate: Rate) -> str:
    return (
        f'I converted "{phrase}" ({value:,} {rate.currency}) at {rate.value} {QUOTE} per '
        f"{rate.currency} ({rate.source}) = {converted:,.2f} {QUOTE}; the rate moves, the amount "
        "stays as converted."
    )


def _contribution(
    facts: Facts, quotes: Collection[str], rates: Mapping[str, Rate], out: Fields
) -> None:
    """A recurring amount in another currency ("200 euros every month"): the same rule."""
    found = facts.features
    currency = facts.contribution_currency
    if found is None or found.contribution is None or currency == QUOTE or currency in quotes:
        return
    amount, days = found.contribution
    phrase = f"{amount:,} {currency}"
    if currency in rates:
        value = convert(amount, rates[currency])
        out.conversions.append(_note(phrase, amount, value, rates[currency]))
        found.contribution = (value, days)
    else:
        _ask_rate(facts, phrase, currency, quotes)


def _listing(quotes: Collection[str]) -> str:
    names = sorted(set(quotes) | {QUOTE})
    usd = "USDT (US dollars)"
    others = [q for q in names if q != QUOTE]
    return usd if not others else f"{usd} and {', '.join(others)}"


def _cash_amount(facts: Facts, amounts: list[Amount], out: Fields) -> None:
    """'keep $500 in cash' with capital $5,000 is a 10% cash reserve; without capital, ask.
    ``amounts`` are in USDT (converted at a fetched rate where they were not)."""
    cash = _one([(a.value, a.phrase) for a in amounts], "cash amounts", facts)
    if cash is None:
        return
    phrase = amounts[0].phrase
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
