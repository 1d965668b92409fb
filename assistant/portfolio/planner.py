"""From target weights and current holdings to the exact net orders of a rebalance.

Pure arithmetic: no I/O, no clock, no hashing (``engine`` seals and journals the plan). Three rules
make a preview safe to confirm:

- **Net orders only.** Each asset gets one order for the difference to its target; nothing is sold
  to be bought back.
- **Round down, never up.** Quantities are rounded down to the market's amount step, so a buy never
  lands above its target and a sell never below it; the budget check includes fees and the order
  book's slippage, unrounded as a fill is, so buys never spend more than the cash (plus sale
  proceeds) available.
- **Nothing dropped silently.** An order that rounds to zero or falls below the market's minimum
  becomes an :class:`Unexecutable` line that says why.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from assistant.domain import (
    MarketInfo,
    OrderBook,
    OrderLine,
    Side,
    TargetAllocation,
    Unexecutable,
    model_book,
    walk_book,
)

QUOTE_PLACES = Decimal("0.00000001")


@dataclass(frozen=True)
class OrderDraft:
    """The planner's output before the engine wraps it into a sealed plan."""

    orders: list[OrderLine]
    unexecutable: list[Unexecutable]
    total_fees: Decimal
    total_slippage: Decimal
    turnover: float
    notes: list[str] = field(default_factory=list)


def draft_orders(
    *,
    balances: Mapping[str, Decimal],
    prices: Mapping[str, Decimal],
    markets: Mapping[str, MarketInfo],
    books: Mapping[str, OrderBook],
    target: TargetAllocation,
    quote: str,
    funding: Decimal = Decimal(0),
    max_turnover: float | None = None,
    only: Collection[str] | None = None,
) -> OrderDraft:
    """Net orders that move ``balances`` (plus ``funding`` in quote) toward ``target``.

    ``prices`` are mid prices per base asset, ``markets`` and ``books`` are keyed by base asset.
    ``only``: the assets that may trade (a contribution's buys); the others are left as held.
    """
    cash = balances.get(quote, Decimal(0)) + funding
    value = cash + sum(
        (qty * prices[a] for a, qty in balances.items() if a != quote and a in prices), Decimal(0)
    )
    notes: list[str] = []
    if value <= 0:
        return OrderDraft([], [], Decimal(0), Decimal(0), 0.0, ["the portfolio is empty"])

    current_w = {
        a: float(balances.get(a, Decimal(0)) * prices[a] / value) for a in prices if a != quote
    }
    assets = sorted(set(target.weights) | {a for a, q in balances.items() if a != quote and q > 0})
    deltas: dict[str, Decimal] = {}
    for asset in assets:
        if only is not None and asset not in only:
            continue
        if asset not in prices:
            notes.append(f"{asset} has no price on this market; it is left untouched")
            continue
        goal = Decimal(repr(target.weights.get(asset, 0.0))) * value
        deltas[asset] = goal - balances.get(asset, Decimal(0)) * prices[asset]

    scale = _turnover_scale(deltas, value, max_turnover, notes)
    sells: list[OrderLine] = []
    buys_wanted: list[tuple[str, Decimal]] = []
    skipped: list[Unexecutable] = []
    for asset, delta in deltas.items():
        delta *= scale
        if delta < 0:
            held = balances.get(asset, Decimal(0))
            qty = min(held, -delta / prices[asset])
            if target.weights.get(asset, 0.0) == 0.0 and scale == 1:
                qty = held  # leaving a position entirely: sell all of it, not all-but-rounding
            line = _line(asset, "sell", qty, markets[asset], books[asset], target, current_w)
            _sort(line, sells, skipped)
        elif delta > 0:
            buys_wanted.append((asset, delta))

    budget = cash + sum((_exact(o, books, markets) for o in sells), Decimal(0))
    buys, factor = _affordable_buys(
        buys_wanted, budget, prices, markets, books, target, current_w, skipped
    )
    if factor < 1:
        notes.append(
            f"buys were scaled to {float(factor):.2%} of their targets so that cost, fees and "
            "slippage fit the cash available"
        )
    orders = sells + buys
    fees = sum((o.fee for o in orders), Decimal(0))
    slip = sum((o.slippage for o in orders), Decimal(0))
    traded = sum((o.notional for o in orders), Decimal(0))
    return OrderDraft(
        orders=orders,
        unexecutable=skipped,
        total_fees=fees.quantize(QUOTE_PLACES),
        total_slippage=slip.quantize(QUOTE_PLACES),
        turnover=float(traded / value),
        notes=notes,
    )


