"""How CoinPilot writes numbers for a person: prices, money, quantities and percentages.

One module, so the app, the CLI and the journal's summaries write the same figure the same way: a
price of 0.00001234 (SHIB) must never read 0.00 in one place and 0.000012 in another, and a fee
must never read 11.97193189. It only formats numbers the code computed; it never rounds a value
that is used for anything but reading. Pure and stdlib-only: every layer may import it, and it
imports nothing of ours.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

Number = Decimal | float | int | str

#: Significant digits a price shows when it is small (2 decimals always, more below 1,000).
PRICE_DIGITS = 4
_MAX_DECIMALS = 12


def _decimal(value: Number) -> Decimal:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def price(value: Number, digits: int = PRICE_DIGITS) -> str:
    """At least two decimals, and enough to show ``digits`` significant digits.

    164,589.24 · 210.76 · 2.346 · 0.6234 · 0.00001234
    """
    number = _decimal(value)
    if not number.is_finite():
        return str(number)
    if number == 0:
        return "0.00"
    decimals = min(_MAX_DECIMALS, max(2, digits - 1 - number.adjusted()))
    return f"{number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN):,f}"


def money(value: Number, quote: str = "") -> str:
    """An amount of money to the cent, with thousands separators: ``11.97 USDT``."""
    number = _decimal(value)
    text = f"{number.quantize(Decimal('0.01'), ROUND_HALF_EVEN):,f}" if number.is_finite() else ""
    return f"{text or number} {quote}".rstrip()


def quantity(value: Number) -> str:
    """A quantity exactly as stored (market precision), without exponent or trailing zeros.

    73,739,231 · 0.01267 · 3.5
    """
    number = _decimal(value)
    if not number.is_finite():
        return str(number)
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):,f}"
    return f"{number.normalize():,f}"


def pct(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage (0.418 -> ``41.8%``); None is an empty cell."""
    return "" if value is None else f"{value:.{digits}%}"


def signed_pct(value: float | None) -> str:
    """A change in percentage points, signed; anything under 0.05 points reads ``0.0%``."""
    if value is None:
        return ""
    return "0.0%" if abs(value) < 0.0005 else f"{value:+.1%}"
