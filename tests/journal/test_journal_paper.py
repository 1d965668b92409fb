"""The paper account is deposits plus every fill, summed exactly."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from assistant.domain import JournalError
from assistant.journal import Journal
from tests.journal.journal_builders import at, make_fill, make_intent, make_plan, make_result


def _trade(journal: Journal, cid: str, symbol: str, side: str, *fills: tuple[str, ...]) -> None:
    plan = journal.latest_plan("core")
    assert plan is not None
    intent = make_intent(plan, cid, symbol, side, "1")
    journal.record_intent(intent)
    made = [make_fill(intent, *f) for f in fills]
    journal.record_order_result(make_result(intent, made))


def test_buys_and_sells_move_base_quote_and_fees_exactly(journal: Journal) -> None:
    journal.record_plan(make_plan())
    journal.record_deposit("usdt", Decimal("10000.00"), at(0), "paper capital", account="paper")
    # buy 0.5 BTC in two fills, fee in USDT; sell 2 ETH, fee in BNB (held from a deposit)
    _trade(
        journal,
        "cp-1",
        "BTC/USDT",
        "buy",
        ("0.2", "10000.10", "2.00002"),
        ("0.3", "10000.30", "3.00009"),
    )
    journal.record_deposit("ETH", Decimal("3"), at(1), "airdrop", account="paper")
    journal.record_deposit("BNB", Decimal("0.1"), at(1), "fee token", account="paper")
    _trade(journal, "cp-2", "ETH/USDT", "sell", ("2", "3000.5", "0.0015", "BNB"))
    btc_cost = Decimal("0.2") * Decimal("10000.10") + Decimal("0.3") * Decimal("10000.30")
    assert journal.balances("paper") == {
        "BNB": Decimal("0.0985"),
        "BTC": Decimal("0.5"),
        "ETH": Decimal("1"),
        "USDT": Decimal("10000.00") - btc_cost - Decimal("5.00011") + Decimal("6001.0"),
    }
    assert journal.balances("paper")["USDT"] == Decimal("10995.88989")


def test_an_asset_traded_back_to_exactly_zero_is_left_out(journal: Journal) -> None:
    journal.record_plan(make_plan())
    journal.record_deposit("USDT", Decimal("100"), at(0), "", account="paper")
    _trade(journal, "cp-1", "SOL/USDT", "buy", ("0.5", "100", "0"))
    _trade(journal, "cp-2", "SOL/USDT", "sell", ("0.5", "100", "0"))
    assert journal.balances("paper") == {"USDT": Decimal("100")}


def test_balances_keep_more_digits_than_the_default_decimal_context(journal: Journal) -> None:
    big, tiny = Decimal("123456789012.123456789"), Decimal("0.000000000000000001")
    journal.record_deposit("USDT", big, at(0), "", account="paper")
    journal.record_deposit("USDT", tiny, at(1), "", account="paper")
    # 30+ significant digits: the default 28-digit context would round this sum
    assert str(big + tiny) == "123456789012.1234567890000000"  # what plain Decimal gives
    assert journal.balances("paper") == {"USDT": Decimal("123456789012.123456789000000001")}


def test_an_empty_journal_has_no_balances(journal: Journal) -> None:
    assert journal.balances("paper") == {}


@pytest.mark.parametrize(
    ("asset", "amount", "when", "message"),
    [
        ("USDT", Decimal("0"), at(0), "positive amount"),
        ("USDT", Decimal("-5"), at(0), "positive amount"),
        ("USDT", Decimal("Infinity"), at(0), "not a finite Decimal"),
        ("US DT", Decimal("5"), at(0), "not a symbol"),
        ("USDT", Decimal("5"), datetime(2026, 1, 1), "no time zone"),
    ],
)
def test_bad_deposits_are_refused_and_change_nothing(
    journal: Journal, asset: str, amount: Decimal, when: datetime, message: str
) -> None:
    with pytest.raises(JournalError, match=message):
        journal.record_deposit(asset, amount, when, "bad", account="paper")
    assert journal.balances("paper") == {}