def draft_sells(
    *,
    balances: Mapping[str, Decimal],
    prices: Mapping[str, Decimal],
    markets: Mapping[str, MarketInfo],
    books: Mapping[str, OrderBook],
    target: TargetAllocation,
    quote: str,
    shares: Mapping[str, float],
    funding: Decimal = Decimal(0),
) -> OrderDraft:
    """Sell ``shares[asset]`` (0..1) of each held position and trade nothing else: a risk exit
    (stop-loss, take-profit, the drawdown halt) as the backtest applies it (``sell_all`` and
    ``sell_part``): the units sold are a share of the units held, never a weight at the last
    close, so a position the rule did not name is left as it is."""
    cash = balances.get(quote, Decimal(0)) + funding
    value = cash + sum(
        (qty * prices[a] for a, qty in balances.items() if a != quote and a in prices), Decimal(0)
    )
    if value <= 0:
        return OrderDraft([], [], Decimal(0), Decimal(0), 0.0, ["the portfolio is empty"])
    current_w = {
        a: float(balances.get(a, Decimal(0)) * prices[a] / value) for a in prices if a != quote
    }
    orders: list[OrderLine] = []
    skipped: list[Unexecutable] = []
    notes: list[str] = []
    for asset in sorted(shares):
        share, held = shares[asset], balances.get(asset, Decimal(0))
        if share <= 0.0 or held <= 0:
            continue
        if asset not in prices:
            notes.append(f"{asset} has no price on this market; it is left untouched")
            continue
        qty = held if share >= 1.0 else held * Decimal(repr(share))
        _sort(
            _line(asset, "sell", qty, markets[asset], books[asset], target, current_w),
            orders,
            skipped,
        )
    traded = sum((o.notional for o in orders), Decimal(0))
    return OrderDraft(
        orders=orders,
        unexecutable=skipped,
        total_fees=sum((o.fee for o in orders), Decimal(0)).quantize(QUOTE_PLACES),
        total_slippage=sum((o.slippage for o in orders), Decimal(0)).quantize(QUOTE_PLACES),
        turnover=float(traded / value),
        notes=notes,
    )


def _turnover_scale(
    deltas: Mapping[str, Decimal], value: Decimal, cap: float | None, notes: list[str]
) -> Decimal:
    """Scale every trade down together when the spec caps turnover per rebalance."""
    if cap is None:
        return Decimal(1)
    wanted = sum((abs(d) for d in deltas.values()), Decimal(0)) / value
    limit = Decimal(repr(cap))
    if wanted <= limit or wanted == 0:
        return Decimal(1)
    notes.append(
        f"turnover capped: the full rebalance would trade {float(wanted):.1%} of the portfolio, "
        f"max_turnover allows {cap:.1%}, so every order is scaled to {float(limit / wanted):.0%}"
    )
    return limit / wanted


