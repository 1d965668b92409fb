"""Money amounts: "$5,000", "$2.5k", "5k", "3 grand", "EUR 20000", "10000 dollars", "1.2m".

Any US-dollar phrasing (USD, $, USDT, USDC, dollars, bucks) is read as the USDT quote. Another
currency is recorded as such: the parser asks instead of converting at a rate it would have to
guess. A bare number counts as money only right after a money verb ("I have 5000", "invest 3000
in"). This module must never turn a count ("top 10", "10 coins") into money.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from . import vocab
from .facts import Amount, Facts
from .text import BOUNDARY_LEFT, Text

#: The largest capital a spec takes (StrategySpec.capital); more is a question, never a spec.
MAX_AMOUNT = Decimal("1e12")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    data = vocab.load("numbers")
    currencies = data["currencies"]
    codes: dict[str, str] = {w: "USDT" for w in currencies["usd_like"]}
    codes.update(currencies["other"])
    names = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
    short = "k|mm|mn|m|bn"
    words = "thousand|grand|million|mil|mio|billion"
    number = rf"(?P<num>\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?:(?P<mag>{short})\b|\s*(?P<magw>{words})\b)?"
    money = re.compile(
        rf"{BOUNDARY_LEFT}(?:(?P<pre>{names})\s?)?{number}(?:\s?(?P<suf>{names})(?![\w]))?"
        r"|(?P<half>half a) (?P<hmag>grand|million|mil|billion)\b"
        r"|\b(?P<agrand>a grand)\b"
    )
    bare = re.compile(
        r"\b(?:have|has|got|invest(?:ing)?|put(?:ting)?|(?:capital|budget|amount|investment)"
        r"(?: of| to| at)?|"
        r"deposit(?:ing)?|allocate|allocating|spend(?:ing)?|start(?:ing)? with|funds?(?: of)?|"
        r"savings of|with|keep|keeping|hold|holding|leave|leaving|park|parking)\s+"
        r"(?P<num>\d+(?:\.\d+)?)"
        r"(?=\s*(?:$|[,.;!?]|in\b|into\b|to\b|across\b|for\b|on\b|and\b|over\b|spread\b|split\b))"
    )
    return money, bare, codes


def extract_amounts(text: Text, facts: Facts) -> None:
    """Append every amount of money found and consume it."""
    money, bare, codes = _patterns()
    magnitudes: dict[str, int] = vocab.load("numbers")["magnitudes"]
    for match in list(money.finditer(text.masked)):
        if match.group("agrand"):
            _add(text, facts, match, Decimal(1000), "USDT")
            continue
        if match.group("half"):
            value = Decimal(magnitudes[match.group("hmag")]) / 2
            _add(text, facts, match, value, "USDT")
            continue
        pre, suf = match.group("pre"), match.group("suf")
        mag = match.group("mag") or match.group("magw")
        if not (pre or suf or mag):
            continue
        if pre and suf and codes[pre] != codes[suf]:
            facts.ask(f'"{match.group(0).strip()}" names two currencies; which one do you mean?')
            continue
        currency = codes[pre or suf] if (pre or suf) else "USDT"
        phrase = _clip(match.group(0).strip())
        if not mag and _GROUPED.fullmatch(match.group("num")):  # "5.000 €": 5 or 5,000?
            text.consume(match.start(), match.end())
            whole = match.group("num").replace(".", "")
            facts.ask(
                f'Is "{phrase}" {int(whole):,} or {tidy(Decimal(match.group("num")))}? '
                "Write it without a dot for thousands, for example 5000 or 5,000."
            )
            continue
        if _negative(text.masked, match.start()):
            text.consume(match.start(), match.end())
            facts.ask(f'"-{phrase}" is a negative amount; how much do you want to invest?')
            continue
        try:
            value = Decimal(match.group("num")) * magnitudes.get(mag or "", 1)
        except (InvalidOperation, ArithmeticError):  # an exponent past Decimal's range
            value = MAX_AMOUNT * 10
        if value > MAX_AMOUNT:
            text.consume(match.start(), match.end())
            facts.ask(
                f'"{phrase}" is more than CoinPilot plans with (at most {MAX_AMOUNT:,.0f}); '
                "how much do you want to invest?"
            )
            continue
        _add(text, facts, match, value, currency)
    for match in list(bare.finditer(text.masked)):
        value = Decimal(match.group("num"))
        if value >= 10:
            amount = Amount(tidy(value), "USDT", "")
            _record(text, facts, match.start("num"), match.end("num"), amount)


#: "5.000" or "12.500" beside a currency: thousands grouped with a dot (as in much of Europe) or
#: a decimal with three places; the parser asks rather than choose.
_GROUPED = re.compile(r"[1-9]\d{0,2}\.\d{3}")


def _clip(phrase: str) -> str:
    return phrase if len(phrase) <= 40 else phrase[:37] + "..."


def _negative(masked: str, start: int) -> bool:
    """A minus sign right before the amount ("-$500"), not a hyphen between two words."""
    return start > 0 and masked[start - 1] == "-" and (start < 2 or not masked[start - 2].isalnum())


def tidy(value: Decimal) -> Decimal:
    """5E+3 -> 5000, 2.50 -> 2.5: the plain form a person wrote."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


_CASH_AFTER = re.compile(
    r"\s+(?:in|as)\s+(?:cash|stable ?coins?|stables|usdt|usdc|reserve|fiat|dry powder)\b"
)


def _add(text: Text, facts: Facts, match: re.Match[str], value: Decimal, currency: str) -> None:
    _record(text, facts, match.start(), match.end(), Amount(tidy(value), currency, ""))


def _record(text: Text, facts: Facts, start: int, end: int, amount: Amount) -> None:
    """An amount followed by 'in cash' is money kept aside, not the capital."""
    cash = _CASH_AFTER.match(text.masked, end)
    phrase = text.consume(start, cash.end() if cash else end)
    found = Amount(amount.value, amount.currency, phrase)
    (facts.cash_amounts if cash else facts.amounts).append(found)
