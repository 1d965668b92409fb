"""The compiled kernels give numpy's bits: sums in numpy's pairwise order, scans and fills
against the numpy formulation they replaced (``numpy_reference``), on seeded random cases that
include the awkward numbers (signed zeros, NaN, infinity, tiny and huge magnitudes)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assistant.backtest import kernels
from assistant.backtest.costs import Costs
from assistant.backtest.trading import Book, rebalance
from tests.backtest import numpy_reference

SIZES = [0, 1, 2, 7, 8, 9, 15, 16, 17, 21, 64, 127, 128, 129, 130, 255, 256, 257, 1000, 4099]


def _same_float(a: float, b: float) -> bool:
    """Equal to the bit: NaN equals NaN, and 0.0 differs from -0.0."""
    return np.float64(a).tobytes() == np.float64(b).tobytes()


@pytest.mark.parametrize("n", SIZES)
def test_total_adds_in_numpy_s_order(n: int) -> None:
    rng = np.random.default_rng(n)
    for _ in range(60):
        a = rng.standard_normal(n) * 10.0 ** rng.uniform(-8, 12, n)
        assert _same_float(kernels.total(a), float(np.add.reduce(a)))
    awkward = [np.zeros(n), -np.zeros(n), np.full(n, 1e308), np.full(n, 0.1)]
    with np.errstate(over="ignore"):  # 1e308s overflow to infinity, in both
        for a in awkward:
            assert _same_float(kernels.total(a), float(np.add.reduce(a)))
    if n:
        b = rng.standard_normal(n)
        b[rng.integers(n)] = math.nan
        assert math.isnan(kernels.total(b))


def test_total_is_not_the_naive_left_to_right_sum() -> None:
    """The test above could pass by luck if the two orders rarely differed: they often do."""
    rng = np.random.default_rng(1)
    naive = 0
    for _ in range(200):
        a = rng.standard_normal(21) * 1e4
        left = 0.0
        for x in a.tolist():
            left += x
        naive += left != float(np.add.reduce(a))
    assert naive > 20


def _scan_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    n, rows = int(rng.integers(1, 40)), int(rng.integers(1, 300))
    walk = np.exp(np.cumsum(rng.normal(0.0, 0.03, (rows, n)), axis=0)) * rng.uniform(0.01, 5e4, n)
    priced = np.ascontiguousarray(np.column_stack([walk, np.ones(rows)]))
    units = np.append(rng.uniform(0.0, 3.0, n) * (rng.random(n) < 0.85), rng.uniform(0.0, 1e4))
    aims = rng.dirichlet(np.ones(n + 1))
    if rng.random() < 0.1:  # a NaN gap never fires the rule
        priced[int(rng.integers(rows)), int(rng.integers(n))] = math.nan
    return priced, units, aims, float(rng.choice([0.005, 0.02, 0.05, 0.2]))


def test_scan_rows_matches_numpy_row_by_row_and_stops_where_the_rule_fires() -> None:
    rng = np.random.default_rng(7)
    fired = 0
    for _ in range(400):
        priced, units, aims, threshold = _scan_case(rng)
        rows = len(priced)
        value, weights, first = numpy_reference.scan(priced, units, aims, threshold)
        for drift in (True, False):
            equity, table = np.zeros(rows), np.zeros_like(priced)
            found = kernels.scan_rows(priced, units, 0, rows, equity, table, aims, threshold, drift)
            expected = first if drift else -1
            assert found == expected
            upto = rows if found < 0 else found + 1
            assert equity[:upto].tobytes() == value[:upto].tobytes()
            assert table[:upto].tobytes() == weights[:upto].tobytes()
        fired += first >= 0
    assert 50 < fired < 390  # both outcomes are exercised


def test_scan_rows_starts_and_stops_where_asked() -> None:
    priced, units, aims, _ = _scan_case(np.random.default_rng(3))
    rows = len(priced)
    equity, table = np.full(rows, -1.0), np.full_like(priced, -1.0)
    lo, hi = rows // 3, rows // 3 + max(rows // 3, 1)
    assert kernels.scan_rows(priced, units, lo, hi, equity, table, aims, 2.0, True) == -1
    written = equity != -1.0
    assert written.tolist() == [lo <= r < min(hi, rows) for r in range(rows)]


def _book_case(rng: np.random.Generator) -> dict[str, object]:
    n = int(rng.integers(1, 140))
    units = rng.uniform(0.0, 3.0, n) * (rng.random(n) < 0.7)
    entry = np.where(units > 0.0, rng.uniform(0.1, 500.0, n), 0.0)
    targets = rng.random(n) * (rng.random(n) < 0.8)
    if targets.sum() > 0.0:  # fully invested in a third of the cases: the buys must shrink
        targets *= (1.0 if rng.random() < 0.3 else rng.uniform(0.3, 1.0)) / targets.sum()
    roll = rng.random()
    cash = 0.0 if roll < 0.1 else -0.0 if roll < 0.15 else float(rng.uniform(0.0, 5e4))
    return {
        "units": units,
        "entry": entry,
        "cash": cash,
        "targets": targets,
        "prices": rng.uniform(0.01, 2e4, n) ** rng.uniform(0.5, 1.2),
        "tradable": rng.random(n) < 0.9,
        "costs": Costs(
            fee_bps=float(rng.choice([0.0, 7.5, 10.0, 100.0])),
            half_spread_bps=float(rng.choice([0.0, 2.0, 15.0])),
            depth_share=float(rng.choice([1e-4, 1e-3])),
            min_notional=float(rng.choice([0.0, 10.0, 500.0])),
        ),
        "volume": [None, rng.uniform(0.0, 1e6, n), np.zeros(n)][
            int(rng.choice(3, p=[0.5, 0.4, 0.1]))
        ],
        "max_turnover": [None, 0.05, 0.3, 2.0][int(rng.integers(4))],
    }


def test_rebalance_fills_exactly_as_the_numpy_version_did() -> None:
    rng = np.random.default_rng(11)
    scaled = shrunk = fitted = 0
    for _ in range(1500):
        case = _book_case(rng)
        books = [
            Book(np.array(case["units"]), float(case["cash"]), np.array(case["entry"]))  # type: ignore[arg-type]
            for _ in range(2)
        ]
        args = (case["targets"], case["prices"], case["tradable"], case["costs"])
        kwargs = {"volume": case["volume"], "max_turnover": case["max_turnover"]}
        got = rebalance(books[0], *args, **kwargs)  # type: ignore[arg-type]
        want = numpy_reference.rebalance(books[1], *args, **kwargs)  # type: ignore[arg-type]
        for field in ("value_before", "traded", "fees", "slippage", "scale", "wanted_turnover"):
            assert _same_float(getattr(got, field), getattr(want, field)), field
        assert (got.orders, got.skipped) == (want.orders, want.skipped)
        assert books[0].units.tobytes() == books[1].units.tobytes()
        assert books[0].entry.tobytes() == books[1].entry.tobytes()
        assert _same_float(books[0].cash, books[1].cash)
        scaled += got.scale < 1.0
        shrunk += got.skipped > 0
        # buys shrunk to the cash on a book with depth (the fit's passes, ``model_book``)
        fitted += (
            case["volume"] is not None
            and got.orders > 0
            and 0.0 <= books[0].cash <= 1e-9 * got.value_before
        )
    assert scaled > 100 and shrunk > 100  # the cap and the minimum order were both exercised
    assert fitted > 25


def test_rebalance_leaves_the_arrays_it_was_given_alone() -> None:
    """The loop keeps arrays by identity; a fill must hand back new ones, never edit in place."""
    units, entry = np.array([1.0, 2.0]), np.array([10.0, 20.0])
    book = Book(units, 100.0, entry)
    targets = np.array([0.2, 0.7])
    rebalance(
        book,
        targets,
        np.array([10.0, 20.0]),
        np.array([True, True]),
        Costs(),
        volume=None,
        max_turnover=None,
    )
    assert units.tolist() == [1.0, 2.0] and entry.tolist() == [10.0, 20.0]
    assert targets.tolist() == [0.2, 0.7] and book.units is not units


def test_kernels_compile_without_a_cache_where_numba_finds_no_writable_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numba

    real = numba.njit

    def fussy(**options: object) -> object:
        if options.get("cache"):
            raise RuntimeError("cannot cache function: no locator available")
        return real(**options)

    monkeypatch.setattr(numba, "njit", fussy)
    doubled = kernels._compiled(lambda a: a * 2.0)
    assert doubled(np.array([1.5])).tolist() == [3.0]


@pytest.mark.parametrize("cap", [None, 0.5])
def test_a_book_worth_nothing_trades_nothing_with_or_without_a_cap(cap: float | None) -> None:
    """With no cap one compiled call nets and fills; it must leave an empty book as the two-call
    path does."""
    units, entry = np.zeros(3), np.zeros(3)
    books = [Book(units.copy(), 0.0, entry.copy()) for _ in range(2)]
    args = (np.full(3, 0.3), np.array([1.0, 2.0, 3.0]), np.ones(3, dtype=bool), Costs())
    got = rebalance(books[0], *args, volume=None, max_turnover=cap)
    want = numpy_reference.rebalance(books[1], *args, volume=None, max_turnover=cap)
    assert got == want and got.orders == 0 and got.value_before == 0.0
    assert books[0].units.tolist() == [0.0] * 3 and books[0].cash == 0.0
