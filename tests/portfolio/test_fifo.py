"""FIFO books: the accounting identity as a property, and the lots a person can check by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.portfolio.fifo import Movement, run_fifo

D = Decimal
T0 = datetime(2026, 1, 1, tzinfo=UTC)
ASSETS = ("BTC", "ETH")

prices = st.decimals(min_value=D("0.01"), max_value=D("90000"), places=2)
quantities = st.decimals(min_value=D("0.0001"), max_value=D("5"), places=4)
fee_rates = st.sampled_from([D(0), D("0.001"), D("0.00075")])
steps = st.lists(
    st.tuples(
        st.sampled_from(ASSETS),
        st.booleans(),  # buy (or sell)
        quantities,
        prices,
        fee_rates,
        st.booleans(),  # fee in the traded asset (else in the quote)
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(steps=steps, marks=st.tuples(prices, prices), cash=st.integers(1, 10**6))
def test_realized_plus_unrealized_is_the_equity_change_before_fees(
    steps: list[tuple[str, bool, Decimal, Decimal, Decimal, bool]],
    marks: tuple[Decimal, Decimal],
    cash: int,
) -> None:
    """Replay random fills on an account that starts in cash, as the journal sums balances
    (buy: +qty, -cost; sell: -qty, +cost; fee off its currency); then at any final prices
    realized + unrealized - fees equals the equity now minus the cash put in."""
    balances = {"USDT": D(cash), "BTC": D(0), "ETH": D(0)}
    moves = [Movement(T0, "open", "USDT", D(cash))]
    for i, (asset, buy, qty, price, rate, fee_in_asset) in enumerate(steps):
        if not buy:
            qty = min(qty, balances[asset])
            if qty <= 0:
                continue
        cost = qty * price
        fee_currency = asset if fee_in_asset and buy else "USDT"
        fee = ((qty if fee_currency == asset else cost) * rate).quantize(D("0.00000001"))
        if fee_currency == asset and fee >= qty:
            continue
        balances[asset] += qty if buy else -qty
        balances["USDT"] += -cost if buy else cost
        balances[fee_currency] -= fee
        moves.append(
            Movement(
                T0 + timedelta(minutes=i),
                "buy" if buy else "sell",
                asset,
                qty,
                price,
                fee,
                fee_currency,
            )
        )
    books = run_fifo("USDT", moves)
    now = dict(zip(ASSETS, marks, strict=True))
    equity = balances["USDT"] + sum(balances[a] * now[a] for a in ASSETS)
    identity = books.realized + books.unrealized(now) - books.fees
    assert abs(identity - (equity - D(cash))) < D("1e-20")
    for asset in ASSETS:
        assert books.book(asset).quantity == balances[asset]  # the lots are the holdings
        assert books.book(asset).unknown_disposed == 0


def test_a_sale_takes_the_oldest_lots_first() -> None:
    moves = [
        Movement(T0, "buy", "BTC", D("1"), D("100")),
        Movement(T0 + timedelta(1), "buy", "BTC", D("1"), D("200")),
        Movement(T0 + timedelta(2), "sell", "BTC", D("1.5"), D("300"), D("0.45"), "USDT"),
    ]
    books = run_fifo("USDT", moves)
    btc = books.book("BTC")
    # 1 at 100 and 0.5 at 200 sold at 300: 450 - (100 + 100) = 250; the fee apart
    assert btc.realized == D("250") and books.fees == D("0.45")
    assert btc.quantity == D("0.5") and btc.known_cost == D("100")
    assert btc.unrealized(D("400")) == D("100")


def test_a_fee_paid_in_the_quote_is_on_the_row_of_the_asset_traded() -> None:
    moves = [
        Movement(T0, "buy", "BTC", D("1"), D("100"), D("0.10"), "USDT"),
        Movement(T0, "buy", "ETH", D("2"), D("10"), D("0.02"), "USDT"),
    ]
    books = run_fifo("USDT", moves)
    assert books.book("BTC").fees == D("0.10") and books.book("ETH").fees == D("0.02")
    assert books.fees == D("0.12")  # the total is the rows' sum: nothing counted twice


def test_holdings_without_a_cost_basis_count_in_value_not_in_pnl() -> None:
    moves = [
        Movement(T0, "open", "ETH", D("2")),  # imported, no cost basis
        Movement(T0, "open", "BTC", D("1"), D("50")),  # imported at 50 a unit
        Movement(T0 + timedelta(1), "sell", "ETH", D("1"), D("3000")),
        Movement(T0 + timedelta(1), "adjust", "BTC", D("-0.25")),
    ]
    books = run_fifo("USDT", moves)
    eth, btc = books.book("ETH"), books.book("BTC")
    assert eth.realized == 0 and eth.unknown_disposed == D("1") and eth.unknown_quantity == D("1")
    assert eth.unrealized(D("3000")) == 0
    assert btc.realized == D("-12.5") and btc.quantity == D("0.75")  # given up, at no proceeds
