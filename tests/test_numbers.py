"""How figures read: prices keep their significant digits, money has cents, quantities are exact."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.numbers import money, pct, price, quantity, signed_pct


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("164589.2400", "164,589.24"),
        ("210.76", "210.76"),
        ("2.3456", "2.346"),
        ("0.6234", "0.6234"),
        ("0.00002869", "0.00002869"),
        ("0.000012345678", "0.00001235"),
        (0, "0.00"),
        (1000, "1,000.00"),
    ],
)
def test_a_price_shows_at_least_two_decimals_and_four_significant_digits(
    value: str, shown: str
) -> None:
    assert price(value) == shown


def test_money_is_to_the_cent_with_separators() -> None:
    assert money("11.97193189", "USDT") == "11.97 USDT"
    assert money(Decimal("1234567.891")) == "1,234,567.89"


def test_a_quantity_is_exact_without_exponent_or_trailing_zeros() -> None:
    assert quantity(Decimal("7.3739231E+7")) == "73,739,231"
    assert quantity(Decimal("0.012670")) == "0.01267"
    assert quantity(Decimal("1E+2")) == "100"


def test_percentages() -> None:
    assert pct(0.41789) == "41.8%" and pct(None) == ""
    assert signed_pct(0.0004) == "0.0%" and signed_pct(-0.031) == "-3.1%"


def test_something_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not a number"):
        price("abc")
