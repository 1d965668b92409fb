"""The backtest's two hot loops, compiled with numba: scanning held days and filling a rebalance.

Why compiled: between two rebalances a backtest only values constant holdings day after day, and
a rebalance is a few dozen operations on one small array per asset. In numpy each of those is a
separate call costing microseconds of Python overhead on 20-element arrays, which is most of a
backtest's time; compiled, the whole scan or fill is one call (``benchmarks/RESULTS.md``).

**The same bits as numpy.** Every sum here is :func:`total`, which adds in exactly the order
numpy's ``add.reduce`` does for a contiguous float64 array (pairwise: eight running partial sums
in blocks of up to 128, halves above that), and every other operation is the same IEEE
operation on the same operands in the same order, so results are bit-identical to the numpy
formulation they replace (``tests/backtest/test_kernels.py`` checks it against that reference on
thousands of seeded cases). ``fastmath`` stays off for that reason.

What must never happen here: a decision. The kernels compute numbers; which rule fires and what
the targets are is decided in Python by the shared rules (``rules``, ``risk``). Nor a second cost
formula: what an order fills at is ``assistant.domain.model_book``'s rule, compiled here from
that very function, which the paper broker fills with in a replay.

Compiling takes a few seconds and is done once per machine (``cache=True`` keeps the machine
code next to this file, or in numba's user cache when that is read-only). numba itself loads in
about 0.4 s, so ``simulate`` and ``trading`` import this module on their first backtest, never
at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

from assistant.domain import model_book

__all__ = ["fill_orders", "net_and_fill", "net_orders", "scan_rows", "total"]

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
F = TypeVar("F", bound=Callable[..., Any])

#: numpy sums blocks of up to this many values with eight partial sums, and splits longer ones.
_BLOCK = 128


def _compiled(fn: F, *, inline: str = "never") -> F:
    """``numba.njit`` with the cache on and exact IEEE arithmetic, keeping ``fn``'s type.

    numba refuses to cache where it finds no writable folder (a read-only install with no
    writable home); backtests must still run there, compiling once per process instead."""
    options: dict[str, Any] = {"fastmath": False, "nogil": True, "inline": inline}
    try:
        return cast(F, numba.njit(cache=True, **options)(fn))
    except RuntimeError:
        return cast(F, numba.njit(cache=False, **options)(fn))


def _inlined(fn: F) -> F:
    """:func:`_compiled`, and copied into every compiled caller: a sum of a row's 21 values
    called as a function 3000 times a scan cost more than the additions (about 10 us)."""
    return _compiled(fn, inline="always")


@_inlined
def _block_sum(a: Floats, lo: int, n: int) -> float:
    """numpy's ``pairwise_sum`` for ``n <= 128`` values from ``a[lo]`` (its leaf case)."""
    if n < 8:
        res = 0.0  # numpy starts from 0. here, so -0.0 + -0.0 sums to 0.0 as it does there
        for i in range(n):
            res += a[lo + i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i, whole = 8, n - n % 8
    while i < whole:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return float(res)


@_compiled
def _tree_sum(a: Floats, n: int) -> float:
    """numpy's split of a long array (halves, the first a multiple of 8) without recursion
    (numba cannot cache a recursive function): a post-order walk with explicit stacks."""
    los = np.empty(64, np.int64)
    sizes = np.empty(64, np.int64)
    stage = np.zeros(64, np.int64)
    sums = np.empty(64, np.float64)
    top, done = 0, 0
    los[0], sizes[0] = 0, n
    while top >= 0:
        lo, size = los[top], sizes[top]
        if size <= _BLOCK:
            sums[done] = _block_sum(a, lo, size)
            done += 1
            top -= 1
            continue
        half = size // 2
        half -= half % 8
        if stage[top] == 2:  # both halves are summed: combine them as numpy does, left + right
            sums[done - 2] = sums[done - 2] + sums[done - 1]
            done -= 1
            top -= 1
            continue
        stage[top] += 1
        child = top + 1
        if stage[top] == 1:
            los[child], sizes[child] = lo, half
        else:
            los[child], sizes[child] = lo + half, size - half
        stage[child] = 0
        top = child
    return float(sums[0])


@_inlined
def total(a: Floats) -> float:
    """``np.add.reduce(a)`` for a contiguous 1-d float64 array, to the bit."""
    n = a.size
    if n <= _BLOCK:
        return 0.0 + _block_sum(a, 0, n)
    return 0.0 + _tree_sum(a, n)


@_compiled
def _larger(a: float, b: float) -> float:
    """``np.maximum(a, b)``: NaN wins, and on a tie (0.0 against -0.0) it is ``b``."""
    if a != a or a > b:
        return a
    return b


@_compiled
def scan_rows(
    priced: Floats,
    units: Floats,
    lo: int,
    hi: int,
    equity: Floats,
    weights: Floats,
    aims: Floats,
    threshold: float,
    drift: bool,
) -> int:
    """Value constant holdings on rows ``lo..hi-1`` and stop at the first row the drift rule fires.

    ``priced`` rows end in a 1.0 for cash and ``units`` ends in the cash, so a row's products
    are every holding's value and the cash; their sum is the equity, each over the sum the
    weights (cash included). Both are written into ``equity`` and ``weights``. With ``drift``,
    the rule fires on a row where some weight is ``threshold`` or more from its aim and no gap
    is NaN (``rules.drift_fires`` on the row's largest gap, which is NaN if any gap is). Returns
    that row, or -1 when it never fires before ``hi``."""
    width = units.size
    held = np.empty(width)
    for t in range(lo, hi):
        for j in range(width):
            held[j] = priced[t, j] * units[j]
        value = total(held)
        equity[t] = value
        # the divisions alone, then the gaps without branches: both loops vectorize (a branch
        # per weight kept the drift check scalar, 40% of a 3000-day scan)
        for j in range(width):
            weights[t, j] = held[j] / value
        if drift:
            near, unknown = False, False
            for j in range(width):
                gap = abs(weights[t, j] - aims[j])
                near |= gap >= threshold
                unknown |= gap != gap
            if near and not unknown:
                return t
    return -1


@_compiled
def net_orders(
    units: Floats, cash: float, targets: Floats, prices: Floats, tradable: Bools
) -> tuple[float, Floats, Floats, float]:
    """``(value, delta, size, wanted)``: the portfolio value, each asset's net order in quote
    (0 where it cannot trade), its absolute size, and the turnover it would take (over value).

    Nothing is wanted of a portfolio worth nothing: ``delta`` is then empty."""
    n = units.size
    held = np.empty(n)
    for j in range(n):
        held[j] = units[j] * prices[j]
    value = cash + total(held)
    if value <= 0.0:
        return value, np.empty(0), np.empty(0), 0.0
    delta = np.empty(n)
    size = np.empty(n)
    for j in range(n):
        delta[j] = targets[j] * value - held[j] if tradable[j] else 0.0
        size[j] = abs(delta[j])
    return value, delta, size, total(size) / value


_impact = _inlined(model_book.impact)
_quote_for = _inlined(model_book.quote_for)


@_compiled
def _slippage_into(
    out: Floats, notional: Floats, volume: Floats, half_spread: float, depth_share: float
) -> None:
    """``Costs.slippage`` per order, into ``out`` (``volume`` empty: the half spread alone)."""
    base = half_spread / 10_000.0
    if volume.size == 0:
        out[:] = base
        return
    scale = 100.0 * depth_share
    for j in range(notional.size):
        out[j] = _impact(notional[j], base, scale * volume[j])


@_compiled
def _buy_into(
    bought: Floats,
    paid: Floats,
    mids: Floats,
    slip: Floats,
    buys: Floats,
    prices: Floats,
    volume: Floats,
    half_spread: float,
    depth_share: float,
    min_notional: float,
) -> int:
    """The units each buy of ``buys`` quote (at the mid) gets, as the planner sizes it (that
    value over the price its walk averages), and what they cost on the model book: their value
    at the mid (``mids``) times one plus the impact of that value (``slip``), into ``paid``.
    A buy that would cost less than ``min_notional`` is not sent (nothing bought, nothing
    paid); returns how many."""
    _slippage_into(slip, buys, volume, half_spread, depth_share)
    for j in range(buys.size):
        if buys[j] > 0.0:
            bought[j] = buys[j] / (prices[j] * (1.0 + slip[j]))
            mids[j] = bought[j] * prices[j]
        else:
            bought[j] = 0.0
            mids[j] = 0.0
    _slippage_into(slip, mids, volume, half_spread, depth_share)
    small = 0
    for j in range(buys.size):
        paid[j] = _quote_for(mids[j], slip[j], True) if buys[j] > 0.0 else 0.0
        if paid[j] < min_notional and buys[j] > 0.0:
            small += 1
            bought[j], paid[j], mids[j] = 0.0, 0.0, 0.0
    return small


_fit_margin_exponent = _inlined(model_book.fit_margin_exponent)
_FIT_PASSES = model_book.FIT_PASSES


@_compiled
def fill_orders(
    units: Floats,
    entry: Floats,
    cash: float,
    delta: Floats,
    size: Floats,
    scale: float,
    prices: Floats,
    volume: Floats,
    costs: Floats,
) -> tuple[Floats, Floats, float, float, float, float, int, int]:
    """Send the net orders ``delta`` (scaled by ``scale``): sells first, then the buys that fit.

    ``costs`` is ``(fee rate, half spread bps, depth share, min notional)``; ``volume`` is the
    30-day quote volume per asset, or empty. ``delta`` and ``size`` are changed in place.
    Returns ``(units, entry, cash, traded, fees, slippage, orders, skipped)`` with new arrays,
    never the ones passed in. See ``trading.rebalance`` for the rules this follows."""
    fee, half_spread, depth_share, min_notional = costs[0], costs[1], costs[2], costs[3]
    n = units.size
    if scale < 1.0:
        for j in range(n):
            delta[j] *= scale
            size[j] *= scale
    sells, buys, work = np.empty(n), np.empty(n), np.empty(n)
    for j in range(n):
        sells[j] = _larger(-delta[j], 0.0)
        buys[j] = _larger(delta[j], 0.0)
    slip_sell = np.empty(n)
    _slippage_into(slip_sell, sells, volume, half_spread, depth_share)
    skipped = 0
    for j in range(n):
        work[j] = _quote_for(sells[j], slip_sell[j], False)
        if work[j] < min_notional and sells[j] > 0.0:  # the planner's minimum, on the proceeds
            skipped += 1
            sells[j], work[j] = 0.0, 0.0
    received = total(work)
    kept, kept_entry = np.empty(n), np.empty(n)
    for j in range(n):
        held = _larger(units[j] - sells[j] / prices[j], 0.0) if sells[j] > 0.0 else units[j]
        kept[j] = held
        kept_entry[j] = entry[j] if held > 0.0 else 0.0
    cash += received * (1.0 - fee)

    bought, cost, mids, slip_buy = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    small = _buy_into(
        bought, cost, mids, slip_buy, buys, prices, volume, half_spread, depth_share, min_notional
    )
    paid = total(cost)
    # the buys that fit (``model_book``): the planner's passes, shrinking every buy together
    fitted = False
    for attempt in range(_FIT_PASSES):
        spend = paid * (1.0 + fee)
        if not (spend > cash and spend > 0.0):
            fitted = True
            break
        margin = 10.0 ** _fit_margin_exponent(attempt)
        share = max(0.5, min(1.0, cash / spend) * (1.0 - margin))
        for j in range(n):
            buys[j] *= share
        small = _buy_into(
            bought,
            cost,
            mids,
            slip_buy,
            buys,
            prices,
            volume,
            half_spread,
            depth_share,
            min_notional,
        )
        paid = total(cost)
    if not fitted:  # as the planner: no buy is sent when they cannot be paid for
        small = 0
        for j in range(n):
            if buys[j] > 0.0:
                small += 1
            bought[j], cost[j], mids[j] = 0.0, 0.0, 0.0
        paid = total(cost)
    skipped += small
    new_units, new_entry = np.empty(n), np.empty(n)
    orders = 0
    for j in range(n):
        if sells[j] > 0.0:
            orders += 1
        if bought[j] > 0.0:
            orders += 1
        new_units[j] = kept[j] + bought[j]
        if bought[j] > 0.0:
            new_entry[j] = (kept[j] * kept_entry[j] + cost[j]) / new_units[j]
        else:
            new_entry[j] = kept_entry[j]
    cash -= paid * (1.0 + fee)
    for j in range(n):
        work[j] = sells[j] * slip_sell[j]
    slipped = total(work)
    for j in range(n):
        work[j] = mids[j] * slip_buy[j]
    slipped = slipped + total(work)
    traded = total(sells) + paid
    return new_units, new_entry, cash, traded, (received + paid) * fee, slipped, orders, skipped


@_compiled
def net_and_fill(
    units: Floats,
    entry: Floats,
    cash: float,
    targets: Floats,
    prices: Floats,
    tradable: Bools,
    volume: Floats,
    costs: Floats,
) -> tuple[float, float, Floats, Floats, float, float, float, float, int, int]:
    """:func:`net_orders` then :func:`fill_orders` unscaled, in one call: a rebalance with no
    turnover cap has nothing to decide between the two, and each call from Python costs its
    dispatch and two arrays handed over and back (about 1.3 us of a 4 us rebalance).

    Returns ``(value, wanted, units, entry, cash, traded, fees, slippage, orders, skipped)``;
    when the portfolio is worth nothing, ``units`` and ``entry`` are the arrays passed in and
    nothing was traded (the caller leaves the book alone)."""
    value, delta, size, wanted = net_orders(units, cash, targets, prices, tradable)
    if value <= 0.0:
        return value, wanted, units, entry, cash, 0.0, 0.0, 0.0, 0, 0
    new_units, new_entry, left, traded, fees, slipped, orders, skipped = fill_orders(
        units, entry, cash, delta, size, 1.0, prices, volume, costs
    )
    return value, wanted, new_units, new_entry, left, traded, fees, slipped, orders, skipped
