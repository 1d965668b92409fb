"""Holdings a person already has: "I already hold 0.5 BTC and 2 ETH", "I own 3 SOL".

A holdings cue (``data/cues.json`` ``holdings_cues``) followed by a list of quantity-coin pairs
is read as what the person holds, never as the capital or the coins to trade: the pairs are
consumed so no later extractor sees them. A coin the market prices in (USDT) or a currency word
("5000 usdc") is money, not a holding, and is left to :mod:`amounts`. This module must never
record anything: the holdings are only proposed; the person's confirmation writes them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from . import vocab
from .coins import CoinIndex
from .facts import QUOTE, Facts
from .result import GoalResult
from .text import Text

_QTY = re.compile(
    r"\s*(?:(?:and|plus|&|,)\s*)?(?:about |around |roughly )?(?P<num>\d+(?:\.\d+)?)\s*"
)
_SEP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+(?:and|plus|&)\s+|\s*&\s*)")
_TAIL = re.compile(r"\s*(?:already|right now|now|currently|today)\b")


@cache
def _money_words() -> frozenset[str]:
    """What :mod:`amounts` reads as money ("5000 usdc", "300 euros"): never a holding."""
    currencies = vocab.load("numbers")["currencies"]
    return frozenset([*currencies["usd_like"], *currencies["other"]])


def extract_holdings(text: Text, facts: Facts, index: CoinIndex) -> None:
    """Append each (ticker, quantity) held and consume the phrase."""
    cues = vocab.pattern("cues", "holdings_cues")
    for cue in list(cues.finditer(text.masked)):
        found: list[tuple[str, Decimal]] = []
        pos, end = cue.end(), cue.end()
        lead = re.compile(r"\s*:?\s*").match(text.masked, pos)
        pos = lead.end() if lead else pos
        while True:
            qty = _QTY.match(text.masked, pos)
            if qty is None:
                break
            coin = index.pattern.match(text.masked, qty.end())
            if coin is None:
                break
            entry = index.phrases[coin.group(0)]
            if entry.ticker == QUOTE or coin.group(0) in _money_words():
                break
            try:
                value = Decimal(qty.group("num"))
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                break
            if value <= 0:
                break
            found.append((entry.ticker, value))
            end = coin.end()
            tail = _TAIL.match(text.masked, end)
            if tail:
                end = tail.end()
            sep = _SEP.match(text.masked, end)
            if sep is None:
                break
            pos = sep.end()
        if not found:
            continue
        text.consume(cue.start(), end)
        for ticker, value in found:
            if any(t == ticker for t, _ in facts.holdings):
                facts.ask(f"You named {ticker} twice in what you hold; how much {ticker} is it?")
                continue
            facts.holdings.append((ticker, value))


def holdings_text(holdings: dict[str, str]) -> str:
    """'0.5 BTC and 2 ETH': the holdings as a person would say them."""
    parts = [f"{qty} {asset}" for asset, qty in holdings.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _as_dict(facts: Facts) -> dict[str, str]:
    return {ticker: str(value) for ticker, value in facts.holdings}


def holdings_only(facts: Facts, understood: list[str]) -> GoalResult:
    """A message that says only what is held: nothing to plan yet, something to record."""
    held = _as_dict(facts)
    return GoalResult(
        status="clarify",
        message=f"You hold {holdings_text(held)}. I can record these on your paper account so "
        "plans start from them; then tell me the goal (amount to add, coins, risk).",
        spec=None,
        understood=understood,
        holdings=held,
    )


def with_holdings(result: GoalResult, facts: Facts) -> GoalResult:
    """``result`` carrying the holdings the goal named beside it, if any."""
    if not facts.holdings:
        return result
    return result.model_copy(update={"holdings": _as_dict(facts)})
