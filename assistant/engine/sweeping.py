"""sweep_spec: a spec's grid of variants backtested through the sweep API, ranked.

The I/O and the bookkeeping around :func:`assistant.backtest.sweep.run_sweep`: the history every
variant may need (the union of their universes), an executor (local processes by default; Dask
or Ray at an address, refused plainly when not installed) wrapped so each finished backtest moves
a progress callback, and the rows ranked by one metric. Variants the spec refused are rows with
their reason. The backtests are the same ones ``coinpilot backtest`` runs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import pandas as pd

from assistant.backtest.sweep import Executor, SweepRow, make_executor, run_sweep
from assistant.domain import StrategySpec, UserInputError
from assistant.portfolio import allocate
from assistant.signals import apply_tilts

from .backtesting import spec_history
from .services import Services
from .sweep_grid import RANKS, SweepGrid, Variant

Progress = Callable[[int, int], None]
J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True)
class RankedRow:
    rank: int | None  # None for a failed variant
    variant: Variant
    row: SweepRow | None

    @property
    def error(self) -> str | None:
        if self.variant.error is not None:
            return self.variant.error
        return self.row.error if self.row is not None else "not run"


@dataclass(frozen=True)
class SweepOutcome:
    base: StrategySpec
    grid: SweepGrid
    rank_by: str
    rows: list[RankedRow]
    seconds: float
    workers: int
    executor: str

    @property
    def ranked(self) -> list[RankedRow]:
        return [r for r in self.rows if r.rank is not None]


class _Reporting:
    """An executor that reports each finished job; local processes stream results in order."""

    def __init__(self, inner: Executor | None, workers: int, progress: Progress | None) -> None:
        self._inner, self._workers, self._progress = inner, workers, progress

    def map(self, fn: Callable[[J], R], items: Sequence[J]) -> list[R]:
        total, out = len(items), []
        if self._inner is None:  # local processes: results as they come, in order
            chunk = max(1, min(16, total // (self._workers * 4) or 1))
            with ProcessPoolExecutor(max_workers=min(self._workers, max(total, 1))) as pool:
                for result in pool.map(fn, items, chunksize=chunk):
                    out.append(result)
                    self._tick(len(out), total)
            return out
        step = max(1, self._workers * 8)  # a cluster: report per batch of jobs
        for start in range(0, total, step):
            out.extend(self._inner.map(fn, items[start : start + step]))
            self._tick(len(out), total)
        return out

    def _tick(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(done, total)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def sweep_spec(
    services: Services,
    base: StrategySpec,
    grid: SweepGrid,
    *,
    start: datetime | str | None = None,
    end: datetime | str | None = None,
    fee_bps: float = 10.0,
    executor: str | None = None,
    address: str | None = None,
    workers: int | None = None,
    rank_by: str | None = None,
    progress: Progress | None = None,
) -> SweepOutcome:
    import time

    kind = executor or grid.executor
    rank = rank_by or grid.rank_by
    if rank not in RANKS:
        raise UserInputError(
            f"cannot rank a sweep by '{rank}'.", hint=f"Use one of: {', '.join(RANKS)}."
        )
    count = workers or grid.workers or os.cpu_count() or 1
    variants = grid.variants(base)
    runnable = [v for v in variants if v.spec is not None]
    if not runnable:
        raise UserInputError(
            f"no point of the grid makes a valid spec (first: {variants[0].error}).",
            hint="Change the grid's values.",
        )
    closes, volumes = _union_history(services, [v.spec for v in runnable if v.spec])
    inner: Executor | None = None
    if kind != "local":
        inner = make_executor(kind, workers=count, address=address or grid.address)
    runner = _Reporting(inner, count, progress)
    started = time.perf_counter()
    try:
        rows = run_sweep(
            [v.spec for v in runnable if v.spec is not None],
            closes,
            allocator=allocate,
            tilter=apply_tilts,
            windows=[(start, end)],
            executor=runner,
            fee_bps=fee_bps,
            volumes=volumes,
        )
    finally:
        runner.close()
    seconds = time.perf_counter() - started
    by_index = {v.index: row for v, row in zip(runnable, rows, strict=True)}
    scored = [(v, by_index.get(v.index), _score(by_index.get(v.index), rank)) for v in variants]
    good = sorted(
        (s for s in scored if s[2] is not None), key=lambda s: (-(s[2] or 0.0), s[0].index)
    )
    ranked = [RankedRow(i, v, row) for i, (v, row, _) in enumerate(good, start=1)]
    failed = [RankedRow(None, v, row) for v, row, score in scored if score is None]
    return SweepOutcome(base, grid, rank, ranked + failed, seconds, count, kind)


def _score(row: SweepRow | None, rank: str) -> float | None:
    if row is None or row.metrics is None:
        return None
    value = getattr(row.metrics, rank)
    if rank == "max_drawdown":
        value = value.depth
    if value is None or not math.isfinite(float(value)):
        return None
    return float(value)


def _union_history(
    services: Services, specs: Sequence[StrategySpec]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    closes: dict[str, pd.Series] = {}
    volumes: dict[str, pd.Series] = {}
    seen: set[tuple[Any, ...]] = set()
    for spec in specs:
        key = (spec.quote, spec.universe.model_dump_json())
        if key in seen:
            continue
        seen.add(key)
        c, v = spec_history(services.market, spec)
        for col in c.columns:
            closes[str(col)] = c[col]
            volumes[str(col)] = v[col]
    return pd.DataFrame(closes).sort_index(), pd.DataFrame(volumes).sort_index()
