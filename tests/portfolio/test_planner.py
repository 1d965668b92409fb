from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.portfolio.planner import draft_orders
from tests.factories import book, market, target

PRICES = {"BTC": Decimal("50000"), "ETH": Decimal("3000"), "SOL": Decimal("150")}
MARKETS = {
    "BTC": market("BTC", step="0.00001"),
    "ETH": market("ETH", step="0.0001"),
    "SOL": market("SOL", step="0.01"),
}
BOOKS = {a: book(a, str(p), size="1000") for a, p in PRICES.items()}


def _draft(balances, weights, cash=0.0, funding=Decimal(0), **kw):
    return draft_orders(
        balances=balances,
        prices=PRICES,
        markets=MARKETS,
        books=BOOKS,
        target=target(weights, cash),
        quote="USDT",
        funding=funding,
        **kw,
    )


def test_initial_allocation_buys_each_asset_near_its_target() -> None:
    d = _draft({}, {"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}, funding=Decimal("10000"))
    by = {o.base: o for o in d.orders}
    assert set(by) == {"BTC", "ETH", "SOL"}
    assert all(o.side == "buy" for o in d.orders)
    assert abs(float(by["BTC"].notional) - 5000) < 25
    assert sum(o.notional + o.fee for o in d.orders) <= Decimal("10000")


def test_net_orders_only_sell_the_excess_never_everything() -> None:
    balances = {"BTC": Decimal("0.1"), "ETH": Decimal("1"), "USDT": Decimal("0")}
    # value = 5000 + 3000 = 8000 ; targets 50/50 -> sell ~1000 of BTC, buy ~1000 of ETH
    d = _draft(balances, {"BTC": 0.5, "ETH": 0.5})
    sells = [o for o in d.orders if o.side == "sell"]
    assert len(sells) == 1 and sells[0].base == "BTC"
    assert sells[0].quantity < Decimal("0.03")


def test_order_below_minimum_notional_is_listed_with_its_reason() -> None:
    balances = {"BTC": Decimal("0.1"), "USDT": Decimal("3")}
    d = _draft(balances, {"BTC": 0.9994, "SOL": 0.0006})
    assert not [o for o in d.orders if o.base == "SOL"]
    (skip,) = [u for u in d.unexecutable if u.symbol == "SOL/USDT"]
    assert "below minimum 5 USDT" in skip.reason


def test_quantities_are_multiples_of_the_amount_step() -> None:
    d = _draft({}, {"BTC": 0.5, "ETH": 0.3, "SOL": 0.2}, funding=Decimal("1234.56"))
    for o in d.orders:
        step = MARKETS[o.base].amount_step
        assert (o.quantity / step) == (o.quantity / step).to_integral_value()


def test_leaving_a_position_sells_all_of_it() -> None:
    balances = {"SOL": Decimal("10.123456"), "USDT": Decimal("1000")}
    d = _draft(balances, {"BTC": 1.0})
    (sell,) = [o for o in d.orders if o.side == "sell"]
    assert sell.base == "SOL" and sell.quantity == Decimal("10.12")


def test_max_turnover_scales_every_order() -> None:
    balances = {"BTC": Decimal("0.2"), "USDT": Decimal("0")}
    d = _draft(balances, {"BTC": 0.5, "ETH": 0.5}, max_turnover=0.2)
    traded = sum(o.notional for o in d.orders)
    assert traded <= Decimal("10000") * Decimal("0.2") * Decimal("1.01")
    assert any("turnover capped" in n for n in d.notes)


weights_st = st.dictionaries(
    st.sampled_from(["BTC", "ETH", "SOL"]), st.floats(0.01, 1.0), min_size=1
).map(lambda w: {k: v / sum(w.values()) for k, v in w.items()})
holdings_st = st.fixed_dictionaries(
    {
        "BTC": st.decimals("0", "0.5", places=5),
        "ETH": st.decimals("0", "5", places=4),
        "SOL": st.decimals("0", "50", places=2),
        "USDT": st.decimals("0", "20000", places=2),
    }
)


@settings(max_examples=150, deadline=None)
@given(holdings=holdings_st, weights=weights_st, cash=st.floats(0.0, 0.5))
def test_planner_properties(holdings, weights, cash) -> None:
    weights = {k: v * (1 - cash) for k, v in weights.items()}
    balances = {k: v for k, v in holdings.items() if v > 0}
    d = _draft(balances, weights, cash)
    value = holdings["USDT"] + sum(holdings[a] * PRICES[a] for a in PRICES)
    sells = [o for o in d.orders if o.side == "sell"]
    buys = [o for o in d.orders if o.side == "buy"]
    # never spends more than the cash plus what the sells bring in
    budget = holdings["USDT"] + sum(o.notional - o.fee for o in sells)
    assert sum(o.notional + o.fee for o in buys) <= budget
    for o in d.orders:
        info = MARKETS[o.base]
        # never sends below the minimum notional
        assert o.notional >= info.min_notional
        # never sells more than is held
        if o.side == "sell":
            assert o.quantity <= holdings[o.base]
        # rounding never overshoots the target
        goal = Decimal(repr(weights.get(o.base, 0.0))) * value
        after = (
            holdings[o.base] * PRICES[o.base]
            + (1 if o.side == "buy" else -1) * o.quantity * PRICES[o.base]
        )
        if o.side == "buy":
            assert after <= goal + Decimal("0.01")
        else:
            assert after >= goal - Decimal("0.01")