def _affordable_buys(
    wanted: list[tuple[str, Decimal]],
    budget: Decimal,
    prices: Mapping[str, Decimal],
    markets: Mapping[str, MarketInfo],
    books: Mapping[str, OrderBook],
    target: TargetAllocation,
    current_w: Mapping[str, float],
    skipped: list[Unexecutable],
) -> tuple[list[OrderLine], Decimal]:
    """Size buys, then shrink them together until cost, fees and slippage fit the budget."""
    factor = Decimal(1)
    for attempt in range(model_book.FIT_PASSES):
        lines: list[OrderLine] = []
        local_skips: list[Unexecutable] = []
        for asset, delta in wanted:
            info, book = markets[asset], books[asset]
            walk_qty = delta * factor / prices[asset]
            estimate = walk_book(book, "buy", walk_qty).average_price if walk_qty > 0 else None
            price = max(estimate or prices[asset], prices[asset])
            line = _line(asset, "buy", delta * factor / price, info, book, target, current_w)
            _sort(line, lines, local_skips)
        spend = sum((_exact(o, books, markets) for o in lines), Decimal(0))
        if spend <= budget:
            skipped.extend(local_skips)
            return lines, factor
        # Shrink to the budget less the fit's margin (``model_book``): the backtest takes the
        # same passes, so both land on the same buys.
        margin = Decimal(10) ** model_book.fit_margin_exponent(attempt)
        factor *= max(Decimal("0.5"), min(Decimal(1), budget / spend) * (1 - margin))
    skipped.extend(
        Unexecutable(
            symbol=markets[a].symbol,
            side="buy",
            quantity=Decimal(0),
            notional=d,
            reason="cannot execute: not enough cash after fees",
        )
        for a, d in wanted
    )
    return [], Decimal(0)


def _exact(
    line: OrderLine, books: Mapping[str, OrderBook], markets: Mapping[str, MarketInfo]
) -> Decimal:
    """The quote ``line`` pays with its fee (a buy) or brings in after it (a sell), unrounded,
    as the paper broker fills it: the line shows both rounded to 1e-8, and a budget summed
    from those could be short of the fills by that much (the last buy then refused)."""
    cost = walk_book(books[line.base], line.side, line.quantity).cost
    fee = cost * markets[line.base].taker_fee
    return cost + fee if line.side == "buy" else cost - fee


def _line(
    asset: str,
    side: Side,
    raw_qty: Decimal,
    info: MarketInfo,
    book: OrderBook,
    target: TargetAllocation,
    current_w: Mapping[str, float],
) -> OrderLine | Unexecutable:
    qty = info.round_amount(raw_qty)
    mid = (book.bids[0].price + book.asks[0].price) / 2 if book.bids and book.asks else None
    if qty <= 0:
        est = raw_qty * (mid or Decimal(0))
        return Unexecutable(
            symbol=info.symbol,
            side=side,
            quantity=Decimal(0),
            notional=est.quantize(QUOTE_PLACES),
            reason=f"cannot execute: {raw_qty:.8f} {asset} rounds to zero at the "
            f"market's step of {info.amount_step}",
        )
    walk = walk_book(book, side, qty)
    notional = walk.cost.quantize(QUOTE_PLACES)
    if not walk.complete:
        return Unexecutable(
            symbol=info.symbol,
            side=side,
            quantity=qty,
            notional=notional,
            reason=f"cannot execute: the order book holds only {walk.filled} {asset}",
        )
    if notional < info.min_notional:
        return Unexecutable(
            symbol=info.symbol,
            side=side,
            quantity=qty,
            notional=notional,
            reason=f"cannot execute: below minimum {info.min_notional} {info.quote} "
            f"(order worth {notional:.2f} {info.quote})",
        )
    if qty < info.min_amount:
        return Unexecutable(
            symbol=info.symbol,
            side=side,
            quantity=qty,
            notional=notional,
            reason=f"cannot execute: below minimum amount {info.min_amount} {asset}",
        )
    reference = mid if mid is not None else walk.reference_price
    return OrderLine(
        symbol=info.symbol,
        base=asset,
        side=side,
        quantity=qty,
        price=walk.average_price.quantize(QUOTE_PLACES),
        notional=notional,
        fee=(notional * info.taker_fee).quantize(QUOTE_PLACES),
        slippage=abs(walk.cost - qty * reference).quantize(QUOTE_PLACES),
        target_weight=target.weights.get(asset, 0.0),
        current_weight=current_w.get(asset, 0.0),
    )


def _sort(
    line: OrderLine | Unexecutable, orders: list[OrderLine], skipped: list[Unexecutable]
) -> None:
    if isinstance(line, OrderLine):
        orders.append(line)
    else:
        skipped.append(line)
