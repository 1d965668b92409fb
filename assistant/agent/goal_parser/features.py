"""The spec's later features in plain English: a fixed split, a recurring contribution and a
take-profit, read before the general extractors so none of them misreads one.

- **Fixed split**: "60% BTC, 40% ETH", "BTC 50%, ETH 30%, SOL 20%", "60/40 BTC/ETH". Two or more
  shares each pinned to a coin become ``objective = "fixed"`` with ``[weights]``; what they leave
  is cash. One pinned share alone is left to :mod:`shares`, which asks.
- **Contribution** (DCA): "buy $50 of BTC every week", "invest 200 dollars monthly", "add $100
  every 2 weeks": an amount of money after a buying verb, then a schedule.
- **Take-profit**: "take profit at 30%", "sell half when a coin is up 50%", "take profits at 25%
  selling a third": the gain since entry, and the share sold (all of it unless said).

Signal tilts (RSI, MACD, Bollinger and the rest) are read by :mod:`signals`.

Each reader consumes only the numbers and cue words it used, never a coin name, so the coins are
still found as the universe. This module must never guess a number it did not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from . import vocab
from .coins import CoinIndex
from .facts import Facts
from .text import Text

__all__ = ["Features", "apply_features", "extract_features"]

_NUM = r"\d+(?:\.\d+)?"
_UNITS = {"day": 1, "week": 7, "fortnight": 14, "month": 30}
_ADVERBS = {"daily": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30}


@dataclass
class Features:
    """What the readers found; kept beside :class:`~.facts.Facts` (one per goal)."""

    weights: dict[str, float] | None = None
    contribution: tuple[Decimal, int] | None = None
    take_profit: tuple[float, float, bool] | None = None  # gain, share sold, share given

    def any(self) -> bool:
        return bool(self.weights or self.contribution or self.take_profit)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    other = "|".join(
        re.escape(c) for c in sorted(vocab.load("numbers")["currencies"]["other"], key=len)[::-1]
    )
    money = (
        rf"(?:\$|usd\s?|usdt\s?|(?P<pre>{other})\s?)?(?P<num>{_NUM})(?P<k>k)?"
        rf"(?:\s?(?:\$|usdt|usd|dollars?|bucks|(?P<suf>{other}))(?![\w]))?"
    )
    period = (
        r"(?:every|each|per|a|once a)\s+(?:(?P<n>\d+)\s+)?(?P<unit>day|week|fortnight|month)s?"
        r"|(?P<adv>daily|weekly|biweekly|fortnightly|monthly)"
    )
    parts = "|".join(sorted(vocab.load("features")["sell_parts"], key=len, reverse=True))
    part = rf"(?P<part>{parts}|{_NUM}\s*%)"
    return {
        "contribution": re.compile(
            r"\b(?:buy(?:ing)?|invest(?:ing)?|add(?:ing)?|put(?:ting)? in|contribut(?:e|ing)|"
            rf"deposit(?:ing)?|dca)\s+(?P<money>{money})(?P<mid>[^.;!?\d$%]{{0,40}}?)\s*"
            rf"(?P<period>{period})\b"
        ),
        # "$500 a month into BTC", "put 200 euros per week in": money with its currency, then
        # the schedule right after it, is a contribution whatever verb (or none) comes before
        "contribution_direct": re.compile(
            rf"(?<![\w.])(?P<money>(?:\$|usd\s?|usdt\s?|(?P<pre>{other})\s?){_NUM}k?"
            rf"|{_NUM}k?\s?(?:\$|usdt|usd|dollars?|bucks|(?P<suf>{other})))(?![\w])"
            rf"(?P<mid>)\s+(?P<period>(?:every|each|per|a)\s+(?P<unit>day|week|fortnight|month))\b"
        ),
        "take_profit": re.compile(
            r"\b(?P<cue>take[- ]?profits?|profit[- ]taking|lock in (?:gains|profits?))\s*"
            r"(?:at|of|when (?:it is |it'?s |a coin is |they are |they'?re )?up|once up|on gains of"
            rf"|after|@|:)?\s*\+?(?P<pct>{_NUM})\s*%"
            rf"(?:,?\s*(?:by )?sell(?:ing)?\s+{part}(?: of (?:it|them|the position))?)?"
        ),
        "sell_when_up": re.compile(
            rf"\b(?P<cue>sell|trim|cash out)\s+{part}?\s*"
            r"(?:of (?:it|them|a coin|the coin|each coin|that coin|the position|a position)\s+)?"
            r"(?:when|once|if|after)\s+(?:a coin|it|any coin|a position|the position|each coin|"
            r"one|a holding|something|they)?\s*(?:is |goes |gains |rises |has gained |has risen |"
            rf"are |'s )?(?:up )?(?:by )?\+?(?P<pct>{_NUM})\s*%"
        ),
        "percent": re.compile(rf"(?<![\w.])(?P<n>{_NUM})\s*(?:%|percent)(?![\w])"),
        "split": re.compile(r"(?<![\w.])(?P<parts>\d{1,2}(?:/\d{1,2})+)(?![\w.%])"),
    }


def extract_features(text: Text, facts: Facts, index: CoinIndex) -> Features:
    """Read the three features from ``text`` (consuming what they used)."""
    found = Features()
    _contribution(text, facts, found)
    _take_profit(text, facts, found)
    _fixed_split(text, facts, index, found)
    return found


def _contribution(text: Text, facts: Facts, found: Features) -> None:
    pats = _patterns()
    match = pats["contribution"].search(text.masked) or pats["contribution_direct"].search(
        text.masked
    )
    if match is None or re.search(r"rebalanc|review|check|adjust", match.group("mid")):
        return
    number = re.search(rf"(?P<num>{_NUM})(?P<k>k)?", match.group("money"))
    if number is None:
        return
    try:
        amount = Decimal(number.group("num")) * (1000 if number.group("k") else 1)
    except InvalidOperation:
        return
    groups = match.groupdict()
    if groups.get("adv"):
        days = _ADVERBS[groups["adv"]]
    else:
        days = _UNITS[groups["unit"]] * int(groups.get("n") or 1)
    if amount <= 0 or not 1 <= days <= 366:
        facts.ask(
            f'"{text.original[match.start() : match.end()].strip()}" is not a schedule I can '
            "run: give an amount and a period of 1 day to a year, like '$50 every week'."
        )
        return
    found.contribution = (amount, days)
    named = match.group("pre") or match.group("suf")
    if named:  # "200 euros every month": settled (converted or asked) with the other amounts
        facts.contribution_currency = vocab.load("numbers")["currencies"]["other"][named]
    text.consume(match.start(), match.start("money") + len(match.group("money")))
    text.consume(match.start("period"), match.end("period"))


def _take_profit(text: Text, facts: Facts, found: Features) -> None:
    pats = _patterns()
    match = pats["take_profit"].search(text.masked) or pats["sell_when_up"].search(text.masked)
    if match is None:
        return
    if _ruled_out(text.lower, match.start()):
        text.consume(match.start(), match.end())
        return
    gain = float(match.group("pct")) / 100
    part = match.group("part")
    share = 1.0 if part is None else _part(part)
    if share is None or gain <= 0:
        facts.ask(
            f'For "{text.original[match.start() : match.end()].strip()}": how much of a '
            "position should be sold when it is up that much (all of it, half, a third)?"
        )
        return
    found.take_profit = (gain, share, part is not None)
    text.consume(match.start(), match.end())


_NEGATED = re.compile(
    r"(?:^|\W)(?:no|not|without|never|don'?t(?: use| want)?|skip)(?:\s+\w+){0,2}\s*$"
)


def _ruled_out(lower: str, start: int) -> bool:
    """The person ruling a feature out ("no RSI", "without a take profit"), not asking for it."""
    return _NEGATED.search(lower[max(0, start - 30) : start]) is not None


def _part(part: str) -> float | None:
    parts: dict[str, float] = vocab.load("features")["sell_parts"]
    if part in parts:
        return float(parts[part])
    number = re.match(_NUM, part)
    value = float(number.group(0)) / 100 if number else 0.0
    return value if 0 < value <= 1 else None


def _fixed_split(text: Text, facts: Facts, index: CoinIndex, found: Features) -> None:
    pats = _patterns()
    low = text.masked
    pinned: list[tuple[str, float, int, int]] = []
    for match in pats["percent"].finditer(low):
        coin = _coin_beside(low, match.start(), match.end(), index)
        if coin is not None:
            pinned.append((coin, float(match.group("n")) / 100, match.start(), match.end()))
    for match in pats["split"].finditer(low):
        parts = [int(p) for p in match.group("parts").split("/")]
        coins = _coins_near(low, match.start(), match.end(), index, len(parts))
        if sum(parts) == 100 and coins is not None:
            for coin, part in zip(coins, parts, strict=True):
                pinned.append((coin, part / 100, match.start(), match.end()))
    if len(pinned) < 2:
        return
    weights: dict[str, float] = {}
    for coin, value, _, _ in pinned:
        weights[coin] = weights.get(coin, 0.0) + value
    total = sum(weights.values())
    if total > 1.0 + 1e-9:
        facts.ask(
            f"The shares you gave ({', '.join(f'{c} {w:.0%}' for c, w in weights.items())}) add "
            f"up to {total:.0%}; a fixed split can hold at most 100%. Which should be lower?"
        )
        return
    found.weights = weights
    for _, _, start, end in pinned:
        text.consume(start, end)


def _coin_beside(low: str, start: int, end: int, index: CoinIndex) -> str | None:
    """The coin right after a share ("60% BTC", "60% in BTC") or right before it ("BTC 60%",
    "BTC: 60%", "BTC at 60%")."""
    after = re.compile(
        rf"\s*(?:of\s+|in\s+|into\s+|to\s+)?(?:my\s+|the\s+)?({index.pattern.pattern})"
    )
    hit = after.match(low, end)
    if hit is not None:
        return index.phrases[hit.group(1)].ticker
    before = re.search(
        rf"({index.pattern.pattern})\s*(?::|=|-|at|@)?\s*$", low[max(0, start - 40) : start]
    )
    if before is not None:
        return index.phrases[before.group(1)].ticker
    return None


def _coins_near(low: str, start: int, end: int, index: CoinIndex, n: int) -> list[str] | None:
    """``n`` coins named right after a split ("60/40 BTC/ETH", "60/40 in BTC and ETH") or
    right before it ("BTC/ETH 60/40")."""
    after = [m for m in index.pattern.finditer(low[end : end + 60])]
    if len(after) >= n and after[0].start() <= 12:
        return [index.phrases[m.group(0)].ticker for m in after[:n]]
    window = low[max(0, start - 60) : start]
    before = [m for m in index.pattern.finditer(window)]
    if len(before) >= n and len(window) - before[-1].end() <= 12:
        return [index.phrases[m.group(0)].ticker for m in before[-n:]]
    return None


def apply_features(
    data: dict[str, Any], found: Features, facts: Facts, *, stated_objective: str | None
) -> list[str]:
    """Write the features into a spec dict; returns the defaults used, for the message."""
    defaults: list[str] = []
    if found.weights:
        if stated_objective not in (None, "fixed"):
            facts.ask(
                f"You gave both a fixed split and the {stated_objective} objective; should "
                "the weights be your split, or should the optimizer choose them?"
            )
        data["objective"] = "fixed"
        data["weights"] = found.weights
    if found.contribution:
        amount, days = found.contribution
        data["contributions"] = {"amount": amount, "every_days": days}
    if found.take_profit:
        gain, share, given = found.take_profit
        data.setdefault("risk", {})
        data["risk"]["take_profit"] = gain
        data["risk"]["take_profit_sell"] = share
        if not given:
            defaults.append("a take-profit sells the whole position")
    return defaults
